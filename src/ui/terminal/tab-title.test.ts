import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type World } from '../../sim';
import { tabDescription, tabPlace, tabTitle } from './tab-title';

function run(world: World, line: string): World {
  return execute(world, line).world;
}

describe('tabTitle', () => {
  const world = ['docker run -d --name c1 busybox sleep 1d', 'ip netns add red'].reduce(run, createDefaultWorld());
  const host = world.hostOrder[0]!;
  const d = world.hosts[host]!.docker!;
  const c1 = d.containerOrder.find((id) => d.containers[id]!.name === 'c1')!;

  it('names the host, the container entered, or the namespace', () => {
    expect(tabTitle(world, { id: 't1', host, session: null })).toBe('docker-node1');
    expect(tabTitle(world, { id: 't1', host, session: { container: c1 } })).toBe('c1');
    expect(tabTitle(world, { id: 't1', host, session: { ns: world.hosts[host]!.netns['red']! } })).toBe('docker-node1:red');
  });

  it('describes and classifies the place', () => {
    expect(tabPlace({ id: 't1', host, session: { container: c1 } })).toBe('container');
    expect(tabDescription(world, { id: 't1', host, session: { container: c1 } })).toBe('Shell in container c1 (busybox) on docker-node1');
  });
});
