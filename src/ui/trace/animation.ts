/**
 * How a trace event moves on the graph: a pure function of the World and the Trace, so the
 * overlay only interpolates and paints. Each step becomes a `StepMotion`: where it happens (a
 * graph node id), the segments a packet dot travels (graph node ids, with the edge they follow
 * and their share of the step's time), an effect (pulse, delivery, drop, NAT badge) and the
 * protocol colour class.
 *
 * Invariants (the graph element contract of to-elements.ts):
 * - an iface is drawn as `if:<IfaceId>`, except in the folded namespaces (the internet cloud and
 *   the LAN switch, one node `ns:<NsId>`; an overlay's sandboxes, one node `ovl:<netid10>` for
 *   all hosts); `lo` is never drawn, so it maps to its box;
 * - a VXLAN device's tunnel is `tunnel:<IfaceId>` (VTEP to overlay), a macvlan's `macvlan:<IfaceId>`;
 * - a host's root namespace is the host box `host:<HostId>`, any other namespace `ns:<NsId>`;
 * - veth pairs and cables are `link:<low>:<high>` (ids in creation order), bridge ports `port:<ifId>`.
 * Nothing here reads the clock: time enters as numbers (`progressAt`).
 */
import { formatIp4, hasCarrier } from '../../sim';
import type { Frame, IfaceId, NsId, StepKind, Trace, TraceStep, World } from '../../sim';
import { isFoldedNs, isOverlaySandbox, overlayNodeId, vtepOf } from '../graph/overlay-network';

/** The packet travels inside a VXLAN header at this step (drawn as a capsule). */
export function isEncapsulated(step: TraceStep): boolean {
  if (step.kind === 'vxlan-encap' || step.kind === 'vxlan-decap') return true;
  // The underlay's own ARP for the remote VTEP travels bare, whatever the engine tags it with.
  return step.frame.vxlan !== undefined && step.frame.proto !== 'arp';
}

export type ProtoClass = 'arp' | 'icmp' | 'tcp' | 'udp';

/** One leg of a packet's journey in a step: from node to node, over `t0..t1` of the step. */
export interface Segment {
  from: string;
  to: string;
  /** The edge it follows, when the two nodes are linked on the graph. */
  edge?: string;
  t0: number;
  t1: number;
}

export type StepEffect = 'pulse' | 'deliver' | 'drop' | 'badge';

export interface StepMotion {
  /** The graph node where the step happens (gets `trace-active`), or null if it is not drawn. */
  place: string | null;
  segments: Segment[];
  /** Every element the step touches (place, edges and the nodes they join). */
  active: string[];
  effect: StepEffect;
  /** NAT rewrite text ("DNAT 172.17.0.2:80") for nat steps; "VXLAN VNI 4096" on encapsulation. */
  badge?: string;
  proto: ProtoClass;
  reply: boolean;
  /** The packet is inside a VXLAN header (between encapsulation and decapsulation). */
  encapsulated: boolean;
}

/** The box a namespace is drawn as. */
export function nsNode(world: World, ns: NsId): string | null {
  const n = world.netns[ns];
  if (!n) return null;
  return world.hosts[n.host]?.rootNs === ns ? `host:${n.host}` : `ns:${ns}`;
}

/** The node an iface is drawn as (its folded namespace, or its box for `lo`). */
export function ifaceNode(world: World, id: IfaceId): string | null {
  const iface = world.ifaces[id];
  if (!iface) return null;
  const ns = world.netns[iface.ns];
  if (ns && isOverlaySandbox(ns)) return overlayNodeId(ns);
  if (ns && isFoldedNs(ns)) return `ns:${ns.id}`;
  if (iface.kind === 'loopback') return nsNode(world, iface.ns);
  return `if:${id}`;
}

/** Orders `if12` before `if100`, as to-elements.ts does for link ids. */
function idOrder(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}

/** The id of the veth/cable edge between two peers. */
export function linkEdgeId(a: IfaceId, b: IfaceId): string {
  return idOrder(a, b) <= 0 ? `link:${a}:${b}` : `link:${b}:${a}`;
}

