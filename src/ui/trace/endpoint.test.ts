import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, formatIp4, type World } from '../../sim';
import { toElements, type GraphNodeData } from '../graph/to-elements';
import { endpointLabel, endpointOf, INTERNET_NAME, type PickedNode } from './endpoint';

function run(world: World, ...lines: string[]): World {
  let w = world;
  for (const line of lines) {
    const r = execute(w, line);
    expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
    w = r.world;
  }
  return w;
}

const world = run(createDefaultWorld(), 'docker run -d --name c1 busybox sleep 3600', 'ip netns add red', 'docker run -d --name h1 --network host busybox sleep 3600');
const nodes = toElements(world).flatMap((e) => (e.group === 'nodes' ? [e.data as GraphNodeData & Record<string, unknown>] : []));
const byId = new Map(nodes.map((n) => [n.id, n]));

/** Node data as the picker reads it (useProbePicking copies the data and its parent's). */
function asPicked(n: GraphNodeData & Record<string, unknown>): PickedNode {
  const { parent: _parent, ...data } = n;
  return data as PickedNode;
}

function pick(find: (n: GraphNodeData & Record<string, unknown>) => boolean): PickedNode {
  const n = nodes.find(find);
  if (!n) throw new Error('no such node');
  const parent = n.parent ? byId.get(n.parent) : undefined;
  return { ...asPicked(n), parent: parent ? asPicked(parent) : null };
}

describe('endpointOf', () => {
  it('maps each kind of node the graph draws', () => {
    const c1 = Object.values(world.hosts[world.hostOrder[0]!]!.docker!.containers).find((c) => c.name === 'c1')!;
    const host = world.hostOrder[0]!;
    expect(endpointOf(world, pick((n) => n.kind === 'container' && n.name === 'c1'))).toEqual({ ok: true, endpoint: { kind: 'container', host, container: c1.id }, label: 'c1' });
    const red = endpointOf(world, pick((n) => n.kind === 'netns'));
    expect(red).toMatchObject({ ok: true, endpoint: { kind: 'netns', host }, label: 'netns red' });
    expect(endpointOf(world, pick((n) => n.kind === 'host'))).toMatchObject({ ok: true, endpoint: { kind: 'host', host }, label: 'docker-node1' });
    expect(endpointOf(world, pick((n) => n.kind === 'internet'))).toMatchObject({ ok: true, endpoint: { kind: 'internet', name: INTERNET_NAME } });
    const docker0 = endpointOf(world, pick((n) => n.kind === 'bridge' && n.name === 'docker0'));
    expect(docker0.ok && docker0.endpoint.kind === 'address' && formatIp4(docker0.endpoint.ip)).toBe('172.17.0.1');
  });

  it('an iface without an address stands for the box it is in', () => {
    const veth = pick((n) => n.kind === 'veth' && (n.addrs ?? []).length === 0 && n.parent?.startsWith('host:') === true);
    expect(endpointOf(world, veth)).toMatchObject({ ok: true, endpoint: { kind: 'host' } });
  });

  it('a container without its own namespace (host mode) is found by its leaf id', () => {
    const h1 = Object.values(world.hosts[world.hostOrder[0]!]!.docker!.containers).find((c) => c.name === 'h1')!;
    const r = endpointOf(world, { id: `ctr:${h1.id}`, kind: 'container' });
    expect(r).toMatchObject({ ok: true, endpoint: { kind: 'container', container: h1.id }, label: 'h1' });
  });

  it('says why a node cannot be probed', () => {
    expect(endpointOf(world, { id: 'ns:gone', kind: 'netns' })).toEqual({ ok: false, error: 'This namespace is gone.' });
    expect(endpointOf(world, { id: 'lan', kind: 'lan' })).toMatchObject({ ok: false });
    expect(endpointOf(world, { id: 'if:x', kind: 'veth', addrs: [] })).toMatchObject({ ok: false, error: 'This interface has no IP address to probe.' });
  });
});

describe('endpointLabel', () => {
  it('names endpoints the way the hint shows them', () => {
    expect(endpointLabel(world, { kind: 'address', ip: 0xac110001 })).toBe('172.17.0.1');
    expect(endpointLabel(world, { kind: 'internet', name: 'www.baidu.com' })).toBe('www.baidu.com');
  });
});
