/**
 * The IPv4 routing table as /proc/net/route gives it (the main table; fib_route_seq_show), and
 * the layouts `route` and `netstat -r` print it in: net-tools lib/inet_gr.c rprint_fib() and
 * BusyBox bb_displayroutes() share `%-15s %-15s %-15s %-5s %-6d %-2d %7d %s`, and the `netstat -r`
 * form trades Metric/Ref/Use for MSS/Window/irtt.
 *
 * Names (without -n), from lib/inet.c INET_rresolve(): a destination of 0.0.0.0/0 is `default`;
 * an unset gateway is `0.0.0.0` in net-tools 2.0 (its netmask is not 0) and `*` in BusyBox;
 * gateways resolve as hosts, destinations as networks.
 */
import { formatIp4, maskOf } from '../../../net/ip4';
import type { Netns } from '../../../net/types';
import type { ShellCtx } from '../../context';
import { networkName, reverseName } from './names';

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;
const RTF_HOST = 0x4;

export interface RouteRow {
  dst: number;
  gw: number;
  mask: number;
  flags: number;
  metric: number;
  iface: string;
}

export function routeRows(ctx: Pick<ShellCtx, 'world'>, ns: Netns): RouteRow[] {
  return ns.routes.map((r) => ({
    dst: r.dst,
    gw: r.via ?? 0,
    mask: maskOf(r.prefix),
    flags: RTF_UP | (r.via !== undefined ? RTF_GATEWAY : 0) | (r.prefix === 32 ? RTF_HOST : 0),
    metric: r.metric ?? 0,
    iface: ctx.world.ifaces[r.dev]?.name ?? '',
  }));
}

function flagText(flags: number): string {
  let s = 'U';
  if (flags & RTF_GATEWAY) s += 'G';
  if (flags & RTF_HOST) s += 'H';
  return s;
}

export interface RouteFormat {
  flavour: 'nettools' | 'busybox';
  numeric: boolean;
  /** `netstat -r` columns (MSS Window irtt) instead of Metric Ref Use. */
  netstat: boolean;
}

function names(ctx: Pick<ShellCtx, 'world' | 'place'>, ns: Netns, row: RouteRow, f: RouteFormat): [string, string] {
  if (f.numeric) return [formatIp4(row.dst), formatIp4(row.gw)];
  let dst: string;
  if (row.dst === 0 && row.mask === 0) dst = 'default';
  else if (row.flags & RTF_HOST) dst = reverseName(ctx, ns, row.dst) ?? formatIp4(row.dst);
  else dst = networkName(ctx, row.dst) ?? formatIp4(row.dst);
  let gw: string;
  if (row.gw === 0) gw = f.flavour === 'busybox' ? '*' : '0.0.0.0';
  else gw = reverseName(ctx, ns, row.gw) ?? formatIp4(row.gw);
  return [dst.slice(0, 15), gw.slice(0, 15)];
}

export function printRouteTable(ctx: Pick<ShellCtx, 'world' | 'place'>, ns: Netns, f: RouteFormat): string {
  let s = 'Kernel IP routing table\n';
  s += `Destination     Gateway         Genmask         Flags ${f.netstat ? '  MSS Window  irtt' : 'Metric Ref    Use'} Iface\n`;
  for (const row of routeRows(ctx, ns)) {
    const [dst, gw] = names(ctx, ns, row, f);
    s += `${dst.padEnd(15)} ${gw.padEnd(15)} ${formatIp4(row.mask).padEnd(15)} ${flagText(row.flags).padEnd(5)} `;
    s += f.netstat
      ? `${'0'.padStart(5)} ${'0'.padEnd(5)} ${'0'.padStart(6)} ${row.iface}\n`
      : `${String(row.metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${row.iface}\n`;
  }
  return s;
}
