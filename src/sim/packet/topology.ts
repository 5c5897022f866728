/**
 * Read-only indexes over a World for the packet engine, built once per World object and kept in
 * a WeakMap: Worlds are immutable (every change makes a new one), so identity is a safe key.
 * They turn the per-probe scans (local addresses, bridge ports, what lives behind a port) into
 * lookups, which is what makes `reach` over 100 namespaces fast.
 */
import { hasCarrier } from '../net/link';
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
}

const cache = new WeakMap<World, Topology>();

export function topology(world: World): Topology {
  let t = cache.get(world);
  if (t) return t;
  t = { local: new Map(), ports: new Map(), lo: new Map(), behind: new Map(), floods: new Map(), arp: new Map() };
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
    }
    t.local.set(ns.id, local);
  }
  // Flood order is the bridge's port list: the most recently enslaved port first.
  for (const list of t.ports.values()) list.sort((a, b) => (b.portSeq ?? 0) - (a.portSeq ?? 0));
  cache.set(world, t);
  return t;
}

export function isLocal(t: Topology, ns: NsId, ip: Ip4): boolean {
  const set = t.local.get(ns);
  if (!set) return false;
  if (ip >>> 24 === 127) return set.has(0x7f000001);
  return set.has(ip);
}

/** Every IP endpoint a broadcast out of `dev` reaches (veths, cables, bridges), in flood order. */
export function flood(world: World, t: Topology, dev: Iface): Iface[] {
  const memo = t.floods.get(dev.id);
  if (memo) return memo;
  const out: Iface[] = [];
  t.floods.set(dev.id, out);
  const seen = new Set<string>([dev.id]);
  const queue: Iface[] = [];
  const cross = (from: Iface) => {
    if (!from.peer || !hasCarrier(world, from)) return;
    const to = world.ifaces[from.peer];
    if (to && !seen.has(to.id)) {
      seen.add(to.id);
      queue.push(to);
    }
  };
  // A frame sent by a bridge device itself leaves through every port.
  if (dev.kind === 'bridge') {
    if (!dev.up) return out;
    for (const port of portsOf(t, dev)) {
      seen.add(`out:${port.id}`);
      cross(port);
    }
  } else cross(dev);
  while (queue.length) {
    const at = queue.shift()!;
    const br = at.master ? world.ifaces[at.master] : undefined;
    if (!br) {
      out.push(at);
      continue;
    }
    if (!br.up) continue;
    if (!seen.has(br.id)) {
      seen.add(br.id);
      out.push(br);
    }
    for (const port of portsOf(t, br)) {
      if (port.id === at.id || seen.has(`out:${port.id}`)) continue;
      seen.add(`out:${port.id}`);
      cross(port);
    }
  }
  return out;
}

export function portsOf(t: Topology, br: Iface): Iface[] {
  return t.ports.get(br.id) ?? [];
}

/** The MACs a frame sent out of `port` can reach: what the bridge's FDB learns behind it. */
export function behind(world: World, t: Topology, port: Iface): Set<string> {
  let macs = t.behind.get(port.id);
  if (!macs) {
    macs = new Set(flood(world, t, port).map((ep) => ep.mac));
    t.behind.set(port.id, macs);
  }
  return macs;
}
