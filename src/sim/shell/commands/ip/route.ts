/**
 * `ip route` show/add/del/get (ip/iproute.c). Routes added by hand get proto boot, which is not
 * printed; `dev`-only routes get scope link, routes via a gateway scope global. `show` filters the
 * main table as the kernel dump and filter_nlmsg do (checked against Linux 6.18, iproute2 6.1).
 */
import { addRoute, deleteRoute, localOwner, lookupRoute, selectSource } from '../../../net/addr';
import { SimError } from '../../../net/errors';
import { formatIp4, inPrefix, parsePrefix } from '../../../net/ip4';
import type { Iface, Route, World } from '../../../net/types';
import { findIfaceByName, ownEntry } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
import { getDevice } from './link';
import { incomplete, invarg } from './link-parse';
import { printRoute } from './print';

export function ipRoute(c: IpCtx, args: string[]): number {
  const verb = args.shift() ?? 'show';
  if (matches(verb, 'show') || matches(verb, 'list')) return show(c, args);
  if (matches(verb, 'add') || verb === 'replace') return add(c, args, verb === 'replace');
  if (matches(verb, 'delete')) return del(c, args);
  if (matches(verb, 'get')) return get(c, args);
  if (matches(verb, 'help')) {
    write(c.shell, 'Usage: ip route { list | flush } SELECTOR\n       ip route get ADDRESS [ from ADDRESS iif STRING ]\n       ip route { add | del | change | append | replace } ROUTE\n');
    return 255;
  }
  throw new SimError(`Command "${verb}" is unknown, try "ip route help".`, 255);
}

/** A selector prefix; `undefined` is iproute2's `all`/`any` (no filter). */
interface Pfx {
  addr: number;
  prefix: number;
}

/**
 * `ip route show SELECTOR` (iproute_list_flush_or_save and filter_nlmsg in ip/iproute.c): a bare
 * or `exact` prefix keeps that prefix only, `root P` the routes inside P, `match P` the routes
 * that contain P; `to` may precede any of them and a later one replaces an earlier one.
 */
interface ShowFilter {
  root?: Pfx | undefined;
  match?: Pfx | undefined;
  dev?: Iface;
  /** An rtm_protocol number: filtering on it drops the `proto` field from the output. */
  proto?: number;
  scope?: number;
  via?: Pfx | undefined;
  src?: Pfx | undefined;
  metric?: number;
  /** A route type: every simulated route is unicast. */
  type?: string;
  /** IPv4 has had no route cache since Linux 3.6: `cached` lists nothing. */
  cached?: boolean;
}

/** /etc/iproute2/rt_protos. */
const PROTOS: Record<string, number> = {
  unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12,
  dnrouted: 13, xorp: 14, ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186, isis: 187,
  ospf: 188, rip: 189, eigrp: 192,
};
const PROTO_OF_ROUTE: Record<Route['proto'], number> = { kernel: 2, boot: 3, static: 4, dhcp: 16 };
/** /etc/iproute2/rt_scopes. */
const SCOPES: Record<string, number> = { global: 0, universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };
const SCOPE_OF_ROUTE: Record<Route['scope'], number> = { global: 0, link: 253, host: 254 };
/** /etc/iproute2/rt_tables. */
const TABLES: Record<string, number> = { unspec: 0, default: 253, main: 254, local: 255 };
const TYPES = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];
/** Selector keywords this simulator does not model (no cache, tos, marks, realms or source routes). */
const UNMODELLED = ['vrf', 'dsfield', 'realms', 'from'];

function byte(v: string, names: Record<string, number>): number | undefined {
  const n = ownEntry(names, v);
  if (n !== undefined) return n;
  return /^\d+$/.test(v) && Number(v) <= 255 ? Number(v) : undefined;
}

function selectorPrefix(v: string): Pfx | undefined {
  if (v === 'default') return { addr: 0, prefix: 0 };
  if (v === 'all' || v === 'any') return undefined;
  return parseDst(v);
}

