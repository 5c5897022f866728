/**
 * `ifconfig` from net-tools 2.0 (CentOS 7; lib/interface.c ife_print_long, ifconfig.c), and the
 * registry entry that hands BusyBox userlands to their own applet.
 *
 * Lists UP interfaces (all with `-a`) in nstrcmp order; `ifconfig IF` shows one. Changes go
 * through the kernel model as the ioctls do: `up`/`down` (SIOCSIFFLAGS), `mtu N`, and
 * `ADDR [netmask M] [broadcast B]` (SIOCSIFADDR replaces the first address with a classful
 * prefix and brings the link up; netmask and broadcast then adjust it).
 */
import { addAddress, deleteAddress } from '../../../net/addr';
import { SimError } from '../../../net/errors';
import { broadcastOf, formatIp4, maskOf, parseIp4 } from '../../../net/ip4';
import { setLinkDown, setLinkUp, setMtu } from '../../../net/link';
import type { Iface } from '../../../net/types';
import { findIfaceByName } from '../../../net/world';
import type { ShellCtx } from '../../context';
import { userlandOf, write } from '../../context';
import { busyboxIfconfig } from '../busybox/ifconfig';
import { IFF, listIfaceInfo, nstrcmp, type IfaceInfo } from './iface-info';

const FLAG_NAMES: [number, string][] = [
  [IFF.UP, 'UP'],
  [IFF.BROADCAST, 'BROADCAST'],
  [IFF.LOOPBACK, 'LOOPBACK'],
  [IFF.RUNNING, 'RUNNING'],
  [IFF.MULTICAST, 'MULTICAST'],
];

const SCOPES: Record<number, string> = { 0x00: 'global', 0x10: 'host', 0x20: 'link' };

