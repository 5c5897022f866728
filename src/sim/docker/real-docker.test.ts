/**
 * Differential test: the simulator against a real Docker Engine 20.10.
 *
 * Each `__golden__/real/NN-*.txt` is the raw transcript of `shared/tools/real-docker.sh run` on a fresh
 * daemon (`real-docker.sh reset` first): `$ CMD`, its stdout+stderr, `[rc=N]`. The test replays the same
 * commands on the default world and compares command by command, after one normalisation applied to both
 * sides (ids, MACs and veth names renumbered in order of appearance, times, RTTs, counters…). Differences
 * that are the test machine's and not Docker's are removed by named, explained transforms below; known
 * simulator bugs are listed in SIM_BUGS and run as `it.fails`, so fixing one turns its test red until
 * the entry is deleted.
 *
 * To refresh a fixture: `grep '^\$ ' NN-x.txt | cut -c3- > x.sh`, then `real-docker.sh reset` and
 * `real-docker.sh run x.sh`, and put the one-line header back. `REAL_DOCKER_DUMP=/tmp/d` writes the
 * normalised pairs (`NN-x.real.txt`, `NN-x.sim.txt`) for a plain `diff`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScript } from '../lab/script';

const DIR = new URL('./__golden__/real/', import.meta.url);

interface Block {
  command: string;
  output: string;
  rc: number;
}

/** `$ CMD` / output lines / `[rc=N]`; header lines starting with `#` before the first command are skipped. */
function parseTranscript(text: string): Block[] {
  const blocks: Block[] = [];
  let cur: { command: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (!cur) {
      if (line.startsWith('$ ')) cur = { command: line.slice(2), lines: [] };
      else if (line !== '' && !line.startsWith('#')) throw new Error(`unexpected line outside a block: ${line}`);
      continue;
    }
    const rc = /^\[rc=(\d+)\]$/.exec(line);
    if (rc) {
      blocks.push({ command: cur.command, output: cur.lines.map((l) => `${l}\n`).join(''), rc: Number(rc[1]) });
      cur = undefined;
    } else cur.lines.push(line);
  }
  if (cur) throw new Error(`unterminated block: ${cur.command}`);
  return blocks;
}

/** real-docker.sh adds a final newline to output that lacks one; do the same for the simulator. */
const withFinalNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

// ---------------------------------------------------------------------------------------------------------
// Normalisation shared by both sides: what is random or time-dependent in Docker itself.

const TIME_PHRASE = /Less than a second|About an? (?:minute|hour)|\d+ (?:seconds?|minutes?|hours?|days?)/g;
const PS_TITLES = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];

