/**
 * BusyBox 1.35 `ip` (networking/ip.c, libiproute/): the applet busybox and alpine images carry.
 * Objects and verbs match by unique prefix with exact matches winning (index_in_substrings), so
 * `ip a`, `ip r`, `ip l` work and `ip t` is ambiguous (usage). Listing is read-only; changing
 * anything fails the way it does in a Docker container, which lacks CAP_NET_ADMIN: netlink
 * requests get `RTNETLINK answers: Operation not permitted` (exit 2), flag ioctls
 * `SIOCSIFFLAGS: Operation not permitted` (exit 1).
 */
import { localOwner, lookupRoute, selectSource } from '../../../net/addr';
import { formatIp4, parsePrefix } from '../../../net/ip4';
import type { Netns, Route, World } from '../../../net/types';
import { findIfaceByName } from '../../../net/world';
import type { ShellCtx } from '../../context';
import { write } from '../../context';
import { listAddrs, type ShowFilter } from './ip-show';
import { die, isHelp, showUsage, usageText } from './usage';

/** index_in_substrings(): exact match first, else a unique prefix, else -1. */
export function indexInSubstrings(words: readonly string[], key: string): number {
  if (!key) return -1;
  let found = -1;
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.startsWith(key)) continue;
    if (words[i] === key) return i;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

const FAMILIES = ['inet', 'inet6', 'link'] as const;

interface BbIp {
  ctx: ShellCtx;
  ns: Netns;
  family?: 'inet' | 'inet6' | 'link';
  oneline: boolean;
}

function invarg(arg: string, opt: string): never {
  return die('ip', `invalid argument '${arg}' to '${opt}'`);
}

function eperm(): never {
  return die('ip', 'RTNETLINK answers: Operation not permitted', 2);
}

function incomplete(): never {
  return die('ip', 'command line is not complete, try "help"');
}

function ifindexOf(c: BbIp, name: string): number {
  const i = findIfaceByName(c.ctx.world, c.ns, name);
  if (!i) die('ip', `can't find device '${name}'`);
  return i.ifindex;
}

export function busyboxIp(ctx: ShellCtx, argv: string[]): number {
  if (isHelp(argv)) {
    write(ctx, usageText('ip'));
    return 0;
  }
  const args = argv.slice(1);
  const c: BbIp = { ctx, ns: ctx.world.netns[ctx.place.ns]!, oneline: false };
  while (args.length && args[0]!.startsWith('-')) {
    let opt = args.shift()!.slice(1);
    if (opt.startsWith('-')) {
      opt = opt.slice(1);
      if (!opt) break;
    }
    const k = indexInSubstrings(['oneline', 'family', '4', '6', '0'], opt);
    if (k < 0) showUsage('ip');
    if (k === 0) c.oneline = true;
    else if (k === 1) {
      const f = args.shift();
      if (f === undefined) showUsage('ip');
      const fam = FAMILIES.find((x) => x === f);
      if (fam === undefined) invarg(f, 'family');
      c.family = fam;
    } else c.family = FAMILIES[k - 2]!;
  }
  const objects = ['address', 'route', 'r', 'link', 'tunnel', 'tunl', 'rule', 'neigh'];
  const key = args.length ? indexInSubstrings(objects, args.shift()!) : -1;
  switch (objects[key]) {
    case 'address':
      return ipAddr(c, args);
    case 'route':
    case 'r':
      return ipRoute(c, args);
    case 'link':
      return ipLink(c, args);
    case 'rule':
      return ipRule(c, args);
    case 'tunnel':
    case 'tunl':
    case 'neigh':
      return die('ip', `${objects[key]}: not available in the playground yet`);
    default:
      return showUsage('ip');
  }
}

/** The three rules of a fresh namespace (iprule.c print_rule: `PRIO:\tfrom all lookup T `). */
function ipRule(c: BbIp, args: string[]): number {
  const v = args.shift();
  const k = v === undefined ? 0 : indexInSubstrings(['list', 'add', 'delete'], v);
  if (k < 0) invarg(v!, 'ip');
  if (k > 0) return eperm();
  write(c.ctx, '0:\tfrom all lookup local \n32766:\tfrom all lookup main \n32767:\tfrom all lookup default \n');
  return 0;
}

/** ipaddr_list_or_flush() arguments: to, scope, up, label, dev, or a bare device name. */
function showFilter(c: BbIp, args: string[], family: ShowFilter['family']): ShowFilter {
  const filter: ShowFilter = { oneline: c.oneline, up: false, ...(family ? { family } : {}) };
  let dev: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    const k = ['to', 'scope', 'up', 'label', 'dev'].indexOf(a);
    if (k === 2) filter.up = true;
    else if (k === 0 || k === 1 || k === 3) {
      if (!args.length) incomplete();
      args.shift();
    } else {
      if (k === 4) {
        const v = args.shift();
        if (v === undefined) incomplete();
        if (dev !== undefined) die('ip', `either "dev" is duplicate, or "${v}" is garbage`);
        dev = v;
      } else {
        if (dev !== undefined) die('ip', `either "dev" is duplicate, or "${a}" is garbage`);
        dev = a;
      }
    }
  }
  if (dev !== undefined) filter.ifindex = ifindexOf(c, dev);
  return filter;
}

