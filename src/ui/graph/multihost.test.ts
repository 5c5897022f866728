import { describe, expect, it } from 'vitest';
import { execute, type World } from '../../sim';
import { createLabWorld } from '../../sim/lab/lab';
import { placeNodes } from './place';
import { NODE_SIZE, type Point } from './sizes';
import { toElements, type GraphEdgeData, type GraphElement, type GraphNodeData } from './to-elements';
import { overlayWorld } from './multihost.test-util';

const nodes = (els: GraphElement[]): GraphNodeData[] => els.flatMap((e) => (e.group === 'nodes' ? [e.data] : []));
const edges = (els: GraphElement[]): GraphEdgeData[] => els.flatMap((e) => (e.group === 'edges' ? [e.data] : []));
const ids = (els: GraphElement[]) => new Set(nodes(els).map((n) => n.id));

function byLabel(els: GraphElement[], kind: string, first: string): GraphNodeData {
  const found = nodes(els).filter((n) => n.kind === kind && n.label.split('\n')[0] === first);
  expect(found, `${kind} ${first}`).toHaveLength(1);
  return found[0]!;
}

/** The NIC `name` of host `hostname`. */
function nic(els: GraphElement[], hostname: string, name: string): GraphNodeData {
  const host = byLabel(els, 'host', hostname);
  return nodes(els).find((n) => n.parent === host.id && n.name === name)!;
}

/** Every leaf's box as drawn (centre +- half its size), by host. */
function extents(els: GraphElement[], pos: ReadonlyMap<string, Point>): Map<string, { l: number; r: number; t: number; b: number }> {
  const parentOf = new Map(nodes(els).map((n) => [n.id, n.parent]));
  const top = (id: string): string => (parentOf.get(id) ? top(parentOf.get(id)!) : id);
  const parents = new Set(nodes(els).flatMap((n) => (n.parent ? [n.parent] : [])));
  const out = new Map<string, { l: number; r: number; t: number; b: number }>();
  for (const n of nodes(els)) {
    if (!n.parent || parents.has(n.id)) continue;
    const p = pos.get(n.id)!;
    const s = NODE_SIZE[n.kind];
    const h = top(n.id);
    const e = out.get(h) ?? { l: Infinity, r: -Infinity, t: Infinity, b: -Infinity };
    out.set(h, { l: Math.min(e.l, p.x - s.w / 2), r: Math.max(e.r, p.x + s.w / 2), t: Math.min(e.t, p.y - s.h / 2), b: Math.max(e.b, p.y + s.h / 2) });
  }
  return out;
}

function placeAll(els: GraphElement[]): Map<string, Point> {
  return placeNodes(els, new Map(), ids(els));
}

describe('several hosts on the LAN', () => {
  const els = toElements(createLabWorld(['docker-node1', 'docker-node2', 'docker-node3']));
  const pos = placeAll(els);

  it('draws one LAN switch cabled to every eth1, and one NAT cloud per host cabled to its eth0', () => {
    const lan = nodes(els).filter((n) => n.kind === 'lan');
    expect(lan).toHaveLength(1);
    const lanEdges = edges(els).filter((e) => e.target === lan[0]!.id).map((e) => e.source).sort();
    expect(lanEdges).toEqual(['docker-node1', 'docker-node2', 'docker-node3'].map((h) => nic(els, h, 'eth1').id).sort());
    const clouds = nodes(els).filter((n) => n.kind === 'internet');
    expect(clouds).toHaveLength(3);
    for (const h of ['docker-node1', 'docker-node2', 'docker-node3']) {
      const eth0 = nic(els, h, 'eth0');
      expect(edges(els).filter((e) => e.source === eth0.id && clouds.some((c) => c.id === e.target))).toHaveLength(1);
    }
  });

  it('puts the hosts side by side, left to right in order, without overlap', () => {
    const ext = extents(els, pos);
    const boxes = ['docker-node1', 'docker-node2', 'docker-node3'].map((h) => ext.get(byLabel(els, 'host', h).id)!);
    for (let i = 1; i < boxes.length; i++) {
      expect(boxes[i]!.l).toBeGreaterThan(boxes[i - 1]!.r + 100);
      expect(Math.abs(boxes[i]!.t - boxes[0]!.t)).toBeLessThan(1);
    }
  });

  it('floats the LAN between the hosts, under the clouds, clear of the cables going up to them', () => {
    const lan = pos.get(nodes(els).find((n) => n.kind === 'lan')!.id)!;
    const ext = extents(els, pos);
    const tops = [...ext.values()].map((e) => e.t);
    expect(lan.y + NODE_SIZE.lan.h / 2).toBeLessThan(Math.min(...tops));
    const first = ext.get(byLabel(els, 'host', 'docker-node1').id)!;
    const last = ext.get(byLabel(els, 'host', 'docker-node3').id)!;
    expect(lan.x).toBeGreaterThan(first.l);
    expect(lan.x).toBeLessThan(last.r);
    for (const c of nodes(els).filter((n) => n.kind === 'internet')) {
      const p = pos.get(c.id)!;
      expect(p.y + NODE_SIZE.internet.h / 2).toBeLessThan(lan.y - NODE_SIZE.lan.h / 2);
      // The cable to a cloud runs straight up from eth0: it must not cross the switch.
      expect(Math.abs(p.x - lan.x)).toBeGreaterThan(NODE_SIZE.lan.w / 2);
    }
  });

  it('places a host added later to the right, moving nothing already drawn', () => {
    const two = toElements(createLabWorld(['docker-node1', 'docker-node2']));
    const before = placeAll(two);
    const fresh = new Set([...ids(els)].filter((id) => !before.has(id)));
    const after = placeNodes(els, before, fresh);
    for (const id of before.keys()) expect(after.has(id), id).toBe(false);
    const all = new Map([...before, ...after]);
    const ext = extents(els, all);
    const n2 = ext.get(byLabel(els, 'host', 'docker-node2').id)!;
    const n3 = ext.get(byLabel(els, 'host', 'docker-node3').id)!;
    expect(n3.l).toBeGreaterThan(n2.r + 100);
  });

  it('a container on another host draws in that host: the same graph as a one-host world there', () => {
    let w: World = createLabWorld(['docker-node1', 'docker-node2']);
    const r = execute(w, 'docker run -d --name web -p 8080:80 nginx', { host: w.hostOrder[1]! });
    expect(r.exitCode).toBe(0);
    w = r.world;
    const e2 = toElements(w);
    const web = nodes(e2).find((n) => n.kind === 'container' && n.name === 'web')!;
    expect(web.parent).toBe(byLabel(e2, 'host', 'docker-node2').id);
  });
});

