/**
 * iproute2's text layout (ip/ipaddress.c, ip/iproute.c), including its trailing spaces:
 * every field is printed as "%s " so `group default ` ends in a space unless `qlen N` follows.
 * link-netnsid is printed as a number, as CentOS 7's iproute2 does (6.x prints a netns name
 * instead when it can resolve one).
 */
import { formatCidr, formatIp4 } from '../../../net/ip4';
import { hasCarrier, operState, vxlanPort } from '../../../net/link';
import type { Iface, Netns, Route, World } from '../../../net/types';

export function linkFlags(world: World, iface: Iface): string {
  const f: string[] = [];
  const carrier = hasCarrier(world, iface);
  if (iface.up && !carrier) f.push('NO-CARRIER');
  if (iface.kind === 'loopback') f.push('LOOPBACK');
  else f.push('BROADCAST', 'MULTICAST');
  if (iface.up) f.push('UP');
  if (carrier) f.push('LOWER_UP');
  if (mDown(world, iface)) f.push('M-DOWN');
  return `<${f.join(',')}>`;
}

/** The device named after `@`: a veth's peer or a macvlan's lower device (IFLA_LINK). */
function linkOf(world: World, iface: Iface): Iface | undefined {
  if (iface.kind === 'veth' && iface.peer) return world.ifaces[iface.peer];
  if (iface.kind === 'macvlan' && iface.link) return world.ifaces[iface.link];
  return undefined;
}

function sameNsPeer(world: World, iface: Iface): Iface | undefined {
  const p = linkOf(world, iface);
  return p && p.ns === iface.ns ? p : undefined;
}

function mDown(world: World, iface: Iface): boolean {
  const p = sameNsPeer(world, iface);
  return p !== undefined && !p.up;
}

export function linkLabel(world: World, iface: Iface): string {
  // Moved out of its underlay, a vxlan device reports its own ifindex as IFLA_LINK (iproute2 6.1, Linux 6.x).
  if (iface.kind === 'vxlan' && iface.vxlan && iface.vxlan.underlay !== iface.ns) return `${iface.name}@if${iface.ifindex}`;
  if ((iface.kind !== 'veth' || !iface.peer) && (iface.kind !== 'macvlan' || !iface.link)) return iface.name;
  const p = linkOf(world, iface);
  if (!p) return `${iface.name}@NONE`;
  return p.ns === iface.ns ? `${iface.name}@${p.name}` : `${iface.name}@if${p.ifindex}`;
}

function header(world: World, iface: Iface, withMode: boolean): string {
  const master = iface.master ? world.ifaces[iface.master] : undefined;
  let s = `${iface.ifindex}: ${linkLabel(world, iface)}: ${linkFlags(world, iface)} mtu ${iface.mtu} qdisc ${iface.qdisc} `;
  if (master) s += `master ${master.name} `;
  s += `state ${operState(world, iface)} `;
  if (withMode) s += 'mode DEFAULT ';
  s += 'group default ';
  if (iface.txqlen !== undefined) s += `qlen ${iface.txqlen}`;
  return s;
}

function linkLine(world: World, ns: Netns, iface: Iface): string {
  if (iface.kind === 'loopback') return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  let s = `    link/ether ${iface.mac} brd ff:ff:ff:ff:ff:ff`;
  const p = linkOf(world, iface);
  const linkNs = p && p.ns !== iface.ns ? p.ns : iface.vxlan && iface.vxlan.underlay !== iface.ns ? iface.vxlan.underlay : undefined;
  if (linkNs !== undefined) {
    const id = ns.netnsIds[linkNs];
    if (id !== undefined) s += ` link-netnsid ${id}`;
  }
  return s;
}

/**
 * iproute2 prints the line breaks inside one record as _SL_: `\n`, or with `-o` (oneline) a
 * backslash, so each link or address is one line (`qlen 1000\    link/ether ...`).
 */
const sl = (oneline: boolean | undefined) => (oneline ? '\\' : '\n');

export function printLink(world: World, ns: Netns, iface: Iface, oneline = false, details = false): string {
  const more = details ? detailLines(world, iface, sl(oneline)) : '';
  return `${header(world, iface, true)}${sl(oneline)}${linkLine(world, ns, iface)}${more}\n`;
}

const QUEUES = 'addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535';

