/**
 * Scenario: the `ip netns` + veth walkthrough of seed 001, replayed command by command and
 * compared with the seed's own transcript (__golden__/seed-001-netns.txt, cut from the seed).
 * Ifindexes, random MACs, link-local addresses and times differ by nature and are masked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScript } from './script';

interface Expected {
  command: string;
  output: string;
}

function parseTranscript(text: string): Expected[] {
  const out: Expected[] = [];
  for (const line of text.split('\n')) {
    const m = /^\[[^\]]+\][#$] (.*)$/.exec(line);
    if (m) out.push({ command: m[1]!, output: '' });
    else if (out.length) out[out.length - 1]!.output += `${line}\n`;
  }
  return out;
}

/** Masks what is random or timed by nature; keeps everything else, layout included. */
function normalize(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l !== '' && l !== '^C')
    .map((l) =>
      l
        .replace(/^\d+: /, 'N: ')
        .replace(/@if\d+/, '@ifN')
        .replace(/link\/ether (?!52:54:00:8a:fe:e6|08:00:27:97:a3:51|02:42:ea:f9:f4:57)\S+/, 'link/ether MAC')
        .replace(/fe80::\S+\/64/, 'fe80::LL/64')
        .replace(/time=[\d.]+ ms/, 'time=T ms')
        .replace(/time \d+ms/, 'time Tms')
        .replace(/= [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/, '= RTT ms'),
    )
    .join('\n');
}

const golden = parseTranscript(readFileSync(new URL('./__golden__/seed-001-netns.txt', import.meta.url), 'utf8'));
const script = golden.map((g) => g.command).join('\n');
const { steps } = runScript(script);

describe('seed 001: ip netns and a veth pair', () => {
  it('replays every command of the walkthrough', () => {
    expect(steps.map((s) => s.command)).toEqual(golden.map((g) => g.command));
    // `ip netns help` exits 255, as iproute2 does; everything else succeeds.
    expect(steps.filter((s) => s.exitCode !== 0).map((s) => s.command)).toEqual(['ip netns help']);
  });

  golden.forEach((g, i) => {
    if (g.command.includes('ping')) return;
    it(`prints what the seed shows for: ${g.command}`, () => {
      expect(normalize(steps[i]!.output)).toBe(normalize(g.output));
    });
  });

  it('pings across the pair with the iputils layout (the seed stops ping with Ctrl-C)', () => {
    golden.forEach((g, i) => {
      if (!g.command.includes('ping')) return;
      const ours = normalize(steps[i]!.output).split('\n');
      const theirs = normalize(g.output).split('\n');
      expect(ours[0]).toBe(theirs[0]);
      const replies = (lines: string[]) => lines.filter((l) => l.startsWith('64 bytes from'));
      expect(replies(ours).length).toBeGreaterThan(0);
      expect(new Set(replies(ours).map((l) => l.replace(/icmp_seq=\d+/, '')))).toEqual(
        new Set(replies(theirs).map((l) => l.replace(/icmp_seq=\d+/, ''))),
      );
      expect(ours.at(-2)).toMatch(/^(\d+) packets transmitted, \1 received, 0% packet loss, time Tms$/);
      expect(ours.at(-3)).toBe(theirs.at(-3));
    });
  });

  it('gives the container-side veth the peer netnsid the kernel allocates', () => {
    const show = (cmd: string) => steps.findLast((s) => s.command === cmd)!.output;
    expect(show('ip netns exec test1 ip link')).toContain('link-netnsid 1');
    expect(show('ip netns exec test2 ip link')).toContain('link-netnsid 0');
  });
});
