import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type World } from '../../sim';
import { toElements, type GraphEdgeData, type GraphElement, type GraphNodeData } from './to-elements';

/** Runs lines on the first host, failing loudly if one fails (the test is about the graph). */
function run(world: World, ...lines: string[]): World {
  let w = world;
  for (const line of lines) {
    const r = execute(w, line);
    expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
    w = r.world;
  }
  return w;
}

const nodes = (els: GraphElement[]): GraphNodeData[] => els.flatMap((e) => (e.group === 'nodes' ? [e.data] : []));
const edges = (els: GraphElement[]): GraphEdgeData[] => els.flatMap((e) => (e.group === 'edges' ? [e.data] : []));

function node(els: GraphElement[], kind: string, name: string): GraphNodeData {
  const found = nodes(els).filter((n) => n.kind === kind && n.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0]!;
}

function edgeBetween(els: GraphElement[], a: string, b: string): GraphEdgeData | undefined {
  return edges(els).find((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a));
}

describe('toElements on the default world', () => {
  const els = toElements(createDefaultWorld());
  const host = node(els, 'host', 'docker-node1');

  it('draws the VM as a host box holding its NICs and docker0', () => {
    expect(host.label).toBe('docker-node1');
    expect(host.parent).toBeUndefined();
    for (const name of ['eth0', 'eth1']) expect(node(els, 'ether', name).parent).toBe(host.id);
    const docker0 = node(els, 'bridge', 'docker0');
    expect(docker0.parent).toBe(host.id);
    expect(docker0.addrs).toEqual(['172.17.0.1/16']);
    expect(docker0.label).toContain('172.17.0.1/16');
    expect(node(els, 'ether', 'eth0').label).toContain('10.0.2.15/24');
  });

  it('never draws lo', () => {
    expect(nodes(els).some((n) => n.name === 'lo')).toBe(false);
  });

  it('folds the NAT gateway into an internet cloud and the LAN into a switch, outside the host', () => {
    const clouds = nodes(els).filter((n) => n.kind === 'internet');
    const lans = nodes(els).filter((n) => n.kind === 'lan');
    expect(clouds).toHaveLength(1);
    expect(lans).toHaveLength(1);
    expect(clouds[0]!.parent).toBeUndefined();
    expect(clouds[0]!.label).toContain('10.0.2.2');
    expect(lans[0]!.label).toContain('192.168.205.0/24');
    // Only the cloud and the switch stand for those namespaces: none of their ifaces is drawn.
    expect(nodes(els).filter((n) => n.parent === clouds[0]!.id || n.parent === lans[0]!.id)).toEqual([]);
    expect(edgeBetween(els, node(els, 'ether', 'eth0').id, clouds[0]!.id)?.kind).toBe('cable');
    expect(edgeBetween(els, node(els, 'ether', 'eth1').id, lans[0]!.id)?.kind).toBe('cable');
  });

  it('has unique ids, parents before children, and edges between drawn nodes', () => {
    const ids = els.map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set<string>();
    for (const el of els) {
      if (el.group === 'nodes' && el.data.parent) expect(seen.has(el.data.parent), el.data.id).toBe(true);
      if (el.group === 'edges') expect(seen.has(el.data.source) && seen.has(el.data.target), el.data.id).toBe(true);
      seen.add(el.data.id);
    }
  });

  it('is pure: the same World gives equal elements', () => {
    const world = createDefaultWorld();
    const before = JSON.stringify(world);
    expect(toElements(world)).toEqual(toElements(world));
    expect(JSON.stringify(world)).toBe(before);
  });
});

describe('toElements as commands change the World', () => {
  const base = createDefaultWorld();

  it('adds a namespace box inside the host for ip netns add, leaving other elements alone', () => {
    const before = toElements(base);
    const after = toElements(run(base, 'ip netns add test1'));
    const ns = node(after, 'netns', 'test1');
    expect(ns.parent).toBe(node(after, 'host', 'docker-node1').id);
    expect(ns.label).toBe('netns test1');
    expect(after.filter((e) => e.data.id !== ns.id)).toEqual(before);
  });

  it('draws a veth pair as one edge; across namespaces its ends read name@ifPEER', () => {
    const w1 = run(base, 'ip netns add test1', 'ip link add veth-a type veth peer name veth-b');
    const els1 = toElements(w1);
    const a1 = node(els1, 'veth', 'veth-a');
    const b1 = node(els1, 'veth', 'veth-b');
    const e1 = edgeBetween(els1, a1.id, b1.id)!;
    expect(e1.kind).toBe('veth');
    expect(e1.label.split(' — ').sort()).toEqual(['veth-a', 'veth-b']);
    expect(edges(els1).filter((e) => e.kind === 'veth')).toHaveLength(1);

    const w2 = run(w1, 'ip link set veth-a netns test1');
    const els2 = toElements(w2);
    const a2 = node(els2, 'veth', 'veth-a');
    expect(a2.id).toBe(a1.id);
    expect(a2.parent).toBe(node(els2, 'netns', 'test1').id);
    const e2 = edgeBetween(els2, a2.id, b1.id)!;
    expect(e2.id).toBe(e1.id);
    const ifaces = Object.values(w2.ifaces);
    const a = ifaces.find((i) => i.name === 'veth-a')!;
    const b = ifaces.find((i) => i.name === 'veth-b')!;
    expect(e2.label.split(' — ').sort()).toEqual([`veth-a@if${b.ifindex}`, `veth-b@if${a.ifindex}`]);
  });

  it('links a bridge port to its bridge and shows carrier once both veth ends are up', () => {
    const w = run(
      base,
      'ip netns add test1',
      'ip link add veth-a type veth peer name veth-b',
      'ip link set veth-a netns test1',
      'ip link set veth-b master docker0',
      'ip link set veth-b up',
      'ip netns exec test1 ip link set veth-a up',
      'ip netns exec test1 ip addr add 172.17.0.9/16 dev veth-a',
    );
    const els = toElements(w);
    const b = node(els, 'veth', 'veth-b');
    const port = edgeBetween(els, b.id, node(els, 'bridge', 'docker0').id);
    expect(port?.kind).toBe('port');
    expect(port?.up).toBe(true);
    const a = node(els, 'veth', 'veth-a');
    expect(a.addrs).toEqual(['172.17.0.9/16']);
    expect(a.state).toBe('UP');
    expect(edgeBetween(els, a.id, b.id)?.up).toBe(true);
    expect(node(els, 'bridge', 'docker0').state).toBe('UP');
  });

  it('removes the namespace box when the namespace is deleted', () => {
    const w = run(base, 'ip netns add test1', 'ip netns add test2', 'ip netns del test1');
    const els = toElements(w);
    expect(nodes(els).filter((n) => n.kind === 'netns').map((n) => n.name)).toEqual(['test2']);
  });

  it('keeps namespace ids stable and in creation order', () => {
    const w = run(base, 'ip netns add b', 'ip netns add a');
    const ids1 = nodes(toElements(w)).filter((n) => n.kind === 'netns');
    expect(ids1.map((n) => n.name)).toEqual(['b', 'a']);
    const ids2 = nodes(toElements(run(w, 'ip netns add c'))).filter((n) => n.kind === 'netns');
    expect(ids2.slice(0, 2)).toEqual(ids1);
  });
});