export function protoOf(frame: Frame): ProtoClass {
  return frame.proto;
}

/** The answer direction: ARP replies, echo replies and ICMP errors, SYN-ACK and RST. */
export function isReply(step: TraceStep): boolean {
  const f = step.frame;
  if (f.proto === 'arp') return step.kind === 'arp-reply';
  if (f.proto === 'icmp') return f.icmp !== undefined && f.icmp !== 'echo-request';
  if (f.proto === 'tcp') return /[AR]/.test(f.tcpFlags ?? '');
  return false;
}

/** The NAT rewrite a step makes, as a short badge; undefined for other steps. */
export function natBadge(step: TraceStep): string | undefined {
  const f = step.frame;
  const withPort = (ip: number, port?: number) => `${formatIp4(ip)}${port !== undefined ? `:${port}` : ''}`;
  const back = step.reason.startsWith('conntrack');
  if (step.kind === 'nat-dnat') return back ? `un-SNAT → ${formatIp4(f.dst)}` : `DNAT ${withPort(f.dst, f.dport)}`;
  if (step.kind === 'nat-snat') {
    if (back) return `un-DNAT → ${formatIp4(f.src)}`;
    return `${/MASQUERADE/.test(step.reason) ? 'MASQUERADE' : 'SNAT'} ${formatIp4(f.src)}`;
  }
  return undefined;
}

/** The graph node of a VXLAN device's VTEP (the underlay NIC), if it can be told. */
function vtepNode(world: World, vxlan: IfaceId | undefined): string | null {
  const dev = vxlan ? world.ifaces[vxlan] : undefined;
  const vtep = dev ? vtepOf(world, dev) : undefined;
  return vtep ? ifaceNode(world, vtep.iface.id) : null;
}

/** The crossings: the packet ends the step on the iface it arrives at (`to`). */
const CROSSINGS: ReadonlySet<StepKind> = new Set(['veth-cross', 'bridge-forward', 'macvlan']);

/**
 * Where a step leaves the packet: the arriving iface of a crossing, the VTEP after encapsulation,
 * else its iface or box.
 */
export function placeOf(world: World, step: TraceStep): string | null {
  if (step.kind === 'vxlan-encap') return vtepNode(world, step.iface) ?? (step.iface ? ifaceNode(world, step.iface) : nsNode(world, step.ns));
  if (CROSSINGS.has(step.kind) && step.to) return ifaceNode(world, step.to);
  if (step.iface) return ifaceNode(world, step.iface);
  return nsNode(world, step.ns);
}

/** Where a step happens (for the highlight and the effects). */
function siteOf(world: World, step: TraceStep): string | null {
  if (step.kind === 'veth-cross' && step.to) return ifaceNode(world, step.to);
  if (step.iface) return ifaceNode(world, step.iface);
  return nsNode(world, step.ns);
}

interface Hop {
  from: IfaceId;
  to: IfaceId;
  edge: string;
  level: number;
}

const portsOf = (world: World, bridge: IfaceId) => Object.values(world.ifaces).filter((i) => i.master === bridge);

/**
 * The hops of a broadcast sent out of `dev`, by level (hops of one level happen at once): across
 * veths and cables, into each bridge it reaches and out of every other port of that bridge, as
 * the kernel floods (br_flood). Mirrors the packet engine's flood, but keeps the way it went.
 */
