import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type World } from '../../sim';
import { bigWorld } from './big-world.test-util';
import { placeNodes } from './place';
import { NODE_SIZE, type Point } from './sizes';
import { toElements, type GraphElement, type GraphNodeData } from './to-elements';

function run(world: World, ...lines: string[]): World {
  return lines.reduce((w, line) => {
    const r = execute(w, line);
    expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
    return r.world;
  }, world);
}

const nodeData = (els: GraphElement[]): GraphNodeData[] => els.flatMap((e) => (e.group === 'nodes' ? [e.data] : []));
const allIds = (els: GraphElement[]) => new Set(nodeData(els).map((n) => n.id));

function leaves(els: GraphElement[]): GraphNodeData[] {
  const parents = new Set(nodeData(els).flatMap((n) => (n.parent ? [n.parent] : [])));
  return nodeData(els).filter((n) => !parents.has(n.id));
}

function overlaps(a: GraphNodeData, pa: Point, b: GraphNodeData, pb: Point): boolean {
  const sa = NODE_SIZE[a.kind];
  const sb = NODE_SIZE[b.kind];
  return Math.abs(pa.x - pb.x) * 2 < sa.w + sb.w && Math.abs(pa.y - pb.y) * 2 < sa.h + sb.h;
}

function expectApart(els: GraphElement[], pos: ReadonlyMap<string, Point>): void {
  const ls = leaves(els);
  for (let i = 0; i < ls.length; i++) {
    for (let j = i + 1; j < ls.length; j++) {
      const a = ls[i]!;
      const b = ls[j]!;
      expect(overlaps(a, pos.get(a.id)!, b, pos.get(b.id)!), `${a.label} / ${b.label}`).toBe(false);
    }
  }
}

const find = (els: GraphElement[], kind: string, name: string) =>
  nodeData(els).find((n) => n.kind === kind && n.name === name)!;

/** Places `next`'s new nodes around the positions `prev` had, as syncGraph does. */
function placeAfter(prev: Map<string, Point>, next: GraphElement[]): Map<string, Point> {
  const fresh = new Set([...allIds(next)].filter((id) => !prev.has(id)));
  return new Map([...prev, ...placeNodes(next, prev, fresh)]);
}

describe('placeNodes', () => {
  const world = run(createDefaultWorld(), 'ip netns add test1', 'ip netns add test2', 'ip link add veth-a type veth peer name veth-b',
    'ip link set veth-a netns test1', 'ip link add veth-c type veth peer name veth-d');
  const els = toElements(world);

  it('places every node, deterministically', () => {
    const a = placeNodes(els, new Map(), allIds(els));
    expect([...a.keys()].sort()).toEqual([...allIds(els)].sort());
    expect(placeNodes(els, new Map(), allIds(els))).toEqual(a);
  });

  it('keeps drawn nodes apart', () => {
    expectApart(els, placeNodes(els, new Map(), allIds(els)));
  });

  it('puts the cloud and the LAN switch above the NICs, the bridges below them', () => {
    const pos = placeNodes(els, new Map(), allIds(els));
    const at = (kind: string, name?: string) =>
      pos.get(nodeData(els).find((n) => n.kind === kind && (!name || n.name === name))!.id)!;
    const eth0 = at('ether', 'eth0');
    expect(at('internet').y).toBeLessThan(eth0.y);
    expect(at('lan').y).toBeLessThan(eth0.y);
    expect(at('bridge', 'docker0').y).toBeGreaterThan(eth0.y);
    // Namespaces not wired to a bridge share the NICs' row.
    expect(at('netns', 'test2').y).toBe(eth0.y);
  });

  it('places only what it is asked to', () => {
    const full = placeNodes(els, new Map(), allIds(els));
    const newId = find(els, 'netns', 'test2').id;
    const known = new Map([...full].filter(([id]) => id !== newId));
    expect([...placeNodes(els, known, new Set([newId])).keys()]).toEqual([newId]);
  });
});

