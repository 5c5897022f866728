/**
 * Why an ARP request went unanswered: walks the wiring from the sending interface to whoever
 * holds the address, ignoring link state, and names the first thing on the way that carries
 * nothing (an interface or bridge that is down), or the missing wire (a veth end enslaved to no
 * bridge), or says that nobody on the segment has the address at all.
 *
 * Kernel facts used: a veth has carrier only while both ends are up; a bridge floods only out of
 * ports with carrier and only while it is up itself (net/bridge/br_forward.c); a host does not
 * answer ARP whose sender address is one of its own (the martian check in arp_process).
 */
import { formatIp4, inPrefix } from '../net/ip4';
import type { Iface, Ip4, World } from '../net/types';
import { flood, topology } from './topology';
import { placeName } from './places';

export type L2Why =
  /** `iface` (an end of the wire or a bridge) is administratively down. */
  | { kind: 'down'; iface: Iface; owner: Iface }
  /** `iface` is the far end of the owner's veth and is enslaved to no bridge; `bridge` is the one the sender reaches. */
  | { kind: 'detached'; iface: Iface; owner: Iface; bridge?: Iface }
  /** The owner's namespace also holds the sender's address: it ignores the request. */
  | { kind: 'duplicate'; owner: Iface }
  | { kind: 'unwired'; owner: Iface }
  /** The owner is a macvlan child of the sending device, or its lower device: they never talk. */
  | { kind: 'macvlan-parent'; owner: Iface; parent: Iface; child: Iface }
  /** Only namespaces on other hosts have the address (each host's private bridge, e.g. docker0). */
  | { kind: 'other-host'; owner: Iface; present: string[]; bridge?: Iface; ownerBridge?: Iface }
  /** A vxlan device on the segment answers ARP itself (proxy) and has no neighbour entry for the address. */
  | { kind: 'vxlan-neigh'; vxlan: Iface; owner?: Iface }
  /** Nobody has the address; `present` lists who answers on the segment. */
  | { kind: 'nobody'; present: string[] };

function neighbours(world: World, ports: Map<string, Iface[]>, i: Iface): Iface[] {
  const out: Iface[] = [];
  if (i.peer && world.ifaces[i.peer]) out.push(world.ifaces[i.peer]!);
  if (i.master && world.ifaces[i.master]) out.push(world.ifaces[i.master]!);
  if (i.kind === 'bridge') out.push(...(ports.get(i.id) ?? []));
  return out;
}

/** Shortest wiring path from `from` to any of `to` (link state ignored). */
function wiring(world: World, from: Iface, to: Set<string>): Iface[] | undefined {
  const ports = new Map<string, Iface[]>();
  for (const i of Object.values(world.ifaces)) {
    if (!i.master) continue;
    const list = ports.get(i.master) ?? [];
    list.push(i);
    ports.set(i.master, list);
  }
  const prev = new Map<string, Iface | null>([[from.id, null]]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    if (to.has(at.id) && at.id !== from.id) {
      const path: Iface[] = [];
      for (let p: Iface | null | undefined = at; p; p = prev.get(p.id)) path.unshift(p);
      return path;
    }
    // A frame does not leave a bridge through the bridge device into its own stack and out again.
    for (const n of neighbours(world, ports, at)) {
      if (prev.has(n.id)) continue;
      prev.set(n.id, at);
      queue.push(n);
    }
  }
  return undefined;
}

/** The bridge a frame sent out of `dev` reaches first (wiring only). */
function firstBridge(world: World, dev: Iface): Iface | undefined {
  if (dev.kind === 'bridge') return dev;
  const peer = dev.peer ? world.ifaces[dev.peer] : undefined;
  return peer?.master ? world.ifaces[peer.master] : undefined;
}

/** Who answers on the segment a broadcast out of `dev` reaches, with their addresses on its subnets. */
function presentOn(world: World, dev: Iface): string[] {
  return flood(world, topology(world), dev).flatMap((ep) =>
    ep.addrs
      .filter((a) => a.scope !== 'host' && dev.addrs.some((d) => inPrefix(a.addr, d.addr, d.prefix)))
      .map((a) => `${placeName(world, ep.ns)} ${formatIp4(a.addr)}`),
  );
}

export function whyNoArp(world: World, dev: Iface, ip: Ip4, sip: Ip4): L2Why {
  const owners = Object.values(world.ifaces).filter((i) => i.ns !== dev.ns && i.addrs.some((a) => a.addr === ip));
  // macvlan_handle_frame never passes frames between a macvlan child and its lower device.
  for (const o of owners) {
    if (o.kind === 'macvlan' && o.link === dev.id) return { kind: 'macvlan-parent', owner: o, parent: dev, child: o };
    if (dev.kind === 'macvlan' && dev.link === o.id) return { kind: 'macvlan-parent', owner: o, parent: o, child: dev };
  }
  const path = wiring(world, dev, new Set(owners.map((o) => o.id)));
  const bridge = firstBridge(world, dev);
  // No owner wired here: through a vxlan port of the segment, down, or (proxy ARP) without the neighbour entry.
  if (!path) {
    const vxlans = dev.kind === 'vxlan' ? [dev] : bridge ? Object.values(world.ifaces).filter((x) => x.kind === 'vxlan' && x.master === bridge.id) : [];
    for (const vx of vxlans) {
      if (!vx.up) return { kind: 'down', iface: vx, owner: owners[0] ?? vx };
      const ns = world.netns[vx.ns];
      if (vx.vxlan?.proxy && !ns?.neigh.some((n) => n.dev === vx.id && n.ip === ip && n.mac)) {
        return { kind: 'vxlan-neigh', vxlan: vx, ...(owners[0] ? { owner: owners[0] } : {}) };
      }
    }
  }
  if (owners.length === 0) return { kind: 'nobody', present: presentOn(world, dev) };
  const host = world.netns[dev.ns]?.host;
  if (!path && owners.every((o) => world.netns[o.ns]?.host !== host)) {
    const ownerBridge = firstBridge(world, owners[0]!);
    return { kind: 'other-host', owner: owners[0]!, present: presentOn(world, dev), ...(bridge ? { bridge } : {}), ...(ownerBridge ? { ownerBridge } : {}) };
  }
  if (!path) {
    const owner = owners[0]!;
    const far = owner.peer ? world.ifaces[owner.peer] : undefined;
    if (far && !far.master) return { kind: 'detached', iface: far, owner, ...(bridge ? { bridge } : {}) };
    return { kind: 'unwired', owner };
  }
  const owner = path.at(-1)!;
  for (const i of path) if (!i.up) return { kind: 'down', iface: i, owner };
  if (sip !== 0 && Object.values(world.ifaces).some((i) => i.ns === owner.ns && i.addrs.some((a) => a.addr === sip))) {
    return { kind: 'duplicate', owner };
  }
  return { kind: 'unwired', owner };
}
