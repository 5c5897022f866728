import { describe, expect, it } from 'vitest';
import type { Lab } from './lab';
import { LAB_LIMITS, labFromJson, parseLab } from './schema';

const good = (): Lab => ({
  v: 1,
  name: 'two nodes',
  hosts: ['docker-node1', 'docker-node2'],
  log: [
    { t: 't1', h: 'docker-node1', c: 'docker network create --subnet 172.30.0.0/16 net1' },
    { t: 't2', h: 'docker-node2', c: 'cat > /etc/docker/daemon.json', i: '{ "bip": "10.10.0.1/24" }\n' },
    { t: 't1', h: 'docker-node1', c: 'docker run -d --name c1 --network net1 busybox sleep 3600', g: 1 },
  ],
  layout: { 'host:host1': [10, -20], 'ns:ns16': [300, 40] },
});

const errorOf = (input: unknown): string => {
  const r = parseLab(input);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(input).slice(0, 200)}`);
  return r.error;
};

/** A lab with one field replaced (via JSON, as a payload would arrive). */
const withField = (patch: (lab: Record<string, unknown>) => void): unknown => {
  const lab = JSON.parse(JSON.stringify(good())) as Record<string, unknown>;
  patch(lab);
  return lab;
};
const entry = (i: number, patch: Record<string, unknown>) =>
  withField((lab) => Object.assign((lab.log as Record<string, unknown>[])[i]!, patch));

describe('parseLab: good labs', () => {
  it('accepts a lab and returns an equal, fresh object', () => {
    const lab = good();
    const r = parseLab(lab);
    expect(r).toEqual({ ok: true, lab });
    if (r.ok) {
      expect(r.lab).not.toBe(lab);
      expect(r.lab.log[0]).not.toBe(lab.log[0]);
      expect(r.lab.layout).not.toBe(lab.layout);
    }
  });

  it('accepts lines on a machine an earlier `lab host add` line makes, with any hostname', () => {
    const lab = {
      v: 1 as const,
      hosts: ['docker-node1'],
      log: [
        { t: 't1', h: 'docker-node1', c: 'lab host add web.lab --ip 192.168.205.80/24' },
        { t: 't2', h: 'web.lab', c: 'hostname' },
      ],
    };
    expect(parseLab(lab)).toEqual({ ok: true, lab });
    // Lab.hosts stays the seeds' machines; a line's machine must be a hostname.
    expect(parseLab({ ...lab, hosts: ['docker-node1', 'web.lab'] })).toMatchObject({ ok: false, error: expect.stringMatching(/^Machine 2 of the lab is "web\.lab"/) });
    expect(parseLab({ ...lab, log: [lab.log[0]!, { ...lab.log[1]!, h: 'web_lab' }] })).toEqual({ ok: false, error: 'Line 2 of the log: the machine must be a hostname (found "web_lab").' });
    expect(parseLab({ ...lab, log: [lab.log[1]!, lab.log[0]!] })).toMatchObject({ ok: false, error: expect.stringMatching(/^Line 1 of the log ran on "web\.lab", which is neither/) });
  });

  it('accepts the smallest lab', () => {
    expect(parseLab({ v: 1, hosts: ['docker-node1'], log: [] })).toEqual({ ok: true, lab: { v: 1, hosts: ['docker-node1'], log: [] } });
  });

  it('drops unknown keys at every level', () => {
    const input = { ...good(), extra: 1, log: good().log.map((e) => ({ ...e, x: 'y' })) };
    const r = parseLab(input);
    expect(r.ok && Object.keys(r.lab)).toEqual(['v', 'name', 'hosts', 'log', 'layout']);
    expect(r.ok && r.lab.log.every((e) => !('x' in e))).toBe(true);
  });

  it('rounds positions to integers (and never keeps -0)', () => {
    const r = parseLab({ v: 1, hosts: ['docker-node1'], log: [], layout: { a: [1.5, -0.4], b: [-2.6, 1e7] } });
    expect(r.ok && r.lab.layout).toEqual({ a: [2, 0], b: [-3, 1e7] });
    expect(r.ok && Object.is(r.lab.layout!.a![1], 0)).toBe(true);
  });

  it('keeps markup in names and commands as plain text', () => {
    const lab = { ...good(), name: '<img src=x onerror=alert(1)>' };
    lab.log[0]!.c = 'echo <script>alert(1)</script>';
    expect(parseLab(lab)).toEqual({ ok: true, lab });
  });

  it('accepts every limit exactly', () => {
    const lab: Lab = {
      v: 1,
      name: 'n'.repeat(LAB_LIMITS.name),
      hosts: ['docker-node1', 'docker-node2', 'docker-node3', 'docker-node4', 'docker-node5', 'docker-node6', 'docker-node7', 'docker-node8', 'docker-node9'],
      log: [{ t: 't9999', h: 'docker-node9', c: 'x'.repeat(LAB_LIMITS.command), i: 'y'.repeat(LAB_LIMITS.stdin) }],
      layout: { ['k'.repeat(LAB_LIMITS.layoutKey)]: [-1e7, 1e7] },
    };
    expect(parseLab(lab)).toEqual({ ok: true, lab });
    const many: Lab = { v: 1, hosts: ['docker-node1'], log: Array.from({ length: LAB_LIMITS.log }, () => ({ t: 't1', h: 'docker-node1', c: 'ip a' })) };
    expect(parseLab(many).ok).toBe(true);
  });
});

describe('parseLab: bad labs get one clear sentence', () => {
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /^This is not a playground lab: .*not null\.$/],
    ['an array', [good()], /not a playground lab: .*not a list\./],
    ['a number', 42, /not a playground lab: .*not 42\./],
    ['a string', 'lab', /not a playground lab/],
    ['no version', withField((l) => delete l.v), /has no format version/],
    ['version as text', withField((l) => (l.v = '1')), /^The lab's format version must be 1 \(found "1"\)\.$/],
    ['version 0', withField((l) => (l.v = 0)), /format version must be 1 \(found 0\)/],
    ['version 1.5', withField((l) => (l.v = 1.5)), /format version must be 1/],
    ['hosts missing', withField((l) => delete l.hosts), /^The lab's list of machines is missing\.$/],
    ['no hosts', withField((l) => (l.hosts = [])), /list of machines is empty/],
    ['a strange host', withField((l) => (l.hosts = ['docker-node1', 'evil.example.com'])), /^Machine 2 of the lab is "evil.example.com", not one of docker-node1 … docker-node9\.$/],
    ['docker-node0', withField((l) => (l.hosts = ['docker-node0'])), /Machine 1 of the lab is "docker-node0"/],
    ['docker-node10', withField((l) => (l.hosts = ['docker-node10'])), /Machine 1 of the lab is "docker-node10"/],
    ['a host twice', withField((l) => (l.hosts = ['docker-node1', 'docker-node2', 'docker-node1'])), /^Machine 3 of the lab, docker-node1, is listed twice\.$/],
    ['ten hosts', withField((l) => (l.hosts = Array.from({ length: 10 }, (_, i) => `docker-node${(i % 9) + 1}`))), /has 10 machines; a lab has at most 9/],
    ['log not a list', withField((l) => (l.log = { 0: 'ip a' })), /^The lab's command log must be a list of commands \(found an object\)\.$/],
    ['an entry not an object', withField((l) => (l.log = ['ip a'])), /^Line 1 of the log must be an object \(found "ip a"\)\.$/],
    ['a bad terminal id', entry(1, { t: 'x1' }), /^Line 2 of the log: the terminal id must be like t1, t2 … t999999 \(found "x1"\)\.$/],
    ['a long terminal id', entry(0, { t: 't1234567' }), /the terminal id must be like t1/],
    ['no command', entry(2, { c: undefined }), /^Line 3 of the log: the command is missing\.$/],
    ['a number as command', entry(2, { c: 7 }), /^Line 3 of the log: the command must be text \(found 7\)\.$/],
    ['a long command', entry(0, { c: 'a'.repeat(4097) }), /^Line 1 of the log: the command is longer than 4,096 characters\.$/],
    ['a 5 MB command', entry(0, { c: 'a'.repeat(5_000_000) }), /^Line 1 of the log: the command is longer than 4,096 characters\.$/],
    ['NUL in a command', entry(0, { c: 'ip a\0' }), /^Line 1 of the log: the command contains a NUL character\.$/],
    ['long stdin', entry(1, { i: 'y'.repeat(65_537) }), /^Line 2 of the log: the standard input is longer than 65,536 characters\.$/],
    ['gesture mark 3', entry(0, { g: 3 }), /^Line 1 of the log: the gesture mark must be 1 or 2 \(a gesture\) or absent \(found 3\)\.$/],
    ['a lab without docker-node1 first', withField((l) => (l.hosts = ['docker-node2', 'docker-node1'])), /^A lab's first machine is docker-node1; this one starts with "docker-node2"\.$/],
    ['an unknown host in the log', entry(2, { h: 'docker-node7' }), /^Line 3 of the log ran on "docker-node7", which is neither one of the lab's machines \(docker-node1, docker-node2\) nor made by an earlier `lab host add` line\.$/],
    ['a long name', withField((l) => (l.name = 'n'.repeat(121))), /^The lab's name is longer than 120 characters\.$/],
    ['a name with NUL', withField((l) => (l.name = 'a\0b')), /^The lab's name contains a NUL character\.$/],
    ['layout not an object', withField((l) => (l.layout = [[1, 2]])), /^The lab's node positions must be an object of node positions \(found a list\)\.$/],
    ['a position of one number', withField((l) => (l.layout = { a: [1] })), /^The position of node "a" must be a pair of numbers \[x, y\]/],
    ['a position as text', withField((l) => (l.layout = { a: ['1', 2] })), /^The position of node "a" \(x\) must be a number \(found "1"\)\.$/],
    ['a position too far', withField((l) => (l.layout = { a: [0, 1e7 + 1] })), /^The position of node "a" \(y\) must be between -10,000,000 and 10,000,000\.$/],
    ['a long node id', withField((l) => (l.layout = { ['k'.repeat(201)]: [0, 0] })), /^The lab's node positions have a node id longer than 200 characters \("k{40}…"\)\.$/],
    ['an empty node id', withField((l) => (l.layout = { '': [0, 0] })), /node positions have an empty node id/],
    ['a constructor node', withField((l) => (l.layout = { constructor: [0, 0] })), /reserved name "constructor"/],
  ];
  it.each(cases)('%s', (_, input, message) => {
    const error = errorOf(input);
    expect(error).toMatch(message);
    // A sentence for people, not a dump of the validator's issues.
    expect(error).not.toMatch(/invalid_type|"code"|"path"|\n/);
  });

  it('refuses positions that JSON cannot carry (NaN, Infinity) from storage', () => {
    expect(errorOf({ v: 1, hosts: ['docker-node1'], log: [], layout: { a: [NaN, 0] } })).toMatch(/The position of node "a" \(x\) must be/);
    expect(errorOf({ v: 1, hosts: ['docker-node1'], log: [], layout: { a: [0, -Infinity] } })).toMatch(/The position of node "a" \(y\) must be/);
  });

  it('says a lab of a later format needs a newer page', () => {
    expect(errorOf(withField((l) => (l.v = 2)))).toBe(
      'This lab was saved by a newer version of the playground (lab format 2); this page reads format 1. Reload the page to update it.',
    );
    expect(errorOf({ v: 17 })).toMatch(/\(lab format 17\)/);
  });

  it('refuses 20,001 lines before looking at any of them', () => {
    const log = Array.from({ length: LAB_LIMITS.log + 1 }, () => ({ t: 't1', h: 'docker-node1', c: 'ip a' }));
    const t0 = performance.now();
    expect(errorOf({ v: 1, hosts: ['docker-node1'], log })).toBe("The lab's command log has 20,001 lines; a lab holds at most 20,000.");
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('refuses 20,001 node positions', () => {
    const layout = Object.fromEntries(Array.from({ length: LAB_LIMITS.layout + 1 }, (_, i) => [`n${i}`, [0, 0]]));
    expect(errorOf({ v: 1, hosts: ['docker-node1'], log: [], layout })).toBe("The lab's node positions have 20,001 nodes; a lab keeps at most 20,000.");
  });
});

describe('parseLab: prototype keys pollute nothing', () => {
  it('drops __proto__ and constructor keys of the lab and its entries', () => {
    const text = '{"v":1,"hosts":["docker-node1"],"__proto__":{"polluted":1,"hosts":["docker-node9"]},"constructor":{"prototype":{"polluted":1}},'
      + '"log":[{"t":"t1","h":"docker-node1","c":"ip a","__proto__":{"g":1,"polluted":1}}]}';
    const r = labFromJson(text);
    expect(r).toEqual({ ok: true, lab: { v: 1, hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'ip a' }] } });
    expect(r.ok && Object.getPrototypeOf(r.lab)).toBe(Object.prototype);
    expect(r.ok && Object.getPrototypeOf(r.lab.log[0])).toBe(Object.prototype);
    expect(r.ok && 'polluted' in r.lab.log[0]!).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a __proto__ node id in the layout', () => {
    const r = labFromJson('{"v":1,"hosts":["docker-node1"],"log":[],"layout":{"a":[1,2],"__proto__":[3,4]}}');
    expect(r).toEqual({ ok: false, error: 'The lab\'s node positions use the reserved name "__proto__", which is not a node.' });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('labFromJson', () => {
  it('reads a file the playground wrote (pretty JSON, a byte order mark)', () => {
    const lab = good();
    expect(labFromJson(`${JSON.stringify(lab, null, 1)}\n`)).toEqual({ ok: true, lab });
    expect(labFromJson(`\uFEFF${JSON.stringify(lab)}`)).toEqual({ ok: true, lab });
  });

  it('says when a file is not JSON, or empty', () => {
    const r = labFromJson('{"v":1,"hosts":["docker-node1"],');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^The file is not valid JSON \(.+\); a lab file is the JSON the playground saves\.$/);
    expect(labFromJson('  \n')).toEqual({ ok: false, error: 'The file is empty.' });
    expect(labFromJson('<html><body>not a lab</body></html>').ok).toBe(false);
  });

  it('checks what the JSON holds', () => {
    expect(labFromJson('[]')).toEqual({ ok: false, error: expect.stringMatching(/not a playground lab.*not a list/) as unknown });
    expect(labFromJson('null')).toEqual({ ok: false, error: expect.stringMatching(/not a playground lab.*not null/) as unknown });
    expect(labFromJson('3')).toEqual({ ok: false, error: expect.stringMatching(/not a playground lab.*not 3/) as unknown });
  });

  it('refuses a file too large to be a lab without parsing it', () => {
    const r = labFromJson(' '.repeat(LAB_LIMITS.file + 1));
    expect(!r.ok && r.error).toMatch(/^The file is too large to be a lab \(33,554,433 characters; a lab file is at most 33,554,432\)\.$/);
  });
});
