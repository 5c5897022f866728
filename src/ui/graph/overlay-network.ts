/**
 * How the graph folds Docker's overlay sandboxes and finds VXLAN tunnel ends; shared by
 * to-elements.ts (what is drawn) and the trace animation (where a step happens).
 *
 * Invariants:
 * - an `overlay` namespace named `1-<netid10>` is Docker's sandbox (docker/libnetwork
 *   drivers/overlay/ov_network.go `osl.GenerateKey("-" + n.id)` keeps the first 10 hex); all of an
 *   overlay network's sandboxes, one per host, are ONE graph node `ovl:<netid10>`;
 * - the `gateway` (NAT + internet) and `segment` (LAN switch) namespaces fold into `ns:<NsId>`;
 * - a VTEP is the underlay NIC that carries a VXLAN device's UDP: `dev` if given, else the owner
 *   of `local`, else the route to its remote or first forwarding entry (what the kernel does when
 *   it sends: vxlan_xmit_one routes the outer packet in the underlay namespace), else the swarm
 *   node's advertise address (Docker's overlay binds its VTEP there).
 */
import type { Iface, Ip4, Netns, World } from '../../sim';
import { formatCidr } from '../../sim';

/**
 * An overlay network's sandbox (`1-<netid10>`), folded into the network's node. Swarm's other
 * namespaces of that kind (`ingress_sbox`, `lb_<netid>`) hold endpoints: they are drawn as boxes.
 */
export function isOverlaySandbox(ns: Netns): boolean {
  return ns.kind === 'overlay' && ns.name.startsWith('1-');
}

/** Namespaces drawn as a single node whose interfaces are folded into it. */
export function isFoldedNs(ns: Netns): boolean {
  return ns.kind === 'gateway' || ns.kind === 'segment' || isOverlaySandbox(ns);
}

/** The network-id prefix an overlay sandbox is named after (`1-0123456789` -> 0123456789). */
function overlayKey(ns: Netns): string {
  return ns.name.slice(2);
}

/** The one node every host's sandbox of an overlay network is drawn as. */
export function overlayNodeId(ns: Netns): string {
  return `ovl:${overlayKey(ns)}`;
}

export interface OverlayInfo {
  /** The Docker network's name, or the sandbox's when no daemon knows it. */
  name: string;
  /** The Docker network's full id. */
  network?: string;
  subnet?: string;
  vni?: number;
}

/** What the daemons say about an overlay sandbox's network, and its VNI (from its vxlan device). */
export function overlayInfo(world: World, ns: Netns): OverlayInfo {
  const key = overlayKey(ns);
  const vxlan = Object.values(world.ifaces).find((i) => i.ns === ns.id && i.kind === 'vxlan' && i.vxlan);
  const out: OverlayInfo = { name: ns.name };
  if (vxlan?.vxlan) out.vni = vxlan.vxlan.vni;
  for (const hostId of world.hostOrder) {
    const nets = world.hosts[hostId]?.docker?.networks ?? {};
    const net = Object.values(nets).find((n) => n.id.startsWith(key));
    if (!net) continue;
    out.name = net.name;
    out.network = net.id;
    if (net.subnet) out.subnet = formatCidr(net.subnet.addr, net.subnet.prefix);
    if (out.vni === undefined && net.vni !== undefined) out.vni = net.vni;
    break;
  }
  return out;
}

function matches(dst: Ip4, net: Ip4, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((dst & mask) >>> 0) === ((net & mask) >>> 0);
}

/**
 * The underlay iface and address a VXLAN device sends from, if it can be told (the rule is in
 * this file's header). The packet engine picks the same outer source per packet (engine.ts
 * `encap`: `local`, else the route's `src`, else inet_select_addr), but exports no answer per device.
 */
export function vtepOf(world: World, vxlan: Iface): { iface: Iface; addr: Ip4 } | undefined {
  const v = vxlan.vxlan;
  const ns = v ? world.netns[v.underlay] : undefined;
  if (!v || !ns) return undefined;
  const owner = (addr: Ip4) => ns.ifaces.map((id) => world.ifaces[id]).find((i) => i?.addrs.some((a) => a.addr === addr));
  /** `i` as the VTEP: `local` if set, else its first address. */
  const sendingFrom = (i: Iface | undefined): { iface: Iface; addr: Ip4 } | undefined => {
    const a = v.local ?? i?.addrs[0]?.addr;
    return i && a !== undefined ? { iface: i, addr: a } : undefined;
  };
  if (v.dev) return sendingFrom(world.ifaces[v.dev]);
  const local = v.local !== undefined ? owner(v.local) : undefined;
  if (local) return sendingFrom(local);
  const remote = v.remote ?? v.fdb.find((f) => f.dst !== 0)?.dst;
  if (remote === undefined) {
    const addr = world.swarm?.nodes.find((n) => n.host === ns.host)?.addr;
    const dev = addr !== undefined ? owner(addr) : undefined;
    return dev && addr !== undefined ? { iface: dev, addr } : undefined;
  }
  let best: { dev: string; prefix: number; src?: Ip4 } | undefined;
  for (const r of ns.routes) {
    if (matches(remote, r.dst, r.prefix) && (!best || r.prefix > best.prefix)) best = { dev: r.dev, prefix: r.prefix, ...(r.src !== undefined ? { src: r.src } : {}) };
  }
  const dev = best ? world.ifaces[best.dev] : undefined;
  if (!dev) return undefined;
  const addr = v.local ?? best?.src ?? dev.addrs[0]?.addr;
  return addr === undefined ? undefined : { iface: dev, addr };
}
