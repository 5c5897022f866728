/**
 * IPv4 addresses, routes and neighbours of a namespace, with the kernel's bookkeeping
 * (net/ipv4/devinet.c, fib_frontend.c):
 * - a primary address on an up link installs its prefix route (`proto kernel scope link src A`),
 *   a /32 installs none; a second address in the same subnet becomes `secondary`;
 * - deleting a primary deletes its secondaries (promote_secondaries=0 in a new netns);
 * - bringing a link down deletes every route through it (static ones are not restored);
 * - deleting the last address of a link deletes every route through it.
 * Local addresses stay usable while the link is down (the local table keeps them).
 */
import { SimError } from './errors';
import { broadcastOf, inPrefix, maskOf, networkOf } from './ip4';
import type { Iface, Ip4, Netns, Route, World } from './types';
import { getIface, getNs, nsIfaces } from './world';

export function addAddress(
  world: World,
  iface: Iface,
  addr: Ip4,
  prefix: number,
  opts: { brd?: Ip4; scope?: 'global' | 'host' | 'link'; flags?: string[]; lft?: number } = {},
): void {
  if (iface.addrs.some((a) => a.addr === addr && a.prefix === prefix)) {
    throw new SimError('Error: ipv4: Address already assigned.');
  }
  const secondary = iface.addrs.some((a) => !a.secondary && a.prefix === prefix && inPrefix(addr, a.addr, prefix));
  const entry = {
    addr,
    prefix,
    scope: opts.scope ?? (addr >>> 24 === 127 ? 'host' : 'global'),
    secondary,
    ...(opts.brd !== undefined ? { brd: opts.brd } : {}),
    ...(opts.flags ? { flags: opts.flags } : {}),
    ...(opts.lft !== undefined ? { lft: opts.lft } : {}),
  } as const;
  if (secondary) {
    iface.addrs.push(entry);
  } else {
    const firstSecondary = iface.addrs.findIndex((a) => a.secondary);
    if (firstSecondary < 0) iface.addrs.push(entry);
    else iface.addrs.splice(firstSecondary, 0, entry);
  }
  if (iface.up && !secondary && !opts.flags?.includes('noprefixroute')) addPrefixRoute(world, iface, addr, prefix);
}

export function deleteAddress(world: World, iface: Iface, addr: Ip4, prefix: number | undefined): void {
  const idx = iface.addrs.findIndex((a) => a.addr === addr && (prefix === undefined || a.prefix === prefix));
  if (idx < 0) throw new SimError('Error: ipv4: Address not found.');
  const gone = iface.addrs[idx]!;
  const ns = getNs(world, iface.ns);
  let removed = [gone];
  if (!gone.secondary) {
    removed = iface.addrs.filter(
      (a) => a === gone || (a.secondary && a.prefix === gone.prefix && inPrefix(a.addr, gone.addr, gone.prefix)),
    );
  }
  iface.addrs = iface.addrs.filter((a) => !removed.includes(a));
  const removedIps = new Set(removed.map((a) => a.addr));
  ns.routes = ns.routes.filter((r) => {
    if (r.src !== undefined && removedIps.has(r.src)) return false;
    if (r.dev === iface.id && r.proto === 'kernel' && !gone.secondary) {
      return !(r.dst === networkOf(gone.addr, gone.prefix) && r.prefix === gone.prefix);
    }
    return true;
  });
  if (iface.addrs.length === 0 || iface.addrs.every((a) => a.addr >>> 24 === 127 && iface.kind !== 'loopback')) {
    flushDevRoutes(world, iface);
  }
}

function addPrefixRoute(world: World, iface: Iface, addr: Ip4, prefix: number): void {
  if (prefix >= 32 || iface.kind === 'loopback') return;
  const ns = getNs(world, iface.ns);
  const dst = networkOf(addr, prefix);
  if (ns.routes.some((r) => r.dev === iface.id && r.dst === dst && r.prefix === prefix && r.proto === 'kernel')) return;
  insertRoute(ns, { dst, prefix, dev: iface.id, proto: 'kernel', scope: 'link', src: addr });
}

/** On NETDEV_UP the kernel (re)installs the prefix routes of the link's primary addresses. */
export function addPrefixRoutes(world: World, iface: Iface): void {
  for (const a of iface.addrs) {
    if (!a.secondary && !a.flags?.includes('noprefixroute')) addPrefixRoute(world, iface, a.addr, a.prefix);
  }
}

export function flushDevRoutes(world: World, iface: Iface): void {
  const ns = getNs(world, iface.ns);
  ns.routes = ns.routes.filter((r) => r.dev !== iface.id);
}

export function flushDevNeigh(world: World, iface: Iface): void {
  const ns = getNs(world, iface.ns);
  ns.neigh = ns.neigh.filter((n) => n.dev !== iface.id);
}

