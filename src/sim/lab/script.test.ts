import { describe, expect, it } from 'vitest';
import { parseScript, runScript } from './script';

describe('lab scripts', () => {
  it('strips transcript prompts and comments', () => {
    expect(parseScript('# setup\n[root@docker-node1 vagrant]# ip netns add a\n[vagrant@docker-node1 ~]$ ip netns list\n~]# hostname\n\n')).toEqual([
      { host: 'docker-node1', command: 'ip netns add a', line: 2 },
      { host: 'docker-node1', command: 'ip netns list', line: 3 },
      { command: 'hostname', line: 4 },
    ]);
  });

  it('replays byte for byte: same script, same World', () => {
    const script = 'ip netns add a\nip link add x type veth peer name y\nip link set x netns a\nip link add br0 type bridge';
    expect(JSON.stringify(runScript(script).world)).toBe(JSON.stringify(runScript(script).world));
  });

  it('survives unknown commands and bad input with the shell\'s error', () => {
    const { steps } = runScript('frobnicate\nip link add\necho "oops\nip netns add ok\nip netns list');
    expect(steps.map((s) => [s.output, s.exitCode])).toEqual([
      ['-bash: frobnicate: command not found\n', 127],
      ['Not enough information: "type" argument is required\n', 1],
      ["-bash: unexpected EOF while looking for matching `\"'\n", 2],
      ['', 0],
      ['ok\n', 0],
    ]);
  });
});
