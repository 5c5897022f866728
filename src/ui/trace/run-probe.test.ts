import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../sim';
import { usePlayground } from '../../store';
import { loadShell } from '../../store/shell';
import { runProbe } from './run-probe';

const host = () => usePlayground.getState().world.hostOrder[0]!;
const containerId = (name: string) =>
  Object.values(usePlayground.getState().world.hosts[host()]!.docker!.containers).find((c) => c.name === name)!.id;
const ctr = (name: string) => ({ kind: 'container' as const, host: host(), container: containerId(name) });

function setup(...lines: string[]): void {
  const world = createDefaultWorld();
  usePlayground.setState({ world, log: [], playback: null, terminals: [{ id: 't1', host: world.hostOrder[0]!, session: null }], activeTerminal: 't1' });
  for (const line of lines) expect(usePlayground.getState().runCommand(line).exitCode, line).toBe(0);
}

describe('runProbe', () => {
  // The shell and the explainer load in their own chunk, as in the page.
  beforeAll(async () => {
    await loadShell();
  });

  beforeEach(() => setup(
    'docker network create net1',
    'docker run -d --name c1 --network net1 busybox sleep 3600',
    'docker run -d --name c2 --network net1 busybox sleep 3600',
    'docker run -d --name c3 busybox sleep 3600',
  ));

  it('runs the line as a gesture and plays its trace from the start', () => {
    const r = runProbe({ tool: 'ping', source: ctr('c1'), target: ctr('c2') });
    expect(r.ok).toBe(true);
    const { log, playback } = usePlayground.getState();
    const last = log[log.length - 1]!;
    expect(last.origin).toBe('gesture');
    expect(last.command).toMatch(/^docker exec c1 ping /);
    expect(playback?.command).toBe(last.command);
    expect(playback?.trace.outcome.kind).toBe('reply');
    expect(playback?.explanation.ok).toBe(true);
    expect(playback).toMatchObject({ index: -1, playing: true });
  });

  it('a failure carries the explanation and its fix', () => {
    runProbe({ tool: 'ping', source: ctr('c3'), target: ctr('c1') });
    const pb = usePlayground.getState().playback!;
    expect(pb.explanation.ok).toBe(false);
    expect(pb.trace.steps.at(-1)?.kind).toBe('drop');
    expect(pb.explanation.fix?.command).toBe('docker network connect net1 c3');
  });

  it('a tool that sends nothing still opens the panel, with what it printed', () => {
    expect(usePlayground.getState().runCommand('docker stop c1').exitCode).toBe(0);
    runProbe({ tool: 'ping', source: ctr('c1'), target: ctr('c2') });
    const pb = usePlayground.getState().playback!;
    expect(pb.trace.steps).toEqual([]);
    expect(pb.playing).toBe(false);
    expect(pb.output).toMatch(/is not running/);
    expect(pb.explanation.fix?.command).toBe('docker start c1');
  });

  it('a request the core cannot turn into a line runs nothing and says why', () => {
    const before = usePlayground.getState().log.length;
    const r = runProbe({ tool: 'ping', source: { kind: 'internet', name: 'www.baidu.com' }, target: ctr('c1') });
    expect(r.ok).toBe(false);
    expect(usePlayground.getState().log.length).toBe(before);
    expect(usePlayground.getState().notice?.kind).toBe('error');
  });

  it('uses a terminal at the host prompt, not one inside a container shell', () => {
    expect(usePlayground.getState().runCommand('docker exec -it c1 sh').exitCode).toBe(0);
    expect(usePlayground.getState().terminals[0]!.session).not.toBeNull();
    runProbe({ tool: 'ping', source: ctr('c1'), target: ctr('c2') });
    const { log, terminals } = usePlayground.getState();
    expect(terminals.length).toBe(2);
    expect(log[log.length - 1]!.terminal).toBe(terminals[1]!.id);
    expect(log[log.length - 1]!.prompt).toBe('[root@docker-node1 ~]# ');
  });
});

describe('trace slice', () => {
  beforeEach(() => setup('docker network create net1', 'docker run -d --name c1 --network net1 busybox sleep 3600', 'docker run -d --name c2 --network net1 busybox sleep 3600'));

  it('advance moves while playing and stops on the last event; seek and step clamp and pause', () => {
    runProbe({ tool: 'ping', source: ctr('c1'), target: ctr('c2') });
    const s = () => usePlayground.getState();
    const last = s().playback!.trace.steps.length - 1;
    for (let i = 0; i < last + 5; i++) s().advance();
    expect(s().playback).toMatchObject({ index: last, playing: false });
    s().advance();
    expect(s().playback!.index).toBe(last);
    s().seek(99);
    expect(s().playback!.index).toBe(last);
    s().step(-100);
    expect(s().playback).toMatchObject({ index: -1, playing: false });
    // Play at the end starts over.
    s().seek(last);
    s().setPlaying(true);
    expect(s().playback).toMatchObject({ index: -1, playing: true });
    s().setSpeed(4);
    runProbe({ tool: 'ping', source: ctr('c2'), target: ctr('c1') });
    expect(s().playback!.speed).toBe(4);
  });
});