/**
 * Main-table order as `ip route` dumps the FIB trie: by destination, and for one destination
 * the longer prefix first (a trie leaf keeps its aliases by suffix length), then by metric;
 * a new route goes after the ones that compare equal.
 */
export function insertRoute(ns: Netns, route: Route): void {
  const before = (a: Route, b: Route) =>
    a.dst !== b.dst ? a.dst < b.dst : a.prefix !== b.prefix ? a.prefix > b.prefix : (a.metric ?? 0) < (b.metric ?? 0);
  let i = 0;
  while (i < ns.routes.length && !before(route, ns.routes[i]!)) i++;
  ns.routes.splice(i, 0, route);
}

export function isLocalAddress(world: World, ns: Netns, ip: Ip4): boolean {
  if (ip >>> 24 === 127) return nsIfaces(world, ns).some((i) => i.kind === 'loopback' && i.addrs.length > 0);
  for (const id of ns.ifaces) {
    const i = world.ifaces[id]!;
    for (const a of i.addrs) if (a.addr === ip) return true;
  }
  return false;
}

/**
 * The local table's broadcast routes (fib_add_ifaddr): on up links, an explicit `brd`, and the
 * subnet broadcast of each primary address shorter than /31; plus 255.255.255.255.
 */
export function isLocalBroadcast(world: World, ns: Netns, ip: Ip4): boolean {
  if (ip === 0xffffffff) return true;
  for (const id of ns.ifaces) {
    const i = world.ifaces[id]!;
    if (!i.up) continue;
    for (const a of i.addrs) {
      if (a.brd !== undefined && a.brd === ip) return true;
      if (!a.secondary && a.prefix < 31 && ip === broadcastOf(a.addr, a.prefix)) return true;
    }
  }
  return false;
}

/** fib_check_nh: a gateway must be directly reachable through a link-scope route that is up. */
export function addRoute(world: World, ns: Netns, route: Route): void {
  const dev = getIface(world, route.dev);
  if (networkOf(route.dst, route.prefix) !== route.dst) {
    throw new SimError('Error: Invalid prefix for given prefix length.');
  }
  if (ns.routes.some((r) => r.dst === route.dst && r.prefix === route.prefix && (r.metric ?? 0) === (route.metric ?? 0))) {
    throw new SimError('RTNETLINK answers: File exists');
  }
  if (route.via !== undefined) {
    const gw = route.via;
    const owner = localOwner(world, ns, gw);
    if (owner) {
      // A gateway that is one of our own addresses resolves through the local table (fib_check_nh).
      if (!owner.up) throw new SimError('RTNETLINK answers: Network is down');
    } else {
      const direct = ns.routes.find((r) => r.via === undefined && r.scope === 'link' && inPrefix(gw, r.dst, r.prefix) && r.dev === dev.id);
      if (!direct || !dev.up) throw new SimError('Error: Nexthop has invalid gateway.');
    }
  } else if (!dev.up) {
    throw new SimError('Error: Device for nexthop is not up.');
  }
  insertRoute(ns, route);
}

/** The link holding a local address of `ns`, if any. */
export function localOwner(world: World, ns: Netns, ip: Ip4): Iface | undefined {
  for (const id of ns.ifaces) {
    const i = world.ifaces[id]!;
    if (i.addrs.some((a) => a.addr === ip)) return i;
  }
  return undefined;
}

export function deleteRoute(ns: Netns, match: (r: Route) => boolean): void {
  const idx = ns.routes.findIndex(match);
  if (idx < 0) throw new SimError('RTNETLINK answers: No such process');
  ns.routes.splice(idx, 1);
}

/** Longest-prefix match in the main table; routes through a down link do not exist (they were flushed). */
export function lookupRoute(ns: Netns, dst: Ip4): Route | undefined {
  let best: Route | undefined;
  for (const r of ns.routes) {
    if (((dst ^ r.dst) & maskOf(r.prefix)) !== 0) continue;
    if (!best || r.prefix > best.prefix || (r.prefix === best.prefix && (r.metric ?? 0) < (best.metric ?? 0))) best = r;
  }
  return best;
}

/** inet_select_addr: a primary address on the device in the subnet of dst, else the first global one in the ns. */
export function selectSource(world: World, ns: Netns, dev: Iface, dst: Ip4): Ip4 | undefined {
  const primaries = dev.addrs.filter((a) => !a.secondary && a.scope !== 'host');
  const sameNet = primaries.find((a) => inPrefix(dst, a.addr, a.prefix));
  if (sameNet) return sameNet.addr;
  if (primaries[0]) return primaries[0].addr;
  for (const i of nsIfaces(world, ns)) {
    const a = i.addrs.find((x) => !x.secondary && x.scope === 'global');
    if (a) return a.addr;
  }
  return undefined;
}
