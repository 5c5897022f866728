/**
 * Stacked devices in the packet engine: how the Walker (engine.ts) carries a frame through a
 * macvlan device or a VXLAN tunnel, and how a vxlan device with `proxy` answers ARP itself.
 * engine.ts calls these from its L2 walk; they call back into it for the next hop.
 *
 * Kernel rules followed (drivers/net/macvlan.c, drivers/net/vxlan/vxlan_core.c):
 * - macvlan_queue_xmit: bridge mode talks to bridge-mode siblings directly, everything else leaves
 *   through the lower device's wire; macvlan_handle_frame: unicast for a child's MAC goes to it;
 * - vxlan_xmit: the FDB entry for the MAC names the remote VTEP, else `remote` and the all-zero
 *   entries get a copy; the outer UDP packet crosses the underlay namespace like any other;
 * - arp_reduce: with `proxy`, ARP is answered from the device's neighbour table and never sent.
 */
import { formatIp4 } from '../net/ip4';
import { hasCarrier, vxlanPort } from '../net/link';
import type { Iface, Ip4 } from '../net/types';
import type { Pkt, Walker } from './engine';
import { bridgeSiblings, floodVxlans, macvlanChildren, vtepFor, vxlanDefaults } from './topology';
import type { Frame, VxlanTag } from './trace';

/** VXLAN inside VXLAN is walked this deep at most. */
const MAX_ENCAP = 3;

/** macvlan_handle_frame: unicast to a child's MAC goes to that child, not to the lower device. */
export function macvlanRx(w: Walker, at: Iface, src: string, mac: string, p: Pkt): Iface | undefined {
  const child = macvlanChildren(w.world, w.topo, at).find((c) => c.mac === mac);
  if (!child) return undefined;
  w.step({ kind: 'macvlan', ns: child.ns, iface: child.id, to: child.id, frame: w.frame(p, { src, dst: mac }), reason: `${at.name} -> ${child.name}: ${mac} is its macvlan child's` });
  return child;
}

/**
 * macvlan_queue_xmit: in bridge mode a frame for a sibling (bridge mode too) goes straight to it;
 * everything else leaves through the lower device's wire, so the lower device's own stack never
 * sees it (the host cannot reach its own macvlan children through the parent, nor they it).
 */
export function macvlanTx(w: Walker, from: Iface, src: string, mac: string, p: Pkt, n: number): Iface | undefined {
  const lower = from.link ? w.world.ifaces[from.link] : undefined;
  if (!lower || !hasCarrier(w.world, from)) return undefined;
  const mode = from.macvlanMode ?? 'vepa';
  const sib = mode === 'bridge' ? bridgeSiblings(w.world, w.topo, from, lower).find((c) => c.mac === mac) : undefined;
  if (sib) {
    w.step({ kind: 'macvlan', ns: sib.ns, iface: from.id, to: sib.id, frame: w.frame(p, { src, dst: mac }), reason: `${from.name} -> ${sib.name}: bridge-mode macvlans of ${lower.name} talk directly` });
    return w.arrive(sib, src, mac, p, n + 1);
  }
  w.step({ kind: 'macvlan', ns: lower.ns, iface: from.id, to: lower.id, frame: w.frame(p, { src, dst: mac }), reason: `${from.name} (macvlan, mode ${mode}) sends out of ${lower.name}'s wire` });
  if (lower.kind !== 'bridge' && (!lower.peer || !hasCarrier(w.world, lower))) return undefined;
  return w.egress(lower, src, mac, p, n + 1);
}

/**
 * vxlan_xmit: the FDB entry for the MAC names the remote VTEP, else `remote` and the all-zero
 * entries get a copy; the UDP packet goes out of the underlay namespace like any other, and the
 * vxlan device listening on that port for that VNI there decapsulates it.
 */
