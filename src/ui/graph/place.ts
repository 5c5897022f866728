/**
 * Incremental placement: positions for the nodes that just appeared, next to their parent or
 * neighbour, without moving anything already on the canvas. A pure function, cheap enough to run
 * on every command (one pass over the elements), and deterministic.
 *
 * Inside a host box nodes sit in rows by kind: NICs on top (they face the cloud and the LAN
 * switch drawn above the host), then bridges, then host-side veths, then the namespaces' boxes.
 * Inside a namespace box: its links, then its bridges.
 */
import type { GraphElement, GraphNodeKind } from './to-elements';

export interface Point {
  x: number;
  y: number;
}

interface Size {
  w: number;
  h: number;
}

/** Row offsets inside a box; the namespaces' row leaves room for their own box's title. */
const ROW_Y = [0, 86, 172, 306];
const GAP = 36;
const HOST_GAP = 140;
const COMPOUND_PAD = 24;
/** Room above the NIC row for the cloud and the switch. */
const ABOVE = 140;

/** Node sizes by kind; graph-style.ts draws them with the same numbers. */
export const NODE_SIZE: Record<GraphNodeKind, Size> = {
  host: { w: 200, h: 80 },
  netns: { w: 150, h: 56 },
  container: { w: 150, h: 56 },
  internet: { w: 170, h: 96 },
  lan: { w: 190, h: 58 },
  ether: { w: 150, h: 50 },
  veth: { w: 150, h: 50 },
  bridge: { w: 200, h: 50 },
};

function rowOf(kind: GraphNodeKind, parentKind: GraphNodeKind | undefined): number {
  if (parentKind === 'host') {
    return kind === 'ether' ? 0 : kind === 'bridge' ? 1 : kind === 'veth' ? 2 : 3;
  }
  return kind === 'bridge' ? 1 : 0;
}

function rowY(row: number): number {
  return ROW_Y[row] ?? row * 110;
}

interface NodeInfo {
  id: string;
  kind: GraphNodeKind;
  parent: string | undefined;
}

/**
 * Places the nodes in `toPlace` and returns their positions; `known` holds the current positions
 * of everything else. Compound nodes get a position too (their children's anchor); Cytoscape
 * ignores it once they have children.
 */
