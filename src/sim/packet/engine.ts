/**
 * The packet engine: walks one probe (ICMP echo or TCP SYN) through the kernel model the way
 * Linux does, and records a Trace. It reads the World and never changes it; the neighbour
 * entries it learns come back in `learned` for the caller to apply.
 *
 * Kernel rules followed (net/ipv4/ip_input.c, ip_forward.c, arp.c, net/bridge/br_input.c):
 * - a packet to a local address goes through `lo`, which must be up;
 * - no route -> the sender gets ENETUNREACH (`connect: Network is unreachable`);
 * - ARP is answered for any local address of the receiving namespace (arp_ignore=0), but not
 *   when the sender IP is itself local there (fib_validate_source's martian check);
 * - a namespace forwards only with ip_forward=1; TTL drops by one per routed hop;
 * - bridges flood unknown and broadcast frames to every other port with carrier, learn source
 *   MACs, and (br_netfilter) run bridged IPv4 through the FORWARD chain of their namespace.
 */
import { isLocalAddress, lookupRoute, selectSource } from '../net/addr';
import { hasCarrier } from '../net/link';
import { traverse, type PacketView } from '../net/iptables';
import type { Iface, Ip4, Netns, NsId, World } from '../net/types';
import type { Frame, ProbeOutcome, Trace, TraceStep } from './trace';

export interface ProbeRequest {
  from: NsId;
  dst: Ip4;
  proto: 'icmp' | 'tcp';
  dport?: number;
  /** `ping -I` / bind address. */
  src?: Ip4;
  ttl?: number;
}

export interface Learned {
  ns: NsId;
  dev: string;
  ip: Ip4;
  mac?: string;
}

export interface ProbeResult extends Trace {
  learned: Learned[];
}

interface Pkt {
  src: Ip4;
  dst: Ip4;
  ttl: number;
  proto: 'icmp' | 'tcp';
  icmp?: Frame['icmp'];
  sport?: number;
  dport?: number;
  tcpFlags?: string;
  /** The probe this packet answers, for conntrack state. */
  reply: boolean;
}

type Arrival =
  | { kind: 'delivered'; ns: Netns; pkt: Pkt }
  | { kind: 'lost' }
  | { kind: 'arp-failed' }
  | { kind: 'unreach'; from: Ip4; code: 'host' | 'net' | 'port' }
  | { kind: 'ttl'; from: Ip4 };

const MAX_STEPS = 4000;

class Walker {
  steps: TraceStep[] = [];
  learned: Learned[] = [];
  /** Flows seen per namespace (conntrack within this probe): "ns|proto|src|dst". */
  private flows = new Set<string>();
  hops = 0;

  constructor(readonly world: World) {}

