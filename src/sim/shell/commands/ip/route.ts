/**
 * `ip route` show/add/del/get (ip/iproute.c). Routes added by hand get proto boot, which is not
 * printed; `dev`-only routes get scope link, routes via a gateway scope global.
 */
import { addRoute, deleteRoute, localOwner, lookupRoute, selectSource } from '../../../net/addr';
import { SimError } from '../../../net/errors';
import { formatIp4, inPrefix, parsePrefix } from '../../../net/ip4';
import type { Route } from '../../../net/types';
import { findIfaceByName } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
import { getDevice } from './link';
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

function show(c: IpCtx, args: string[]): number {
  const w = c.shell.world;
  let dev: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') dev = args.shift();
    else if (a === 'table') {
      const t = args.shift();
      if (t !== 'main') throw new SimError(`ip route show table ${t}: only the main table is simulated`, 1);
    }
  }
  let routes = c.ns.routes;
  if (dev !== undefined) {
    const i = findIfaceByName(w, c.ns, dev);
    if (!i) throw new SimError(`Cannot find device "${dev}"`, 1);
    routes = routes.filter((r) => r.dev === i.id);
  }
  if (c.family === 6) routes = [];
  write(c.shell, routes.map((r) => printRoute(w, r)).join(''));
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