function ipAddr(c: BbIp, args: string[]): number {
  const verbs = ['add', 'change', 'chg', 'replace', 'delete', 'list', 'show', 'lst', 'flush'];
  let cmd = 6;
  if (args.length) {
    const v = args.shift()!;
    cmd = indexInSubstrings(verbs, v);
    if (cmd < 0) invarg(v, 'ip');
  }
  if (cmd <= 4) {
    const dev = args[args.indexOf('dev') + 1];
    if (!args.includes('dev') || dev === undefined) die('ip', 'need "dev IFACE"');
    const local = args.find((a, i) => /^\d/.test(a) && args[i - 1] !== 'dev');
    if (local !== undefined && !parsePrefix(local)) die('ip', `an inet prefix is expected rather than "${local}"`);
    ifindexOf(c, dev);
    return eperm();
  }
  if (cmd === 8) {
    if (!args.length) die('ip', 'flush requires an argument');
    showFilter(c, args, c.family);
    return die('ip', "can't send flush request: Operation not permitted");
  }
  write(c.ctx, listAddrs(c.ctx.world, c.ns, showFilter(c, args, c.family)));
  return 0;
}

function ipLink(c: BbIp, args: string[]): number {
  const verbs = ['add', 'delete', 'set', 'show', 'lst', 'list'];
  let cmd = 3;
  if (args.length) {
    const v = args.shift()!;
    cmd = indexInSubstrings(verbs, v);
    if (cmd < 0) invarg(v, 'ip');
  }
  if (cmd === 0 || cmd === 1) return eperm();
  if (cmd === 2) {
    const dev = args[0] === 'dev' ? args[1] : args[0];
    if (dev === undefined) die('ip', '"dev" requires an argument');
    if (!findIfaceByName(c.ctx.world, c.ns, dev)) die('ip', 'SIOCGIFFLAGS: No such device');
    return die('ip', 'SIOCSIFFLAGS: Operation not permitted');
  }
  write(c.ctx, listAddrs(c.ctx.world, c.ns, showFilter(c, args, 'link')));
  return 0;
}

/** print_route(): no `proto`, and ` src`/` metric` carry a space of their own. */
export function printRouteBb(world: World, r: Route): string {
  let s = r.prefix === 0 ? 'default ' : r.prefix === 32 ? `${formatIp4(r.dst)} ` : `${formatIp4(r.dst)}/${r.prefix} `;
  if (r.via !== undefined) s += `via ${formatIp4(r.via)} `;
  const dev = world.ifaces[r.dev];
  if (dev) s += `dev ${dev.name} `;
  if (r.scope !== 'global') s += `scope ${r.scope} `;
  if (r.src !== undefined) s += ` src ${formatIp4(r.src)} `;
  if (r.metric) s += ` metric ${r.metric} `;
  return `${s}\n`;
}

function ipRoute(c: BbIp, args: string[]): number {
  const verbs = ['a', 'add', 'append', 'change', 'chg', 'delete', 'get', 'list', 'show', 'prepend', 'replace', 'test', 'flush'];
  const v = args.shift();
  const cmd = v === undefined ? 8 : indexInSubstrings(verbs, v);
  if (cmd < 0) invarg(v!, 'ip');
  const verb = verbs[cmd]!;
  if (verb === 'get') return routeGet(c, args);
  if (verb === 'list' || verb === 'show') {
    let routes = c.family === 'inet6' ? [] : c.ns.routes;
    while (args.length) {
      const a = args.shift()!;
      if (a === 'dev' || a === 'oif') {
        const name = args.shift();
        if (name === undefined) incomplete();
        const idx = ifindexOf(c, name);
        routes = routes.filter((r) => c.ctx.world.ifaces[r.dev]?.ifindex === idx);
      } else if (['table', 'proto', 'protocol', 'scope', 'via', 'from', 'to', 'iif'].includes(a)) args.shift();
    }
    write(c.ctx, routes.map((r) => printRouteBb(c.ctx.world, r)).join(''));
    return 0;
  }
  if (verb === 'flush') {
    if (!args.length) die('ip', '"ip route flush" requires an argument');
    return die('ip', "can't send flush request: Operation not permitted");
  }
  const devAt = args.findIndex((a) => a === 'dev' || a === 'oif');
  if (devAt >= 0 && args[devAt + 1] !== undefined) ifindexOf(c, args[devAt + 1]!);
  return eperm();
}

/** `ip route get`: the kernel's answer, with the table named when it is not main. */
function routeGet(c: BbIp, args: string[]): number {
  const dst = args.filter((a, i) => !['from', 'iif', 'oif', 'dev', 'to'].includes(args[i - 1] ?? '') && !['from', 'iif', 'oif', 'dev', 'notify', 'connected', 'to'].includes(a))[0];
  if (dst === undefined) die('ip', 'need at least destination address');
  const p = parsePrefix(dst);
  if (!p) die('ip', `an inet prefix is expected rather than "${dst}"`);
  const w = c.ctx.world;
  if (localOwner(w, c.ns, p.addr) || p.addr >>> 24 === 127) {
    write(c.ctx, `local ${formatIp4(p.addr)} dev lo table local  src ${formatIp4(p.addr >>> 24 === 127 ? 0x7f000001 : p.addr)} \n`);
    return 0;
  }
  const r = lookupRoute(c.ns, p.addr);
  if (!r) die('ip', 'RTNETLINK answers: Network is unreachable', 2);
  const dev = w.ifaces[r.dev]!;
  const src = r.src ?? selectSource(w, c.ns, dev, p.addr);
  let s = `${formatIp4(p.addr)} `;
  if (r.via !== undefined) s += `via ${formatIp4(r.via)} `;
  s += `dev ${dev.name} `;
  if (src !== undefined) s += ` src ${formatIp4(src)} `;
  write(c.ctx, `${s}\n`);
  return 0;
}