export function encap(w: Walker, vx: Iface, src: string, mac: string, p: Pkt, n: number): Iface | undefined {
  const info = vx.vxlan;
  if (!info || !vx.up) return undefined;
  const entry = info.fdb.find((e) => e.mac === mac);
  const dsts = entry ? [entry.dst] : vxlanDefaults(vx);
  if (dsts.length === 0) {
    const miss = info.l2miss ? '; l2miss: reported to userspace, dropped' : '';
    w.step({ kind: 'drop', ns: vx.ns, iface: vx.id, frame: w.frame(p, { src, dst: mac }), reason: `${vx.name} has no fdb entry for ${mac} and no default destination${miss}` });
    return undefined;
  }
  if (w.depth >= MAX_ENCAP) {
    w.step({ kind: 'drop', ns: vx.ns, iface: vx.id, frame: w.frame(p, { src, dst: mac }), reason: 'VXLAN nested too deep' });
    return undefined;
  }
  const underlay = w.world.netns[info.underlay];
  if (!underlay) return undefined;
  for (const dst of dsts) {
    const outer = outerPacket(vx, dst, src, mac);
    w.chooseSource(underlay, outer);
    const tag: VxlanTag = { vni: info.vni, outerSrc: outer.src, outerDst: dst, sport: outer.sport!, dport: outer.dport! };
    const how = entry ? `fdb: ${mac} dst ${formatIp4(dst)}` : `${mac} unknown: to default destination ${formatIp4(dst)}`;
    w.step({ kind: 'vxlan-encap', ns: vx.ns, iface: vx.id, frame: { ...w.frame(p, { src, dst: mac }), vxlan: tag }, reason: `${vx.name} (VNI ${info.vni}) ${how}` });
    const r = w.sendOuter(underlay, outer, tag);
    if (r.kind !== 'delivered') continue;
    const far = vtepFor(w.topo, r.ns.id, vx);
    if (!far) {
      w.step({ kind: 'drop', ns: r.ns.id, frame: { ...w.frame(outer), vxlan: tag }, reason: `no vxlan device for VNI ${info.vni} on udp port ${tag.dport} here` });
      continue;
    }
    w.step({ kind: 'vxlan-decap', ns: far.ns, iface: far.id, frame: { ...w.frame(p, { src, dst: mac }), vxlan: tag }, reason: `${far.name} (VNI ${info.vni}) decapsulates the frame` });
    const got = w.arrive(far, src, mac, p, n + 1);
    if (got) return got;
  }
  return undefined;
}

/**
 * The outer packet of `vx` towards `dst` walked through the underlay (for the topology's
 * flood): the vxlan device that decapsulates it, if any.
 */
export function tunnelTo(w: Walker, vx: Iface, dst: Ip4): Iface | undefined {
  const underlay = w.world.netns[vx.vxlan!.underlay];
  if (!underlay || !vx.up) return undefined;
  const r = w.output(underlay, outerPacket(vx, dst, vx.mac, 'ff:ff:ff:ff:ff:ff'), false);
  return r.kind === 'delivered' ? vtepFor(w.topo, r.ns.id, vx) : undefined;
}

/**
 * arp_reduce: a vxlan device with `proxy` that the ARP request `f` for `ip` floods through answers
 * from its neighbour table; the MAC it answers with, if any.
 */
export function proxyArp(w: Walker, dev: Iface, ip: Ip4, f: Frame): string | undefined {
  for (const vx of floodVxlans(w.world, w.topo, dev)) {
    if (!vx.vxlan!.proxy) continue;
    const n = w.world.netns[vx.ns]!.neigh.find((e) => e.dev === vx.id && e.ip === ip && e.mac);
    if (!n?.mac) continue;
    const reason = `${formatIp4(ip)} is-at ${n.mac} (proxy ARP: ${vx.name} answers from its neighbour table)`;
    w.step({ kind: 'arp-reply', ns: vx.ns, iface: vx.id, frame: { ...f, srcMac: n.mac, dstMac: dev.mac, src: ip, dst: f.src }, reason });
    return n.mac;
  }
  return undefined;
}

/** Why a proxy-ARP vxlan device on the way did not answer (for the drop's reason), or ''. */
export function proxyMiss(w: Walker, dev: Iface): string {
  const vx = floodVxlans(w.world, w.topo, dev).find((v) => v.vxlan!.proxy);
  if (!vx) return '';
  const miss = vx.vxlan!.l3miss ? '; l3miss: reported to userspace, dropped' : '';
  return ` (${vx.name} answers ARP itself from its neighbour table and has no entry${miss})`;
}

/** The UDP packet `vx` sends to `dst` carrying the frame `innerSrc` -> `innerDst`. */
function outerPacket(vx: Iface, dst: Ip4, innerSrc: string, innerDst: string): Pkt {
  return { src: vx.vxlan!.local ?? 0, dst, ttl: 64, proto: 'udp', sport: vxlanSport(innerSrc, innerDst), dport: vxlanPort(vx), reply: false };
}

/** A deterministic UDP source port from the inner flow (the kernel hashes it into 32768-60999). */
function vxlanSport(src: string, dst: string): number {
  let h = 0;
  for (const c of `${src}>${dst}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 32768 + (h % (60999 - 32768 + 1));
}
