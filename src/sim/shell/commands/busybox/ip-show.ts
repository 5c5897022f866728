/**
 * BusyBox 1.35 `ip addr`/`ip link` listing (networking/libiproute/ipaddress.c), which copies an
 * old iproute2: no `state`, `mode` or `group`, `qlen N` only when the queue length is not 0 (from
 * SIOCGIFTXQLEN), no `link-netnsid`, `dynamic` for addresses with a lifetime, and the `M-DOWN`
 * flag: for a link with IFLA_LINK (a veth), BusyBox looks that ifindex up among the links of the
 * *current* namespace (ll_index_to_name/ll_index_to_flags) and flags M-DOWN when it is missing or
 * not UP. A container's eth0 has its peer in the host namespace, so it always shows M-DOWN and
 * `@ifN`; a veth pair in one namespace shows its peer's name.
 */
import { formatIp4 } from '../../../net/ip4';
import { hasCarrier, operState } from '../../../net/link';
import type { Addr4, Iface, Netns, World } from '../../../net/types';
import { findIfaceByIndex, nsIfaces } from '../../../net/world';

export interface ShowFilter {
  /** AF_INET, AF_INET6, AF_PACKET (`ip link`), or both address families. */
  family?: 'inet' | 'inet6' | 'link';
  oneline: boolean;
  ifindex?: number;
  up: boolean;
}

function flagsOf(world: World, iface: Iface): { up: boolean; running: boolean; carrier: boolean } {
  const oper = operState(world, iface);
  return { up: iface.up, running: iface.up && (oper === 'UP' || oper === 'UNKNOWN'), carrier: hasCarrier(world, iface) };
}

function linkFlags(world: World, iface: Iface, mdown: boolean): string {
  const f = flagsOf(world, iface);
  const labels: string[] = [];
  if (iface.kind === 'loopback') labels.push('LOOPBACK');
  else labels.push('BROADCAST', 'MULTICAST');
  if (f.up) labels.push('UP');
  if (f.carrier) labels.push('LOWER_UP');
  let s = '<';
  if (f.up && !f.running) s += 'NO-CARRIER,';
  s += labels.join(',');
  if (mdown) s += ',M-DOWN';
  return `${s}> `;
}

/**
 * `@peer: ` for a link with IFLA_LINK (a veth's peer, a macvlan's lower device), resolved in this
 * namespace only, and the M-DOWN flag.
 */
function linkSuffix(world: World, ns: Netns, iface: Iface): { text: string; mdown: boolean } {
  if (iface.kind !== 'veth' && iface.kind !== 'macvlan') return { text: ': ', mdown: false };
  const other = iface.kind === 'veth' ? iface.peer : iface.link;
  const peer = other ? world.ifaces[other] : undefined;
  if (!peer) return { text: '@NONE: ', mdown: false };
  const here = findIfaceByIndex(world, ns, peer.ifindex);
  return { text: `@${here ? here.name : `if${peer.ifindex}`}: `, mdown: !here?.up };
}

function linkInfo(world: World, ns: Netns, iface: Iface, filter: ShowFilter): string {
  const sl = filter.oneline ? '\\' : '\n';
  const suffix = linkSuffix(world, ns, iface);
  let s = `${iface.ifindex}: ${iface.name}${suffix.text}${linkFlags(world, iface, suffix.mdown)}`;
  s += `mtu ${iface.mtu} qdisc ${iface.qdisc} `;
  const master = iface.master ? world.ifaces[iface.master] : undefined;
  if (master) s += `master ${master.name} `;
  if (iface.txqlen) s += `qlen ${iface.txqlen}`;
  if (filter.family === undefined || filter.family === 'link') {
    s += iface.kind === 'loopback'
      ? `${sl}    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00`
      : `${sl}    link/ether ${iface.mac} brd ff:ff:ff:ff:ff:ff`;
  }
  return `${s}\n`;
}

function lifetime(a: Addr4): string {
  const lft = a.lft === undefined ? 'forever' : `${a.lft}sec`;
  return `valid_lft ${lft} preferred_lft ${lft}`;
}

interface AddrLine {
  family: 'inet' | 'inet6';
  text: string;
}

function addrLines(ns: Netns, iface: Iface, filter: ShowFilter): AddrLine[] {
  const sl = filter.oneline ? '\\' : '\n';
  const lead = filter.oneline ? `${iface.ifindex}: ${iface.name}` : '';
  const out: AddrLine[] = [];
  for (const a of iface.addrs) {
    let s = `${lead}    inet ${formatIp4(a.addr)}/${a.prefix} `;
    if (a.brd !== undefined) s += `brd ${formatIp4(a.brd)} `;
    s += `scope ${a.scope} `;
    if (a.secondary) s += 'secondary ';
    // IFA_F_PERMANENT is missing on DHCP leases; noprefixroute lives in IFA_FLAGS, which BusyBox ignores.
    if (a.lft !== undefined || a.flags?.includes('dynamic')) s += 'dynamic ';
    s += iface.name;
    out.push({ family: 'inet', text: `${s}${sl}       ${lifetime(a)}\n` });
  }
  if (!ns.ipv6Disabled) {
    const v6: [string, string][] = [];
    if (iface.kind === 'loopback' && iface.up) v6.push(['::1/128', 'host']);
    if (iface.ll6) v6.push([`${iface.ll6}/64`, 'link']);
    for (const [addr, scope] of v6) {
      out.push({ family: 'inet6', text: `${lead}    inet6 ${addr} scope ${scope} ${sl}       valid_lft forever preferred_lft forever\n` });
    }
  }
  // The kernel dumps every IPv4 address before the IPv6 ones; per link that keeps this order.
  return out;
}

/** ipaddr_list_or_flush() for `ip addr` and (family `link`) `ip link`. */
export function listAddrs(world: World, ns: Netns, filter: ShowFilter): string {
  let s = '';
  for (const iface of nsIfaces(world, ns)) {
    const lines = filter.family === 'link' ? [] : addrLines(ns, iface, filter).filter((l) => !filter.family || l.family === filter.family);
    // With a family filter, links without an address of that family are dropped.
    if ((filter.family === 'inet' || filter.family === 'inet6') && lines.length === 0) continue;
    if (filter.ifindex !== undefined && filter.ifindex !== iface.ifindex) continue;
    // BusyBox quirk: `up` only suppresses the link line; the addresses of a down link still print.
    const header = !(filter.up && !iface.up) && !(filter.oneline && filter.family !== 'link');
    if (header) s += linkInfo(world, ns, iface, filter);
    for (const l of lines) s += l.text;
  }
  return s;
}