describe('placeNodes with Docker networks', () => {
  const base = run(createDefaultWorld(), 'docker network create net1');
  const e0 = toElements(base);
  const p0 = placeNodes(e0, new Map(), allIds(e0));

  it("hangs a new container under its network's bridge, its box under its bridge port", () => {
    const w1 = run(base, 'docker run -d --name a1 busybox sleep 1d', 'docker run -d --name b1 --network net1 busybox sleep 1d');
    const e1 = toElements(w1);
    const p1 = placeAfter(p0, e1);
    for (const [name, bridge] of [['a1', 'docker0'], ['b1', 'net1']] as const) {
      const box = find(e1, 'container', name);
      const eth0 = nodeData(e1).find((n) => n.parent === box.id)!;
      const br = bridge === 'docker0' ? find(e1, 'bridge', 'docker0') : nodeData(e1).find((n) => n.network === 'net1')!;
      const port = nodeData(e1).find((n) => n.kind === 'veth' && n.parent === br.parent && e1.some((e) =>
        e.group === 'edges' && e.data.kind === 'veth' && [e.data.source, e.data.target].includes(eth0.id) && [e.data.source, e.data.target].includes(n.id)))!;
      // The first port of a bridge sits right under it, the box right under the port.
      expect(p1.get(port.id)!.x, name).toBe(p1.get(br.id)!.x);
      expect(p1.get(port.id)!.y).toBeGreaterThan(p1.get(br.id)!.y);
      expect(p1.get(eth0.id)!.x).toBe(p1.get(port.id)!.x);
      expect(p1.get(eth0.id)!.y).toBeGreaterThan(p1.get(port.id)!.y);
    }
    expectApart(e1, p1);
  });

  it("fills a bridge's columns from the middle out, then wraps to a new row, never into the next network", () => {
    const lines = Array.from({ length: 7 }, (_, i) => `docker run -d --name a${i} busybox sleep 1d`);
    let w = base;
    let pos = p0;
    for (const line of lines) {
      w = run(w, line);
      pos = placeAfter(pos, toElements(w));
    }
    const els = toElements(w);
    const docker0 = pos.get(find(els, 'bridge', 'docker0').id)!;
    const net1 = pos.get(nodeData(els).find((n) => n.network === 'net1')!.id)!;
    const ports = nodeData(els).filter((n) => n.kind === 'veth' && n.parent?.startsWith('host:')).map((n) => pos.get(n.id)!);
    const xs = ports.map((p) => p.x - docker0.x);
    // Middle, left, right, then further left (net1 leaves no room on the right), then a new row.
    expect(xs.slice(0, 4)).toEqual([0, -184, 184, -368]);
    expect(ports[4]!.y).toBeGreaterThan(ports[0]!.y);
    for (const p of ports) expect(p.x + NODE_SIZE.veth.w / 2).toBeLessThan(net1.x - NODE_SIZE.bridge.w / 2);
    expectApart(els, pos);
  });

  it('never moves what is already placed', () => {
    const w1 = run(base, 'docker run -d --name a1 busybox sleep 1d', 'ip netns add red');
    const p1 = placeAfter(p0, toElements(w1));
    const w2 = run(w1, 'docker network create net2', 'docker run -d --name a2 --network net2 busybox sleep 1d', 'docker run -d --name hostweb --network host nginx');
    const e2 = toElements(w2);
    const p2 = placeAfter(p1, e2);
    for (const [id, p] of p1) expect(p2.get(id), id).toEqual(p);
    expectApart(e2, p2);
  });
});

describe('placement speed', () => {
  it('maps and places a thousand containers on twenty networks quickly', () => {
    const world = bigWorld(1000, 20);
    const t0 = performance.now();
    const els = toElements(world);
    const pos = placeNodes(els, new Map(), allIds(els));
    const ms = performance.now() - t0;
    expect(nodeData(els).filter((n) => n.kind === 'container')).toHaveLength(1000);
    expect(pos.size).toBe(allIds(els).size);
    // Measured ~100 ms on the 2-vCPU reference machine; the bound only catches a quadratic turn.
    expect(ms).toBeLessThan(1500);
    // Every container box sits under its own bridge port: no two share a place.
    const boxes = nodeData(els).filter((n) => n.kind === 'container').map((n) => JSON.stringify(pos.get(n.id)));
    expect(new Set(boxes).size).toBe(1000);
  }, 60_000);
});
