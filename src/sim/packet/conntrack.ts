/**
 * Connection tracking and NAT for one probe (net/netfilter/nf_conntrack_core.c, nf_nat_core.c).
 * A connection is created in each namespace the first packet crosses; NAT rewrites its expected
 * reply tuple, and the reply is translated back: destination at PREROUTING (undoing SNAT and
 * MASQUERADE), source at POSTROUTING or local input (undoing DNAT).
 */
import { traverse, type PacketView } from '../net/iptables';
import { parsePrefix } from '../net/ip4';
import type { Ip4, Netns, NsId } from '../net/types';

export interface Tuple {
  src: Ip4;
  dst: Ip4;
  sport?: number;
  dport?: number;
}

export interface Conn {
  proto: 'icmp' | 'tcp' | 'udp';
  orig: Tuple;
  /** The tuple the reply will carry when it arrives here (after NAT, the translated one). */
  reply: Tuple;
  snat: boolean;
  dnat: boolean;
}

export interface NatPacket extends Tuple {
  proto: 'icmp' | 'tcp' | 'udp';
  reply: boolean;
}

export type CtState = 'NEW' | 'ESTABLISHED' | 'INVALID';

export interface NatResult {
  target: string;
  chain: string;
  rule?: number;
}

const same = (a: Tuple, b: Tuple) => a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;

export class Conntrack {
  private tables = new Map<NsId, Conn[]>();

  /** Finds or creates this packet's connection in `ns`, with the state iptables matches on. */
  track(ns: NsId, p: NatPacket): { conn?: Conn; state: CtState } {
    const list = this.tables.get(ns) ?? [];
    this.tables.set(ns, list);
    const t: Tuple = { src: p.src, dst: p.dst, ...ports(p) };
    if (p.reply) {
      const conn = list.find((c) => c.proto === p.proto && same(c.reply, t));
      return conn ? { conn, state: 'ESTABLISHED' } : { state: 'INVALID' };
    }
    const existing = list.find((c) => c.proto === p.proto && same(c.orig, t));
    if (existing) return { conn: existing, state: 'NEW' };
    const conn: Conn = {
      proto: p.proto,
      orig: t,
      reply: { src: p.dst, dst: p.src, ...(p.dport !== undefined ? { sport: p.dport } : {}), ...(p.sport !== undefined ? { dport: p.sport } : {}) },
      snat: false,
      dnat: false,
    };
    list.push(conn);
    return { conn, state: 'NEW' };
  }
}

function ports(p: Tuple): { sport?: number; dport?: number } {
  return { ...(p.sport !== undefined ? { sport: p.sport } : {}), ...(p.dport !== undefined ? { dport: p.dport } : {}) };
}

/** `--to-destination A[:P]` / `--to-source A`. */
function parseTo(text: string | undefined): { addr?: Ip4; port?: number } {
  if (!text) return {};
  const [a, port] = text.split(':');
  const p = parsePrefix(a ?? '');
  return { ...(p ? { addr: p.addr } : {}), ...(port ? { port: Number(port) } : {}) };
}

/** nat PREROUTING / OUTPUT for a new connection: DNAT rewrites destination and the expected reply. */
export function applyDnat(ns: Netns, chain: 'PREROUTING' | 'OUTPUT', p: NatPacket, conn: Conn, view: PacketView): NatResult | undefined {
  if (conn.dnat || conn.snat) return undefined;
  const d = traverse(ns, 'nat', chain, view);
  if (d.verdict !== 'DNAT') return undefined;
  const to = parseTo(d.ruleRef?.toDestination);
  if (to.addr !== undefined) p.dst = to.addr;
  if (to.port !== undefined && p.dport !== undefined) p.dport = to.port;
  conn.dnat = true;
  conn.reply = { ...conn.reply, src: p.dst, ...(p.dport !== undefined ? { sport: p.dport } : {}) };
  return { target: 'DNAT', chain: d.chain, ...(d.rule ? { rule: d.rule } : {}) };
}

/** nat POSTROUTING for a new connection: SNAT/MASQUERADE rewrite the source. */
export function applySnat(ns: Netns, p: NatPacket, conn: Conn, view: PacketView, masqueradeAs: Ip4 | undefined): NatResult | undefined {
  if (conn.snat) return undefined;
  const d = traverse(ns, 'nat', 'POSTROUTING', view);
  let addr: Ip4 | undefined;
  if (d.verdict === 'MASQUERADE') addr = masqueradeAs;
  else if (d.verdict === 'SNAT') addr = parseTo(d.ruleRef?.toSource).addr;
  else return undefined;
  if (addr === undefined) return undefined;
  p.src = addr;
  conn.snat = true;
  conn.reply = { ...conn.reply, dst: addr };
  return { target: d.verdict, chain: d.chain, ...(d.rule ? { rule: d.rule } : {}) };
}

/** The reply's destination back to the original source (undoes SNAT), at PREROUTING. */
export function unSnat(p: NatPacket, conn: Conn): boolean {
  if (!conn.snat || p.dst === conn.orig.src) return false;
  p.dst = conn.orig.src;
  if (conn.orig.sport !== undefined) p.dport = conn.orig.sport;
  return true;
}

/** The reply's source back to the original destination (undoes DNAT), at POSTROUTING / INPUT. */
export function unDnat(p: NatPacket, conn: Conn): boolean {
  if (!conn.dnat || p.src === conn.orig.dst) return false;
  p.src = conn.orig.dst;
  if (conn.orig.dport !== undefined) p.sport = conn.orig.dport;
  return true;
}
