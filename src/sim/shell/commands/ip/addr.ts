/**
 * `ip address` show/add/del/flush (ip/ipaddress.c).
 */
import { addAddress, deleteAddress, flushDevRoutes } from '../../../net/addr';
import { SimError } from '../../../net/errors';
import { broadcastOf, formatIp4, parsePrefix } from '../../../net/ip4';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
import { getDevice, listedLinks } from './link';
import { printAddr } from './print';

export function ipAddr(c: IpCtx, args: string[]): number {
  const verb = args.shift() ?? 'show';
  if (matches(verb, 'show') || matches(verb, 'list') || verb === 'lst') return show(c, args);
  if (matches(verb, 'add') || verb === 'replace') return add(c, args, verb === 'replace');
  if (matches(verb, 'delete')) return del(c, args);
  if (matches(verb, 'flush')) return flush(c, args);
  if (matches(verb, 'help')) {
    write(c.shell, 'Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n                                                      [ CONFFLAG-LIST ]\n       ip address del IFADDR dev IFNAME [mngtmpaddr]\n       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]\n                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]\n       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]\n');
    return 255;
  }
  throw new SimError(`Command "${verb}" is unknown, try "ip address help".`, 255);
}

function show(c: IpCtx, args: string[]): number {
  const w = c.shell.world;
  const filter = { ...(c.family ? { family: c.family } : {}), ...(c.oneline ? { oneline: true } : {}) };
  write(c.shell, listedLinks(c, args).map((i) => printAddr(w, c.ns, i, filter)).join(''));
  return 0;
}

interface AddrSpec {
  addr: number;
  prefix: number;
  dev: string;
  brd?: number | '+';
  scope?: 'global' | 'host' | 'link';
}

function parseSpec(args: string[]): AddrSpec {
  let local: { addr: number; prefix: number } | undefined;
  let dev: string | undefined;
  let brd: number | '+' | undefined;
  let scope: AddrSpec['scope'];
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') dev = args.shift();
    else if (a === 'brd' || (matches(a, 'broadcast') && a.length >= 2)) {
      const v = args.shift() ?? '';
      if (v === '+') brd = '+';
      else {
        const p = parsePrefix(v);
        if (!p) throw new SimError(`Error: an IP address is expected rather than "${v}".`, 1);
        brd = p.addr;
      }
    } else if (a === 'scope') {
      const s = args.shift();
      if (s === 'global' || s === 'host' || s === 'link') scope = s;
      else throw new SimError(`Error: argument "${s}" is wrong: invalid scope value.`, 1);
    } else if (a === 'label' || a === 'valid_lft' || a === 'preferred_lft') args.shift();
    else if (a === 'local') local = parseLocal(args.shift() ?? '');
    else if (local === undefined) local = parseLocal(a);
    else throw new SimError(`Error: either "local" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (dev === undefined) throw new SimError('Not enough information: "dev" argument is required.', 1);
  if (local === undefined) throw new SimError('Not enough information: "local" argument is required.', 1);
  return { ...local, dev, ...(brd !== undefined ? { brd } : {}), ...(scope ? { scope } : {}) };
}

function parseLocal(text: string): { addr: number; prefix: number } {
  const p = parsePrefix(text);
  if (!p) throw new SimError(`Error: any valid prefix is expected rather than "${text}".`, 1);
  return p;
}

function add(c: IpCtx, args: string[], replace: boolean): number {
  const spec = parseSpec(args);
  const dev = getDevice(c, c.ns, spec.dev);
  const brd = spec.brd === '+' ? broadcastOf(spec.addr, spec.prefix) : spec.brd;
  if (replace && dev.addrs.some((a) => a.addr === spec.addr && a.prefix === spec.prefix)) return 0;
  addAddress(c.shell.world, dev, spec.addr, spec.prefix, {
    ...(brd !== undefined ? { brd } : {}),
    ...(spec.scope ? { scope: spec.scope } : {}),
  });
  return 0;
}

function del(c: IpCtx, args: string[]): number {
  const hasSlash = args.some((a) => /^\d+(\.\d+){0,3}\/\d+$/.test(a));
  const spec = parseSpec(args);
  const dev = getDevice(c, c.ns, spec.dev);
  if (!hasSlash && !dev.addrs.some((a) => a.addr === spec.addr && a.prefix === 32)) {
    // iproute2 sends /32 when no length is given; the kernel then matches any prefix with a warning.
    const match = dev.addrs.find((a) => a.addr === spec.addr);
    if (match) {
      write(c.shell, `Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${formatIp4(spec.addr)}/${match.prefix}) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`);
      deleteAddress(c.shell.world, dev, spec.addr, match.prefix);
      return 0;
    }
  }
  deleteAddress(c.shell.world, dev, spec.addr, spec.prefix);
  return 0;
}

function flush(c: IpCtx, args: string[]): number {
  let name: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') name = args.shift();
    else name = a;
  }
  if (name === undefined) throw new SimError('Flush requires arguments.', 1);
  const dev = getDevice(c, c.ns, name);
  dev.addrs = [];
  flushDevRoutes(c.shell.world, dev);
  return 0;
}