function parseShowFilter(c: IpCtx, args: string[]): ShowFilter {
  const f: ShowFilter = {};
  const next = () => {
    const v = args.shift();
    if (v === undefined) throw incomplete();
    return v;
  };
  while (args.length) {
    let a = args.shift()!;
    if (matches(a, 'table')) {
      const t = next();
      const id = t === 'all' ? 0 : ownEntry(TABLES, t) ?? (/^\d+$/.test(t) ? Number(t) : undefined);
      if (id === undefined) throw invarg('table id value is invalid\n', t);
      // Only main (254) exists; local (255) and all (0) are real tables the simulator does not list.
      if (id === 0 || id === 255) throw new SimError(`ip route show table ${t}: only the main table is simulated`, 1);
      if (id !== 254) throw new SimError('Error: ipv4: FIB table does not exist.\nDump terminated', 2);
    } else if (matches(a, 'cached') || matches(a, 'cloned')) {
      f.cached = true;
    } else if (a === 'tos' || UNMODELLED.some((k) => matches(a, k))) {
      throw new SimError(`ip route show ${a}: not simulated`, 1);
    } else if (matches(a, 'protocol')) {
      const v = next();
      const n = byte(v, PROTOS);
      if (n === undefined) throw invarg('invalid "protocol"\n', v);
      f.proto = n;
    } else if (matches(a, 'scope')) {
      const v = next();
      const n = byte(v, SCOPES);
      if (n === undefined) throw invarg('invalid "scope"\n', v);
      f.scope = n;
    } else if (matches(a, 'type')) {
      const v = next();
      if (!TYPES.includes(v)) throw invarg('node type value is invalid\n', v);
      f.type = v;
    } else if (a === 'dev' || a === 'oif') {
      const name = next();
      const dev = findIfaceByName(c.shell.world, c.ns, name);
      if (!dev) throw new SimError(`Cannot find device "${name}"`, 1);
      f.dev = dev;
    } else if (a === 'iif' || a === 'mark') {
      throw new SimError(`ip route show ${a}: not simulated`, 1);
    } else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = next();
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw invarg('"metric" value is invalid\n', v);
      f.metric = Number(v);
    } else if (a === 'via') f.via = selectorPrefix(next());
    else if (a === 'src') f.src = selectorPrefix(next());
    else {
      if (matches(a, 'to')) a = next();
      if (matches(a, 'root')) f.root = selectorPrefix(next());
      else if (matches(a, 'match')) f.match = selectorPrefix(next());
      else {
        if (matches(a, 'exact')) a = next();
        f.root = f.match = selectorPrefix(a);
      }
    }
  }
  return f;
}

function keeps(f: ShowFilter, r: Route): boolean {
  if (f.cached || (f.type !== undefined && f.type !== 'unicast')) return false;
  if (f.root && (r.prefix < f.root.prefix || !inPrefix(r.dst, f.root.addr, f.root.prefix))) return false;
  if (f.match && (r.prefix > f.match.prefix || !inPrefix(f.match.addr, r.dst, r.prefix))) return false;
  if (f.dev && r.dev !== f.dev.id) return false;
  if (f.proto !== undefined && PROTO_OF_ROUTE[r.proto] !== f.proto) return false;
  if (f.scope !== undefined && SCOPE_OF_ROUTE[r.scope] !== f.scope) return false;
  if (f.metric !== undefined && (r.metric ?? 0) !== f.metric) return false;
  // A zero-length `via`/`src` prefix filters nothing, as in filter_nlmsg.
  if (f.via && f.via.prefix > 0 && (r.via === undefined || !inPrefix(r.via, f.via.addr, f.via.prefix))) return false;
  if (f.src && f.src.prefix > 0 && (r.src === undefined || !inPrefix(r.src, f.src.addr, f.src.prefix))) return false;
  return true;
}

/** print_route leaves out what the filter pinned: the device, protocol, scope, metric, a /32 gateway or source. */
function printFiltered(w: World, f: ShowFilter, r: Route): string {
  const shown: Route = {
    ...r,
    ...(f.proto !== undefined ? { proto: 'boot' as const } : {}),
    ...(f.scope !== undefined ? { scope: 'global' as const } : {}),
  };
  if (f.metric !== undefined) delete shown.metric;
  if (f.via?.prefix === 32) delete shown.via;
  if (f.src?.prefix === 32) delete shown.src;
  const line = printRoute(w, shown);
  // The destination and gateway come first and never contain " dev ", so this is the dev field.
  return f.dev ? line.replace(` dev ${f.dev.name} `, ' ') : line;
}

function show(c: IpCtx, args: string[]): number {
  const f = parseShowFilter(c, args);
  const routes = c.family === 6 ? [] : c.ns.routes.filter((r) => keeps(f, r));
  write(c.shell, routes.map((r) => printFiltered(c.shell.world, f, r)).join(''));
  return 0;
}

interface RouteSpec {
  dst: number;
  prefix: number;
  via?: number;
  dev?: string;
  src?: number;
  metric?: number;
  scope?: Route['scope'];
  proto?: Route['proto'];
}