  step(s: TraceStep): void {
    if (this.steps.length < MAX_STEPS) this.steps.push(s);
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

  view(ns: Netns, p: Pkt, inIf?: Iface, outIf?: Iface): PacketView {
    const key = `${ns.id}|${p.proto}|${p.reply ? p.dst : p.src}|${p.reply ? p.src : p.dst}`;
    const state = p.reply && this.flows.has(key) ? 'ESTABLISHED' : 'NEW';
    if (!p.reply) this.flows.add(key);
    return {
      proto: p.proto,
      src: p.src,
      dst: p.dst,
      ...(p.sport !== undefined ? { sport: p.sport } : {}),
      ...(p.dport !== undefined ? { dport: p.dport } : {}),
      ...(inIf ? { in: inIf.name } : {}),
      ...(outIf ? { out: outIf.name } : {}),
      ctstate: state,
      dstLocal: isLocalAddress(this.world, ns, p.dst),
    };
  }

  /** Runs a filter hook; false when the packet is dropped there. */
  filter(ns: Netns, chain: 'INPUT' | 'OUTPUT' | 'FORWARD', p: Pkt, inIf?: Iface, outIf?: Iface): boolean {
    const v = this.view(ns, p, inIf, outIf);
    const d = traverse(ns, 'filter', chain, v);
    if (d.verdict === 'DROP') {
      const where = d.rule ? `rule ${d.rule} of ${d.chain}` : `policy of ${d.chain}`;
      this.step({ kind: 'drop', ns: ns.id, ...(outIf ?? inIf ? { iface: (outIf ?? inIf)!.id } : {}), frame: this.frame(p), reason: `iptables ${where}: DROP` });
      return false;
    }
    return true;
  }

  /** ip_local_out / ip_output from `ns`; returns where the packet ended. */
  output(ns: Netns, p: Pkt, origin: boolean): Arrival | { kind: 'no-route' } | { kind: 'eperm' } {
    if (isLocalAddress(this.world, ns, p.dst)) {
      // A local destination is also the source the kernel picks (fib_result_prefsrc of a local route).
      if (p.src === 0) p.src = p.dst;
      const lo = this.nsIfaceList(ns).find((i) => i.kind === 'loopback');
      this.step({ kind: 'route-lookup', ns: ns.id, ...(lo ? { iface: lo.id } : {}), frame: this.frame(p), reason: 'local address: via lo' });
      if (!this.filter(ns, 'OUTPUT', p, undefined, lo)) return origin ? { kind: 'eperm' } : { kind: 'lost' };
      if (!lo || !lo.up) {
        this.step({ kind: 'drop', ns: ns.id, ...(lo ? { iface: lo.id } : {}), frame: this.frame(p), reason: 'lo is down' });
        return { kind: 'lost' };
      }
      if (!this.filter(ns, 'INPUT', p, lo)) return { kind: 'lost' };
      this.step({ kind: 'deliver', ns: ns.id, iface: lo.id, frame: this.frame(p), reason: 'local delivery' });
      return { kind: 'delivered', ns, pkt: p };
    }
    const route = lookupRoute(ns, p.dst);
    if (!route) {
      this.step({ kind: 'drop', ns: ns.id, frame: this.frame(p), reason: 'no route to host network' });
      return { kind: 'no-route' };
    }
    const dev = this.world.ifaces[route.dev]!;
    if (p.src === 0) {
      const s = route.src ?? selectSource(this.world, ns, dev, p.dst);
      if (s !== undefined) p.src = s;
    }
    this.step({ kind: 'route-lookup', ns: ns.id, iface: dev.id, frame: this.frame(p), reason: `route ${describeRoute(route.dst, route.prefix, route.via)} dev ${dev.name}` });
    if (!this.filter(ns, 'OUTPUT', p, undefined, dev)) return origin ? { kind: 'eperm' } : { kind: 'lost' };
    return this.transmit(ns, dev, route.via ?? p.dst, p);
  }

  /** Neighbour resolution on `dev` and the frame's journey to the next L3 stack. */
  transmit(ns: Netns, dev: Iface, nexthop: Ip4, p: Pkt): Arrival {
    const target = this.arp(ns, dev, nexthop, p.src);
    if (!target) {
      this.learned.push({ ns: ns.id, dev: dev.id, ip: nexthop });
      this.step({ kind: 'drop', ns: ns.id, iface: dev.id, frame: this.frame(p), reason: `no ARP reply for ${fmt(nexthop)} on ${dev.name}` });
      return { kind: 'arp-failed' };
    }
    this.learned.push({ ns: ns.id, dev: dev.id, ip: nexthop, mac: target.mac });
    this.step({ kind: 'transmit', ns: ns.id, iface: dev.id, frame: this.frame(p, { src: dev.mac, dst: target.mac }), reason: `to ${target.mac}` });
    const path = this.l2(dev, target.mac, p);
    if (!path) return { kind: 'lost' };
    this.hops++;
    return this.input(path, p);
  }

  /** ARP: broadcast from dev; the first L3 endpoint whose namespace owns `ip` answers. */
  arp(ns: Netns, dev: Iface, ip: Ip4, sip: Ip4): Iface | undefined {
    const f: Frame = { type: 'arp', proto: 'arp', src: sip, dst: ip, srcMac: dev.mac, dstMac: 'ff:ff:ff:ff:ff:ff' };
    this.step({ kind: 'arp-request', ns: ns.id, iface: dev.id, frame: f, reason: `who-has ${fmt(ip)} tell ${fmt(sip)}` });
    for (const ep of this.flood(dev)) {
      const epNs = this.world.netns[ep.ns]!;
      if (!isLocalAddress(this.world, epNs, ip) || ip >>> 24 === 127) continue;
      if (sip !== 0 && isLocalAddress(this.world, epNs, sip)) continue;
      this.step({ kind: 'arp-reply', ns: ep.ns, iface: ep.id, frame: { ...f, srcMac: ep.mac, dstMac: dev.mac, src: ip, dst: sip }, reason: `${fmt(ip)} is-at ${ep.mac}` });
      return ep;
    }
    return undefined;
  }

  /** Every L3 endpoint a broadcast from `dev` reaches (veths, cables, bridges), in flood order. */
  flood(dev: Iface): Iface[] {
    const out: Iface[] = [];
    const seen = new Set<string>([dev.id]);
    const queue: Iface[] = [];
    const cross = (from: Iface) => {
      if (!hasCarrier(this.world, from) || !from.peer) return;
      const to = this.world.ifaces[from.peer];
      if (to && !seen.has(to.id)) {
        seen.add(to.id);
        queue.push(to);
      }
    };
    cross(dev);
    while (queue.length) {
      const at = queue.shift()!;
      if (!at.up) continue;
      const br = at.master ? this.world.ifaces[at.master] : undefined;
      if (!br) {
        out.push(at);
        continue;
      }
      if (!br.up) continue;
      if (!seen.has(br.id)) {
        seen.add(br.id);
        out.push(br);
      }
      for (const port of this.ports(br)) {
        if (port.id === at.id || seen.has(`out:${port.id}`)) continue;
        seen.add(`out:${port.id}`);
        cross(port);
      }
    }
    return out;
  }

  private ports(br: Iface): Iface[] {
    return this.nsIfaceList(this.world.netns[br.ns]!).filter((i) => i.master === br.id);
  }

  private nsIfaceList(ns: Netns): Iface[] {
    return ns.ifaces.map((id) => this.world.ifaces[id]!);
  }

  /**
   * Carries a unicast frame from `dev` to the endpoint with `mac`, through bridges; records the
   * crossings and runs bridged IPv4 through the bridge namespace's FORWARD chain.
   */
  l2(dev: Iface, mac: string, p: Pkt): Iface | undefined {
    let from = dev;
    for (let guard = 0; guard < 64; guard++) {
      if (!from.peer || !hasCarrier(this.world, from)) return undefined;
      const at = this.world.ifaces[from.peer]!;
      this.step({ kind: 'veth-cross', ns: at.ns, iface: from.id, to: at.id, frame: this.frame(p, { src: dev.mac, dst: mac }), reason: `${from.name} -> ${at.name}` });
      const br = at.master ? this.world.ifaces[at.master] : undefined;
      if (!br) return at.mac === mac ? at : undefined;
      const brNs = this.world.netns[br.ns]!;
      if (br.mac === mac) {
        this.step({ kind: 'bridge-forward', ns: br.ns, iface: br.id, frame: this.frame(p, { src: dev.mac, dst: mac }), reason: `to ${br.name} itself` });
        return br;
      }
      const out = this.ports(br).find((port) => port.id !== at.id && port.peer && this.reaches(port, mac));
      if (!out) return undefined;
      if (brNs.bridgeNfCallIptables && !this.filter(brNs, 'FORWARD', p, br, br)) return undefined;
      this.step({ kind: 'bridge-forward', ns: br.ns, iface: br.id, to: out.id, frame: this.frame(p, { src: dev.mac, dst: mac }), reason: `fdb: ${mac} on ${out.name}` });
      from = out;
    }
    return undefined;
  }

  /** Whether `mac` lives behind `port` (what the FDB would have learned from the ARP reply). */
  private reaches(port: Iface, mac: string): boolean {
    if (!hasCarrier(this.world, port)) return false;
    const far = this.world.ifaces[port.peer!];
    if (!far) return false;
    return this.flood(port).some((ep) => ep.mac === mac);
  }

  /** ip_rcv on `iface`: local delivery, forwarding, or a silent drop. */
  input(iface: Iface, p: Pkt): Arrival {
    const ns = this.world.netns[iface.ns]!;
    if (p.src === 0 || isLocalAddress(this.world, ns, p.src)) {
      this.step({ kind: 'drop', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: 'martian source' });
      return { kind: 'lost' };
    }
    if (isLocalAddress(this.world, ns, p.dst)) {
      if (!this.filter(ns, 'INPUT', p, iface)) return { kind: 'lost' };
      this.step({ kind: 'deliver', ns: ns.id, iface: iface.id, frame: this.frame(p), reason: 'local delivery' });
      return { kind: 'delivered', ns, pkt: p };
    }
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
    if (!this.filter(ns, 'FORWARD', p, iface, out)) return { kind: 'lost' };
    const fwd = { ...p, ttl: p.ttl - 1 };
    this.step({ kind: 'forward', ns: ns.id, iface: out.id, frame: this.frame(fwd), reason: `route ${describeRoute(route.dst, route.prefix, route.via)} dev ${out.name}` });
    if (this.steps.length >= MAX_STEPS) return { kind: 'lost' };
    const r = this.transmit(ns, out, route.via ?? p.dst, fwd);
    // ARP failed at this router: it answers the sender with host unreachable.
    return r.kind === 'arp-failed' ? this.icmpError(ns, iface, p, 'host') : r;
  }

  /** A router's ICMP error back to the sender; it only counts if it makes it back. */
  icmpError(ns: Netns, inIf: Iface, p: Pkt, code: 'host' | 'net' | 'ttl'): Arrival {
    if (p.icmp && p.icmp !== 'echo-request' && p.proto === 'icmp') return { kind: 'lost' };
    const route = lookupRoute(ns, p.src);
    const dev = route ? this.world.ifaces[route.dev]! : inIf;
    const from = selectSource(this.world, ns, dev, p.src) ?? 0;
    const err: Pkt = { src: from, dst: p.src, ttl: 64, proto: 'icmp', icmp: code === 'ttl' ? 'time-exceeded' : code === 'net' ? 'net-unreachable' : 'host-unreachable', reply: true };
    const back = this.output(ns, err, false);
    if (back.kind !== 'delivered') return { kind: 'lost' };
    return code === 'ttl' ? { kind: 'ttl', from } : { kind: 'unreach', from, code };
  }
}

function fmt(ip: Ip4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

function describeRoute(dst: Ip4, prefix: number, via?: Ip4): string {
  const d = prefix === 0 ? 'default' : `${fmt(dst)}/${prefix}`;
  return via === undefined ? d : `${d} via ${fmt(via)}`;
}

/** Sends one probe and follows it there and back. */
export function probe(world: World, req: ProbeRequest): ProbeResult {
  const w = new Walker(world);
  const ns = world.netns[req.from]!;
  const request: Pkt = {
    src: req.src ?? 0,
    dst: req.dst,
    ttl: req.ttl ?? 64,
    proto: req.proto,
    reply: false,
    ...(req.proto === 'icmp' ? { icmp: 'echo-request' as const } : { sport: 40000, dport: req.dport ?? 80, tcpFlags: 'S' }),
  };
  const done = (outcome: ProbeOutcome): ProbeResult => ({ steps: w.steps, outcome, learned: w.learned });
  const there = w.output(ns, request, true);
  switch (there.kind) {
    case 'no-route':
      return done({ kind: 'no-route' });
    case 'eperm':
      return done({ kind: 'send-error', message: 'Operation not permitted' });
    case 'lost':
      return done({ kind: 'timeout' });
    case 'arp-failed':
      return done({ kind: 'unreachable', from: request.src, code: 'host' });
    case 'unreach':
      return done({ kind: 'unreachable', from: there.from, code: there.code });
    case 'ttl':
      return done({ kind: 'time-exceeded', from: there.from });
    case 'delivered':
      break;
  }
  const hopsThere = w.hops;
  const target = there.ns;
  const got = there.pkt;
  let answer: Pkt;
  if (req.proto === 'icmp') {
    answer = { src: got.dst, dst: got.src, ttl: 64, proto: 'icmp', icmp: 'echo-reply', reply: true };
  } else {
    const listening = target.sockets.some((s) => s.proto === 'tcp' && s.port === got.dport && (s.addr === 0 || s.addr === got.dst));
    answer = { src: got.dst, dst: got.src, ttl: 64, proto: 'tcp', sport: got.dport!, dport: got.sport!, tcpFlags: listening ? 'SA' : 'R', reply: true };
  }
  const back = w.output(target, answer, false);
  if (back.kind !== 'delivered' || back.ns.id !== ns.id) return done({ kind: 'timeout' });
  const hops = w.hops;
  void hopsThere;
  if (req.proto === 'tcp') {
    return done(answer.tcpFlags === 'SA' ? { kind: 'tcp-open', from: answer.src, hops } : { kind: 'tcp-refused', from: answer.src });
  }
  return done({ kind: 'reply', from: answer.src, ttl: back.pkt.ttl, hops });
}
