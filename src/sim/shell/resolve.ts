/**
 * Name resolution as the C library of the place does it (`hosts: files dns`): an IPv4 literal,
 * then the place's /etc/hosts (first matching line; its first name is the canonical one), then
 * the nameservers of its /etc/resolv.conf in order (a server that does not answer is skipped).
 *
 * Nameservers:
 * - 127.0.0.11 inside a container attached to a user-defined network: Docker's embedded DNS
 *   (docker/dns.ts); names it does not know are forwarded from the container's namespace to the
 *   daemon's upstream servers (`dns` in daemon.json, else the host's resolv.conf), and when none
 *   answers the 20.10 resolver sends nothing back: the client times out.
 * - any other address: answers only if it is the VirtualBox NAT's DNS (an address of a `gateway`
 *   namespace) and reachable by ICMP from the asking namespace (the stand-in for UDP 53); it knows
 *   INTERNET_ADDRESSES, has no PTR records, and says NXDOMAIN for everything else.
 *
 * Pure: reads the World, runs reachability probes, changes nothing.
 */
import { embeddedLookup, embeddedReverse, hasEmbeddedDns } from '../docker/dns';
import { INTERNET_ADDRESSES } from '../net/internet';
import { formatIp4, parseIp4 } from '../net/ip4';
import type { Ip4, NsId, World } from '../net/types';
import { ownEntry } from '../net/world';
import { probe } from '../packet/probe';
import type { ShellCtx } from './context';
import { placeContainer, readFile } from './fs';

type Ctx = Pick<ShellCtx, 'world' | 'place'>;

export type Resolution =
  | { kind: 'ok'; addr: Ip4; addrs: Ip4[]; canonical: string; source: 'literal' | 'hosts' | 'dns' }
  /** Every server that answered said the name does not exist (`Name or service not known`). */
  | { kind: 'nxdomain' }
  /** No server answered (`Temporary failure in name resolution`). */
  | { kind: 'unreachable' };

export type QueryType = 'A' | 'AAAA' | 'PTR';

export type DnsReply =
  | { kind: 'a'; addrs: Ip4[] }
  | { kind: 'ptr'; name: string }
  /** NOERROR without an answer (an AAAA query for an IPv4-only name). */
  | { kind: 'nodata' }
  | { kind: 'nxdomain' }
  | { kind: 'timeout' };

export const EMBEDDED_DNS = 0x7f00000b;

export interface HostsEntry {
  ip: Ip4;
  names: string[];
}

/** IPv4 lines of a hosts file (IPv6 lines and comments are skipped). */
export function parseHosts(text: string): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of text.split('\n')) {
    const [ipText, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    const ip = ipText ? parseIp4(ipText) : undefined;
    if (ip !== undefined && names.length) out.push({ ip, names });
  }
  return out;
}

export interface ResolvConf {
  nameservers: Ip4[];
  search: string[];
  ndots: number;
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver') {
      const ip = parseIp4(rest[0] ?? '');
      if (ip !== undefined && conf.nameservers.length < 3) conf.nameservers.push(ip);
    } else if (key === 'search' || key === 'domain') conf.search = rest.filter(Boolean);
    else if (key === 'options') {
      for (const o of rest) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) conf.ndots = Math.min(15, Number(m[1]));
      }
    }
  }
  // glibc: no nameserver line means the local one.
  if (!conf.nameservers.length) conf.nameservers.push(0x7f000001);
  return conf;
}

export function resolvConfOf(ctx: Ctx): ResolvConf {
  return parseResolvConf(readFile(ctx, '/etc/resolv.conf') ?? '');
}

/** VirtualBox's NAT answers DNS on 10.0.2.3 (its gateway is 10.0.2.2). */
export const NAT_DNS = 0x0a000203;

/** Whether `ip` is the VirtualBox NAT's DNS proxy (10.0.2.3 held by a gateway namespace). */
function isNatDns(world: World, ip: Ip4): boolean {
  if (ip !== NAT_DNS) return false;
  for (const ns of Object.values(world.netns)) {
    if (ns.kind !== 'gateway') continue;
    for (const id of ns.ifaces) if (world.ifaces[id]?.addrs.some((a) => a.addr === ip)) return true;
  }
  return false;
}

/** The NAT's DNS, asked from namespace `from`. */
function upstreamQuery(world: World, from: NsId, server: Ip4, qname: string, qtype: QueryType): DnsReply {
  if (!isNatDns(world, server)) return { kind: 'timeout' };
  if (probe(world, { from, dst: server, proto: 'icmp' }).outcome.kind !== 'reply') return { kind: 'timeout' };
  if (qtype === 'PTR') return { kind: 'nxdomain' };
  const known = ownEntry(INTERNET_ADDRESSES, qname.replace(/\.$/, '').toLowerCase());
  if (known === undefined) return { kind: 'nxdomain' };
  return qtype === 'A' ? { kind: 'a', addrs: [known] } : { kind: 'nodata' };
}

