/**
 * BusyBox 1.35 `ifconfig` (networking/ifconfig.c, interface.c): the net-tools 1.60 layout with
 * upper-case MACs, interfaces in strcmp order, only UP ones unless `-a`. Any argument that is not
 * `-a` is taken as an interface name, so `ifconfig -x` reports a missing device. Setting anything
 * fails in a container (no CAP_NET_ADMIN): `ifconfig: SIOCSIFADDR: Operation not permitted`.
 */
import { formatIp4 } from '../../../net/ip4';
import { ownEntry } from '../../../net/world';
import type { ShellCtx } from '../../context';
import { write } from '../../context';
import { byteOrder, IFF, listIfaceInfo, type IfaceInfo } from '../nettools/iface-info';
import { die, isHelp, usageText } from './usage';

const FLAG_NAMES: [number, string][] = [
  [IFF.UP, 'UP'],
  [IFF.BROADCAST, 'BROADCAST'],
  [IFF.LOOPBACK, 'LOOPBACK'],
  [IFF.RUNNING, 'RUNNING'],
  [IFF.MULTICAST, 'MULTICAST'],
];

/** print_bytes_scaled(): `1182 (1.1 KiB)`. */
function scaled(n: number): string {
  let int = n;
  let frac = 0;
  const ext = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let e = 0;
  for (let i = 0; i < 4; i++) {
    if (int >= 1024) {
      frac = Math.floor(((int % 1024) * 10) / 1024);
      int = Math.floor(int / 1024);
      e++;
    }
  }
  return `${n} (${int}.${frac} ${ext[e]}B)`;
}

const SCOPES: Record<number, string> = { 0x00: 'Global', 0x10: 'Host', 0x20: 'Link' };

/** ife_print(). Counters are 0: the model counts no packets. */
export function printBusyboxIface(i: IfaceInfo): string {
  let s = `${i.name.padEnd(9).slice(0, 9)} Link encap:${i.loopback ? 'Local Loopback' : 'Ethernet'}  `;
  if (!i.loopback) s += `HWaddr ${i.mac.toUpperCase()}  `;
  s += '\n';
  if (i.inet) {
    s += `          inet addr:${formatIp4(i.inet.addr)} `;
    if (i.flags & IFF.BROADCAST) s += ` Bcast:${formatIp4(i.inet.brd)} `;
    s += ` Mask:${formatIp4(i.inet.mask)}\n`;
  }
  for (const a of i.inet6) s += `          inet6 addr: ${a.addr}/${a.prefix} Scope:${SCOPES[a.scope]}\n`;
  s += '          ';
  if (i.flags === 0) s += '[NO FLAGS] ';
  for (const [bit, name] of FLAG_NAMES) if (i.flags & bit) s += `${name} `;
  s += ` MTU:${i.mtu}  Metric:1\n`;
  s += '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n';
  s += '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n';
  s += `          collisions:0 txqueuelen:${i.txqlen} \n`;
  s += `          RX bytes:${scaled(0)}  TX bytes:${scaled(0)}\n\n`;
  return s;
}

export function busyboxIfconfig(ctx: ShellCtx, argv: string[]): number {
  if (isHelp(argv)) {
    write(ctx, usageText('ifconfig'));
    return 0;
  }
  const args = argv.slice(1);
  let all = false;
  if (args[0] === '-a') {
    all = true;
    args.shift();
  }
  const ns = ctx.world.netns[ctx.place.ns]!;
  const infos = listIfaceInfo(ctx.world, ns, byteOrder);
  if (args.length <= 1) {
    const name = args[0];
    if (name === undefined) {
      write(ctx, infos.filter((i) => all || i.flags & IFF.UP).map(printBusyboxIface).join(''));
      return 0;
    }
    const one = infos.find((i) => i.name === name);
    if (!one) die('ifconfig', `${name}: error fetching interface information: Device not found`);
    write(ctx, printBusyboxIface(one));
    return 0;
  }
  const name = args[0]!;
  const exists = infos.some((i) => i.name === name);
  const word = args[1]!;
  const flagWords = ['up', 'down', 'arp', '-arp', 'promisc', '-promisc', 'multicast', 'allmulti', '-allmulti', 'trailers', '-trailers', 'dynamic', '-dynamic'];
  const ioctl = flagWords.includes(word)
    ? 'SIOCGIFFLAGS'
    : ownEntry({ netmask: 'SIOCSIFNETMASK', broadcast: 'SIOCSIFBRDADDR', mtu: 'SIOCSIFMTU', hw: 'SIOCSIFHWADDR', txqueuelen: 'SIOCSIFTXQLEN', metric: 'SIOCSIFMETRIC' }, word) ?? 'SIOCSIFADDR';
  if (!exists) die('ifconfig', `${ioctl}: No such device`);
  return die('ifconfig', `${ioctl === 'SIOCGIFFLAGS' ? 'SIOCSIFFLAGS' : ioctl}: Operation not permitted`);
}