export function floodHops(world: World, dev: IfaceId): Hop[] {
  const hops: Hop[] = [];
  const start = world.ifaces[dev];
  if (!start) return hops;
  const seen = new Set<string>([dev]);
  const queue: { id: IfaceId; level: number }[] = [];
  const cross = (from: IfaceId, level: number) => {
    const f = world.ifaces[from];
    if (!f?.peer || !hasCarrier(world, f) || seen.has(f.peer)) return;
    seen.add(f.peer);
    hops.push({ from, to: f.peer, edge: linkEdgeId(from, f.peer), level });
    queue.push({ id: f.peer, level: level + 1 });
  };
  const outOf = (bridge: IfaceId, except: IfaceId | null, level: number) => {
    for (const port of portsOf(world, bridge)) {
      if (port.id === except || seen.has(`out:${port.id}`)) continue;
      seen.add(`out:${port.id}`);
      hops.push({ from: bridge, to: port.id, edge: `port:${port.id}`, level });
      cross(port.id, level + 1);
    }
  };
  if (start.kind === 'bridge') {
    if (start.up) outOf(start.id, null, 0);
  } else cross(dev, 0);
  while (queue.length) {
    const { id, level } = queue.shift()!;
    const br = world.ifaces[id]?.master ? world.ifaces[world.ifaces[id]!.master!] : undefined;
    if (!br?.up) continue;
    if (!seen.has(br.id)) {
      seen.add(br.id);
      hops.push({ from: id, to: br.id, edge: `port:${id}`, level });
    }
    outOf(br.id, id, level + 1);
  }
  return hops;
}

/** The way back from `ep` to `dev` along a flood from `dev` (an ARP reply's path), in order. */
export function pathBack(world: World, dev: IfaceId, ep: IfaceId): Hop[] {
  const parent = new Map<IfaceId, Hop>();
  for (const h of floodHops(world, dev)) if (!parent.has(h.to)) parent.set(h.to, h);
  const path: Hop[] = [];
  let at = ep;
  for (let guard = 0; at !== dev && guard < 256; guard++) {
    const h = parent.get(at);
    if (!h) return [];
    path.push({ from: h.to, to: h.from, edge: h.edge, level: path.length });
    at = h.from;
  }
  return path;
}

/** Hops to segments: levels share the step's time equally (a flood's ports light up at once). */
function toSegments(world: World, hops: Hop[]): Segment[] {
  const out: Segment[] = [];
  const drawn: { from: string; to: string; edge: string; level: number }[] = [];
  for (const h of hops) {
    const from = ifaceNode(world, h.from);
    const to = ifaceNode(world, h.to);
    // Hops inside a folded node (the LAN switch's own ports) are not drawn: no time for them.
    if (from && to && from !== to) drawn.push({ from, to, edge: h.edge, level: h.level });
  }
  const kept = [...new Set(drawn.map((h) => h.level))].sort((a, b) => a - b);
  const rank = new Map(kept.map((l, k) => [l, k]));
  const levels = kept.length;
  for (const h of drawn) {
    const k = rank.get(h.level)!;
    out.push({ from: h.from, to: h.to, edge: h.edge, t0: k / levels, t1: (k + 1) / levels });
  }
  return out;
}

function lastIndexBefore(steps: readonly TraceStep[], i: number, kind: TraceStep['kind']): number {
  for (let j = i - 1; j >= 0; j--) if (steps[j]!.kind === kind) return j;
  return -1;
}