/**
 * `ip -d link` (iproute2 6.1) for the stacked devices: the link line's tail and the kind's line
 * (iplink_vxlan.c vxlan_print_opt, iplink_macvlan.c macvlan_print_opt). Other kinds print none.
 */
function detailLines(world: World, iface: Iface, nl: string): string {
  const head = ' promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 ';
  if (iface.kind === 'vxlan' && iface.vxlan) {
    const v = iface.vxlan;
    const dev = v.dev ? world.ifaces[v.dev] : undefined;
    let s = `vxlan id ${v.vni} `;
    if (v.remote !== undefined) s += `remote ${formatIp4(v.remote)} `;
    if (v.local !== undefined) s += `local ${formatIp4(v.local)} `;
    if (dev) s += `dev ${dev.name} `;
    s += `srcport 0 0 dstport ${vxlanPort(iface)} `;
    if (!v.learning) s += 'nolearning ';
    if (v.proxy) s += 'proxy ';
    if (v.l2miss) s += 'l2miss ';
    if (v.l3miss) s += 'l3miss ';
    s += 'ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx ';
    const tso = dev ? 524280 : 65536;
    return `${head}${nl}    ${s}${QUEUES} tso_max_size ${tso} tso_max_segs 65535 gro_max_size 65536 `;
  }
  if (iface.kind === 'macvlan') {
    const s = `macvlan mode ${iface.macvlanMode ?? 'vepa'} bcqueuelen 1000 usedbcqueuelen 1000 `;
    return `${head}${nl}    ${s}${QUEUES} tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 `;
  }
  return '';
}

export interface AddrFilter {
  family?: 4 | 6;
  /** `ip -o address`: no link records, each address on one line led by `INDEX: NAME` (no `@peer`). */
  oneline?: boolean;
}

/** An address as `ip address` prints it: its line, then its lifetimes' line. */
function addrRecords(ns: Netns, iface: Iface, filter: AddrFilter): [string, string][] {
  const out: [string, string][] = [];
  for (const a of filter.family === 6 ? [] : iface.addrs) {
    let line = `    inet ${formatCidr(a.addr, a.prefix)} `;
    if (a.brd !== undefined) line += `brd ${formatIp4(a.brd)} `;
    line += `scope ${a.scope} `;
    if (a.secondary) line += 'secondary ';
    for (const f of a.flags ?? []) line += `${f} `;
    line += iface.name;
    const lft = a.lft === undefined ? 'forever' : `${a.lft}sec`;
    out.push([line, `       valid_lft ${lft} preferred_lft ${lft}`]);
  }
  if (filter.family !== 4 && !ns.ipv6Disabled) {
    const forever = '       valid_lft forever preferred_lft forever';
    if (iface.kind === 'loopback' && iface.up) out.push(['    inet6 ::1/128 scope host ', forever]);
    if (iface.ll6) out.push([`    inet6 ${iface.ll6}/64 scope link `, forever]);
  }
  return out;
}

export function printAddr(world: World, ns: Netns, iface: Iface, filter: AddrFilter = {}): string {
  const records = addrRecords(ns, iface, filter);
  if (filter.oneline) return records.map(([line, lft]) => `${iface.ifindex}: ${iface.name}${line}\\${lft}\n`).join('');
  if (filter.family !== undefined && records.length === 0) return '';
  let s = `${header(world, iface, false)}\n`;
  if (filter.family === undefined) s += `${linkLine(world, ns, iface)}\n`;
  for (const [line, lft] of records) s += `${line}\n${lft}\n`;
  return s;
}

export function printRoute(world: World, r: Route): string {
  const dev = world.ifaces[r.dev];
  let s = r.prefix === 0 && r.dst === 0 ? 'default ' : r.prefix === 32 ? `${formatIp4(r.dst)} ` : `${formatCidr(r.dst, r.prefix)} `;
  if (r.via !== undefined) s += `via ${formatIp4(r.via)} `;
  if (dev) s += `dev ${dev.name} `;
  if (r.proto !== 'boot') s += `proto ${r.proto} `;
  if (r.scope !== 'global') s += `scope ${r.scope} `;
  if (r.src !== undefined) s += `src ${formatIp4(r.src)} `;
  if (r.metric !== undefined) s += `metric ${r.metric} `;
  if (dev && !hasCarrier(world, dev)) s += 'linkdown ';
  return `${s}\n`;
}
