/**
 * The packet engine: the Walker takes a packet through the kernel model the way Linux does and
 * records a Trace (probe.ts sends a probe and its answer with it). It reads the World and never changes it; the
 * neighbour entries it learns come back in `learned` for the caller to apply.
 *
 * Kernel rules followed (net/ipv4/ip_output.c, ip_input.c, ip_forward.c, arp.c, net/bridge):
 * - a packet to a local address goes through `lo`, which must be up;
 * - no route -> the sender gets ENETUNREACH (`connect: Network is unreachable`);
 * - ARP is answered for any local address of the receiving namespace (arp_ignore=0), but not
 *   when the sender IP is itself local there (fib_validate_source's martian check, rp_filter=0);
 * - a namespace forwards only with ip_forward=1; TTL drops by one per routed hop; 127/8 arriving
 *   from the wire is martian (route_localnet=0);
 * - bridges flood broadcasts to every other port with carrier and forward unicast to the port
 *   behind which the MAC lives; with br_netfilter, bridged IPv4 crosses the FORWARD chain;
 * - netfilter hooks in order: PREROUTING (nat DNAT), INPUT or FORWARD (filter), OUTPUT (nat, filter),
 *   POSTROUTING (nat SNAT/MASQUERADE), with conntrack translating replies back (conntrack.ts).
 *
 * macvlan and vxlan devices (and proxy ARP) are walked by stacked.ts, called from the L2 walk here.
 */
import { lookupRoute, selectSource } from '../net/addr';
import { formatIp4 } from '../net/ip4';
import { traverse, type PacketView } from '../net/iptables';
import { hasCarrier } from '../net/link';
import type { Iface, Ip4, Netns, NsId, World } from '../net/types';
import { applyDnat, applySnat, Conntrack, unDnat, unSnat, type Conn, type CtState } from './conntrack';
import { encap, macvlanRx, macvlanTx, proxyArp, proxyMiss, tunnelTo } from './stacked';
import { behind, flood, isLocal, portsOf, setUnderlayWalk, topology, type Topology } from './topology';
import type { Frame, TraceStep, VxlanTag } from './trace';

export interface Learned {
  ns: NsId;
  dev: string;
  ip: Ip4;
  mac?: string;
}

/** A source MAC a bridge learned on a port (its FDB). */
export interface FdbLearned {
  bridge: string;
  mac: string;
  port: string;
}

export interface Pkt {
  src: Ip4;
  dst: Ip4;
  ttl: number;
  /** 'udp' only for the outer packets of VXLAN. */
  proto: 'icmp' | 'tcp' | 'udp';
  icmp?: Frame['icmp'];
  sport?: number;
  dport?: number;
  tcpFlags?: string;
  /** Part of the answer direction (echo reply, SYN-ACK, RST, ICMP error). */
  reply: boolean;
}

type Arrival =
  | { kind: 'delivered'; ns: Netns; pkt: Pkt }
  | { kind: 'lost' }
  | { kind: 'arp-failed' }
  | { kind: 'unreach'; from: Ip4; code: 'host' | 'net' }
  | { kind: 'ttl'; from: Ip4 };

type Sent = Arrival | { kind: 'no-route' } | { kind: 'eperm' };

const MAX_STEPS = 4000;

/** Members without `private` are also used by stacked.ts (and probe.ts). */
export class Walker {
  steps: TraceStep[] = [];
  learned: Learned[] = [];
  fdb: FdbLearned[] = [];
  hops = 0;
  /** Neighbours learned during this probe, "ifaceId|ip" -> MAC (incl. from ARP requests). */
  private neigh = new Map<string, string>();
  /** The outer headers while an encapsulated packet crosses the underlay (put on its steps). */
  private tag: VxlanTag | undefined;
  /** How many VXLAN headers the packet being walked is inside. */
  depth = 0;
  private ct = new Conntrack();
  readonly topo: Topology;

  constructor(readonly world: World) {
    this.topo = topology(world);
  }

  private isLocal(ns: Netns, ip: Ip4): boolean {
    return isLocal(this.topo, ns.id, ip);
  }

  step(s: TraceStep): void {
    if (this.steps.length >= MAX_STEPS) return;
    if (this.tag && !s.frame.vxlan) s.frame = { ...s.frame, vxlan: this.tag };
    this.steps.push(s);
  }