/** `docker ps`: CREATED/STATUS ages → `<T>`, then the columns re-padded as docker's tabwriter does (min 10, pad 3). */
function normalizePsTable(out: string): string {
  const lines = out.split('\n');
  const header = lines[0] ?? '';
  const starts = PS_TITLES.map((t) => header.indexOf(t));
  if (starts.some((s) => s < 0)) return out;
  const cut = (l: string) => starts.map((s, i) => l.slice(s, starts[i + 1]).trimEnd());
  const rows = lines.filter((l) => l !== '').map((l, r) => (r === 0 ? cut(l) : cut(l).map((c) => c.replace(TIME_PHRASE, '<T>'))));
  const widths = PS_TITLES.map((_, i) => Math.max(10, ...rows.map((c) => c[i]!.length + 3)));
  return rows.map((c) => c.map((cell, i) => (i < c.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('').trimEnd() + '\n').join('');
}

/** The interface id of an EUI-64 link-local address → the MAC it came from. */
function macOfLinkLocal(addr: string): string | undefined {
  const [head, tail] = addr.split('::');
  if (head !== 'fe80' || tail === undefined) return undefined;
  const groups = tail.split(':').map((g) => parseInt(g, 16));
  while (groups.length < 4) groups.unshift(0);
  const b = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (b[3] !== 0xff || b[4] !== 0xfe) return undefined;
  return [b[0]! ^ 2, b[1]!, b[2]!, b[5]!, b[6]!, b[7]!].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** Port rules of one container come out in Go map order (random across runs): sort each such run. */
function sortPortRuleRuns(out: string): string {
  const keyOf = (l: string): string | undefined => {
    if (!/dpt:|--dport/.test(l)) return undefined;
    const to = /(?:to:|--to-destination )(\d+\.\d+\.\d+\.\d+)/.exec(l);
    const ips = l.match(/\d+\.\d+\.\d+\.\d+/g) ?? [];
    const chain = l.startsWith('-A ') ? l.split(' ')[1] : l.split(/\s+/)[0];
    return `${chain}|${to ? to[1] : ips.at(-1)}`;
  };
  const lines = out.split('\n');
  const res: string[] = [];
  let run: string[] = [];
  let runKey: string | undefined;
  const flush = () => {
    res.push(...run.sort());
    run = [];
  };
  for (const l of lines) {
    const k = keyOf(l);
    if (k === undefined || k !== runKey) flush();
    runKey = k;
    if (k === undefined) res.push(l);
    else run.push(l);
  }
  flush();
  return res.join('\n');
}

/** BusyBox nslookup sends A and AAAA at once and prints the answers in arrival order. */
function sortNslookupAnswers(out: string): string {
  const [head, ...rest] = out.split('\n\n');
  const tail = rest.at(-1) === '' ? [rest.pop()!] : [];
  return [head, ...rest.sort(), ...tail].join('\n\n');
}

/** `docker network inspect`: `Containers` is a map keyed by (random) container id; order its entries by Name. */
function sortInspectContainers(out: string): string {
  return out.replace(/("Containers": \{\n)((?: {12}".*\n(?: {16}.*\n)*? {12}\},?\n)+)/g, (_, open: string, body: string) => {
    const entries = body.split(/(?<=\n)(?= {12}")/).map((e) => e.replace(/\},?\n$/, '}'));
    const name = (e: string) => /"Name": "(.*)"/.exec(e)?.[1] ?? '';
    entries.sort((a, b) => name(a).localeCompare(name(b)));
    return open + entries.join(',\n') + '\n';
  });
}

/**
 * `brctl show` lists bridges and their ports by name, and br-<id>/veth names are random: order the groups
 * by `key` (the normalised bridge name) and, with `ports`, the port lines inside each group.
 */
function sortBrctl(out: string, key: (bridge: string) => string, ports: boolean): string {
  const [head, ...lines] = out.split('\n').filter((l) => l !== '');
  const groups: { row: string; ports: string[] }[] = [];
  for (const l of lines) {
    const port = l.split('\t').at(-1)!;
    if (l.startsWith('\t')) groups.at(-1)?.ports.push(port);
    else groups.push({ row: l.slice(0, l.length - port.length), ports: port === '' ? [] : [port] });
  }
  groups.sort((a, b) => key(a.row.split('\t')[0]!).localeCompare(key(b.row.split('\t')[0]!)));
  if (ports) for (const g of groups) g.ports.sort();
  const body = groups.flatMap((g) => [g.row + (g.ports[0] ?? ''), ...g.ports.slice(1).map((p) => `\t\t\t\t\t\t\t${p}`)]);
  return [head, ...body].map((l) => `${l}\n`).join('');
}

class Normalizer {
  private readonly ids = new Map<string, string>();
  private readonly macs = new Map<string, string>();
  private readonly veths = new Map<string, string>();

  private id(hex: string): string {
    const key = hex.slice(0, 12);
    if (!this.ids.has(key)) this.ids.set(key, `ID${this.ids.size + 1}`);
    const n = this.ids.get(key)!;
    return hex.length === 64 ? `<${n}:64>` : `<${n}>`;
  }

  private mac(mac: string, text: string): string {
    const m = mac.toLowerCase();
    if (m === '00:00:00:00:00:00' || m === 'ff:ff:ff:ff:ff:ff') return mac;
    const b = m.split(':').map((x) => parseInt(x, 16));
    // Docker's 02:42 + IPv4 bytes MACs are deterministic and worth comparing; bridges and veths are random.
    if (b[0] === 2 && b[1] === 0x42 && text.includes(b.slice(2).join('.'))) return mac;
    if (!this.macs.has(m)) this.macs.set(m, `MAC${this.macs.size + 1}`);
    return `<${this.macs.get(m)!}>`;
  }

  block(command: string, output: string): string {
    let out = ENVIRONMENT.reduce((acc, e) => e.both(command, acc), output);
    if (/^docker (?:ps|container (?:ls|ps))\b/.test(command)) {
      out = command.includes('--format') ? out.replace(TIME_PHRASE, '<T>') : normalizePsTable(out);
    }
    if (/^docker port \S+$/.test(command)) out = out.split('\n').filter((l) => l !== '').sort().map((l) => `${l}\n`).join('');
    if (command.startsWith('iptables')) out = sortPortRuleRuns(out);
    if (command.includes('nslookup')) out = sortNslookupAnswers(out);
    if (/^docker network inspect (?!-f)/.test(command)) out = sortInspectContainers(out);
    if (command === 'brctl show') out = sortBrctl(out, (b) => b.replace(/^br-([0-9a-f]{12})$/, (_, h: string) => `br-${this.ids.get(h) ?? h}`), false);
    const text = out;
    out = out
      .replace(/\b8000\.([0-9a-f]{12})\b/g, (_, h: string) => `8000.${this.mac(h.match(/../g)!.join(':'), text)}`)
      .replace(/\bfe80::[0-9a-f:]+(?=\/64)/g, (a) => {
        const mac = macOfLinkLocal(a);
        return mac === undefined ? a : `fe80::${this.mac(mac, text)}`;
      })
      .replace(/\b(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}\b/g, (m) => this.mac(m, text))
      .replace(/\bveth[0-9a-f]{7}\b/g, (v) => {
        if (!this.veths.has(v)) this.veths.set(v, `veth<${this.veths.size + 1}>`);
        return this.veths.get(v)!;
      })
      .replace(/\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b/g, (h) => this.id(h))
      .replace(/time=\d+(?:\.\d+)? ms/g, 'time=<RTT> ms')
      .replace(/(round-trip min\/avg\/max = )[\d./]+/g, '$1<RTT>')
      .replace(/\b(?!0001-)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, '<TIME>')
      .replace(/^(# (?:Generated by iptables-save \S+ \S+|Completed) on ).*$/gm, '$1<DATE>')
      .replace(/("Pid": )[1-9]\d*/g, '$1<PID>')
      .replace(/\b127\.0\.0\.11:(?!53\b)\d+/g, '127.0.0.11:<PORT>')
      // Interface counters depend on background IPv6/multicast traffic; the simulator does not count.
      .replace(/([RT]X packets:)\d+/g, '$1<N>')
      .replace(/([RT]X bytes:)\d+ \([^)]*\)/g, '$1<N>');
    if (command === 'brctl show') out = sortBrctl(out, (b) => b, true);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The test machine is not a CentOS 7 VM: these differences are the harness's, not Docker's.

interface EnvironmentFix {
  reason: string;
  /** Applied to both sides, so the compared text says what it hides. */
  both: (command: string, out: string) => string;
}

const ENVIRONMENT: EnvironmentFix[] = [
  {
    reason:
      "The VM's eth0/eth1 are virtio/VirtualBox NICs with NetworkManager (pfifo_fast, dhcp lifetimes, noprefixroute) " +
      'in the simulator and veths into a gateway namespace in real-docker.sh.',
    both: (_, out) => out.replace(/^([23]): (eth[01])(?:@if\d+)?: .*\n(?: .*\n)*/gm, '$1: $2: <uplink, not compared>\n'),
  },
  {
    reason: 'NetworkManager on CentOS 7 adds `proto dhcp` and `metric 100/101` to the uplink routes; the harness does not.',
    both: (_, out) =>
      out.replace(/^.*\bdev eth[01]\b.*$/gm, (l) =>
        /10\.0\.2\.|192\.168\.205\./.test(l) ? l.replace(' proto dhcp', '').replace(/ +metric 10[01] */, ' ') : l,
      ),
  },
  {
    reason:
      'The same NetworkManager metrics seen by `route -n` (host network mode): 100/101 on the eth0/eth1 routes ' +
      'in the simulator, 0 in the harness.',
    both: (command, out) =>
      /\broute -n$/.test(command) ? out.replace(/^(\S+ +\S+ +\S+ +\S+ +)10[01] {4}(.* eth[01])$/gm, (_, a: string, b: string) => `${a}0      ${b}`) : out,
  },
  {
    reason: "CentOS 7's /etc/resolv.conf (copied into containers) starts with NetworkManager's comment; the harness's has none.",
    both: (_, out) => out.replace(/^# Generated by NetworkManager\n/m, ''),
  },
  {
    reason:
      'Kernel DAD timing: an IPv6 address listed right after its link came up may still be `tentative`.',
    both: (_, out) => out.replace(/^( +inet6 .*) tentative( .*)?$/gm, '$1$2'),
  },
  {
    reason:
      'With --rm, the CLI\'s "error waiting for container" line after a failed start is racy on the real CLI ' +
      '(printed in 1 of 3 runs of the same command).',
    both: (command, out) =>
      command.startsWith('docker run --rm') ? out.replace(/^ERRO\[0000\] error waiting for container: context canceled\n/m, '') : out,
  },
  {
    reason:
      'nginx is a stand-in in real-docker.sh (busybox httpd serving the current welcome page); the page text ' +
      'is not Docker behaviour.',
    both: (_, out) => out.replace(/<!DOCTYPE html>\n[\s\S]*?<\/html>\n/g, '<nginx welcome page>\n'),
  },
];

/** Real-side only: names and numbers that exist because the daemon runs inside the harness. */
const REAL_ONLY: { reason: string; fix: (command: string, out: string) => string }[] = [
  {
    reason:
      'real-docker.sh captures stderr to a file, so the CLI\'s logrus prints `time="…" level=error msg="…"`; ' +
      'in a terminal (what the simulator models) it prints `ERRO[0000] …`.',
    fix: (_, out) => out.replace(/^time="[^"]*" level=error msg="(.*)"$/gm, 'ERRO[0000] $1'),
  },
  {
    reason:
      'Harness paths: data-root /tmp/rd/data, exec-root /tmp/rd/exec and socket unix:///tmp/rd/docker.sock instead of ' +
      '/var/lib/docker, /var/run/docker and unix:///var/run/docker.sock.',
    fix: (_, out) =>
      out
        .replaceAll('/tmp/rd/data/', '/var/lib/docker/')
        .replaceAll('/tmp/rd/exec/', '/var/run/docker/')
        .replaceAll('unix:///tmp/rd/docker.sock', 'unix:///var/run/docker.sock'),
  },
  {
    reason:
      "On the host, nsid 0 is taken by the harness's gateway namespace (eth0/eth1 are veths), so every container " +
      "netns gets link-netnsid one higher than on a VM with physical NICs.",
    fix: (command, out) =>
      command.startsWith('ip ') ? out.replace(/link-netnsid (\d+)/g, (_, n: string) => `link-netnsid ${Number(n) - 1}`) : out,
  },
];

/** Per-command differences that are the harness's and cannot be normalised away. */
const ENV_SKIPS: { script: string; command: string; reason: string }[] = [
  {
    script: '08-traffic',
    command: 'docker exec other wget -q -O - -T 2 http://172.18.0.2',
    reason:
      "Debian's static BusyBox 1.35 wget segfaults on -T timeout (rc=139, no output); busybox:latest prints " +
      '`wget: download timed out`, rc=1 (what the simulator prints).',
  },
];

/** Per-command text swaps on the real side, each for a reason that is not Docker's. */
const ENV_PATCHES: { script: string; command: string; from: string; to: string; reason: string }[] = [
  {
    script: '12-daemon-json',
    command: 'systemctl restart docker',
    from: 'dockerd did not come up; see /tmp/rd/dockerd.log',
    to: 'Job for docker.service failed because the control process exited with error code. See "systemctl status docker.service" and "journalctl -xe" for details.',
    reason:
      "real-docker.sh's `systemctl restart docker` is its own stop+start of dockerd and prints its own line when the " +
      'daemon does not come up (here: malformed daemon.json); on CentOS 7 systemd prints the Job-failed line (rc=1 on both).',
  },
  {
    script: '17-oneshots',
    command: 'docker run --rm --network host busybox cat /etc/hosts',
    from: '127.0.0.1\tlocalhost\n127.0.1.1\tdocker-node1\n',
    to:
      '127.0.0.1\tdocker-node1\tdocker-node1\n' +
      '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n' +
      '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n',
    reason:
      "With --network host Docker copies the host's /etc/hosts; real-docker.sh's VM has a two-line Debian-style file, " +
      "the playground's VM the Vagrant CentOS 7 one.",
  },
  {
    script: '05-lifecycle',
    command: 'docker inspect c3',
    from: '"Env": null,',
    to: '"Env": [\n                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n            ],',
    reason: "The harness's busybox is `docker import`ed (no ENV); Docker Hub's busybox image sets PATH.",
  },
  {
    script: '01-default-bridge',
    command: 'docker network inspect bridge',
    from: '"Subnet": "172.17.0.0/16"\n',
    to: '"Subnet": "172.17.0.0/16",\n                    "Gateway": "172.17.0.1"\n',
    reason:
      "real-docker.sh reset starts a brand-new daemon, whose very first start leaves the bridge's IPAM Gateway out " +
      "(facts §9.1); the playground's VM has booted since Docker was installed, so it shows it, as the seeds do.",
  },
];

// ---------------------------------------------------------------------------------------------------------
// Known simulator bugs: each runs as it.fails until fixed. `at` picks one occurrence of a repeated command.

const SIM_BUGS: { script: string; command: string; at?: number; reason: string }[] = [
  {
    script: '16-lifecycle-more',
    command: "docker inspect -f '{{json .Config.Cmd}} {{json .Config.Entrypoint}} {{json .Config.ExposedPorts}}' nginx",
    reason: "`docker inspect` of an image (nginx): real returns the image JSON (Cmd, Entrypoint, ExposedPorts); the simulator says `No such object: nginx`",
  },
];

// ---------------------------------------------------------------------------------------------------------

const scripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: f.replace(/\.txt$/, ''), blocks: parseTranscript(readFileSync(new URL(f, DIR), 'utf8')) }));

const dump = process.env['REAL_DOCKER_DUMP'];

function transcript(blocks: readonly Block[], outputs: readonly string[]): string {
  return blocks.map((b, i) => `$ ${b.command}\n${outputs[i]}`).join('');
}

describe('simulator vs a real Docker 20.10 (__golden__/real)', () => {
  it('has the fixtures, and every allowlist entry names a command of its script', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    for (const e of [...ENV_SKIPS, ...ENV_PATCHES, ...SIM_BUGS]) {
      const s = scripts.find((x) => x.name === e.script);
      expect(s?.blocks.some((b) => b.command === e.command), `${e.script}: ${e.command}`).toBe(true);
    }
  });

  for (const { name, blocks } of scripts) {
    describe(name, () => {
      const { steps } = runScript(blocks.map((b) => b.command).join('\n'));
      const realN = new Normalizer();
      const simN = new Normalizer();
      const real = blocks.map((b) => {
        let out = REAL_ONLY.reduce((acc, f) => f.fix(b.command, acc), b.output);
        for (const p of ENV_PATCHES) if (p.script === name && p.command === b.command) out = out.replace(p.from, p.to);
        return `${realN.block(b.command, out)}[rc=${b.rc}]\n`;
      });
      const sim = steps.map((s) => `${simN.block(s.command, withFinalNewline(s.output))}[rc=${s.exitCode}]\n`);
      if (dump) {
        mkdirSync(dump, { recursive: true });
        writeFileSync(`${dump}/${name}.real.txt`, transcript(blocks, real));
        writeFileSync(`${dump}/${name}.sim.txt`, transcript(blocks, sim));
      }

      it('replays every command', () => {
        expect(steps.map((s) => s.command)).toEqual(blocks.map((b) => b.command));
      });

      const seen = new Map<string, number>();
      blocks.forEach((b, i) => {
        const nth = (seen.get(b.command) ?? 0) + 1;
        seen.set(b.command, nth);
        const title = `#${i + 1} ${b.command}`;
        const skip = ENV_SKIPS.find((e) => e.script === name && e.command === b.command);
        if (skip) {
          it.skip(`${title} (environment: ${skip.reason})`, () => {});
          return;
        }
        const bug = SIM_BUGS.find((e) => e.script === name && e.command === b.command && (e.at === undefined || e.at === nth));
        const check = () => expect(`$ ${b.command}\n${sim[i]}`).toBe(`$ ${b.command}\n${real[i]}`);
        if (bug) it.fails(`${title} (SIM BUG: ${bug.reason})`, check);
        else it(title, check);
      });
    });
  }
});
