import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute } from '../../sim';
import { NODE_SIZE, placeNodes, type Point } from './place';
import { toElements, type GraphNodeData } from './to-elements';

function leaves(els: ReturnType<typeof toElements>): GraphNodeData[] {
  const parents = new Set(els.flatMap((e) => (e.group === 'nodes' && e.data.parent ? [e.data.parent] : [])));
  return els.flatMap((e) => (e.group === 'nodes' && !parents.has(e.data.id) ? [e.data] : []));
}

function overlaps(a: GraphNodeData, pa: Point, b: GraphNodeData, pb: Point): boolean {
  const sa = NODE_SIZE[a.kind];
  const sb = NODE_SIZE[b.kind];
  return Math.abs(pa.x - pb.x) * 2 < sa.w + sb.w && Math.abs(pa.y - pb.y) * 2 < sa.h + sb.h;
}

describe('placeNodes', () => {
  const world = ['ip netns add test1', 'ip netns add test2', 'ip link add veth-a type veth peer name veth-b',
    'ip link set veth-a netns test1', 'ip link add veth-c type veth peer name veth-d']
    .reduce((w, line) => execute(w, line).world, createDefaultWorld());
  const els = toElements(world);
  const all = new Set(els.flatMap((e) => (e.group === 'nodes' ? [e.data.id] : [])));

  it('places every node, deterministically', () => {
    const a = placeNodes(els, new Map(), all);
    expect([...a.keys()].sort()).toEqual([...all].sort());
    expect(placeNodes(els, new Map(), all)).toEqual(a);
  });

  it('keeps drawn nodes apart', () => {
    const pos = placeNodes(els, new Map(), all);
    const ls = leaves(els);
    for (let i = 0; i < ls.length; i++) {
      for (let j = i + 1; j < ls.length; j++) {
        const a = ls[i]!;
        const b = ls[j]!;
        expect(overlaps(a, pos.get(a.id)!, b, pos.get(b.id)!), `${a.name} / ${b.name}`).toBe(false);
      }
    }
  });

  it('puts the cloud and the LAN switch above the host, and namespaces below its NICs', () => {
    const pos = placeNodes(els, new Map(), all);
    const byName = (kind: string, name?: string) =>
      pos.get(els.find((e) => e.group === 'nodes' && e.data.kind === kind && (!name || e.data.name === name))!.data.id)!;
    const eth0 = byName('ether', 'eth0');
    expect(byName('internet').y).toBeLessThan(eth0.y);
    expect(byName('lan').y).toBeLessThan(eth0.y);
    expect(byName('netns', 'test2').y).toBeGreaterThan(byName('bridge').y);
  });

  it('places only what it is asked to, next to the existing siblings', () => {
    const full = placeNodes(els, new Map(), all);
    const newId = els.find((e) => e.group === 'nodes' && e.data.name === 'test2')!.data.id;
    const known = new Map([...full].filter(([id]) => id !== newId));
    const only = placeNodes(els, known, new Set([newId]));
    expect([...only.keys()]).toEqual([newId]);
  });
});
