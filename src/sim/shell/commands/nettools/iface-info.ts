/**
 * What the ioctl-based interface tools (net-tools and BusyBox `ifconfig`) read from the kernel,
 * as one record per interface: SIOCGIFFLAGS, SIOCGIFADDR/NETMASK/BRDADDR, SIOCGIFHWADDR,
 * SIOCGIFTXQLEN and /proc/net/if_inet6. Both flavours print from this record.
 *
 * Packet counters (/proc/net/dev) are always 0: the kernel model counts no packets per link.
 */
import { maskOf } from '../../../net/ip4';
import { operState } from '../../../net/link';
import type { Iface, Ip4, Netns, World } from '../../../net/types';
import { nsIfaces } from '../../../net/world';

/** include/uapi/linux/if.h, the bits ifconfig prints. */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  RUNNING: 0x40,
  MULTICAST: 0x1000,
} as const;

/** /proc/net/if_inet6 scope column (IPV6_ADDR_LOOPBACK, IPV6_ADDR_LINKLOCAL, global 0). */
export interface Inet6Addr {
  addr: string;
  prefix: number;
  scope: 0x10 | 0x20 | 0x00;
}

export interface IfaceInfo {
  name: string;
  /** SIOCGIFFLAGS as dev_get_flags() reports them (RUNNING = operstate UP or UNKNOWN). */
  flags: number;
  mtu: number;
  loopback: boolean;
  mac: string;
  txqlen: number;
  /** The first IPv4 address labelled with the interface name (SIOCGIFADDR), if any. */
  inet?: { addr: Ip4; mask: Ip4; brd: Ip4 };
  inet6: Inet6Addr[];
}

export function ifaceInfo(world: World, ns: Netns, iface: Iface): IfaceInfo {
  let flags = 0;
  if (iface.up) flags |= IFF.UP;
  if (iface.kind === 'loopback') flags |= IFF.LOOPBACK;
  else flags |= IFF.BROADCAST | IFF.MULTICAST;
  const oper = operState(world, iface);
  if (iface.up && (oper === 'UP' || oper === 'UNKNOWN')) flags |= IFF.RUNNING;
  const first = iface.addrs[0];
  const inet6: Inet6Addr[] = [];
  if (!ns.ipv6Disabled) {
    if (iface.kind === 'loopback' && iface.up) inet6.push({ addr: '::1', prefix: 128, scope: 0x10 });
    if (iface.ll6) inet6.push({ addr: iface.ll6, prefix: 64, scope: 0x20 });
  }
  return {
    name: iface.name,
    flags,
    mtu: iface.mtu,
    loopback: iface.kind === 'loopback',
    mac: iface.mac,
    txqlen: iface.txqlen ?? 0,
    // SIOCGIFBRDADDR returns ifa_broadcast, which is 0.0.0.0 when the address was added without one.
    ...(first ? { inet: { addr: first.addr, mask: maskOf(first.prefix), brd: first.brd ?? 0 } } : {}),
    inet6,
  };
}

/** strcmp order, as BusyBox's add_interface() keeps its list. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * net-tools' nstrcmp(): names compare as strings without their trailing number, then by that
 * number, so eth2 sorts before eth10.
 */
export function nstrcmp(a: string, b: string): number {
  const split = (s: string) => {
    const m = /^(.*?)(\d+)$/.exec(s);
    return m ? { base: m[1]!, num: Number(m[2]) } : { base: s, num: -1 };
  };
  const x = split(a);
  const y = split(b);
  const c = byteOrder(x.base, y.base);
  if (c !== 0) return c;
  return x.num - y.num;
}

/** The interfaces as /proc/net/dev lists them, sorted the tool's way. */
export function listIfaceInfo(world: World, ns: Netns, compare: (a: string, b: string) => number): IfaceInfo[] {
  return nsIfaces(world, ns)
    .map((i) => ifaceInfo(world, ns, i))
    .sort((a, b) => compare(a.name, b.name));
}
