/**
 * A probe: a client sends one packet (ICMP echo or TCP SYN) from a namespace, the engine walks it
 * there, the host it reaches answers (echo reply, SYN-ACK from a listening socket, or RST), and the
 * answer is walked back. The outcome is what the client's tool sees.
 */
import { isLocalBroadcast } from '../net/addr';
import type { Ip4, NsId, World } from '../net/types';
import { Walker, type FdbLearned, type Learned, type Pkt } from './engine';
import { isLocal, topology } from './topology';
import type { ProbeOutcome, Trace } from './trace';

export interface ProbeRequest {
  from: NsId;
  dst: Ip4;
  proto: 'icmp' | 'tcp';
  dport?: number;
  /** `ping -I` / a bound source address. */
  src?: Ip4;
  /** `ping -b`: sending to a broadcast address is allowed (nobody answers: icmp_echo_ignore_broadcasts). */
  broadcast?: boolean;
  ttl?: number;
}

export interface ProbeResult extends Trace {
  learned: Learned[];
  fdb: FdbLearned[];
}

/** Sends one probe from `req.from` and follows it there and back. */
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
  const done = (outcome: ProbeOutcome): ProbeResult => ({ steps: w.steps, outcome, learned: w.learned, fdb: w.fdb });
  const sentFrom = () => request.src;
  if (!isLocal(topology(world), ns.id, req.dst) && isLocalBroadcast(world, ns, req.dst)) {
    return done(req.broadcast ? { kind: 'timeout' } : { kind: 'broadcast' });
  }
  const there = w.output(ns, request, true);
  switch (there.kind) {
    case 'no-route':
      return done({ kind: 'no-route' });
    case 'eperm':
      return done({ kind: 'send-error', message: 'Operation not permitted' });
    case 'lost':
      return done({ kind: 'timeout' });
    case 'arp-failed':
      return done({ kind: 'unreachable', from: sentFrom(), code: 'host' });
    case 'unreach':
      return done({ kind: 'unreachable', from: there.from, code: there.code });
    case 'ttl':
      return done({ kind: 'time-exceeded', from: there.from });
    case 'delivered':
      break;
  }
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
  if (req.proto === 'tcp') {
    return done(answer.tcpFlags === 'SA' ? { kind: 'tcp-open', from: back.pkt.src, hops: w.hops } : { kind: 'tcp-refused', from: back.pkt.src });
  }
  return done({ kind: 'reply', from: back.pkt.src, ttl: back.pkt.ttl, hops: w.hops });
}