function segmentsOf(world: World, steps: readonly TraceStep[], i: number): Segment[] {
  const step = steps[i]!;
  const prev = i > 0 ? steps[i - 1] : undefined;
  switch (step.kind) {
    case 'arp-request':
      return step.iface ? toSegments(world, floodHops(world, step.iface)) : [];
    case 'arp-reply': {
      const req = steps[lastIndexBefore(steps, i, 'arp-request')];
      if (!req?.iface || !step.iface) return [];
      return toSegments(world, pathBack(world, req.iface, step.iface));
    }
    case 'veth-cross': {
      if (!step.iface || !step.to) return [];
      const from = ifaceNode(world, step.iface);
      const to = ifaceNode(world, step.to);
      return from && to && from !== to ? [{ from, to, edge: linkEdgeId(step.iface, step.to), t0: 0, t1: 1 }] : [];
    }
    case 'bridge-forward': {
      if (!step.iface) return [];
      const bridge = ifaceNode(world, step.iface);
      if (!bridge) return [];
      // The frame came in on the port the previous crossing reached.
      const inPort = prev?.kind === 'veth-cross' && prev.to && world.ifaces[prev.to]?.master === step.iface ? prev.to : undefined;
      const inNode = inPort ? ifaceNode(world, inPort) : null;
      const outNode = step.to ? ifaceNode(world, step.to) : null;
      const legs: Segment[] = [];
      if (inNode && inNode !== bridge) legs.push({ from: inNode, to: bridge, edge: `port:${inPort}`, t0: 0, t1: 1 });
      if (outNode && outNode !== bridge) legs.push({ from: bridge, to: outNode, edge: `port:${step.to}`, t0: 0, t1: 1 });
      // Two legs share the step: in, then out.
      return legs.map((s, k) => (legs.length === 2 ? { ...s, t0: k / 2, t1: (k + 1) / 2 } : s));
    }
    case 'forward': {
      const from = prev ? placeOf(world, prev) : null;
      const to = step.iface ? ifaceNode(world, step.iface) : null;
      return from && to && from !== to ? [{ from, to, t0: 0, t1: 1 }] : [];
    }
    case 'vxlan-encap':
    case 'vxlan-decap':
      return tunnelSegments(world, step);
    case 'macvlan':
      return macvlanSegments(world, step);
    default:
      // No motion: the step pulses in place.
      return [];
  }
}

/** Encapsulation leaves the overlay for the VTEP along the tunnel; decapsulation comes back up it on the far host. */
function tunnelSegments(world: World, step: TraceStep): Segment[] {
  const dev = step.iface;
  if (!dev) return [];
  const overlay = ifaceNode(world, dev);
  const vtep = vtepNode(world, dev);
  if (!overlay || !vtep || overlay === vtep) return [];
  const edge = `tunnel:${dev}`;
  return [step.kind === 'vxlan-encap' ? { from: overlay, to: vtep, edge, t0: 0, t1: 1 } : { from: vtep, to: overlay, edge, t0: 0, t1: 1 }];
}

/** A macvlan crossing: between the child and its lower device, or child to sibling. */
function macvlanSegments(world: World, step: TraceStep): Segment[] {
  const dev = step.iface;
  if (!dev || !step.to) return [];
  const child = world.ifaces[dev]?.kind === 'macvlan' ? dev : step.to;
  const lower = world.ifaces[child]?.link;
  // Arriving at the child (iface = to = the child): it came up from the lower device.
  const fromId = dev === step.to && lower ? lower : dev;
  const from = ifaceNode(world, fromId);
  const to = ifaceNode(world, step.to);
  if (!from || !to || from === to) return [];
  // Along the macvlan edge between the child and its lower device, else straight (child to sibling).
  const onEdge = lower !== undefined && (lower === fromId || lower === step.to);
  return [{ from, to, ...(onEdge ? { edge: `macvlan:${child}` } : {}), t0: 0, t1: 1 }];
}

function effectOf(step: TraceStep): StepEffect {
  if (step.kind === 'drop') return 'drop';
  if (step.kind === 'deliver') return 'deliver';
  if (step.kind === 'nat-dnat' || step.kind === 'nat-snat') return 'badge';
  return 'pulse';
}

/** How step `i` of a trace moves on the graph. */
export function stepMotion(world: World, trace: Trace, i: number): StepMotion | null {
  const step = trace.steps[i];
  if (!step) return null;
  const segments = segmentsOf(world, trace.steps, i);
  const place = siteOf(world, step);
  const active = new Set<string>();
  if (place) active.add(place);
  for (const s of segments) {
    active.add(s.from);
    active.add(s.to);
    if (s.edge) active.add(s.edge);
  }
  const badge = natBadge(step);
  return {
    place,
    segments,
    active: [...active],
    effect: effectOf(step),
    ...(badge ? { badge } : {}),
    proto: protoOf(step.frame),
    reply: isReply(step),
    encapsulated: isEncapsulated(step),
  };
}

/** Base rate at 1x: events per second. */
export const EVENTS_PER_SECOND = 1.25;

