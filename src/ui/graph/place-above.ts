/**
 * Placement of the top-level nodes, for place.ts: the hosts side by side, left to right, and
 * above their NIC row, in rows that nothing inside a host reaches, what they share: the LAN switch
 * (one, between the hosts it joins), the internet clouds (one per host, above its eth0, higher so
 * the LAN's cables pass under them), and the overlay networks (higher still; a second one goes a
 * row up). Pure and deterministic, like place.ts.
 */
import { GAP, NODE_SIZE, type Point } from './sizes';
import type { GraphNodeKind } from './to-elements';

/** A graph node as placement sees it. */
export interface NodeInfo {
  id: string;
  kind: GraphNodeKind;
  parent: string | undefined;
}

/** What place.ts knows when it places a top-level node. */
export interface AboveContext {
  nodes: ReadonlyMap<string, NodeInfo>;
  /** Positions so far (the known ones and those placed in this pass). */
  pos: ReadonlyMap<string, Point>;
  /** Node id -> the nodes an edge joins it to. */
  neighbours: ReadonlyMap<string, string[]>;
  /** A host's right edge as placed so far (not finite while nothing in it is) and its NIC row. */
  hostExtent: (host: string) => { right: number; oy: number };
}

const HOST_GAP = 180;
/** How far above the NIC row each shared row is; an overlay that clashes goes up a row. */
const LAN_ABOVE = 150;
const CLOUD_ABOVE = 300;
const OVERLAY_ABOVE = 450;
const OVERLAY_ROW = 110;

type Span = { l: number; r: number };

/** Spans of the placed top-level nodes (not hosts) whose row is within `h` of `y`. */
function spansAt({ nodes, pos }: AboveContext, id: string, y: number, h: number): Span[] {
  return [...nodes.values()]
    .filter((n) => !n.parent && n.kind !== 'host' && n.id !== id)
    .flatMap((n) => {
      const p = pos.get(n.id);
      const s = NODE_SIZE[n.kind];
      return p && Math.abs(p.y - y) < (h + s.h) / 2 + GAP / 2 ? [{ l: p.x - s.w / 2, r: p.x + s.w / 2 }] : [];
    });
}

function clashes(spans: Span[], x: number, w: number): boolean {
  return spans.some((s) => x + w / 2 + GAP > s.l && x - w / 2 - GAP < s.r);
}

/**
 * An x near `x` where a node of width `w` in the LAN row keeps clear of the cables going up to
 * the clouds (which run straight up from their NIC).
 */
function clearOfClouds({ nodes, pos, neighbours }: AboveContext, x: number, w: number): number {
  const columns = [...nodes.values()]
    .filter((n) => n.kind === 'internet')
    .flatMap((n) => (neighbours.get(n.id) ?? []).flatMap((nic) => pos.get(nic)?.x ?? []));
  const blocked = (at: number) => columns.find((c) => Math.abs(c - at) < w / 2 + GAP);
  let best = x;
  for (let guard = 0; guard < columns.length + 1; guard++) {
    const c = blocked(best);
    if (c === undefined) return best;
    // Step to the nearer side of the cable, away from where we started.
    best = best <= c && x <= c ? c - w / 2 - GAP : c + w / 2 + GAP;
  }
  return best;
}

/** A top-level node's position: a host right of the others, a shared node above what it joins. */
export function placeTopLevel(ctx: AboveContext, info: NodeInfo): Point {
  const { nodes, pos, neighbours } = ctx;
  const size = NODE_SIZE[info.kind];
  if (info.kind === 'host') {
    const hosts = [...nodes.values()].filter((n) => !n.parent && n.kind === 'host' && n.id !== info.id);
    const placed = hosts.map((h) => ctx.hostExtent(h.id)).filter((g) => Number.isFinite(g.right));
    if (placed.length === 0) return { x: 0, y: 0 };
    return { x: Math.max(...placed.map((g) => g.right)) + HOST_GAP + NODE_SIZE.ether.w / 2, y: placed[0]!.oy };
  }
  const around = (neighbours.get(info.id) ?? []).flatMap((n) => {
    const p = pos.get(n);
    return p ? [p] : [];
  });
  const anchor = around[0] ?? { x: 0, y: 0 };
  // The LAN and an overlay sit over the middle of what they join; a cloud over its one NIC.
  const x = info.kind === 'internet' || around.length === 0 ? anchor.x : around.reduce((sum, p) => sum + p.x, 0) / around.length;
  const top = around.length > 0 ? Math.min(...around.map((p) => p.y)) : 0;
  if (info.kind === 'overlay') {
    let y = top - OVERLAY_ABOVE;
    while (clashes(spansAt(ctx, info.id, y, size.h), x, size.w)) y -= OVERLAY_ROW;
    return { x, y };
  }
  if (info.kind === 'lan') return { x: clearOfClouds(ctx, x, size.w), y: top - LAN_ABOVE };
  const y = anchor.y - CLOUD_ABOVE;
  const spans = spansAt(ctx, info.id, y, size.h);
  return { x: clashes(spans, x, size.w) ? Math.max(...spans.map((s) => s.r)) + GAP + size.w / 2 : x, y };
}