export function placeNodes(
  elements: readonly GraphElement[],
  known: ReadonlyMap<string, Point>,
  toPlace: ReadonlySet<string>,
): Map<string, Point> {
  const nodes = new Map<string, NodeInfo>();
  const children = new Map<string, string[]>();
  const neighbours = new Map<string, string[]>();
  for (const el of elements) {
    if (el.group === 'nodes') {
      const { id, kind, parent } = el.data;
      nodes.set(id, { id, kind, parent });
      if (parent) children.set(parent, [...(children.get(parent) ?? []), id]);
    } else {
      const { source, target } = el.data;
      neighbours.set(source, [...(neighbours.get(source) ?? []), target]);
      neighbours.set(target, [...(neighbours.get(target) ?? []), source]);
    }
  }
  const pos = new Map<string, Point>();
  for (const [id, p] of known) if (nodes.has(id) && !toPlace.has(id)) pos.set(id, p);
  const placed = new Map<string, Point>();

  /** Left/right/top/bottom of a node as drawn: a compound spans its placed descendants. */
  const extent = (id: string): { l: number; r: number; t: number; b: number } | undefined => {
    const kids = children.get(id) ?? [];
    const boxes = kids.map(extent).filter((e) => e !== undefined);
    if (boxes.length > 0) {
      return {
        l: Math.min(...boxes.map((e) => e.l)) - COMPOUND_PAD,
        r: Math.max(...boxes.map((e) => e.r)) + COMPOUND_PAD,
        t: Math.min(...boxes.map((e) => e.t)) - COMPOUND_PAD - 16,
        b: Math.max(...boxes.map((e) => e.b)) + COMPOUND_PAD,
      };
    }
    const p = pos.get(id);
    const info = nodes.get(id);
    if (!p || !info) return undefined;
    const s = NODE_SIZE[info.kind];
    return { l: p.x - s.w / 2, r: p.x + s.w / 2, t: p.y - s.h / 2, b: p.y + s.h / 2 };
  };

  /** The nearest free centre to `want` in a row already holding `spans`. */
  const freeX = (spans: { l: number; r: number }[], want: number, w: number): number => {
    const clash = spans.some((s) => want + w / 2 + GAP > s.l && want - w / 2 - GAP < s.r);
    if (!clash) return want;
    return Math.max(...spans.map((s) => s.r)) + GAP + w / 2;
  };

  const placedNeighbour = (id: string): Point | undefined => {
    for (const n of neighbours.get(id) ?? []) {
      const p = pos.get(n);
      if (p) return p;
    }
    return undefined;
  };

  const placeTopLevel = (info: NodeInfo): Point => {
    const size = NODE_SIZE[info.kind];
    if (info.kind === 'host') {
      const all = [...nodes.keys()].filter((id) => !nodes.get(id)?.parent && nodes.get(id)?.kind === 'host');
      const rights = all.map(extent).filter((e) => e !== undefined).map((e) => e.r);
      return { x: rights.length ? Math.max(...rights) + HOST_GAP + size.w / 2 : 0, y: 0 };
    }
    // The cloud and the switch float above the NIC they are cabled to.
    const anchor = placedNeighbour(info.id) ?? { x: 0, y: 0 };
    const y = anchor.y - ABOVE;
    const spans = [...nodes.values()]
      .filter((n) => !n.parent && n.kind !== 'host' && n.id !== info.id)
      .map((n) => ({ p: pos.get(n.id), s: NODE_SIZE[n.kind] }))
      .filter((n): n is { p: Point; s: Size } => n.p !== undefined && Math.abs(n.p.y - y) < size.h)
      .map(({ p, s }) => ({ l: p.x - s.w / 2, r: p.x + s.w / 2 }));
    return { x: freeX(spans, anchor.x, size.w), y };
  };

  const placeInParent = (info: NodeInfo, parent: string): Point => {
    const size = NODE_SIZE[info.kind];
    const parentKind = nodes.get(parent)?.kind;
    const row = rowOf(info.kind, parentKind);
    const siblings = (children.get(parent) ?? []).filter((id) => id !== info.id && pos.has(id));
    if (siblings.length === 0) return pos.get(parent) ?? { x: 0, y: 0 };
    // The box's origin, recovered from a sibling: row 0's y and the left edge of the slots.
    // A compound sibling's position is its box centre, so prefer a leaf to recover the origin.
    const refId = siblings.find((id) => !children.get(id)?.length) ?? siblings[0]!;
    const ref = nodes.get(refId)!;
    const originY = pos.get(refId)!.y - rowY(rowOf(ref.kind, parentKind));
    const spans = siblings.map((id) => ({ id, e: extent(id)! }));
    const left = Math.min(...spans.map((s) => s.e.l));
    const inRow = spans
      .filter((s) => rowOf(nodes.get(s.id)!.kind, parentKind) === row)
      .map((s) => ({ l: s.e.l, r: s.e.r }));
    // Below the NIC row, a link's far end (its bridge, its veth peer) is the best hint.
    const near = row > 0 ? placedNeighbour(info.id) : undefined;
    const want = near ? near.x : left + size.w / 2;
    return { x: freeX(inRow, want, size.w), y: originY + rowY(row) };
  };

  for (const info of nodes.values()) {
    if (!toPlace.has(info.id)) continue;
    const p = info.parent ? placeInParent(info, info.parent) : placeTopLevel(info);
    const rounded = { x: Math.round(p.x), y: Math.round(p.y) };
    pos.set(info.id, rounded);
    placed.set(info.id, rounded);
  }
  return placed;
}