function parseRouteSpec(args: string[]): RouteSpec {
  let target: { addr: number; prefix: number } | undefined;
  const spec: Partial<RouteSpec> = {};
  const addr = (v: string | undefined) => {
    const p = parsePrefix(v ?? '');
    if (!p) throw new SimError(`Error: inet address is expected rather than "${v}".`, 1);
    return p.addr;
  };
  while (args.length) {
    const a = args.shift()!;
    if (a === 'via') spec.via = addr(args.shift());
    else if (a === 'dev' || a === 'oif') spec.dev = args.shift() ?? '';
    else if (a === 'src') spec.src = addr(args.shift());
    else if (a === 'metric' || a === 'priority' || a === 'preference') spec.metric = Number(args.shift());
    else if (a === 'scope') {
      const s = args.shift();
      spec.scope = s === 'link' ? 'link' : s === 'host' ? 'host' : 'global';
    } else if (a === 'proto' || a === 'protocol') {
      const p = args.shift();
      spec.proto = p === 'kernel' ? 'kernel' : p === 'static' ? 'static' : p === 'dhcp' ? 'dhcp' : 'boot';
    } else if (a === 'table') args.shift();
    else if (a === 'default' || a === 'all') target = { addr: 0, prefix: 0 };
    else if (a === 'to') target = parseDst(args.shift() ?? '');
    else if (target === undefined) target = parseDst(a);
    else throw new SimError(`Error: either "to" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (!target) throw new SimError('Error: destination prefix is expected.', 1);
  return { ...spec, dst: target.addr, prefix: target.prefix };
}

function parseDst(text: string) {
  const p = parsePrefix(text);
  if (!p) throw new SimError(`Error: any valid prefix is expected rather than "${text}".`, 1);
  return p;
}

function add(c: IpCtx, args: string[], replace: boolean): number {
  const spec = parseRouteSpec(args);
  const ns = c.ns;
  let devId: string | undefined;
  if (spec.dev !== undefined) devId = getDevice(c, ns, spec.dev).id;
  else if (spec.via !== undefined) {
    const gw = spec.via;
    const owner = localOwner(c.shell.world, ns, gw);
    const direct = owner ? { dev: owner.id } : ns.routes.find((r) => r.via === undefined && r.scope === 'link' && inPrefix(gw, r.dst, r.prefix));
    if (!direct) throw new SimError('Error: Nexthop has invalid gateway.', 2);
    devId = direct.dev;
  } else throw new SimError('Error: Device for nexthop is not up.', 2);
  if (replace) {
    const i = ns.routes.findIndex((r) => r.dst === spec.dst && r.prefix === spec.prefix && (r.metric ?? 0) === (spec.metric ?? 0));
    if (i >= 0) ns.routes.splice(i, 1);
  }
  const route: Route = {
    dst: spec.dst,
    prefix: spec.prefix,
    dev: devId,
    proto: spec.proto ?? 'boot',
    scope: spec.scope ?? (spec.via === undefined ? 'link' : 'global'),
    ...(spec.via !== undefined ? { via: spec.via } : {}),
    ...(spec.src !== undefined ? { src: spec.src } : {}),
    ...(spec.metric !== undefined && spec.metric !== 0 ? { metric: spec.metric } : {}),
  };
  addRoute(c.shell.world, ns, route);
  return 0;
}

function del(c: IpCtx, args: string[]): number {
  const spec = parseRouteSpec(args);
  const dev = spec.dev !== undefined ? getDevice(c, c.ns, spec.dev) : undefined;
  if (c.ns.routes.length === 0) throw new SimError('Error: FIB table does not exist.', 2);
  deleteRoute(c.ns, (r) =>
    r.dst === spec.dst &&
    r.prefix === spec.prefix &&
    (spec.via === undefined || r.via === spec.via) &&
    (dev === undefined || r.dev === dev.id) &&
    (spec.metric === undefined || (r.metric ?? 0) === spec.metric),
  );
  return 0;
}

function get(c: IpCtx, args: string[]): number {
  const target = parsePrefix(args.find((a) => /^\d/.test(a)) ?? '');
  if (!target) throw new SimError('need at least a destination address', 1);
  const w = c.shell.world;
  const r = lookupRoute(c.ns, target.addr);
  if (!r) throw new SimError('RTNETLINK answers: Network is unreachable', 2);
  const dev = w.ifaces[r.dev]!;
  const src = r.src ?? selectSource(w, c.ns, dev, target.addr);
  let s = `${formatIp4(target.addr)} `;
  if (r.via !== undefined) s += `via ${formatIp4(r.via)} `;
  s += `dev ${dev.name} `;
  if (src !== undefined) s += `src ${formatIp4(src)} `;
  s += 'uid 0 \n    cache \n';
  write(c.shell, s);
  return 0;
}
