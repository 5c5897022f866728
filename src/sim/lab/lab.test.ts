import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLabWorld, labFromScript, replay, runLine } from './lab';
import { createDefaultWorld } from './default-world';
import { runScript } from './script';

const fixtures = join(__dirname, 'scenarios', 'fixtures');
const json = (x: unknown) => JSON.stringify(x);

describe('labs', () => {
  it('the seed lab scripts, as labs, replay to the World the script runner builds', () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.lab'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const text = readFileSync(join(fixtures, f), 'utf8');
      const lab = labFromScript(text, f);
      expect(json(replay(lab).world), f).toBe(json(runScript(text).world));
    }
  });

  it('a one-machine lab starts from the default world; more machines join the private network', () => {
    expect(json(createLabWorld())).toBe(json(createDefaultWorld()));
    const w = createLabWorld(['docker-node1', 'docker-node2']);
    expect(w.hostOrder.map((h) => w.hosts[h]!.hostname)).toEqual(['docker-node1', 'docker-node2']);
    const r = replay({ hosts: ['docker-node1', 'docker-node2'], log: [{ t: 't1', h: 'docker-node1', c: 'ping -c 1 -W 1 192.168.205.11' }] });
    expect(r.results[0]!.exitCode).toBe(0);
    const macs = w.hostOrder.map((h) => Object.values(w.ifaces).find((i) => i.name === 'docker0' && w.netns[i.ns]!.host === h)!.mac);
    expect(new Set(macs).size).toBe(2);
  });

  it('each shell keeps its own container shell; a stopped container ends it', () => {
    const r = replay({
      hosts: ['docker-node1'],
      log: [
        { t: 't1', h: 'docker-node1', c: 'docker run -d --name c1 busybox sleep 3600' },
        { t: 't1', h: 'docker-node1', c: 'docker exec -it c1 sh' },
        { t: 't2', h: 'docker-node1', c: 'hostname' },
        { t: 't1', h: 'docker-node1', c: 'hostname' },
        { t: 't2', h: 'docker-node1', c: 'docker stop c1' },
        { t: 't1', h: 'docker-node1', c: 'hostname' },
      ],
    });
    expect(r.results.slice(1).map((x) => x.output.trim())).toEqual(['', 'docker-node1', expect.stringMatching(/^[0-9a-f]{12}$/), 'c1', 'docker-node1']);
    expect(r.results[0]!.output).toMatch(/^[0-9a-f]{64}\n$/);
    expect(r.results[3]!.prompt).toBe('/ # ');
    expect(r.results[5]!.prompt).toBe('[root@docker-node1 ~]# ');
  });

  it('lines on a machine the lab does not have are skipped, not run elsewhere', () => {
    const r = replay({ hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node3', c: 'ip netns add x' }] });
    expect(r.skipped).toEqual([0]);
    expect(json(r.world)).toBe(json(createDefaultWorld()));
  });

  it('a crash in the simulator is reported like a crashed tool, not thrown', () => {
    const w = createDefaultWorld();
    const broken = { ...w, hosts: {} };
    const r = runLine(broken, { host: w.hostOrder[0]!, session: null }, 'docker ps');
    expect(r.exitCode).not.toBe(0);
  });
});

describe('labs with machines made by `lab host add`', () => {
  const script = [
    '[root@docker-node1 ~]# lab host add docker-node2',
    '[root@docker-node2 ~]# docker run -d --name b2 busybox sleep 1d',
    '[root@docker-node1 ~]# ping -c 1 -W 1 192.168.205.11',
    '[root@docker-node3 ~]# hostname',
  ].join('\n');

  it('a prompt naming a machine a `lab host add` line makes selects it after that line; other docker-nodeN are initial', () => {
    const lab = labFromScript(script);
    expect(lab.hosts).toEqual(['docker-node1', 'docker-node3']);
    expect(lab.log.map((e) => [e.t, e.h])).toEqual([['t1', 'docker-node1'], ['t3', 'docker-node2'], ['t1', 'docker-node1'], ['t2', 'docker-node3']]);
    const r = replay(lab);
    expect(r.skipped).toEqual([]);
    expect(r.results.map((x) => x.exitCode)).toEqual([0, 0, 0, 0]);
    expect(r.results[3]!.output).toBe('docker-node3\n');
    const node2 = r.world.hostOrder.map((h) => r.world.hosts[h]!).find((h) => h.hostname === 'docker-node2')!;
    expect(Object.values(node2.docker!.containers).map((c) => c.name)).toEqual(['b2']);
  });

  it('a prompt before the line that makes the machine still makes it an initial machine (the line then fails)', () => {
    const lab = labFromScript('[root@docker-node2 ~]# hostname\n[root@docker-node1 ~]# lab host add docker-node2\n');
    expect(lab.hosts).toEqual(['docker-node1', 'docker-node2']);
    expect(replay(lab).results.map((x) => x.exitCode)).toEqual([0, 1]);
  });

  it('a machine with any hostname, made by a line, replays', () => {
    const lab = labFromScript('lab host add web --ip 192.168.205.80/24\n[root@web ~]# ip -4 -o addr show eth1\n');
    expect(lab.hosts).toEqual(['docker-node1']);
    expect(lab.log[1]).toEqual({ t: 't2', h: 'web', c: 'ip -4 -o addr show eth1' });
    expect(replay(lab).results[1]!.output).toMatch(/inet 192\.168\.205\.80\/24 /);
  });
});

describe('machines made by compound lines and dotted names', () => {
  it('a `lab host add` inside `&&` or `;` makes a machine the log, the schema and prompts know', async () => {
    const { parseLab } = await import('./schema');
    const lab = labFromScript('lab host add web.example.com && echo ok\n[root@web ~]# hostname\nlab host add db; hostname\n[root@db ~]# hostname');
    expect(lab.log.map((e) => e.h)).toEqual(['docker-node1', 'web.example.com', 'web.example.com', 'db']);
    const r = replay(lab);
    expect(r.skipped).toEqual([]);
    expect(r.results[1]!.output).toBe('web.example.com\n');
    // bash's \h: the prompt shows the name up to its first dot.
    expect(r.results[1]!.prompt).toBe('[root@web ~]# ');
    expect(parseLab(JSON.parse(JSON.stringify(lab)))).toMatchObject({ ok: true });
  });
});
