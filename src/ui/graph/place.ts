/**
 * Incremental placement: positions for the nodes that just appeared, next to their network,
 * without moving anything already on the canvas. A pure, deterministic function, linear in the
 * number of elements (one indexing pass, then O(1) amortised per placed node), so it runs on
 * every command even for a thousand containers.
 *
 * Inside a host box:
 * - the band: a row at the top holding the NICs (their cables go up to the cloud and the LAN
 *   switch drawn above the host), then whatever is not on a bridge: host-mode and stopped
 *   containers, loose veths, namespaces not wired to a bridge, `--network none` boxes;
 * - below the band, one column block ("cluster") per bridge of the root namespace, left to right
 *   in creation order. Under its bridge a cluster is a grid of slots filled from the middle out,
 *   row after row: a slot holds a host-side veth (a bridge port) and, under it, the namespace box
 *   at the other end of the pair, then that container's published ports. A cluster owns the three
 *   columns under its bridge and takes up to five while its neighbours leave the room.
 * Inside a namespace box, nodes stack top to bottom. Top-level nodes (the hosts, and the LAN
 * switch, clouds and overlays above them) are placed by place-above.ts.
 *
 * A node that stands for the same container as a node just removed (a stopped container's leaf
 * and its box again once started) takes that node's place: `hints`.
 */
import { placeTopLevel, type NodeInfo } from './place-above';
import { BOX_PAD, GAP, NODE_SIZE, STACK_GAP, type Point, type Size } from './sizes';
import type { GraphElement } from './to-elements';

/** Between two boxes in the band: room for the label of a link between them. */
const BOX_GAP = 130;
/** The bridge row, below the band. */
const BRIDGE_DY = 180;
const SLOT_W = 184;
/** Columns a cluster may take, and the ones it always owns (the middle ones). */
const COLS = 5;
const OWN_HALF = 1.5 * SLOT_W;
/** Slots fill from the middle out, so a bridge's first port sits right under it. */
const COL_ORDER = [2, 1, 3, 0, 4];
const CLUSTER_GAP = 56;
/** A slot's veth below its bridge; the box's first child below the veth; one grid row. */
const VETH_DY = 98;
const BOX_DY = 186;
const ROW_H = 350;
/** A slot's cell starts this far above its veth; below `PART_Y` it is the box part. */
const SLOT_TOP = 62;
const PART_Y = 90;
const PUBLISH_GAP = 28;

interface Cluster {
  bridge: string;
  x: number;
  y: number;
  /** Slot key (row * COLS + col) -> 1 veth part taken | 2 box part taken. */
  occ: Map<number, number>;
  /** Left and right edges of what it holds or owns. */
  l: number;
  r: number;
  /** Index in fill order below which every slot is known to be taken. */
  cursor: number;
}

interface HostGeo {
  /** The band's y (the NICs' row). */
  oy: number;
  left: number;
  right: number;
  /** Right edge of the band's items, if any, and whether the rightmost one is a box. */
  bandRight: number | undefined;
  bandBox: boolean;
  clusters: Cluster[];
}

