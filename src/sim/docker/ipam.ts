/**
 * libnetwork's default IPAM as Docker 20.10 runs it (ipam/allocator.go, ipamutils/utils.go):
 * - the local pool list (172.17–172.31 as /16s, then 192.168.0.0/16 as /20s) or daemon.json's
 *   `default-address-pools`;
 * - pools are handed out from a rotating pointer: the search starts after the last pool handed out,
 *   so a freed pool is not reused at once (27+ returns the lowest free pool instead);
 * - a pool overlapping another network, or (≤22 rule, which 20.10 keeps) any non-default route of
 *   the host or a nameserver of the host's resolv.conf, is skipped;
 * - addresses: network and broadcast reserved; the gateway first, then the lowest free address of
 *   the ip-range (or subnet), freed addresses reused at once.
 */
import { SimError } from '../net/errors';
import { broadcastOf, formatIp4, inPrefix, networkOf, parseIp4 } from '../net/ip4';
import type { Ip4, Netns } from '../net/types';
import type { AddressPool, DockerNetwork, DockerState, Subnet } from './types';

export const DEFAULT_POOLS: AddressPool[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** The pool list split into subnets, in order. */
export function expandPools(pools: AddressPool[]): Subnet[] {
  const out: Subnet[] = [];
  for (const p of pools) {
    const [a, l] = p.base.split('/');
    const base = parseIp4(a ?? '');
    const len = Number(l);
    if (base === undefined || !(len >= 0 && len <= p.size)) continue;
    const step = 2 ** (32 - p.size);
    const count = 2 ** (p.size - len);
    for (let i = 0; i < count; i++) out.push({ addr: (networkOf(base, len) + i * step) >>> 0, prefix: p.size });
  }
  return out;
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return networkOf(a.addr, p) === networkOf(b.addr, p);
}

function usedSubnets(state: DockerState): Subnet[] {
  return Object.values(state.networks).flatMap((n) => (n.subnet ? [n.subnet] : []));
}

/** Routes and nameservers of the host a dynamically chosen pool must not overlap (≤22 rule). */
export function hostReserved(root: Netns, nameservers: Ip4[]): Subnet[] {
  const routes = root.routes.filter((r) => r.prefix > 0).map((r) => ({ addr: r.dst, prefix: r.prefix }));
  return [...routes, ...nameservers.map((addr) => ({ addr, prefix: 32 }))];
}

const NO_POOL = 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network';

/** Picks the next pool (rotating pointer) that overlaps no network and nothing of the host. */
export function allocatePool(state: DockerState, reserved: Subnet[]): Subnet {
  const pools = expandPools(state.config.defaultAddressPools ?? DEFAULT_POOLS);
  const used = usedSubnets(state);
  const l = pools.length;
  for (let i = 0; i < l; i++) {
    const idx = (i + state.poolNext) % l;
    const nw = pools[idx]!;
    if (used.some((u) => overlaps(u, nw))) continue;
    // requestPoolHelper releases a pool that overlaps the host and asks again: the pointer moves on.
    state.poolNext = (idx + 1) % l;
    if (reserved.some((r) => overlaps(r, nw))) continue;
    return nw;
  }
  throw new SimError(`Error response from daemon: ${NO_POOL}`, 1);
}

export function checkSubnetFree(state: DockerState, s: Subnet): void {
  if (usedSubnets(state).some((u) => overlaps(u, s))) {
    throw new SimError('Error response from daemon: Pool overlaps with other one on this address space', 1);
  }
}

/** Lowest free address of the network's range (or subnet); network and broadcast never. */
export function allocateAddress(net: DockerNetwork): Ip4 {
  const s = net.subnet!;
  const r = net.ipRange ?? s;
  const taken = new Set(net.allocated);
  const first = networkOf(r.addr, r.prefix);
  const last = broadcastOf(r.addr, r.prefix);
  const netAddr = networkOf(s.addr, s.prefix);
  const bcast = broadcastOf(s.addr, s.prefix);
  for (let ip = first; ip <= last; ip++) {
    if (s.prefix < 31 && (ip === netAddr || ip === bcast)) continue;
    if (!taken.has(ip)) {
      net.allocated.push(ip);
      return ip;
    }
  }
  throw new SimError(`no available IPv4 addresses on this network's address pools: ${net.name} (${net.id})`, 1);
}

/** `--ip`: must be in a subnet of the network and free. */
export function reserveAddress(net: DockerNetwork, ip: Ip4): void {
  const s = net.subnet!;
  if (!inPrefix(ip, s.addr, s.prefix)) {
    throw new SimError(`Invalid address ${formatIp4(ip)}: It does not belong to any of this network's subnets`, 1);
  }
  if (net.allocated.includes(ip)) throw new SimError('Address already in use', 1);
  net.allocated.push(ip);
}

export function releaseAddress(net: DockerNetwork, ip: Ip4 | undefined): void {
  if (ip === undefined) return;
  net.allocated = net.allocated.filter((a) => a !== ip);
}