describe('an overlay network across hosts, and a macvlan container', () => {
  const world = overlayWorld(3);
  const els = toElements(world);
  const pos = placeAll(els);
  const overlay = () => nodes(els).filter((n) => n.kind === 'overlay');

  it('folds every host\'s sandbox of the network into one node, labelled with name, subnet and VNI', () => {
    expect(overlay()).toHaveLength(1);
    const o = overlay()[0]!;
    expect(o.id).toBe('ovl:abcdef0123');
    expect(o.label).toBe('ov1 · overlay 10.0.1.0/24 · VNI 4096');
    expect(o.parent).toBeUndefined();
    // br0, vxlan0 and the sandbox veths are not drawn.
    expect(nodes(els).filter((n) => n.name === 'br0' || n.name === 'vxlan0')).toEqual([]);
  });

  it('joins the containers of both hosts to it, and each host\'s VTEP (eth1) by a tunnel edge', () => {
    const o = overlay()[0]!;
    const c1 = nodes(els).find((n) => n.label === 'netns c1')!;
    const c2 = nodes(els).find((n) => n.label === 'netns c2')!;
    expect(c1.parent).toBe(byLabel(els, 'host', 'docker-node1').id);
    expect(c2.parent).toBe(byLabel(els, 'host', 'docker-node2').id);
    const vethTo = (box: GraphNodeData) => edges(els).find((e) => e.kind === 'veth' && e.target === o.id && nodes(els).find((n) => n.id === e.source)?.parent === box.id);
    expect(vethTo(c1)?.label).toMatch(/^eth0@if\d+ — veth\d+@if\d+$/);
    expect(vethTo(c2)).toBeDefined();
    const tunnels = edges(els).filter((e) => e.kind === 'tunnel');
    expect(tunnels.map((t) => [t.source, t.target, t.label])).toEqual([
      [nic(els, 'docker-node1', 'eth1').id, o.id, 'VTEP 192.168.205.10 · UDP 4789'],
      [nic(els, 'docker-node2', 'eth1').id, o.id, 'VTEP 192.168.205.11 · UDP 4789'],
    ]);
  });

  it('hangs the macvlan eth0 off the host\'s eth1', () => {
    const mv = nodes(els).find((n) => n.kind === 'macvlan')!;
    expect(mv.label).toBe('eth0 · macvlan of eth1\n192.168.205.20/24');
    const e = edges(els).find((x) => x.kind === 'macvlan')!;
    expect([e.source, e.target, e.label]).toEqual([mv.id, nic(els, 'docker-node1', 'eth1').id, 'macvlan bridge']);
  });

  it('places the overlay above the LAN and the clouds, over the middle of what it joins, overlapping nothing', () => {
    const o = pos.get(overlay()[0]!.id)!;
    const tops = nodes(els).filter((n) => !n.parent && n.kind !== 'host' && n.kind !== 'overlay');
    for (const t of tops) {
      const p = pos.get(t.id)!;
      const apart = Math.abs(p.x - o.x) * 2 >= NODE_SIZE[t.kind].w + NODE_SIZE.overlay.w || Math.abs(p.y - o.y) * 2 >= NODE_SIZE[t.kind].h + NODE_SIZE.overlay.h;
      expect(apart, t.label).toBe(true);
    }
    const ext = extents(els, pos);
    const n1 = ext.get(byLabel(els, 'host', 'docker-node1').id)!;
    const n2 = ext.get(byLabel(els, 'host', 'docker-node2').id)!;
    expect(o.y).toBeLessThan(Math.min(...tops.map((t) => pos.get(t.id)!.y)));
    expect(o.x).toBeGreaterThan(n1.l);
    expect(o.x).toBeLessThan(n2.r);
  });

  it('is the same graph for the same World (pure, ids stable)', () => {
    expect(toElements(overlayWorld(3))).toEqual(els);
  });
});
