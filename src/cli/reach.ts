/**
 * `reach`: the simulator's verdict for `ping -c1 -W1 ADDR` from every named namespace to every
 * IPv4 address in the World outside 127/8.
 */
import { runLabScript } from '../sim/lab/lab';
import { formatIp4 } from '../sim/net/ip4';
import type { World } from '../sim/net/types';
import { probe } from '../sim/packet/probe';
import { nsLabel } from './export-linux';

export interface Verdict {
  from: string;
  to: string;
  ok: boolean;
}

export function worldAddresses(world: World): number[] {
  const seen = new Set<number>();
  for (const i of Object.values(world.ifaces)) for (const a of i.addrs) if (a.addr >>> 24 !== 127) seen.add(a.addr);
  return [...seen].sort((a, b) => a - b);
}

export function reachWorld(world: World): Verdict[] {
  const out: Verdict[] = [];
  const addrs = worldAddresses(world);
  for (const ns of Object.values(world.netns)) {
    if (ns.kind === 'segment') continue;
    const from = nsLabel(world, ns);
    for (const dst of addrs) {
      const r = probe(world, { from: ns.id, dst, proto: 'icmp' });
      out.push({ from, to: formatIp4(dst), ok: r.outcome.kind === 'reply' });
    }
  }
  return out;
}

export function reach(labText: string): Verdict[] {
  return reachWorld(runLabScript(labText).world);
}

/** What a TCP connect saw: the handshake completed, a RST, or nothing usable in time. */
export type TcpResult = 'open' | 'refused' | 'none';

export interface TcpVerdict {
  from: string;
  to: string;
  port: number;
  result: TcpResult;
}

/** Each namespace's TCP listening sockets as (address, port), by label (docker-proxy included). */
export function tcpListeners(world: World): Record<string, [string, number][]> {
  const out: Record<string, [string, number][]> = {};
  for (const ns of Object.values(world.netns)) {
    const socks = new Map<string, [string, number]>();
    for (const s of ns.sockets) if (s.proto === 'tcp') socks.set(`${s.addr}:${s.port}`, [formatIp4(s.addr), s.port]);
    if (socks.size) out[nsLabel(world, ns)] = [...socks.values()];
  }
  return out;
}

/**
 * The simulator's verdict for a TCP connect (SYN, then SYN-ACK or RST) from every namespace but
 * segments to every address of the World and 127.0.0.1, on every port some namespace listens on.
 */
export function tcpReachWorld(world: World): TcpVerdict[] {
  const ports = [...new Set(Object.values(world.netns).flatMap((ns) => ns.sockets.filter((s) => s.proto === 'tcp').map((s) => s.port)))].sort((a, b) => a - b);
  if (!ports.length) return [];
  const addrs = [...worldAddresses(world), 0x7f000001];
  const out: TcpVerdict[] = [];
  for (const ns of Object.values(world.netns)) {
    if (ns.kind === 'segment') continue;
    const from = nsLabel(world, ns);
    for (const dst of addrs) {
      for (const dport of ports) {
        const k = probe(world, { from: ns.id, dst, proto: 'tcp', dport }).outcome.kind;
        out.push({ from, to: formatIp4(dst), port: dport, result: k === 'tcp-open' ? 'open' : k === 'tcp-refused' ? 'refused' : 'none' });
      }
    }
  }
  return out;
}
