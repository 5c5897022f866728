/**
 * Read-only indexes over a World for the packet engine, built once per World object and kept in
 * a WeakMap: Worlds are immutable (every change makes a new one), so identity is a safe key.
 * They turn the per-probe scans (local addresses, bridge ports, what lives behind a port) into
 * lookups, which is what makes `reach` over 100 namespaces fast.
 */
import { hasCarrier, vxlanPort } from '../net/link';
import { ZERO_MAC } from '../net/stacked-link';
import type { Iface, IfaceId, Ip4, NsId, World } from '../net/types';

export interface Topology {
  /** Local IPv4 addresses of each namespace (127/8 only while lo has its address). */
  local: Map<NsId, Set<Ip4>>;
  /** Ports of each bridge, newest first (the kernel's port_list order). */
  ports: Map<IfaceId, Iface[]>;
  lo: Map<NsId, Iface>;
  /** Memo: MACs of the endpoints a frame sent out of a port can reach. */
  behind: Map<IfaceId, Set<string>>;
  /** Memo: the endpoints a broadcast out of an iface reaches, in flood order. */
  floods: Map<IfaceId, Iface[]>;
  /** Memo: who answers ARP "who-has ip tell sip" sent out of an iface ("dev|ip|sip"). */
  arp: Map<string, Iface | null>;
  /** macvlan children of each lower device, in creation order. */
  children: Map<IfaceId, Iface[]>;
  /** vxlan devices that are up, by "underlay ns|udp port|vni": who decapsulates what arrives there. */
  vteps: Map<string, Iface[]>;
  /** Memo: the remote vxlan device a frame encapsulated by a vxlan device for an IP reaches ("vx|ip"). */
  tunnels: Map<string, Iface | null>;
  /** Memo: the vxlan devices (as egress) a broadcast out of an iface reaches. */
  vxlans: Map<IfaceId, Iface[]>;
}

/** Where a vxlan device sends broadcast and unknown unicast: `remote`, then the all-zero fdb entries. */
export function vxlanDefaults(vx: Iface): Ip4[] {
  const v = vx.vxlan;
  if (!v) return [];
  const out: Ip4[] = [];
  if (v.remote !== undefined) out.push(v.remote);
  for (const e of v.fdb) if (e.mac === ZERO_MAC && !out.includes(e.dst)) out.push(e.dst);
  return out;
}

/**
 * Walks the UDP packet a vxlan device sends to `dst` through the underlay and returns the vxlan
 * device that decapsulates it there. The packet engine registers it (it needs the Walker).
 */
type UnderlayWalk = (world: World, vx: Iface, dst: Ip4) => Iface | undefined;
let underlayWalk: UnderlayWalk | undefined;

export function setUnderlayWalk(f: UnderlayWalk): void {
  underlayWalk = f;
}

/** The remote vxlan device reached by encapsulating towards `dst`, memoised (cycles read as unreachable). */
export function tunnel(world: World, t: Topology, vx: Iface, dst: Ip4): Iface | undefined {
  const key = `${vx.id}|${dst}`;
  const memo = t.tunnels.get(key);
  if (memo !== undefined) return memo ?? undefined;
  t.tunnels.set(key, null);
  const far = underlayWalk?.(world, vx, dst);
  t.tunnels.set(key, far ?? null);
  return far;
}

const cache = new WeakMap<World, Topology>();

export function topology(world: World): Topology {
  let t = cache.get(world);
  if (t) return t;
  t = {
    local: new Map(),
    ports: new Map(),
    lo: new Map(),
    behind: new Map(),
    floods: new Map(),
    arp: new Map(),
    children: new Map(),
    vteps: new Map(),
    tunnels: new Map(),
    vxlans: new Map(),
  };
  for (const ns of Object.values(world.netns)) {
    const local = new Set<Ip4>();
    for (const id of ns.ifaces) {
      const i = world.ifaces[id]!;
      if (i.kind === 'loopback') t.lo.set(ns.id, i);
      for (const a of i.addrs) local.add(a.addr);
      if (i.master) {
        const list = t.ports.get(i.master) ?? [];
        list.push(i);
        t.ports.set(i.master, list);
      }
      if (i.kind === 'macvlan' && i.link) {
        const list = t.children.get(i.link) ?? [];
        list.push(i);
        t.children.set(i.link, list);
      }
      if (i.kind === 'vxlan' && i.vxlan && i.up) {
        const key = vtepKey(i.vxlan.underlay, i);
        t.vteps.set(key, [...(t.vteps.get(key) ?? []), i]);
      }
    }
    t.local.set(ns.id, local);
  }
  // Flood order is the bridge's port list: the most recently enslaved port first.
  for (const list of t.ports.values()) list.sort((a, b) => (b.portSeq ?? 0) - (a.portSeq ?? 0));
  cache.set(world, t);
  return t;
}

function vtepKey(underlay: NsId, vx: Iface): string {
  return `${underlay}|${vxlanPort(vx)}|${vx.vxlan!.vni}`;
}

