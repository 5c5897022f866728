/**
 * BusyBox `ping` (1.35, networking/ping.c) as busybox and alpine images run it (facts §12.5):
 * `PING c3 (172.18.0.3): 56 data bytes`, replies with `seq=` from 0 and only the IP, nothing for
 * an unanswered request (not even for a failed ARP), `ping: warning: got ICMP 3 (Destination
 * Unreachable)` for a router's error, `ping: sendto: Network is unreachable` without a route,
 * `ping: bad address 'x'` for a name that does not resolve. Without `-c` it would run until
 * Ctrl-C; the playground sends 4 and then behaves as if Ctrl-C was pressed.
 */
import { SimError } from '../../net/errors';
import { formatIp4, parseIp4 } from '../../net/ip4';
import type { Ip4 } from '../../net/types';
import { findIfaceByName } from '../../net/world';
import { probe, type ProbeResult } from '../../packet/probe';
import type { ShellCtx } from '../context';
import { write } from '../context';
import { resolveName } from '../resolve';
import { applyLearned, MAX_PINGS, rttModel } from './ping';

const USAGE = `BusyBox v1.35.0 multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

	-4,-6		Force IP or IPv6 name resolution
	-c CNT		Send only CNT pings
	-s SIZE		Send SIZE data bytes in packets (default 56)
	-i SECS		Interval
	-A		Ping as soon as reply is received
	-t TTL		Set TTL
	-I IFACE/IP	Source interface or IP address
	-W SEC		Seconds to wait for the first response (default 10)
			(after all -c CNT packets are sent)
	-w SEC		Seconds until ping exits (default:infinite)
			(can exit earlier with -c CNT)
	-q		Quiet, only display output at start/finish
	-p HEXBYTE	Payload pattern`;

interface Options {
  count?: number;
  size: number;
  ttl: number;
  quiet: boolean;
  iface?: string;
  target: string;
}

function parse(argv: string[]): Options {
  const o: Partial<Options> = { size: 56, ttl: 64, quiet: false };
  const args = argv.slice(1);
  const num = (v: string | undefined, flag: string): number => {
    if (v === undefined) throw new SimError(`ping: option requires an argument -- '${flag}'\n${USAGE}`, 1);
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isFinite(n)) throw new SimError(`ping: invalid number '${v}'`, 1);
    return n;
  };
  while (args.length) {
    const a = args.shift()!;
    if (!a.startsWith('-') || a.length === 1) {
      o.target ??= a;
      continue;
    }
    for (let i = 1; i < a.length; i++) {
      const flag = a[i]!;
      const takes = 'csitIWwpm'.includes(flag);
      const val = takes ? (i + 1 < a.length ? a.slice(i + 1) : args.shift()) : undefined;
      if (flag === 'c') o.count = num(val, flag);
      else if (flag === 's') o.size = num(val, flag);
      else if (flag === 't') o.ttl = num(val, flag);
      else if (flag === 'w') o.count ??= Math.max(1, num(val, flag));
      else if (flag === 'I') o.iface = val ?? '';
      else if (flag === 'q') o.quiet = true;
      else if (takes || flag === '4' || flag === 'A') {
        if (takes && val === undefined) throw new SimError(`ping: option requires an argument -- '${flag}'\n${USAGE}`, 1);
      } else throw new SimError(`ping: invalid option -- '${flag}'\n${USAGE}`, 1);
      if (takes) break;
    }
  }
  if (o.target === undefined) throw new SimError(USAGE, 1);
  return o as Options;
}

const ms = (t: number) => t.toFixed(3);

export function busyboxPing(ctx: ShellCtx, argv: string[]): number {
  const o = parse(argv);
  const ns = ctx.world.netns[ctx.place.ns]!;
  const r = resolveName(ctx, o.target);
  if (r.kind !== 'ok') throw new SimError(`ping: bad address '${o.target}'`, 1);
  const dst = r.addr;
  let src: Ip4 | undefined;
  if (o.iface !== undefined) {
    src = parseIp4(o.iface) ?? findIfaceByName(ctx.world, ns, o.iface)?.addrs[0]?.addr;
    if (src === undefined) throw new SimError(`ping: SO_BINDTODEVICE: No such device`, 1);
  }
  const interrupted = o.count === undefined || o.count > MAX_PINGS;
  const count = Math.min(o.count ?? 4, MAX_PINGS);
  write(ctx, `PING ${o.target} (${formatIp4(dst)}): ${o.size} data bytes\n`);
  const local = new Set(ns.ifaces.flatMap((id) => ctx.world.ifaces[id]?.addrs.map((a) => a.addr) ?? []));
  const rtts: number[] = [];
  let first: ProbeResult | undefined;
  for (let seq = 0; seq < count; seq++) {
    const res = probe(ctx.world, { from: ns.id, dst, proto: 'icmp', ttl: o.ttl, broadcast: true, ...(src !== undefined ? { src } : {}) });
    applyLearned(ctx.world, res);
    first ??= res;
    const out = res.outcome;
    if (out.kind === 'no-route' || out.kind === 'send-error') {
      ctx.traces.push(res);
      const why = out.kind === 'no-route' ? 'Network is unreachable' : out.message;
      throw new SimError(`ping: sendto: ${why}`, 1);
    }
    if (out.kind === 'reply') {
      const t = rttModel(dst, seq + 1, out.hops);
      rtts.push(t);
      if (!o.quiet) write(ctx, `${o.size + 8} bytes from ${formatIp4(dst)}: seq=${seq} ttl=${out.ttl} time=${ms(t)} ms\n`);
    } else if (out.kind === 'unreachable' && !local.has(out.from)) {
      write(ctx, 'ping: warning: got ICMP 3 (Destination Unreachable)\n');
    } else if (out.kind === 'time-exceeded') {
      write(ctx, 'ping: warning: got ICMP 11 (Time Exceeded)\n');
    }
  }
  if (first) ctx.traces.push(first);
  if (interrupted) write(ctx, '^C');
  const received = rtts.length;
  write(ctx, `\n--- ${o.target} ping statistics ---\n`);
  write(ctx, `${count} packets transmitted, ${received} packets received, ${Math.floor(((count - received) * 100) / count)}% packet loss\n`);
  if (received) {
    const avg = rtts.reduce((a, b) => a + b, 0) / received;
    write(ctx, `round-trip min/avg/max = ${ms(Math.min(...rtts))}/${ms(avg)}/${ms(Math.max(...rtts))} ms\n`);
  }
  return received ? 0 : 1;
}
