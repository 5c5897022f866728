import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadShell } from '../shell';
import { usePlayground } from '../index';
import { replay, type Lab } from '../../sim/lab/lab';
import { freeTerminalId } from './world';

const initial = usePlayground.getState();
const state = usePlayground.getState;
const json = (x: unknown) => JSON.stringify(x);
const run = (line: string, opts?: Parameters<typeof initial.runCommand>[1]) => state().runCommand(line, opts);

beforeAll(async () => {
  await loadShell();
});

beforeEach(() => {
  usePlayground.setState(initial, true);
  usePlayground.setState({ shellReady: true, labReady: true });
});

describe('lab slice', () => {
  it('a lab made in the store replays to the same World', () => {
    run('docker network create net1');
    run('docker run -d --name c1 --network net1 busybox sleep 3600');
    run('docker exec -it c1 sh');
    run('ip link set eth0 down');
    run('exit');
    run('docker network connect bridge c1', { origin: 'gesture' });
    const lab = state().currentLab();
    expect(lab.log.map((e) => e.c)).toHaveLength(6);
    expect(lab.log[5]).toEqual({ t: 't1', h: 'docker-node1', c: 'docker network connect bridge c1', g: 1 });
    expect(json(replay(lab).world)).toBe(json(state().world));
  });

  it('undo gives the World of the log minus its last line; redo brings it back, byte for byte', () => {
    run('docker network create net1');
    const one = json(state().world);
    run('docker run -d --name c1 --network net1 busybox sleep 3600');
    const two = json(state().world);
    expect(state().undo()).toBe(true);
    expect(json(state().world)).toBe(one);
    expect(state().log.map((e) => e.command)).toEqual(['docker network create net1']);
    expect(state().transcripts.t1).toContain('docker network create net1\n');
    expect(state().transcripts.t1).not.toContain('--network net1');
    expect(state().redo()).toBe(true);
    expect(json(state().world)).toBe(two);
    expect(state().redo()).toBe(false);
    expect(state().undo() && state().undo()).toBe(true);
    expect(state().undo()).toBe(false);
    expect(state().log).toEqual([]);
  });

  it('a new line after undo forgets what was undone', () => {
    run('ip netns add a');
    run('ip netns add b');
    state().undo();
    run('ip netns add c');
    expect(state().redo()).toBe(false);
    expect(Object.values(state().world.netns).filter((n) => n.kind === 'named').map((n) => n.name)).toEqual(['a', 'c']);
  });

  it('undo takes back all lines of one gesture', () => {
    run('docker run -d --name web nginx');
    const before = json(state().world);
    run('docker rm -f web', { origin: 'gesture', group: 7 });
    run('docker run -d --name web -p 8080:80 nginx', { origin: 'gesture', group: 7 });
    state().undo();
    expect(json(state().world)).toBe(before);
    state().redo();
    const [typed, first, second] = state().log.map((e) => e.group);
    expect(typed).toBeUndefined();
    expect(first).toBeDefined();
    expect(second).toBe(first);
    state().undo();
    expect(state().log).toHaveLength(1);
  });

  it('a reopened lab still undoes a gesture as a whole, and a one-line gesture alone', () => {
    run('docker run -d --name web nginx');
    run('docker network create n1', { origin: 'gesture' });
    const before = json(state().world);
    const group = state().newGroup();
    run('docker rm -f web', { origin: 'gesture', group });
    run('docker run -d --name web -p 8080:80 nginx', { origin: 'gesture', group });
    const lab = state().currentLab();
    expect(lab.log.map((e) => e.g)).toEqual([undefined, 1, 1, 2]);
    state().openLab(lab, { id: 'again' });
    state().undo();
    expect(json(state().world)).toBe(before);
    state().undo();
    expect(state().log.map((e) => e.command)).toEqual(['docker run -d --name web nginx']);
  });

  it('undo keeps a shell inside its container, and tabs without lines', () => {
    run('docker run -d --name c1 busybox sleep 3600');
    run('docker exec -it c1 sh');
    run('hostname');
    const t2 = state().openTerminal();
    state().undo();
    expect(state().terminals.map((t) => t.id)).toEqual(['t1', t2]);
    expect(state().terminals[0]!.session?.container).toBeDefined();
    expect(state().labEpoch).toBe(initial.labEpoch + 1);
  });

  it('openLab replaces everything and rebuilds each shell transcript', () => {
    run('ip netns add mine');
    const lab: Lab = {
      v: 1,
      name: 'two VMs',
      hosts: ['docker-node1', 'docker-node2'],
      log: [
        { t: 't1', h: 'docker-node1', c: 'ping -c 1 192.168.205.11' },
        { t: 't3', h: 'docker-node2', c: 'hostname' },
      ],
      layout: { 'host:h1': [10, 20] },
    };
    expect(state().openLab(lab, { id: 'x' })).toBe(true);
    expect(state().labId).toBe('x');
    expect(state().labName).toBe('two VMs');
    expect(state().terminals.map((t) => t.id)).toEqual(['t1', 't3']);
    expect(state().transcripts.t3).toMatch(/\[root@docker-node2 ~\]# hostname\ndocker-node2\n\[root@docker-node2 ~\]# $/);
    expect(state().transcripts.t1).not.toContain('mine');
    expect(state().currentLab()).toEqual(lab);
    expect(freeTerminalId(state().terminals, state().log)).toBe('t4');
  });

  it('never reuses the id of a closed tab that has lines in the log', () => {
    const t2 = state().openTerminal();
    run('docker run -d --name c1 busybox sleep 3600', { terminal: t2 });
    run('docker exec -it c1 sh', { terminal: t2 });
    state().closeTerminal(t2);
    const t3 = state().openTerminal();
    expect(t3).not.toBe(t2);
    expect(state().terminals.find((t) => t.id === t3)?.session).toBeNull();
  });

  it('the lab keeps the layout the canvas reports, or the last one set', () => {
    state().setLayout({ 'ns:n1': [10, -4] });
    expect(state().currentLab().layout).toEqual({ 'ns:n1': [10, -4] });
    usePlayground.setState({ captureLayout: () => ({ 'ns:n2': [1, 2] }) });
    expect(state().currentLab().layout).toEqual({ 'ns:n2': [1, 2] });
    usePlayground.setState({ captureLayout: () => ({}) });
    expect(state().currentLab().layout).toBeUndefined();
  });
});

describe('undo from checkpoints', () => {
  it('gives the World a replay of the shorter log gives, also after a lab was opened', () => {
    const lines = [
      'docker network create --subnet 172.30.0.0/16 net1',
      'docker run -d --name c1 --network net1 busybox sleep 3600',
      'docker run -d --name c2 busybox sleep 3600',
      'docker network connect net1 c2',
      'docker exec -it c2 sh',
      'ping -c 1 c1',
      'exit',
      'docker stop c1',
    ];
    for (const l of lines) run(l);
    const full = state().currentLab();
    state().openLab(full, { id: 'reopened' });
    for (let n = lines.length - 1; n >= 0; n--) {
      expect(state().undo()).toBe(true);
      const expected = replay({ ...full, log: full.log.slice(0, n) });
      expect(json(state().world)).toBe(json(expected.world));
      expect(state().terminals[0]!.session).toEqual(expected.shells.get('t1')?.session ?? null);
    }
    for (let n = 1; n <= lines.length; n++) {
      expect(state().redo()).toBe(true);
      expect(json(state().world)).toBe(json(replay({ ...full, log: full.log.slice(0, n) }).world));
    }
    expect(state().transcripts.t1).toBe(replayTranscript(full));
  });
});

/** The t1 transcript a fresh open of `lab` shows. */
function replayTranscript(lab: Lab): string {
  usePlayground.setState(initial, true);
  usePlayground.setState({ labReady: true });
  usePlayground.getState().openLab(lab);
  return usePlayground.getState().transcripts.t1!;
}

describe('lines a lab cannot keep', () => {
  it('a line longer than a lab may hold is refused, not logged', async () => {
    const { LAB_LIMITS } = await import('../../sim/lab/schema');
    const { MAX_LINE, MAX_LOG } = await import('./world');
    expect(MAX_LINE).toBe(LAB_LIMITS.command);
    expect(MAX_LOG).toBe(LAB_LIMITS.log);
    const out = run(`echo ${'x'.repeat(MAX_LINE)}`);
    expect(out.exitCode).toBe(2);
    expect(out.output).toMatch(/line too long/);
    expect(state().log).toEqual([]);
  });
});

describe('redo after tabs changed', () => {
  it('runs the lines again on the machine they ran on, in a shell of their own', () => {
    state().openLab({ v: 1, hosts: ['docker-node1', 'docker-node2'], log: [] }, { id: 'two' });
    const node2 = state().world.hostOrder[1]!;
    const t2 = state().openTerminal(node2);
    run('ip netns add far', { terminal: t2 });
    const after = json(state().world);
    state().closeTerminal(t2);
    state().undo();
    const t3 = state().openTerminal();
    expect(t3).not.toBe(t2);
    state().redo();
    expect(json(state().world)).toBe(after);
  });
});

describe('a tab per machine', () => {
  const tabs = () => state().terminals.map((t) => [t.id, state().world.hosts[t.host]?.hostname]);

  it('`lab host add` opens a tab on the new machine; the active tab stays; its lines replay', () => {
    expect(run('lab host add docker-node2').exitCode).toBe(0);
    expect(tabs()).toEqual([['t1', 'docker-node1'], ['t2', 'docker-node2']]);
    expect(state().activeTerminal).toBe('t1');
    expect(run('hostname', { terminal: 't2' }).output).toBe('docker-node2\n');
    const lab = state().currentLab();
    expect(lab.hosts).toEqual(['docker-node1']);
    expect(lab.log).toEqual([
      { t: 't1', h: 'docker-node1', c: 'lab host add docker-node2' },
      { t: 't2', h: 'docker-node2', c: 'hostname' },
    ]);
    expect(json(replay(lab).world)).toBe(json(state().world));
  });

  it('undo takes the machine back, and its tab; redo brings both back', () => {
    run('lab host add docker-node2');
    const two = json(state().world);
    expect(state().undo()).toBe(true);
    expect(tabs()).toEqual([['t1', 'docker-node1']]);
    expect(state().world.hostOrder).toHaveLength(1);
    expect(state().redo()).toBe(true);
    expect(json(state().world)).toBe(two);
    expect(tabs()).toEqual([['t1', 'docker-node1'], ['t2', 'docker-node2']]);
  });

  it('undo while the new machine\'s tab is active makes another tab active', () => {
    run('lab host add web');
    state().setActiveTerminal('t2');
    run('hostname');
    state().undo();
    expect(state().activeTerminal).toBe('t2');
    state().undo();
    expect(state().activeTerminal).toBe('t1');
    expect(Object.keys(state().transcripts)).not.toContain('t2');
  });

  it('opening a lab gives every machine a tab, the made ones included, each with its prompt', () => {
    const lab: Lab = {
      v: 1,
      hosts: ['docker-node1', 'docker-node2'],
      log: [{ t: 't1', h: 'docker-node1', c: 'lab host add docker-node3' }],
    };
    expect(state().openLab(lab)).toBe(true);
    expect(tabs()).toEqual([['t1', 'docker-node1'], ['t2', 'docker-node2'], ['t3', 'docker-node3']]);
    expect(state().transcripts.t1).toMatch(/\[root@docker-node1 ~\]# $/);
  });

  it('a new tab opens on the active tab\'s machine', () => {
    run('lab host add docker-node2');
    state().setActiveTerminal('t2');
    const id = state().openTerminal();
    expect(state().terminals.find((t) => t.id === id)!.host).toBe(state().terminals.find((t) => t.id === 't2')!.host);
  });
});
