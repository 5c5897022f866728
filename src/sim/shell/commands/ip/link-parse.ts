/**
 * iproute2's iplink_parse (ip/iplink.c), keyword for keyword and in its order: some keywords
 * match by exact name, others by any prefix (`matches()`), so a device called `br`, `a`, `d`
 * or `t` is read as `broadcast`, `address`, `dynamic` or `txqueuelen`, as the real `ip` does.
 */
import { SimError } from '../../../net/errors';
import { matches } from './index';

export interface LinkOpts {
  dev?: string;
  name?: string;
  up?: boolean;
  address?: string;
  broadcast?: string;
  mtu?: number;
  txqlen?: number;
  netns?: string;
  link?: string;
  master?: string;
  nomaster?: boolean;
  type?: string;
  /** What follows `type T` (e.g. `peer name X` for veth). */
  typeArgs: string[];
}

const ON_OFF = ['multicast', 'allmulticast', 'promisc', 'trailers', 'arp', 'carrier', 'protodown'];
const IGNORED_WITH_ARG = ['vrf', 'group', 'mode', 'state', 'index', 'vf'];

export function incomplete(): SimError {
  return new SimError('Command line is not complete. Try option "help"', 255);
}

/** `invarg()`: iproute2's message for a bad value, with its trailing blank line. */
export function invarg(msg: string, arg: string): SimError {
  return new SimError(`Error: argument "${arg}" is wrong: ${msg}`, 255);
}

const MAC = /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/;

/** A MAC as the kernel stores it (`2:42:A:0:0:1` -> `02:42:0a:00:00:01`), or undefined when `v` is none. */
export function parseMac(v: string): string | undefined {
  if (!MAC.test(v)) return undefined;
  return v
    .split(':')
    .map((b) => b.padStart(2, '0').toLowerCase())
    .join(':');
}

/** An `address`/`lladdr` argument. */
export function lladdr(v: string): string {
  const mac = parseMac(v);
  if (mac === undefined) throw new SimError(`"${v}" is invalid lladdr.`, 1);
  return mac;
}

function number(v: string, what: string): number {
  if (!/^\d+$/.test(v)) throw invarg(`Invalid "${what}" value\n`, v);
  return Number(v);
}

export function parseLinkArgs(argv: string[]): LinkOpts {
  const args = [...argv];
  const o: LinkOpts = { typeArgs: [] };
  const next = () => {
    const v = args.shift();
    if (v === undefined) throw incomplete();
    return v;
  };
  while (args.length) {
    const a = args.shift()!;
    if (a === 'up') o.up = true;
    else if (a === 'down') o.up = false;
    else if (a === 'name') {
      const v = next();
      if (!validIfname(v)) throw invarg('"name" not a valid ifname', v);
      o.name = v;
    } else if (a === 'index') number(next(), 'index');
    else if (matches(a, 'link')) o.link = next();
    else if (matches(a, 'address')) o.address = lladdr(next());
    else if (matches(a, 'broadcast') || a === 'brd') o.broadcast = lladdr(next());
    else if (matches(a, 'txqueuelen') || a === 'qlen' || matches(a, 'txqlen')) o.txqlen = number(next(), 'txqueuelen');
    else if (a === 'mtu') o.mtu = number(next(), 'mtu');
    else if (a === 'netns') o.netns = next();
    else if (ON_OFF.includes(a)) onOff(a, next());
    else if (matches(a, 'master')) o.master = next();
    else if (IGNORED_WITH_ARG.includes(a)) next();
    else if (matches(a, 'nomaster')) o.nomaster = true;
    else if (matches(a, 'dynamic')) onOff('dynamic', next());
    else if (matches(a, 'type')) {
      o.type = next();
      o.typeArgs = args.splice(0);
    } else if (matches(a, 'alias') || matches(a, 'numtxqueues') || matches(a, 'numrxqueues') || matches(a, 'addrgenmode') || matches(a, 'link-netns') || matches(a, 'link-netnsid')) next();
    else {
      let dev = a;
      if (a === 'dev') dev = next();
      else if (matches(a, 'help')) throw new SimError('Usage: ip link add [link DEV] [ name ] NAME type TYPE [ ARGS ]', 255);
      if (o.dev !== undefined) throw new SimError(`Error: either "dev" is duplicate, or "${dev}" is a garbage.`, 255);
      o.dev = dev;
    }
  }
  return o;
}

function onOff(key: string, v: string): void {
  if (v !== 'on' && v !== 'off') throw new SimError(`Error: argument of "${key}" must be "on" or "off", not "${v}"`, 1);
}

export function validIfname(name: string): boolean {
  return name.length > 0 && name.length <= 15 && !/[\s/:]/.test(name) && name !== '.' && name !== '..';
}
