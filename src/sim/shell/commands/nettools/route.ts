/**
 * `route` from net-tools 2.0 (CentOS 7, route.c + lib/inet_gr.c + lib/inet_sr.c), and the
 * registry entry that hands BusyBox userlands to their own applet.
 *
 * Shows the table (`-n`, `-e`, `-ee`, `-C`), and adds or deletes IPv4 routes through the kernel
 * model the way SIOCADDRT/SIOCDELRT do (proto boot; errors as perror(): `SIOCADDRT: File exists`,
 * exit 7 = E_SOCK). Bad options print glibc's complaint and the usage, exit 4 (E_USAGE).
 */
import { addRoute, deleteRoute, localOwner } from '../../../net/addr';
import { SimError } from '../../../net/errors';
import { inPrefix, maskOf, parseIp4 } from '../../../net/ip4';
import type { Route } from '../../../net/types';
import { findIfaceByName } from '../../../net/world';
import type { ShellCtx } from '../../context';
import { userlandOf, write } from '../../context';
import { busyboxRoute } from '../busybox/route';
import { getopt } from '../busybox/usage';
import { printRouteTable } from './route-table';

export const NETTOOLS_AFLIST =
  '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) ipx (Novell IPX) ddp (Appletalk DDP) \n' +
  '    x25 (CCITT X.25) \n';

const ROUTE_USAGE =
  'Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n' +
  '       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n\n' +
  '       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n' +
  '       route {-V|--version}                  Display version/author and exit.\n\n' +
  '        -v, --verbose            be verbose\n' +
  "        -n, --numeric            don't resolve names\n" +
  '        -e, --extend             display other/more information\n' +
  '        -F, --fib                display Forwarding Information Base (default)\n' +
  '        -C, --cache              display routing cache instead of FIB\n\n' +
  "  <AF>=Use '-A <af>' or '--<af>'; default: inet\n" +
  '  List of possible address families (which support routing):\n' +
  NETTOOLS_AFLIST;

function usage(prefix = ''): never {
  throw new SimError(`${prefix}${ROUTE_USAGE}`.replace(/\n$/, ''), 4);
}

const LONG = { extend: 'e', verbose: 'v', version: 'V', numeric: 'n', symbolic: 'N', protocol: 'A', cache: 'C', fib: 'F', help: 'h', inet: '4', inet6: '6' };

export function routeCommand(ctx: ShellCtx, argv: string[]): number {
  if (userlandOf(ctx) === 'busybox') return busyboxRoute(ctx, argv);
  const renamed = argv.map((a) => (a === '-net' || a === '-host' ? `#${a.slice(1)}` : a));
  const opts = getopt('route', renamed, 'A:eCFhnN64Vv?', (m) => usage(`${m}\n`), LONG);
  if (opts.count['h'] || opts.count['?']) usage();
  if (opts.count['V']) throw new SimError('route: -V: not available in the playground yet', 1);
  const family = opts.arg['A'] ?? (opts.count['6'] ? 'inet6' : 'inet');
  if (family !== 'inet') throw new SimError(`route: ${family} routing tables are not available in the playground yet`, 1);
  const ns = ctx.world.netns[ctx.place.ns]!;
  const verb = opts.operands[0];
  if (verb === undefined) {
    const ext = 1 + (opts.count['e'] ?? 0);
    if (opts.count['C']) {
      write(ctx, 'Kernel IP routing cache\nSource          Destination     Gateway         Flags Metric Ref    Use Iface\n');
      return 0;
    }
    const table = printRouteTable(ctx, ns, { flavour: 'nettools', numeric: !!opts.count['n'], netstat: ext === 2 });
    write(ctx, ext >= 3 ? extendLong(table) : table);
    return 0;
  }
  if (verb !== 'add' && verb !== 'del' && verb !== 'delete') usage();
  return editRoute(ctx, verb === 'add', opts.operands.slice(1));
}

/** `route -ee`: the Metric Ref Use columns plus MSS Window irtt (`%-6.6s   %-5d %-6d %d`). */
function extendLong(table: string): string {
  const lines = table.split('\n');
  lines[1] = 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt';
  for (let i = 2; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l) continue;
    const m = /^(.{48}\S+\s+)(\d+)\s+(\d+)\s+(\d+) (\S+)$/.exec(l);
    if (!m) continue;
    lines[i] = `${m[1]}${m[2]!.padEnd(6)} ${m[3]!.padEnd(3)} ${m[4]!.padStart(6)} ${m[5]!.slice(0, 6).padEnd(6)}   ${'0'.padEnd(5)} ${'0'.padEnd(6)} 0`;
  }
  return lines.join('\n');
}