  frame(p: Pkt, l2?: { src?: string; dst?: string }): Frame {
    return {
      type: 'ipv4',
      src: p.src,
      dst: p.dst,
      ttl: p.ttl,
      proto: p.proto,
      ...(p.icmp ? { icmp: p.icmp } : {}),
      ...(p.sport !== undefined ? { sport: p.sport } : {}),
      ...(p.dport !== undefined ? { dport: p.dport } : {}),
      ...(p.tcpFlags ? { tcpFlags: p.tcpFlags } : {}),
      ...(l2?.src ? { srcMac: l2.src } : {}),
      ...(l2?.dst ? { dstMac: l2.dst } : {}),
    };
  }

  private view(ns: Netns, p: Pkt, state: CtState, inIf?: Iface, outIf?: Iface): PacketView {
    return {
      proto: p.proto,
      src: p.src,
      dst: p.dst,
      ...(p.sport !== undefined ? { sport: p.sport } : {}),
      ...(p.dport !== undefined ? { dport: p.dport } : {}),
      ...(inIf ? { in: inIf.name } : {}),
      ...(outIf ? { out: outIf.name } : {}),
      ctstate: state,
      dstLocal: this.isLocal(ns, p.dst),
      srcLocal: this.isLocal(ns, p.src),
    };
  }

  /** A filter hook; false when the packet is dropped there. */
  private filter(ns: Netns, chain: 'INPUT' | 'OUTPUT' | 'FORWARD', p: Pkt, state: CtState, inIf?: Iface, outIf?: Iface): boolean {
    const d = traverse(ns, 'filter', chain, this.view(ns, p, state, inIf, outIf));
    if (d.verdict !== 'DROP') return true;
    const where = d.rule ? `rule ${d.rule} of ${d.chain}` : `policy of ${d.chain}`;
    const at = outIf ?? inIf;
    this.step({ kind: 'drop', ns: ns.id, ...(at ? { iface: at.id } : {}), frame: this.frame(p), reason: `iptables filter ${where}: DROP` });
    return false;
  }

  private track(ns: Netns, p: Pkt): { conn?: Conn; state: CtState } {
    return this.ct.track(ns.id, p);
  }

  /** Locally generated: source selection, nat OUTPUT, route, filter OUTPUT, then out (or through lo). */
  output(ns: Netns, p: Pkt, origin: boolean): Sent {
    this.chooseSource(ns, p);
    const { conn, state } = this.track(ns, p);
    if (conn && !p.reply) {
      const r = applyDnat(ns, 'OUTPUT', p, conn, this.view(ns, p, state));
      if (r) this.step({ kind: 'nat-dnat', ns: ns.id, frame: this.frame(p), reason: `nat ${r.chain} rule ${r.rule}: DNAT to ${formatIp4(p.dst)}` });
    }
    if (this.isLocal(ns, p.dst)) {
      const lo = this.topo.lo.get(ns.id);
      this.step({ kind: 'route-lookup', ns: ns.id, ...(lo ? { iface: lo.id } : {}), frame: this.frame(p), reason: 'local address: via lo' });
      if (!this.filter(ns, 'OUTPUT', p, state, undefined, lo)) return origin ? { kind: 'eperm' } : { kind: 'lost' };
      if (!lo || !lo.up) {
        this.step({ kind: 'drop', ns: ns.id, ...(lo ? { iface: lo.id } : {}), frame: this.frame(p), reason: 'lo is down' });
        return { kind: 'lost' };
      }
      return this.deliverLocal(ns, lo, p, state, conn);
    }
    const route = lookupRoute(ns, p.dst);
    if (!route) {
      this.step({ kind: 'drop', ns: ns.id, frame: this.frame(p), reason: 'no route to the destination network' });
      return { kind: 'no-route' };
    }
    const dev = this.world.ifaces[route.dev]!;
    this.step({ kind: 'route-lookup', ns: ns.id, iface: dev.id, frame: this.frame(p), reason: `route ${describeRoute(route.dst, route.prefix, route.via)} dev ${dev.name}` });
    if (!this.filter(ns, 'OUTPUT', p, state, undefined, dev)) return origin ? { kind: 'eperm' } : { kind: 'lost' };
    return this.postrouting(ns, dev, this.nexthop(ns, route.via, p.dst), p, state, conn);
  }

  /** A gateway that is one of our own addresses means no gateway: ARP for the destination. */
  private nexthop(ns: Netns, via: Ip4 | undefined, dst: Ip4): Ip4 {
    return via === undefined || this.isLocal(ns, via) ? dst : via;
  }

  /** ip_route_output's source: the destination itself when local, else the route's or the device's. */
  chooseSource(ns: Netns, p: Pkt): void {
    if (p.src !== 0) return;
    if (this.isLocal(ns, p.dst)) {
      p.src = p.dst;
      return;
    }
    const route = lookupRoute(ns, p.dst);
    if (route) p.src = route.src ?? selectSource(this.world, ns, this.world.ifaces[route.dev]!, p.dst) ?? 0;
  }

