import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type World } from '../../sim';
import { imageFamily, toElements, type GraphEdgeData, type GraphElement, type GraphNodeData } from './to-elements';

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
    expect(docker0.network).toBe('bridge');
    expect(docker0.label).toBe('docker0 · bridge\n172.17.0.1/16');
    expect(node(els, 'ether', 'eth0').label).toContain('10.0.2.15/24');
  });

  it('carries the record ids the other features look elements up by', () => {
    const world = createDefaultWorld();
    const h = world.hosts[world.hostOrder[0]!]!;
    expect(host.host).toBe(h.id);
    const eth0 = node(els, 'ether', 'eth0');
    const iface = world.ifaces[eth0.iface!]!;
    expect(iface.name).toBe('eth0');
    expect(eth0.ns).toBe(h.rootNs);
    expect(eth0.id).toBe(`if:${iface.id}`);
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

describe('toElements with Docker containers', () => {
  const lab = run(
    createDefaultWorld(),
    'docker run -d --name c1 busybox sleep 1d',
    'docker network create net1',
    'docker run -d --name db --network net1 redis',
    'docker run -d --name web -p 8080:80 nginx',
    'docker run -d --name hostc --network host busybox sleep 1d',
    'docker run -d --name isolated --network none busybox sleep 1d',
    'docker run -d --name sidecar --network container:c1 busybox sleep 1d',
    'docker create --name later alpine',
  );
  const els = toElements(lab);
  const d = lab.hosts[lab.hostOrder[0]!]!.docker!;
  const ctr = (name: string) => Object.values(d.containers).find((c) => c.name === name)!;
  const hostBox = node(els, 'host', 'docker-node1').id;

  it("draws a container's namespace as a box named after it, with its image and addresses", () => {
    const c1 = node(els, 'container', 'c1');
    expect(c1.id).toBe(`ns:${ctr('c1').ns}`);
    expect(c1.parent).toBe(hostBox);
    expect(c1.label).toBe('c1 · busybox\n172.17.0.2');
    expect(c1).toMatchObject({ container: ctr('c1').id, image: 'busybox', icon: 'busybox', running: true, mode: 'bridge', ns: ctr('c1').ns });
    expect(node(els, 'container', 'db')).toMatchObject({ image: 'redis', icon: 'redis', mode: 'user' });
    // Its eth0 sits inside, paired with a host veth that is a port of docker0.
    const eth0 = nodes(els).find((n) => n.parent === c1.id && n.name === 'eth0')!;
    const edge = edges(els).find((e) => e.kind === 'veth' && (e.source === eth0.id || e.target === eth0.id))!;
    const hostEnd = edge.source === eth0.id ? edge.target : edge.source;
    expect(edge.label).toMatch(/^(eth0@if\d+ — veth[0-9a-f]{7}@if\d+|veth[0-9a-f]{7}@if\d+ — eth0@if\d+)$/);
    expect(edgeBetween(els, hostEnd, node(els, 'bridge', 'docker0').id)?.kind).toBe('port');
  });

  it("labels a user network's bridge with the network name", () => {
    const br = nodes(els).find((n) => n.kind === 'bridge' && n.network === 'net1')!;
    expect(br.name).toMatch(/^br-[0-9a-f]{12}$/);
    expect(br.label).toBe(`${br.name} · net1\n172.18.0.1/16`);
  });

  it('puts a host-network container in the host box as a leaf', () => {
    const h = node(els, 'container', 'hostc');
    expect(h.id).toBe(`ctr:${ctr('hostc').id}`);
    expect(h.parent).toBe(hostBox);
    expect(h).toMatchObject({ mode: 'host', running: true });
    expect(h.label).toBe('hostc · busybox\nhost network');
  });

  it('draws --network none as an empty box: lo only', () => {
    const n = node(els, 'container', 'isolated');
    expect(n.id).toBe(`ns:${ctr('isolated').ns}`);
    expect(n.label).toBe('isolated · busybox\nno network (lo only)');
    expect(nodes(els).filter((c) => c.parent === n.id)).toEqual([]);
  });

  it("draws a container:X partner inside X's box", () => {
    const s = node(els, 'container', 'sidecar');
    expect(s.id).toBe(`ctr:${ctr('sidecar').id}`);
    expect(s.parent).toBe(node(els, 'container', 'c1').id);
    expect(s).toMatchObject({ mode: 'container', running: true });
    expect(s.label).toBe("sidecar · busybox\nshares c1's network");
    expect(node(els, 'container', 'c1')).toMatchObject({ holds: 1, guests: 1 });
  });

  it('draws a container that is not running as a greyed leaf in the host box', () => {
    const later = node(els, 'container', 'later');
    expect(later).toMatchObject({ id: `ctr:${ctr('later').id}`, parent: hostBox, running: false, icon: 'alpine' });
    expect(later.label).toBe('later · alpine\ncreated');
    const stopped = toElements(run(lab, 'docker stop c1'));
    const c1 = node(stopped, 'container', 'c1');
    expect(c1).toMatchObject({ id: `ctr:${ctr('c1').id}`, parent: hostBox, running: false });
    expect(c1.label).toMatch(/^c1 · busybox\nexited \(\d+\)$/);
  });

  it('shows a published port on the host, linked to its container', () => {
    const pub = nodes(els).find((n) => n.kind === 'publish')!;
    expect(pub).toMatchObject({ id: `pub:${ctr('web').id}:0`, parent: hostBox, label: '0.0.0.0:8080 -> web:80', container: ctr('web').id });
    const e = edges(els).find((x) => x.kind === 'publish')!;
    expect(e).toMatchObject({ source: pub.id, target: node(els, 'container', 'web').id });
  });

  it('keeps the invariants: unique ids, parents first, edges between drawn nodes', () => {
    const ids = els.map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set<string>();
    for (const el of els) {
      if (el.group === 'nodes' && el.data.parent) expect(seen.has(el.data.parent), el.data.id).toBe(true);
      if (el.group === 'edges') expect(seen.has(el.data.source) && seen.has(el.data.target), el.data.id).toBe(true);
      seen.add(el.data.id);
    }
  });
});

describe('imageFamily', () => {
  it.each([
    ['busybox', 'busybox'],
    ['nginx:1.21', 'nginx'],
    ['library/redis', 'redis'],
    ['docker.io/library/mysql:8@sha256:abc', 'mysql'],
    ['tomcat:7', 'tomcat'],
    ['centos:7', 'centos'],
    ['alpine', 'alpine'],
    ['myapp', 'generic'],
    ['registry:5000/team/web:1', 'generic'],
  ])('%s -> %s', (image, family) => {
    expect(imageFamily(image)).toBe(family);
  });
});