function ioctlError(add: boolean, text: string): never {
  throw new SimError(`${add ? 'SIOCADDRT' : 'SIOCDELRT'}: ${text}`, 7);
}

/** lib/inet_sr.c INET_setroute(): [-net|-host] target [netmask M] [gw G] [metric N] [[dev] If]. */
function editRoute(ctx: ShellCtx, add: boolean, args: string[]): number {
  const ns = ctx.world.netns[ctx.place.ns]!;
  let kind = '';
  let target = args.shift();
  if (target === '#net' || target === '#host') {
    kind = target;
    target = args.shift();
  }
  if (target === undefined) usage();
  let addr: number;
  let prefix = kind === '#host' ? 32 : -1;
  if (target === 'default') {
    addr = 0;
    prefix = 0;
  } else {
    const [ipText = '', len] = target.split('/');
    const ip = parseIp4(ipText);
    if (ip === undefined) throw new SimError(`${target}: Unknown host`, 6);
    addr = ip;
    if (len !== undefined) prefix = Number(len);
  }
  let gw: number | undefined;
  let dev: string | undefined;
  let metric: number | undefined;
  while (args.length) {
    const a = args.shift()!;
    const v = args.shift();
    if (a === 'netmask' || a === 'gw' || a === 'gateway' || a === 'metric' || a === 'dev') {
      if (v === undefined) usage();
      if (a === 'netmask') {
        const m = parseIp4(v);
        if (m === undefined) throw new SimError(`${v}: Unknown host`, 6);
        prefix = m.toString(2).replace(/0+$/, '').length;
        if (maskOf(prefix) !== m) throw new SimError(`route: bogus netmask ${v}`, 3);
      } else if (a === 'gw' || a === 'gateway') {
        gw = parseIp4(v);
        if (gw === undefined) throw new SimError(`${v}: Unknown host`, 6);
      } else if (a === 'metric') metric = Number(v);
      else dev = v;
    } else {
      if (v !== undefined) args.unshift(v);
      dev = a;
    }
  }
  // A bare address is a host route; `-net` without a netmask leaves the mask 0.
  if (prefix < 0) prefix = kind === '#net' ? 0 : 32;
  if ((addr & ~maskOf(prefix)) >>> 0 !== 0) usage("route: netmask doesn't match route address\n");
  const iface = dev !== undefined ? findIfaceByName(ctx.world, ns, dev) : undefined;
  if (dev !== undefined && !iface) ioctlError(add, 'No such device');
  if (!add) {
    try {
      deleteRoute(ns, (r) => r.dst === addr && r.prefix === prefix && (gw === undefined || r.via === gw) && (!iface || r.dev === iface.id) && (metric === undefined || (r.metric ?? 0) === metric));
    } catch (e) {
      // Only the kernel's "no such route" is this tool's error; anything else is a bug to surface.
      if (!(e instanceof SimError)) throw e;
      ioctlError(false, 'No such process');
    }
    return 0;
  }
  let devId = iface?.id;
  if (!devId && gw !== undefined) {
    const g = gw;
    devId = localOwner(ctx.world, ns, g)?.id ?? ns.routes.find((r) => r.via === undefined && inPrefix(g, r.dst, r.prefix))?.dev;
    if (!devId) ioctlError(true, 'Network is unreachable');
  }
  if (!devId) ioctlError(true, 'No such device');
  const route: Route = {
    dst: addr, prefix, dev: devId, proto: 'boot', scope: gw === undefined ? 'link' : 'global',
    ...(gw !== undefined ? { via: gw } : {}),
    ...(metric ? { metric } : {}),
  };
  try {
    addRoute(ctx.world, ns, route);
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
    if (e.message.includes('File exists')) ioctlError(true, 'File exists');
    if (e.message.includes('not up') || e.message.includes('Network is down')) ioctlError(true, 'Network is down');
    ioctlError(true, 'Network is unreachable');
  }
  return 0;
}