const round = (p: Point): Point => ({ x: Math.round(p.x), y: Math.round(p.y) });

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Places the nodes in `toPlace` and returns their positions; `known` holds the current positions
 * of everything else, `hints` preferred positions for some of the new nodes. Compound nodes get a
 * position too (their first child's anchor); Cytoscape ignores it once they have children.
 */
export function placeNodes(
  elements: readonly GraphElement[],
  known: ReadonlyMap<string, Point>,
  toPlace: ReadonlySet<string>,
  hints: ReadonlyMap<string, Point> = new Map(),
): Map<string, Point> {
  const nodes = new Map<string, NodeInfo>();
  const children = new Map<string, string[]>();
  const neighbours = new Map<string, string[]>();
  const portOf = new Map<string, string>();
  const vethPeer = new Map<string, string>();
  const publishTarget = new Map<string, string>();
  for (const el of elements) {
    if (el.group === 'nodes') {
      const { id, kind, parent } = el.data;
      nodes.set(id, { id, kind, parent });
      if (parent) push(children, parent, id);
    } else {
      const { source, target, kind } = el.data;
      push(neighbours, source, target);
      push(neighbours, target, source);
      if (kind === 'port') portOf.set(source, target);
      else if (kind === 'veth') {
        vethPeer.set(source, target);
        vethPeer.set(target, source);
      } else if (kind === 'publish') publishTarget.set(source, target);
    }
  }
  const pos = new Map<string, Point>();
  for (const [id, p] of known) if (nodes.has(id) && !toPlace.has(id)) pos.set(id, p);
  const placed = new Map<string, Point>();

  const isLeaf = (id: string): boolean => !children.get(id)?.length;
  /** Boxes a link may join later: named namespaces (even empty) and boxes holding interfaces. */
  const isBox = (id: string): boolean => nodes.get(id)?.kind === 'netns' || (id.startsWith('ns:') && !isLeaf(id) && nodes.get(id)?.parent !== undefined);
  const topCache = new Map<string, string>();
  const topOf = (id: string): string => {
    const hit = topCache.get(id);
    if (hit !== undefined) return hit;
    const parent = nodes.get(id)?.parent;
    const top = parent ? topOf(parent) : id;
    topCache.set(id, top);
    return top;
  };
  const sizeOf = (id: string): Size => NODE_SIZE[nodes.get(id)?.kind ?? 'veth'];
  /** Half the drawn width of a leaf, with its box's padding when it sits in one. */
  const halfW = (id: string): number => {
    const info = nodes.get(id)!;
    const inBox = info.parent !== undefined && nodes.get(info.parent)?.kind !== 'host';
    return sizeOf(id).w / 2 + (inBox ? BOX_PAD : 0);
  };

  // Leaves by host, for the per-host geometry built on first use.
  const hostLeaves = new Map<string, string[]>();
  for (const info of nodes.values()) if (info.parent && isLeaf(info.id)) push(hostLeaves, topOf(info.id), info.id);
  const geos = new Map<string, HostGeo>();

  const newCluster = (bridge: string, p: Point): Cluster => ({
    bridge, x: p.x, y: p.y, occ: new Map(), cursor: 0, l: p.x - OWN_HALF, r: p.x + OWN_HALF,
  });
  /** The cluster a point below the bridge row belongs to: the nearest bridge within reach. */
  const clusterAt = (g: HostGeo, p: Point): Cluster | undefined => {
    let best: Cluster | undefined;
    for (const c of g.clusters) {
      const d = Math.abs(p.x - c.x);
      if (d <= (COLS / 2) * SLOT_W && p.y >= c.y + VETH_DY - SLOT_TOP && (!best || d < Math.abs(p.x - best.x))) best = c;
    }
    return best;
  };
  /** A column is free for `c` when it keeps clear of every other cluster of the host. */
  const columnFree = (g: HostGeo, c: Cluster, col: number): boolean => {
    const x = c.x + (col - (COLS - 1) / 2) * SLOT_W;
    if (x - SLOT_W / 2 >= c.l && x + SLOT_W / 2 <= c.r) return true;
    return g.clusters.every((d) => d === c || x + SLOT_W / 2 + CLUSTER_GAP <= d.l || x - SLOT_W / 2 - CLUSTER_GAP >= d.r);
  };
  const slotAt = (c: Cluster, p: Point): { key: number; part: number } | undefined => {
    const col = Math.round((p.x - c.x) / SLOT_W + (COLS - 1) / 2);
    const row = Math.floor((p.y - (c.y + VETH_DY - SLOT_TOP)) / ROW_H);
    if (col < 0 || col >= COLS || row < 0) return undefined;
    const part = p.y - (c.y + VETH_DY + row * ROW_H) < PART_Y ? 1 : 2;
    return { key: row * COLS + col, part };
  };
  const slotPoint = (c: Cluster, key: number): Point => ({
    x: c.x + (key % COLS - (COLS - 1) / 2) * SLOT_W,
    y: c.y + VETH_DY + Math.floor(key / COLS) * ROW_H,
  });

  const take = (c: Cluster, key: number, part: number): void => {
    c.occ.set(key, (c.occ.get(key) ?? 0) | part);
    const x = slotPoint(c, key).x;
    c.l = Math.min(c.l, x - SLOT_W / 2);
    c.r = Math.max(c.r, x + SLOT_W / 2);
  };

  /** Records a drawn point in its host's geometry: extents, band, slot occupancy. */
  const occupy = (g: HostGeo, id: string, p: Point): void => {
    const half = halfW(id);
    g.left = Math.min(g.left, p.x - half);
    g.right = Math.max(g.right, p.x + half);
    if (nodes.get(id)?.kind === 'bridge' && nodes.get(id)?.parent === topOf(id)) return;
    const c = clusterAt(g, p);
    const s = c && slotAt(c, p);
    if (c && s) take(c, s.key, s.part);
    else if (p.y < g.oy + BRIDGE_DY - SLOT_TOP && p.x + half >= (g.bandRight ?? -Infinity)) {
      g.bandRight = p.x + half;
      g.bandBox = nodes.get(id)?.parent !== topOf(id) || isBox(id);
    }
  };

  const geoOf = (host: string): HostGeo => {
    const hit = geos.get(host);
    if (hit) return hit;
    const leaves = (hostLeaves.get(host) ?? []).filter((id) => pos.has(id));
    const nics = leaves.filter((id) => nodes.get(id)!.kind === 'ether' && nodes.get(id)!.parent === host);
    const oy = nics.length > 0 ? Math.min(...nics.map((id) => pos.get(id)!.y)) : (pos.get(host)?.y ?? 0);
    const g: HostGeo = { oy, left: Infinity, right: -Infinity, bandRight: undefined, bandBox: false, clusters: [] };
    for (const id of children.get(host) ?? []) {
      const p = pos.get(id);
      if (p && nodes.get(id)!.kind === 'bridge') g.clusters.push(newCluster(id, p));
    }
    for (const id of leaves) occupy(g, id, pos.get(id)!);
    geos.set(host, g);
    return g;
  };

  const bandPoint = (g: HostGeo, host: string, w: number, box = false): Point => {
    if (g.bandRight !== undefined) return { x: g.bandRight + (box || g.bandBox ? BOX_GAP : GAP) + w / 2, y: g.oy };
    const x = Number.isFinite(g.left) ? g.left + w / 2 : (pos.get(host)?.x ?? 0);
    return { x, y: g.oy };
  };

  const placeBridge = (g: HostGeo, host: string, id: string): Point => {
    const right = Math.max(...g.clusters.map((c) => c.r));
    const left = Number.isFinite(g.left) ? g.left : (pos.get(host)?.x ?? 0) - NODE_SIZE.ether.w / 2;
    const x = g.clusters.length > 0 ? right + CLUSTER_GAP + OWN_HALF : left + OWN_HALF;
    const p = { x, y: g.oy + BRIDGE_DY };
    g.clusters.push(newCluster(id, p));
    g.right = Math.max(g.right, p.x + NODE_SIZE.bridge.w / 2);
    return p;
  };

  /** A bridge port: the slot above its peer's box if that is free, else the first free slot. */
  const placePort = (g: HostGeo, id: string, c: Cluster): Point => {
    const peer = vethPeer.get(id);
    const peerParent = peer ? nodes.get(peer)?.parent : undefined;
    const near = peer ? (pos.get(peer) ?? (peerParent ? pos.get(peerParent) : undefined)) : undefined;
    const s = near && clusterAt(g, near) === c ? slotAt(c, near) : undefined;
    if (s && ((c.occ.get(s.key) ?? 0) & 1) === 0) return slotPoint(c, s.key);
    for (;;) {
      const col = COL_ORDER[c.cursor % COLS]!;
      const key = Math.floor(c.cursor / COLS) * COLS + col;
      if (!c.occ.get(key) && columnFree(g, c, col)) return slotPoint(c, key);
      c.cursor++;
    }
  };

  /** A namespace box goes under the bridge port its first wired interface is paired with. */
  const underPort = (g: HostGeo, id: string, host: string): Point | undefined => {
    for (const child of children.get(id) ?? []) {
      const v = vethPeer.get(child);
      const vp = v ? pos.get(v) : undefined;
      if (!v || !vp || nodes.get(v)?.parent !== host) continue;
      const c = clusterAt(g, vp);
      const s = c && slotAt(c, vp);
      if (!c || !s || s.part !== 1 || ((c.occ.get(s.key) ?? 0) & 2) !== 0) continue;
      take(c, s.key, 2);
      return { x: vp.x, y: vp.y + BOX_DY };
    }
    return undefined;
  };

  /** Bottom edge of a placed node as drawn (a box: its lowest child plus padding). */
  const bottomOf = (id: string): number | undefined => {
    const kids = (children.get(id) ?? []).filter((k) => pos.has(k));
    if (kids.length === 0) {
      const p = pos.get(id);
      return p && p.y + sizeOf(id).h / 2;
    }
    return Math.max(...kids.map((k) => bottomOf(k) ?? -Infinity)) + BOX_PAD;
  };
  const anchorOf = (id: string): Point | undefined => {
    const first = (children.get(id) ?? []).find((k) => pos.has(k));
    return first ? anchorOf(first) : pos.get(id);
  };

  /** Published ports hang under their container, one below the other. */
  const placePublish = (g: HostGeo, host: string, id: string): Point => {
    const target = publishTarget.get(id);
    const at = target ? anchorOf(target) : undefined;
    const bottom = target ? bottomOf(target) : undefined;
    if (!target || !at || bottom === undefined) return bandPoint(g, host, NODE_SIZE.publish.w);
    let y = bottom + PUBLISH_GAP + NODE_SIZE.publish.h / 2;
    for (const [other, t] of publishTarget) {
      const p = other !== id && t === target ? pos.get(other) : undefined;
      if (p && p.y + NODE_SIZE.publish.h / 2 + PUBLISH_GAP / 2 >= y) y = p.y + NODE_SIZE.publish.h + PUBLISH_GAP / 2;
    }
    return { x: at.x, y };
  };

  /** Inside a namespace box: below the lowest placed sibling. */
  const placeInBox = (id: string, parent: string): Point => {
    const siblings = (children.get(parent) ?? []).filter((k) => k !== id && pos.has(k));
    if (siblings.length === 0) return pos.get(parent) ?? { x: 0, y: 0 };
    const x = anchorOf(siblings[0]!)!.x;
    const bottom = Math.max(...siblings.map((k) => bottomOf(k) ?? -Infinity));
    return { x, y: bottom + STACK_GAP + sizeOf(id).h / 2 };
  };

  const placeInHost = (info: NodeInfo, host: string): Point => {
    const g = geoOf(host);
    const { id, kind } = info;
    if (kind === 'bridge') return placeBridge(g, host, id);
    if (kind === 'publish') return placePublish(g, host, id);
    const bridge = kind === 'veth' ? portOf.get(id) : undefined;
    const cluster = bridge ? g.clusters.find((c) => c.bridge === bridge) : undefined;
    if (cluster) return placePort(g, id, cluster);
    if (kind === 'netns' || kind === 'container') {
      const p = underPort(g, id, host);
      if (p) return p;
    }
    const p = bandPoint(g, host, sizeOf(id).w, isBox(id));
    // A box's children land on its anchor next: keep its room in the band now.
    if (!isLeaf(id)) {
      g.bandRight = p.x + sizeOf(id).w / 2 + BOX_PAD;
      g.bandBox = true;
    }
    return p;
  };

  const place = (info: NodeInfo, p: Point): void => {
    const r = round(p);
    pos.set(info.id, r);
    placed.set(info.id, r);
    if (info.parent && isLeaf(info.id)) occupy(geoOf(topOf(info.id)), info.id, r);
  };

  // Hinted nodes first, so the new nodes around them (a restarted container's bridge port) fit them.
  for (const info of nodes.values()) {
    const hint = toPlace.has(info.id) ? hints.get(info.id) : undefined;
    if (!hint) continue;
    place(info, hint);
    if (info.parent && !isLeaf(info.id)) {
      const g = geoOf(topOf(info.id));
      const c = clusterAt(g, hint);
      const s = c && slotAt(c, hint);
      if (c && s) take(c, s.key, s.part);
    }
  }
  for (const info of nodes.values()) {
    if (!toPlace.has(info.id) || placed.has(info.id)) continue;
    const parentKind = info.parent ? nodes.get(info.parent)?.kind : undefined;
    const p = !info.parent
      ? placeTopLevel({ nodes, pos, neighbours, hostExtent: geoOf }, info)
      : parentKind === 'host'
        ? placeInHost(info, info.parent)
        : placeInBox(info.id, info.parent);
    place(info, p);
  }
  return placed;
}