/** How long one event lasts at a speed multiplier, in ms. */
export function stepDurationMs(speed: number): number {
  return 1000 / (EVENTS_PER_SECOND * (speed > 0 ? speed : 1));
}

/**
 * The animation's progress in a step (0..1) `elapsed` ms after it began. Playing, it runs once
 * and holds at the end; paused on a step, it loops (with a short rest) so the step stays visible.
 */
export function progressAt(elapsed: number, duration: number, playing: boolean): number {
  if (duration <= 0) return 1;
  if (playing) return Math.min(1, Math.max(0, elapsed / duration));
  const rest = duration * 0.35;
  const t = Math.max(0, elapsed) % (duration + rest);
  return Math.min(1, t / duration);
}

/** Where a segment's dot is at step progress `p`, as a fraction of the segment (null: not on it). */
export function segmentProgress(seg: Segment, p: number): number | null {
  if (p < seg.t0 || p > seg.t1) return null;
  const span = seg.t1 - seg.t0;
  return span <= 0 ? 1 : (p - seg.t0) / span;
}

/** Smooth start and stop for a dot along an edge. */
export function ease(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}

export type ThemeName = 'dark' | 'light';

const PALETTE: Record<ThemeName, Record<ProtoClass, [string, string]>> = {
  // [request, reply]: the reply is a neighbouring hue, so both directions read as one protocol.
  dark: { arp: ['#f59e0b', '#fde047'], icmp: ['#38bdf8', '#22d3ee'], tcp: ['#a78bfa', '#e879f9'], udp: ['#2dd4bf', '#6ee7b7'] },
  light: { arp: ['#d97706', '#ca8a04'], icmp: ['#0284c7', '#0891b2'], tcp: ['#7c3aed', '#c026d3'], udp: ['#0d9488', '#059669'] },
};

export const EFFECT_COLORS: Record<ThemeName, { drop: string; deliver: string; badge: string; badgeText: string }> = {
  dark: { drop: '#f87171', deliver: '#4ade80', badge: '#facc15', badgeText: '#111827' },
  light: { drop: '#dc2626', deliver: '#16a34a', badge: '#ca8a04', badgeText: '#ffffff' },
};

/** The dot colour of a protocol in a theme. */
export function packetColor(proto: ProtoClass, reply: boolean, theme: ThemeName): string {
  return PALETTE[theme][proto][reply ? 1 : 0];
}

/** The tag next to a packet dot: what the frame is ("ICMP echo", "TCP SYN-ACK", "ARP who-has"). */
export function dotLabel(step: TraceStep): string {
  const inner = innerLabel(step);
  const v = step.frame.vxlan;
  // Encap/decap steps carry the inner frame; the steps between them the outer UDP packet.
  if (step.kind === 'vxlan-encap' || step.kind === 'vxlan-decap') return `VXLAN${v ? ` ${v.vni}` : ''} [${inner}]`;
  return v && step.frame.proto !== 'arp' ? `VXLAN ${v.vni} (outer ${inner} ${v.dport})` : inner;
}

function innerLabel(step: TraceStep): string {
  const f = step.frame;
  if (f.proto === 'arp') return step.kind === 'arp-reply' ? 'ARP is-at' : 'ARP who-has';
  if (f.proto === 'icmp') {
    const names: Record<string, string> = {
      'echo-request': 'ICMP echo',
      'echo-reply': 'ICMP reply',
      'host-unreachable': 'ICMP host unreach',
      'net-unreachable': 'ICMP net unreach',
      'port-unreachable': 'ICMP port unreach',
      'time-exceeded': 'ICMP TTL exceeded',
    };
    return names[f.icmp ?? ''] ?? 'ICMP';
  }
  if (f.proto === 'tcp') {
    const flags: Record<string, string> = { S: 'SYN', SA: 'SYN-ACK', R: 'RST', RA: 'RST-ACK', A: 'ACK' };
    return `TCP ${flags[f.tcpFlags ?? ''] ?? f.tcpFlags ?? ''}`.trim();
  }
  return 'UDP';
}