  private deliverLocal(ns: Netns, iface: Iface, p: Pkt, state: CtState, conn?: Conn): Arrival {
    if (!this.filter(ns, 'INPUT', p, state, iface)) return { kind: 'lost' };
    if (p.reply && conn) unDnat(p, conn);
    const to = this.tag && p.proto === 'udp' ? `local delivery to the VXLAN socket (udp port ${p.dport})` : 'local delivery';
    this.step({ kind: 'deliver', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: to });
    return { kind: 'delivered', ns, pkt: p };
  }

  /** nat POSTROUTING (or undoing DNAT for a reply), then ARP and the wire. */
  private postrouting(ns: Netns, dev: Iface, nexthop: Ip4, p: Pkt, state: CtState, conn?: Conn): Arrival {
    if (conn && p.reply) {
      if (unDnat(p, conn)) this.step({ kind: 'nat-snat', ns: ns.id, iface: dev.id, frame: this.frame(p), reason: `conntrack: reply source back to ${formatIp4(p.src)}` });
    } else if (conn) {
      const masq = selectSource(this.world, ns, dev, nexthop);
      const r = applySnat(ns, p, conn, this.view(ns, p, state, undefined, dev), masq);
      if (r) this.step({ kind: 'nat-snat', ns: ns.id, iface: dev.id, frame: this.frame(p), reason: `nat ${r.chain} rule ${r.rule}: ${r.target} to ${formatIp4(p.src)}` });
    }
    return this.transmit(ns, dev, nexthop, p);
  }

  /** Neighbour resolution on `dev` and the frame's journey to the next IP stack. */
  private transmit(ns: Netns, dev: Iface, nexthop: Ip4, p: Pkt): Arrival {
    // arp_solicit (arp_announce=0): the packet's source if it is ours, else the device's address.
    const sip = this.isLocal(ns, p.src) ? p.src : selectSource(this.world, ns, dev, nexthop) ?? 0;
    // A static entry (`ip neigh add ... nud permanent`, Docker's overlay) is used without ARP.
    const fixed = ns.neigh.find((n) => n.dev === dev.id && n.ip === nexthop && n.state === 'PERMANENT' && n.mac)?.mac;
    const mac = fixed ?? this.neigh.get(`${dev.id}|${nexthop}`) ?? this.arp(ns, dev, nexthop, sip);
    if (!mac) {
      this.learned.push({ ns: ns.id, dev: dev.id, ip: nexthop });
      this.step({ kind: 'drop', ns: ns.id, iface: dev.id, frame: this.frame(p), reason: `no ARP reply for ${formatIp4(nexthop)} on ${dev.name}${proxyMiss(this, dev)}` });
      return { kind: 'arp-failed' };
    }
    if (!fixed) this.learned.push({ ns: ns.id, dev: dev.id, ip: nexthop, mac });
    const why = fixed ? `${formatIp4(nexthop)} is at ${mac} (permanent neighbour entry)` : `${formatIp4(nexthop)} is at ${mac}`;
    this.step({ kind: 'transmit', ns: ns.id, iface: dev.id, frame: this.frame(p, { src: dev.mac, dst: mac }), reason: why });
    const at = this.l2(dev, mac, p);
    if (!at) return { kind: 'lost' };
    this.hops++;
    return this.input(at, p);
  }

