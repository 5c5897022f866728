import cytoscape, { type Core } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type World } from '../../sim';
import { syncGraph } from './sync-graph';
import { toElements, type GraphElement } from './to-elements';

function run(world: World, ...lines: string[]): World {
  return lines.reduce((w, line) => execute(w, line).world, world);
}

function headless(): Core {
  return cytoscape({ headless: true, styleEnabled: false });
}

function positions(cy: Core): Map<string, string> {
  const m = new Map<string, string>();
  cy.nodes(':childless').forEach((n) => {
    m.set(n.id(), JSON.stringify(n.position()));
  });
  return m;
}

const idsOf = (els: GraphElement[]) => els.map((e) => e.data.id).sort();
const idsOn = (cy: Core) => cy.elements().map((e) => e.id()).sort();

describe('syncGraph', () => {
  const w0 = createDefaultWorld();
  const w1 = run(w0, 'ip netns add test1');
  const w2 = run(w1, 'ip link add veth-a type veth peer name veth-b');
  const w3 = run(w2, 'ip link set veth-a netns test1');

  it('builds the whole graph from nothing', () => {
    const cy = headless();
    const els = toElements(w0);
    const summary = syncGraph(cy, [], els);
    expect(idsOn(cy)).toEqual(idsOf(els));
    expect(summary.added.sort()).toEqual(idsOf(els));
  });

  it('adds new nodes without moving existing ones, and places them apart', () => {
    const cy = headless();
    const e0 = toElements(w0);
    syncGraph(cy, [], e0);
    const before = positions(cy);
    const e1 = toElements(w1);
    const e2 = toElements(w2);
    syncGraph(cy, e0, e1);
    syncGraph(cy, e1, e2);
    expect(idsOn(cy)).toEqual(idsOf(e2));
    const after = positions(cy);
    for (const [id, p] of before) expect(after.get(id), id).toBe(p);
    // No two leaf nodes share a position.
    expect(new Set(after.values()).size).toBe(after.size);
  });

  it('re-parents a moved iface into its namespace box, keeping its id and edges', () => {
    const cy = headless();
    const e2 = toElements(w2);
    syncGraph(cy, [], e2);
    const e3 = toElements(w3);
    const summary = syncGraph(cy, e2, e3);
    const a = cy.nodes('[name = "veth-a"]');
    expect(a.parent().data('name')).toBe('test1');
    expect(summary.moved).toEqual([a.first().id()]);
    expect(a.connectedEdges('[kind = "veth"]').length).toBe(1);
    expect(a.connectedEdges()[0]!.data('label')).toMatch(/^veth-b@if\d+ — veth-a@if\d+$|^veth-a@if\d+ — veth-b@if\d+$/);
    expect(idsOn(cy)).toEqual(idsOf(e3));
  });

  it('updates data in place and removes what is gone', () => {
    const cy = headless();
    const e3 = toElements(w3);
    syncGraph(cy, [], e3);
    const vethB = cy.nodes('[name = "veth-b"]');
    const e4 = toElements(run(w3, 'ip addr add 10.9.9.1/24 dev veth-b'));
    const summary = syncGraph(cy, e3, e4);
    expect(summary.updated).toContain(vethB.first().id());
    expect(cy.nodes('[name = "veth-b"]').same(vethB)).toBe(true);
    expect(vethB.data('label')).toContain('10.9.9.1/24');

    const e5 = toElements(run(w3, 'ip netns del test1'));
    syncGraph(cy, e4, e5);
    expect(idsOn(cy)).toEqual(idsOf(e5));
    expect(cy.nodes('[kind = "netns"]').length).toBe(0);
  });

  it('keeps a container in its place across stop and start', () => {
    const cy = headless();
    const r1 = run(w0, 'docker run -d --name c1 busybox sleep 1d', 'docker run -d --name c2 busybox sleep 1d');
    const e1 = toElements(r1);
    syncGraph(cy, [], e1);
    const box = () => cy.nodes('[kind = "container"][name = "c1"]')[0]!;
    const eth0At = () => ({ ...box().children()[0]!.position() });
    const before = eth0At();
    const e2 = toElements(run(r1, 'docker stop c1'));
    syncGraph(cy, e1, e2);
    expect(box().isParent()).toBe(false);
    expect(box().id()).toMatch(/^ctr:/);
    expect(box().position()).toEqual(before);
    // c3 must not take the stopped container's place.
    const r3 = run(r1, 'docker stop c1', 'docker run -d --name c3 busybox sleep 1d');
    const e3 = toElements(r3);
    syncGraph(cy, e2, e3);
    const c3 = cy.nodes('[kind = "container"][name = "c3"]').children()[0]!.position();
    expect(c3).not.toEqual(before);
    const e4 = toElements(run(r3, 'docker start c1'));
    syncGraph(cy, e3, e4);
    expect(box().id()).toMatch(/^ns:/);
    expect(eth0At()).toEqual(before);
    // Its new bridge port is right above it again.
    const port = box().children()[0]!.neighborhood('node[kind = "veth"]')[0]!;
    expect(port.position('x')).toBe(before.x);
  });

  it('is idempotent', () => {
    const cy = headless();
    const els = toElements(w3);
    syncGraph(cy, [], els);
    const before = cy.json();
    const summary = syncGraph(cy, els, toElements(w3));
    expect(summary).toEqual({ added: [], removed: [], updated: [], moved: [] });
    expect(cy.json()).toEqual(before);
  });
});