/** The servers Docker's resolver forwards to: daemon `dns`, else the host's non-local ones. */
function externalServers(ctx: Ctx): Ip4[] {
  const host = ctx.world.hosts[ctx.place.host];
  const fromConfig = (host?.docker?.config.dns ?? []).flatMap((s) => {
    const ip = parseIp4(s);
    return ip === undefined ? [] : [ip];
  });
  if (fromConfig.length) return fromConfig;
  const hostConf = parseResolvConf(host?.files['/etc/resolv.conf'] ?? '').nameservers.filter((ip) => ip >>> 24 !== 127);
  return hostConf.length ? hostConf : [0x08080808, 0x08080404];
}

function forward(ctx: Ctx, qname: string, qtype: QueryType): DnsReply {
  for (const s of externalServers(ctx)) {
    const r = upstreamQuery(ctx.world, ctx.place.ns, s, qname, qtype);
    if (r.kind !== 'timeout') return r;
  }
  return { kind: 'timeout' };
}

/** One DNS query to `server`, as a process of the place sends it. */
export function dnsQuery(ctx: Ctx, server: Ip4, qname: string, qtype: QueryType): DnsReply {
  if (server === EMBEDDED_DNS) {
    const c = placeContainer(ctx);
    const d = ctx.world.hosts[ctx.place.host]?.docker;
    if (!c || !d || !hasEmbeddedDns(d, c)) return { kind: 'timeout' };
    // Swarm-scope names (overlay endpoints on other machines) come from the other daemons.
    const peers = ctx.world.hostOrder.flatMap((id) => (id !== ctx.place.host && ctx.world.hosts[id]?.docker ? [ctx.world.hosts[id]!.docker!] : []));
    if (qtype === 'PTR') {
      const ip = ptrToIp(qname);
      const name = ip === undefined ? undefined : embeddedReverse(d, c, ip, peers);
      return name !== undefined ? { kind: 'ptr', name } : forward(ctx, qname, qtype);
    }
    const r = embeddedLookup(d, c, qname, peers);
    if (r.kind === 'a') return qtype === 'A' ? r : { kind: 'nodata' };
    return forward(ctx, qname, qtype);
  }
  return upstreamQuery(ctx.world, ctx.place.ns, server, qname, qtype);
}

/** `2.0.18.172.in-addr.arpa` for 172.18.0.2. */
export function ptrName(ip: Ip4): string {
  return `${formatIp4(ip).split('.').reverse().join('.')}.in-addr.arpa`;
}

function ptrToIp(qname: string): Ip4 | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa\.?$/i.exec(qname);
  return m ? parseIp4(`${m[4]}.${m[3]}.${m[2]}.${m[1]}`) : undefined;
}

/** Asks the place's nameservers in order; the first that answers decides. */
export function queryServers(ctx: Ctx, qname: string, qtype: QueryType): DnsReply {
  for (const s of resolvConfOf(ctx).nameservers) {
    const r = dnsQuery(ctx, s, qname, qtype);
    if (r.kind !== 'timeout') return r;
  }
  return { kind: 'timeout' };
}

/** getaddrinfo(name) for IPv4 at the place. */
export function resolveName(ctx: Ctx, name: string): Resolution {
  const literal = parseIp4(name);
  if (literal !== undefined) return { kind: 'ok', addr: literal, addrs: [literal], canonical: name, source: 'literal' };
  const bare = name.replace(/\.$/, '');
  const wanted = bare.toLowerCase();
  const hit = parseHosts(readFile(ctx, '/etc/hosts') ?? '').find((e) => e.names.some((n) => n.toLowerCase() === wanted));
  if (hit) return { kind: 'ok', addr: hit.ip, addrs: [hit.ip], canonical: hit.names[0]!, source: 'hosts' };
  if (bare === '') return { kind: 'nxdomain' };
  const conf = resolvConfOf(ctx);
  const dots = bare.split('.').length - 1;
  const searched = name.endsWith('.') ? [] : conf.search.map((s) => `${bare}.${s}`);
  const tries = dots >= conf.ndots ? [bare, ...searched] : [...searched, bare];
  let answered = false;
  for (const q of tries) {
    const r = queryServers(ctx, q, 'A');
    if (r.kind === 'a' && r.addrs.length) return { kind: 'ok', addr: r.addrs[0]!, addrs: r.addrs, canonical: q, source: 'dns' };
    if (r.kind !== 'timeout') answered = true;
  }
  return answered ? { kind: 'nxdomain' } : { kind: 'unreachable' };
}

/** getnameinfo(ip, NI_NAMEREQD): /etc/hosts, then a PTR query; undefined when nobody knows it. */
export function reverseName(ctx: Ctx, ip: Ip4): string | undefined {
  const hit = parseHosts(readFile(ctx, '/etc/hosts') ?? '').find((e) => e.ip === ip);
  if (hit) return hit.names[0];
  const r = queryServers(ctx, ptrName(ip), 'PTR');
  return r.kind === 'ptr' ? r.name : undefined;
}
