/**
 * Applies the difference between two `toElements` results to a live Cytoscape instance, by id,
 * inside one `cy.batch` (one style and render pass however many elements change).
 *
 * Invariants: a node already on the canvas never moves, except when its parent changes (an iface
 * moved to another namespace must land inside its new box); new nodes get a position from
 * `placeNodes` (the only layout that runs); elements are never re-created when only data changed;
 * a container drawn anew (stopped: box -> leaf, started: leaf -> box) takes its old place.
 * Cost: linear in the number of elements; new elements are added in one `cy.add` per group.
 */
import type { Core, ElementDefinition, NodeSingular } from 'cytoscape';
import { placeNodes } from './place';
import type { Point } from './sizes';
import type { GraphEdgeData, GraphElement, GraphNodeData } from './to-elements';

export interface SyncSummary {
  added: string[];
  removed: string[];
  updated: string[];
  /** Nodes that changed parent (and were placed again). */
  moved: string[];
}

type AnyData = GraphNodeData | GraphEdgeData;

/** Keys whose change is structural (re-parenting, re-wiring) rather than a data update. */
const STRUCTURAL = new Set(['id', 'parent', 'source', 'target']);

function sameData(a: AnyData, b: AnyData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isRewired(prev: GraphElement, next: GraphElement): boolean {
  return prev.group === 'edges' && next.group === 'edges'
    && (prev.data.source !== next.data.source || prev.data.target !== next.data.target);
}

/** A fresh copy: Cytoscape keeps and mutates the data object it is given. */
function toDefinition(el: GraphElement, position?: Point): ElementDefinition {
  const data = { ...el.data } as ElementDefinition['data'];
  return position ? { group: el.group, data, position: { ...position } } : { group: el.group, data };
}

/**
 * Where a container was drawn before this change: a stopped container's leaf takes the place of
 * the box it had while running, and the box comes back there on `docker start`.
 */
function containerHints(cy: Core, removed: readonly string[], added: readonly GraphElement[]): Map<string, Point> {
  const hints = new Map<string, Point>();
  const wanted = new Map<string, string>();
  for (const el of added) {
    if (el.group === 'nodes' && el.data.kind === 'container' && el.data.container) wanted.set(el.data.container, el.data.id);
  }
  if (wanted.size === 0) return hints;
  for (const id of removed) {
    const ele = cy.getElementById(id) as NodeSingular;
    if (ele.empty() || !ele.isNode() || ele.data('kind') !== 'container') continue;
    const to = wanted.get(ele.data('container') as string);
    if (!to || hints.has(to)) continue;
    // A box's anchor is its first child, not its centre (which includes the title).
    const first = ele.children().sort((a, b) => a.position('y') - b.position('y')).first();
    hints.set(to, { ...(first.nonempty() ? (first as NodeSingular).position() : ele.position()) });
  }
  return hints;
}

/**
 * Brings `cy` from `prev` to `next`. Elements missing from `cy` (say, after the instance was
 * recreated) are added as if new, so passing `prev = []` does a full, idempotent build.
 */
export function syncGraph(cy: Core, prev: readonly GraphElement[], next: readonly GraphElement[]): SyncSummary {
  const prevById = new Map(prev.map((e) => [e.data.id, e]));
  const nextById = new Map(next.map((e) => [e.data.id, e]));
  const summary: SyncSummary = { added: [], removed: [], updated: [], moved: [] };

  const toRemove: string[] = [];
  for (const el of prev) {
    const n = nextById.get(el.data.id);
    if (!n || isRewired(el, n)) toRemove.push(el.data.id);
  }
  // Anything on the canvas we no longer know about (a stale instance) goes too.
  cy.elements().forEach((ele) => {
    if (!nextById.has(ele.id()) && !prevById.has(ele.id())) toRemove.push(ele.id());
  });

  const toAdd: GraphElement[] = [];
  const toMove: GraphElement[] = [];
  const toUpdate: GraphElement[] = [];
  for (const el of next) {
    const old = prevById.get(el.data.id);
    const onCanvas = cy.getElementById(el.data.id).nonempty();
    if (!old || !onCanvas || isRewired(old, el)) {
      toAdd.push(el);
    } else if (el.group === 'nodes' && old.group === 'nodes' && old.data.parent !== el.data.parent) {
      toMove.push(el);
    } else if (!sameData(old.data, el.data)) {
      toUpdate.push(el);
    }
  }

  const toPlace = new Set<string>();
  for (const el of toAdd) if (el.group === 'nodes') toPlace.add(el.data.id);
  for (const el of toMove) if (el.group === 'nodes') toPlace.add(el.data.id);
  const known = new Map<string, Point>();
  if (toPlace.size > 0) {
    cy.nodes().forEach((n) => {
      if (!toPlace.has(n.id())) known.set(n.id(), { ...n.position() });
    });
  }
  const positions = placeNodes(next, known, toPlace, containerHints(cy, toRemove, toAdd));

  cy.batch(() => {
    // Parents come before children in `next`, so each node's parent exists when it is added.
    const nodeDefs: ElementDefinition[] = [];
    for (const el of toAdd) if (el.group === 'nodes') nodeDefs.push(toDefinition(el, positions.get(el.data.id)));
    if (nodeDefs.length > 0) cy.add(nodeDefs);
    for (const el of toMove) {
      if (el.group !== 'nodes') continue;
      const node = cy.getElementById(el.data.id) as NodeSingular;
      const moved = node.move({ parent: el.data.parent ?? null });
      moved.data({ ...el.data });
      const p = positions.get(el.data.id);
      if (p) (moved as NodeSingular).position({ ...p });
      summary.moved.push(el.data.id);
    }
    for (const el of toUpdate) {
      const ele = cy.getElementById(el.data.id);
      const old = prevById.get(el.data.id)!.data as Record<string, unknown>;
      for (const key of Object.keys(old)) {
        if (!(key in el.data) && !STRUCTURAL.has(key)) ele.removeData(key);
      }
      const data: Record<string, unknown> = { ...el.data };
      for (const key of STRUCTURAL) delete data[key];
      ele.data(data);
      summary.updated.push(el.data.id);
    }
    // Removing after moving: a moved node survives the removal of its old namespace box.
    for (const id of toRemove) {
      const ele = cy.getElementById(id);
      if (ele.nonempty()) ele.remove();
      summary.removed.push(id);
    }
    const edgeDefs: ElementDefinition[] = [];
    for (const el of toAdd) if (el.group === 'edges') edgeDefs.push(toDefinition(el));
    if (edgeDefs.length > 0) cy.add(edgeDefs);
  });
  summary.added = toAdd.map((e) => e.data.id);
  return summary;
}