/** `(0.0 B)`, `(390.4 KiB)`: tenths, truncated. */
function bytes(n: number): string {
  const units: [number, string][] = [[2 ** 50, 'PiB'], [2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  const [div, unit] = units.find(([d]) => n > d) ?? [1, 'B'];
  const tenths = Math.floor((n * 10) / div);
  return `${n} (${Math.floor(tenths / 10)}.${tenths % 10} ${unit})`;
}

/** ife_print_long(). Counters are 0: the model counts no packets. */
export function printNettoolsIface(i: IfaceInfo): string {
  const names = FLAG_NAMES.filter(([bit]) => i.flags & bit).map(([, n]) => n);
  let s = `${i.name}: flags=${i.flags}<${names.join(',')}>  mtu ${i.mtu}\n`;
  if (i.inet) {
    s += `        inet ${formatIp4(i.inet.addr)}  netmask ${formatIp4(i.inet.mask)}`;
    if (i.flags & IFF.BROADCAST) s += `  broadcast ${formatIp4(i.inet.brd)}`;
    s += '\n';
  }
  for (const a of i.inet6) {
    s += `        inet6 ${a.addr}  prefixlen ${a.prefix}  scopeid 0x${a.scope.toString(16)}<${SCOPES[a.scope]}>\n`;
  }
  s += i.loopback ? '        loop' : `        ether ${i.mac}`;
  s += `  txqueuelen ${i.txqlen}  (${i.loopback ? 'Local Loopback' : 'Ethernet'})\n`;
  s += `        RX packets 0  bytes ${bytes(0)}\n`;
  s += '        RX errors 0  dropped 0  overruns 0  frame 0\n';
  s += `        TX packets 0  bytes ${bytes(0)}\n`;
  s += '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n';
  return s;
}

const USAGE =
  'Usage:\n  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n' +
  '  [add <address>[/<prefixlen>]]\n' +
  '  [del <address>[/<prefixlen>]]\n' +
  '  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]\n' +
  '  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]\n' +
  '  [outfill <NN>] [keepalive <NN>]\n' +
  '  [hw <HW> <address>]  [mtu <NN>]\n' +
  '  [[-]trailers]  [[-]arp]  [[-]allmulti]\n' +
  '  [multicast]  [[-]promisc]\n' +
  '  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]\n' +
  '  [txqueuelen <NN>]\n' +
  '  [[-]dynamic]\n' +
  '  [up|down] ...';

export function ifconfigCommand(ctx: ShellCtx, argv: string[]): number {
  if (userlandOf(ctx) === 'busybox') return busyboxIfconfig(ctx, argv);
  const args = argv.slice(1);
  let all = false;
  while (args.length && args[0]!.startsWith('-')) {
    const a = args.shift()!;
    if (a === '-a') all = true;
    else if (a === '-s' || a === '-v') throw new SimError(`ifconfig: ${a}: not available in the playground yet`, 1);
    else if (['-?', '-h', '-help', '--help'].includes(a)) throw new SimError(USAGE, 4);
    else throw new SimError(`ifconfig: option \`${a}' not recognised.\nifconfig: \`--help' gives usage information.`, 1);
  }
  const ns = ctx.world.netns[ctx.place.ns]!;
  const infos = listIfaceInfo(ctx.world, ns, nstrcmp);
  const name = args.shift();
  if (name === undefined) {
    write(ctx, infos.filter((i) => all || i.flags & IFF.UP).map(printNettoolsIface).join(''));
    return 0;
  }
  const iface = findIfaceByName(ctx.world, ns, name);
  if (!args.length) {
    const one = infos.find((i) => i.name === name);
    if (!one) throw new SimError(`${name}: error fetching interface information: Device not found`, 1);
    write(ctx, printNettoolsIface(one));
    return 0;
  }
  return configure(ctx, name, iface, args);
}

function configure(ctx: ShellCtx, name: string, iface: Iface | undefined, args: string[]): number {
  const world = ctx.world;
  const need = (ioctl: string): Iface => {
    if (!iface) throw new SimError(`${ioctl}: No such device`, 1);
    return iface;
  };
  if (args[0] === 'inet') args.shift();
  while (args.length) {
    const a = args.shift()!;
    if (a === 'up' || a === 'down') {
      if (!iface) throw new SimError(`${name}: ERROR while getting interface flags: No such device`, 1);
      if (a === 'up') setLinkUp(world, iface);
      else setLinkDown(world, iface);
    } else if (a === 'mtu') {
      const v = args.shift();
      if (v === undefined) throw new SimError(USAGE, 4);
      const dev = need('SIOCSIFMTU');
      const mtu = Number.parseInt(v, 10) || 0;
      if (mtu < 68 || mtu > (dev.kind === 'loopback' ? 65536 : 65535)) throw new SimError('SIOCSIFMTU: Invalid argument', 1);
      setMtu(world, dev, mtu);
    } else if (a === 'netmask' || a === 'broadcast') {
      const v = args.shift();
      if (v === undefined) throw new SimError(USAGE, 4);
      const ip = parseIp4(v);
      if (ip === undefined) throw new SimError(`${v}: Unknown host\nifconfig: Error resolving '${v}' for ${a}`, 1);
      const ioctl = a === 'netmask' ? 'SIOCSIFNETMASK' : 'SIOCSIFBRDADDR';
      const dev = need(ioctl);
      const cur = dev.addrs[0];
      if (!cur) throw new SimError(`${ioctl}: Cannot assign requested address`, 1);
      if (a === 'netmask') {
        const prefix = ip.toString(2).replace(/0+$/, '').length;
        if (maskOf(prefix) !== ip) throw new SimError(`${ioctl}: Invalid argument`, 1);
        // SIOCSIFNETMASK recomputes a broadcast that was derived from the old mask.
        const brd = cur.brd === broadcastOf(cur.addr, cur.prefix) && prefix < 31 ? broadcastOf(cur.addr, prefix) : cur.brd;
        replaceFirst(ctx, dev, cur.addr, prefix, brd);
      } else {
        replaceFirst(ctx, dev, cur.addr, cur.prefix, ip);
      }
    } else {
      const ip = parseIp4(a);
      if (ip === undefined) throw new SimError(`${a}: Unknown host\nifconfig: \`--help' gives usage information.`, 1);
      const dev = need('SIOCSIFADDR');
      // inet_abc_len(): the classful prefix SIOCSIFADDR gives a new address.
      const top = ip >>> 24;
      const prefix = top < 128 ? 8 : top < 192 ? 16 : top < 224 ? 24 : -1;
      if (prefix < 0 || ip === 0) throw new SimError('SIOCSIFADDR: Invalid argument', 1);
      replaceFirst(ctx, dev, ip, prefix, dev.kind === 'loopback' ? undefined : broadcastOf(ip, prefix));
      setLinkUp(world, dev);
    }
  }
  return 0;
}

function replaceFirst(ctx: ShellCtx, dev: Iface, addr: number, prefix: number, brd: number | undefined): void {
  const cur = dev.addrs[0];
  if (cur) deleteAddress(ctx.world, dev, cur.addr, cur.prefix);
  addAddress(ctx.world, dev, addr, prefix, brd !== undefined ? { brd } : {});
}
