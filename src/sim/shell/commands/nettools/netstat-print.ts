/**
 * The `Active Internet connections` table of both netstats, from the socket rows of sockets.ts.
 *
 * net-tools 2.0 (netstat.c tcp_do_one/finish_this_one): `%-4s  %6ld %6ld %-23s %-23s %-11s`, then
 * ` %-20s` for `-p`; the header's `State      ` has 6 trailing spaces. Unspecified addresses print
 * as `0.0.0.0` and `:::PORT`, or `[::]:name` when resolving; `host:port` is cut to 22 characters.
 * BusyBox 1.35 (print_inet_line): `%s   %6lu %6lu %-23s %-23s %-12s`, then `%.20s` for `-p`
 * straight after the state; IPv6 rows are labelled `tcp`/`udp` like IPv4 ones; ports are not
 * named (the busybox image has no /etc/services).
 */
import { parseIp4 } from '../../../net/ip4';
import type { Netns } from '../../../net/types';
import type { ShellCtx } from '../../context';
import { hostsName } from './names';
import { pidProgram, socketRows, type SocketRow } from './sockets';

export interface NetstatOpts {
  flavour: 'nettools' | 'busybox';
  listening: boolean;
  connected: boolean;
  numeric: boolean;
  programs: boolean;
  tcp: boolean;
  udp: boolean;
  raw: boolean;
  unix: boolean;
  /** net-tools `-4`/`-6`: one address family only. */
  family?: 4 | 6;
}

/** A subset of CentOS 7's /etc/services, for the ports the playground's programs use. */
const SERVICES: Record<number, string> = {
  22: 'ssh', 25: 'smtp', 53: 'domain', 80: 'http', 111: 'sunrpc', 443: 'https', 2222: 'EtherNet/IP-1', 3306: 'mysql', 8080: 'webcache',
};

function mode(o: NetstatOpts): string {
  if (o.listening && o.connected) return '(servers and established)';
  if (o.listening) return '(only servers)';
  return '(w/o servers)';
}

function hostText(ctx: Pick<ShellCtx, 'world' | 'place'>, row: SocketRow, o: NetstatOpts): string {
  if (o.numeric) return row.local;
  if (row.v6) return o.flavour === 'nettools' ? '[::]' : '::';
  const ip = parseIp4(row.local)!;
  if (ip === 0) return '0.0.0.0';
  return hostsName(ctx, ip) ?? (o.flavour === 'busybox' && ip === 0x7f000001 ? 'localhost' : row.local);
}

function endpoint(host: string, port: string, o: NetstatOpts): string {
  if (o.flavour === 'nettools' && host.length + port.length > 22) host = host.slice(0, 22 - port.length);
  return `${host}:${port}`;
}

/** Who owns the socket as seen from here: container processes are pid 1 inside their own container. */
function owner(ctx: Pick<ShellCtx, 'place'>, row: SocketRow): string {
  const s = row.socket;
  if (ctx.place.container !== undefined) {
    return s.owner === ctx.place.container ? pidProgram(1, s.program) : '-';
  }
  return pidProgram(row.pid, s.program);
}

function inetLines(ctx: Pick<ShellCtx, 'world' | 'place'>, ns: Netns, o: NetstatOpts): string {
  let s = '';
  for (const row of socketRows(ns)) {
    if (row.proto === 'tcp' ? !o.tcp : !o.udp) continue;
    if (o.family !== undefined && row.v6 !== (o.family === 6)) continue;
    // Every modelled socket is a listener (no remote end).
    if (!o.listening) continue;
    const port = o.numeric || o.flavour === 'busybox' ? String(row.port) : (SERVICES[row.port] ?? String(row.port));
    const local = endpoint(hostText(ctx, row, o), port, o);
    const anyHost = row.v6 ? (o.numeric || o.flavour === 'busybox' ? '::' : '[::]') : '0.0.0.0';
    const remote = `${anyHost}:*`;
    const state = row.proto === 'tcp' ? 'LISTEN' : '';
    if (o.flavour === 'nettools') {
      const proto = row.v6 ? `${row.proto}6` : row.proto;
      s += `${proto.padEnd(4)}  ${'0'.padStart(6)} ${'0'.padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${state.padEnd(11)}`;
      if (o.programs) s += ` ${owner(ctx, row).padEnd(20)}`;
    } else {
      s += `${row.proto}   ${'0'.padStart(6)} ${'0'.padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${state.padEnd(12)}`;
      if (o.programs) s += owner(ctx, row).slice(0, 20);
    }
    s += '\n';
  }
  return s;
}

/** The tables `netstat` prints for its socket options. UNIX sockets are not modelled: header only. */
export function printNetstat(ctx: Pick<ShellCtx, 'world' | 'place'>, ns: Netns, o: NetstatOpts): string {
  let s = '';
  if (o.tcp || o.udp || o.raw) {
    s += `Active Internet connections ${mode(o)}\n`;
    if (o.flavour === 'nettools') {
      s += 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ';
      if (o.programs) s += ` ${'PID/Program name'.padEnd(20)}`;
      s += '\n';
    } else {
      s += `Proto Recv-Q Send-Q ${'Local Address'.padEnd(23)} ${'Foreign Address'.padEnd(23)} State       ${o.programs ? 'PID/Program name    ' : ''}\n`;
    }
    s += inetLines(ctx, ns, o);
  }
  if (o.unix) {
    s += `Active UNIX domain sockets ${mode(o)}\n`;
    s += o.flavour === 'nettools'
      ? `Proto RefCnt Flags       Type       State         I-Node  ${o.programs ? ' PID/Program name    ' : ''} Path\n`
      : `Proto RefCnt Flags       Type       State         I-Node ${o.programs ? 'PID/Program name    ' : ''}Path\n`;
  }
  return s;
}