/** The vxlan device in `underlay` that decapsulates what `vx` sends there (same udp port and VNI). */
export function vtepFor(t: Topology, underlay: NsId, vx: Iface): Iface | undefined {
  return t.vteps.get(vtepKey(underlay, vx))?.[0];
}

/** The macvlan children of `lower` that have carrier, in creation order. */
export function macvlanChildren(world: World, t: Topology, lower: Iface): Iface[] {
  return (t.children.get(lower.id) ?? []).filter((c) => hasCarrier(world, c));
}

/** The bridge-mode siblings a bridge-mode macvlan device `from` on `lower` talks to directly. */
export function bridgeSiblings(world: World, t: Topology, from: Iface, lower: Iface): Iface[] {
  return macvlanChildren(world, t, lower).filter((c) => c.id !== from.id && c.macvlanMode === 'bridge');
}

export function isLocal(t: Topology, ns: NsId, ip: Ip4): boolean {
  const set = t.local.get(ns);
  if (!set) return false;
  if (ip >>> 24 === 127) return set.has(0x7f000001);
  return set.has(ip);
}

/**
 * Every IP endpoint a broadcast out of `dev` reaches, in flood order: across veths and cables,
 * through bridges (not back out of the arrival port), to the macvlan children of the device it
 * arrives on (never to those of the device that sent it: macvlan only sees its lower device's RX),
 * and through vxlan devices to their remote VTEPs (the underlay walk decides which one it reaches).
 */
export function flood(world: World, t: Topology, dev: Iface): Iface[] {
  const memo = t.floods.get(dev.id);
  if (memo) return memo;
  const out: Iface[] = [];
  const vxlans: Iface[] = [];
  t.floods.set(dev.id, out);
  t.vxlans.set(dev.id, vxlans);
  const seen = new Set<string>([dev.id]);
  const queue: Iface[] = [];
  const arrive = (to: Iface | undefined) => {
    if (to && !seen.has(to.id)) {
      seen.add(to.id);
      queue.push(to);
    }
  };
  const endpoint = (ep: Iface) => {
    out.push(ep);
    // A broadcast received by a lower device goes to each of its macvlan children too.
    for (const c of macvlanChildren(world, t, ep)) {
      if (!seen.has(c.id)) {
        seen.add(c.id);
        out.push(c);
      }
    }
  };
  // The frame leaves `from`: sent by its own stack, or forwarded out of it by its bridge.
  const egress = (from: Iface) => {
    if (seen.has(`out:${from.id}`)) return;
    seen.add(`out:${from.id}`);
    switch (from.kind) {
      case 'bridge':
        // A frame sent by a bridge device itself leaves through every port.
        if (!from.up) return;
        for (const port of portsOf(t, from)) egress(port);
        return;
      case 'vxlan':
        if (!from.up || !from.vxlan) return;
        vxlans.push(from);
        // With `proxy` the device answers ARP itself and sends none (arp_reduce).
        if (from.vxlan.proxy) return;
        for (const dst of vxlanDefaults(from)) arrive(tunnel(world, t, from, dst));
        return;
      case 'macvlan': {
        const lower = from.link ? world.ifaces[from.link] : undefined;
        if (!lower || !hasCarrier(world, from)) return;
        if (from.macvlanMode === 'bridge') for (const sib of bridgeSiblings(world, t, from, lower)) arrive(sib);
        egress(lower);
        return;
      }
      default:
        if (!from.peer || !hasCarrier(world, from)) return;
        arrive(world.ifaces[from.peer]);
    }
  };
  egress(dev);
  while (queue.length) {
    const at = queue.shift()!;
    const br = at.master ? world.ifaces[at.master] : undefined;
    if (!br) {
      endpoint(at);
      continue;
    }
    if (!br.up) continue;
    if (!seen.has(br.id)) {
      seen.add(br.id);
      endpoint(br);
    }
    for (const port of portsOf(t, br)) {
      if (port.id !== at.id) egress(port);
    }
  }
  return out;
}

/** The vxlan devices a broadcast out of `dev` leaves through (for proxy ARP and FDB lookups). */
export function floodVxlans(world: World, t: Topology, dev: Iface): Iface[] {
  flood(world, t, dev);
  return t.vxlans.get(dev.id) ?? [];
}

export function portsOf(t: Topology, br: Iface): Iface[] {
  return t.ports.get(br.id) ?? [];
}

/** The MACs a frame sent out of `port` can reach: what the bridge's FDB learns behind it. */
export function behind(world: World, t: Topology, port: Iface): Set<string> {
  let macs = t.behind.get(port.id);
  if (!macs) {
    macs = new Set(flood(world, t, port).map((ep) => ep.mac));
    // Through a vxlan device: what its FDB and (with proxy) its neighbour entries point at.
    for (const vx of floodVxlans(world, t, port)) {
      for (const e of vx.vxlan!.fdb) if (e.mac !== ZERO_MAC) macs.add(e.mac);
      if (vx.vxlan!.proxy) for (const n of world.netns[vx.ns]?.neigh ?? []) if (n.dev === vx.id && n.mac) macs.add(n.mac);
    }
    t.behind.set(port.id, macs);
  }
  return macs;
}