  /**
   * ARP: a broadcast from dev; the first endpoint whose namespace owns `ip` answers, else a vxlan
   * device with `proxy` on the way answers from its neighbour table (arp_reduce).
   */
  private arp(ns: Netns, dev: Iface, ip: Ip4, sip: Ip4): string | undefined {
    const f: Frame = { type: 'arp', proto: 'arp', src: sip, dst: ip, srcMac: dev.mac, dstMac: 'ff:ff:ff:ff:ff:ff' };
    this.step({ kind: 'arp-request', ns: ns.id, iface: dev.id, frame: f, reason: `who-has ${formatIp4(ip)} tell ${formatIp4(sip)}` });
    const key = `${dev.id}|${ip}|${sip}`;
    let ep = this.topo.arp.get(key);
    if (ep === undefined) {
      ep = this.flood(dev).find((e) => ip >>> 24 !== 127 && isLocal(this.topo, e.ns, ip) && !(sip !== 0 && isLocal(this.topo, e.ns, sip))) ?? null;
      this.topo.arp.set(key, ep);
    }
    if (!ep) {
      const proxied = proxyArp(this, dev, ip, f);
      if (proxied) this.neigh.set(`${dev.id}|${ip}`, proxied);
      return proxied;
    }
    // Both sides learn: the requester from the reply, the responder from the request (neigh_event_ns).
    this.neigh.set(`${dev.id}|${ip}`, ep.mac);
    // A PERMANENT entry is never overwritten by what ARP teaches.
    if (sip !== 0 && !this.world.netns[ep.ns]!.neigh.some((e) => e.dev === ep.id && e.ip === sip && e.state === 'PERMANENT')) {
      this.neigh.set(`${ep.id}|${sip}`, dev.mac);
      this.learned.push({ ns: ep.ns, dev: ep.id, ip: sip, mac: dev.mac });
    }
    this.step({ kind: 'arp-reply', ns: ep.ns, iface: ep.id, frame: { ...f, srcMac: ep.mac, dstMac: dev.mac, src: ip, dst: sip }, reason: `${formatIp4(ip)} is-at ${ep.mac}` });
    return ep.mac;
  }

  private flood(dev: Iface): Iface[] {
    return flood(this.world, this.topo, dev);
  }

  private ports(br: Iface): Iface[] {
    return portsOf(this.topo, br);
  }

  private behind(port: Iface): Set<string> {
    return behind(this.world, this.topo, port);
  }

  /**
   * Carries a unicast frame from `dev` to the endpoint owning `mac`: across veths and cables,
   * through bridges (the FDB has learned it from the ARP exchange; bridged IPv4 crosses the bridge
   * netns' FORWARD chain), macvlan devices and vxlan tunnels.
   */
  private l2(dev: Iface, mac: string, p: Pkt): Iface | undefined {
    return this.egress(dev, dev.mac, mac, p, 0);
  }

  /** The frame leaves `from` (sent by its stack, or forwarded out of it by its bridge). */
  egress(from: Iface, src: string, mac: string, p: Pkt, n: number): Iface | undefined {
    if (n > 64 || this.steps.length >= MAX_STEPS) return undefined;
    switch (from.kind) {
      case 'bridge': {
        // Sent by the bridge's own IP stack: straight to the port the FDB knows for the MAC.
        if (!from.up) return undefined;
        const out = this.ports(from).find((port) => this.behind(port).has(mac));
        if (!out) return undefined;
        this.step({ kind: 'bridge-forward', ns: from.ns, iface: from.id, to: out.id, frame: this.frame(p, { src, dst: mac }), reason: `fdb: ${mac} is on ${out.name}` });
        return this.egress(out, src, mac, p, n + 1);
      }
      case 'vxlan':
        return encap(this, from, src, mac, p, n);
      case 'macvlan':
        return macvlanTx(this, from, src, mac, p, n);
      default: {
        if (!from.peer || !hasCarrier(this.world, from)) return undefined;
        const at = this.world.ifaces[from.peer]!;
        this.step({ kind: 'veth-cross', ns: at.ns, iface: from.id, to: at.id, frame: this.frame(p, { src, dst: mac }), reason: `${from.name} -> ${at.name}` });
        return this.arrive(at, src, mac, p, n + 1);
      }
    }
  }

  /** The frame arrives on `at` from its wire: its bridge, a macvlan child, or `at` itself. */
  arrive(at: Iface, src: string, mac: string, p: Pkt, n: number): Iface | undefined {
    const br = at.master ? this.world.ifaces[at.master] : undefined;
    if (!br) return at.mac === mac ? at : macvlanRx(this, at, src, mac, p);
    this.fdb.push({ bridge: br.id, mac: src, port: at.id });
    if (br.mac === mac) {
      this.step({ kind: 'bridge-forward', ns: br.ns, iface: br.id, frame: this.frame(p, { src, dst: mac }), reason: `to ${br.name} itself` });
      return br;
    }
    const out = this.ports(br).find((port) => port.id !== at.id && this.behind(port).has(mac));
    if (!out) return undefined;
    const brNs = this.world.netns[br.ns]!;
    if (brNs.bridgeNfCallIptables) {
      const { state } = this.track(brNs, p);
      if (!this.filter(brNs, 'FORWARD', p, state, br, br)) return undefined;
    }
    this.step({ kind: 'bridge-forward', ns: br.ns, iface: br.id, to: out.id, frame: this.frame(p, { src, dst: mac }), reason: `fdb: ${mac} is on ${out.name}` });
    return this.egress(out, src, mac, p, n + 1);
  }

