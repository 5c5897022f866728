/**
 * Read-only indexes over a World for the packet engine, built once per World object and kept in
 * a WeakMap: Worlds are immutable (every change makes a new one), so identity is a safe key.
 * They turn the per-probe scans (local addresses, bridge ports, what lives behind a port) into
 * lookups, which is what makes `reach` over 100 namespaces fast.
 */
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