  /** output() for the outer packet of a VXLAN tunnel: the steps on its way carry its headers. */
  sendOuter(underlay: Netns, outer: Pkt, tag: VxlanTag): Sent {
    const saved = this.tag;
    this.tag = tag;
    this.depth++;
    const r = this.output(underlay, outer, false);
    this.depth--;
    this.tag = saved;
    return r;
  }

  /** ip_rcv on `iface`: PREROUTING, then local delivery, forwarding, or a silent drop. */
  private input(iface: Iface, p: Pkt): Arrival {
    const ns = this.world.netns[iface.ns]!;
    const { conn, state } = this.track(ns, p);
    if (conn && p.reply) {
      if (unSnat(p, conn)) this.step({ kind: 'nat-dnat', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: `conntrack: reply destination back to ${formatIp4(p.dst)}` });
    } else if (conn) {
      const r = applyDnat(ns, 'PREROUTING', p, conn, this.view(ns, p, state, iface));
      if (r) this.step({ kind: 'nat-dnat', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: `nat ${r.chain} rule ${r.rule}: DNAT to ${formatIp4(p.dst)}` });
    }
    const martian = this.martian(ns, iface, p);
    if (martian) {
      this.step({ kind: 'drop', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: martian });
      return { kind: 'lost' };
    }
    if (this.isLocal(ns, p.dst)) return this.deliverLocal(ns, iface, p, state, conn);
    if (!ns.ipForward) {
      this.step({ kind: 'drop', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: 'not for this host and ip_forward=0' });
      return { kind: 'lost' };
    }
    const route = lookupRoute(ns, p.dst);
    if (!route) {
      this.step({ kind: 'drop', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: 'no route: ICMP net unreachable' });
      return this.icmpError(ns, iface, p, 'net');
    }
    const out = this.world.ifaces[route.dev]!;
    if (p.ttl <= 1) {
      this.step({ kind: 'drop', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: 'TTL exceeded' });
      return this.icmpError(ns, iface, p, 'ttl');
    }
    if (!this.filter(ns, 'FORWARD', p, state, iface, out)) return { kind: 'lost' };
    const fwd = { ...p, ttl: p.ttl - 1 };
    this.step({ kind: 'forward', ns: ns.id, iface: out.id, frame: this.frame(fwd), reason: `route ${describeRoute(route.dst, route.prefix, route.via)} dev ${out.name}` });
    if (this.steps.length >= MAX_STEPS) return { kind: 'lost' };
    const r = this.postrouting(ns, out, this.nexthop(ns, route.via, p.dst), fwd, state, conn);
    // ARP failed at this router: it answers the sender with host unreachable.
    return r.kind === 'arp-failed' ? this.icmpError(ns, iface, p, 'host') : r;
  }

  /** ip_route_input_slow's martian checks (route_localnet=0: 127/8 never comes from the wire). */
  private martian(ns: Netns, iface: Iface, p: Pkt): string | undefined {
    if (p.src === 0 || this.isLocal(ns, p.src)) return 'martian source (one of our own addresses)';
    const loop = p.dst >>> 24 === 127 ? 'destination' : p.src >>> 24 === 127 ? 'source' : undefined;
    if (loop && iface.kind !== 'loopback') return `martian ${loop} (127.0.0.0/8 from ${iface.name})`;
    return undefined;
  }

  /** A router's ICMP error back to the sender; it only counts if it makes it back. */
  private icmpError(ns: Netns, inIf: Iface, p: Pkt, code: 'host' | 'net' | 'ttl'): Arrival {
    if (p.reply) return { kind: 'lost' };
    const route = lookupRoute(ns, p.src);
    const dev = route ? this.world.ifaces[route.dev]! : inIf;
    const from = selectSource(this.world, ns, dev, p.src) ?? 0;
    const icmp = code === 'ttl' ? 'time-exceeded' : code === 'net' ? 'net-unreachable' : 'host-unreachable';
    const err: Pkt = { src: from, dst: p.src, ttl: 64, proto: 'icmp', icmp, reply: true };
    const back = this.output(ns, err, false);
    if (back.kind !== 'delivered') return { kind: 'lost' };
    return code === 'ttl' ? { kind: 'ttl', from } : { kind: 'unreach', from, code };
  }
}

function describeRoute(dst: Ip4, prefix: number, via?: Ip4): string {
  const d = prefix === 0 ? 'default' : `${formatIp4(dst)}/${prefix}`;
  return via === undefined ? d : `${d} via ${formatIp4(via)}`;
}

setUnderlayWalk((world, vx, dst) => tunnelTo(new Walker(world), vx, dst));
