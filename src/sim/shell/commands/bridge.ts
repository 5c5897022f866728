/**
 * iproute2 `bridge link` and `bridge fdb` (bridge/link.c, bridge/fdb.c).
 * The FDB shows what the bridges learned from traffic and the ports' own (permanent) MACs; the
 * kernel's multicast `self permanent` entries, which vary with the kernel and IPv6 setup, are left out.
 * Filters as the kernel applies them: `fdb show br BR` keeps the entries of BR's ports, `dev X` (or
 * `brport X`) those of port X and drops the `dev` column, `link show dev X` only port X.
 */
import { SimError } from '../../net/errors';
import { hasCarrier } from '../../net/link';
import type { Iface, Netns, World } from '../../net/types';
import { findIfaceByName, nsIfaces } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';
import { linkFlags, linkLabel } from './ip/print';

/** iproute2's matches(): a non-empty prefix of the keyword. */
const matches = (x: string, full: string) => x.length > 0 && full.startsWith(x);

const incomplete = () => new SimError('Command line is not complete. Try option "help"', 255);

function nextArg(args: string[]): string {
  const v = args.shift();
  if (v === undefined) throw incomplete();
  return v;
}

function device(w: World, ns: Netns, name: string): Iface {
  const i = findIfaceByName(w, ns, name);
  if (!i) throw new SimError(`Cannot find device "${name}"`, 255);
  return i;
}

/** The dispatch order of do_link()/do_fdb(): a verb prefix means the first command it matches. */
function verbOf(verb: string, object: 'link' | 'fdb'): 'show' | 'other' {
  const other = object === 'link' ? ['set', 'change'] : ['add', 'append', 'replace', 'delete', 'get'];
  for (const v of other) if (matches(verb, v)) return 'other';
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list')) return 'show';
  if ((object === 'fdb' && matches(verb, 'flush')) || matches(verb, 'help')) return 'other';
  throw new SimError(`Command "${verb}" is unknown, try "bridge ${object} help".`, 255);
}

function linkShow(w: World, ns: Netns, args: string[]): string {
  let only: Iface | undefined;
  // brlink_show() reads `dev NAME` and skips any other word.
  while (args.length) if (args.shift() === 'dev') only = device(w, ns, nextArg(args));
  let s = '';
  for (const i of nsIfaces(w, ns)) {
    if (!i.master || (only && i.id !== only.id)) continue;
    const br = w.ifaces[i.master]!;
    const state = hasCarrier(w, i) && br.up ? 'forwarding' : 'disabled';
    s += `${i.ifindex}: ${linkLabel(w, i)}: ${linkFlags(w, i)} mtu ${i.mtu} master ${br.name} state ${state} priority 32 cost 2 \n`;
  }
  return s;
}

function fdbShow(w: World, ns: Netns, args: string[]): string {
  let brName: string | undefined;
  let portName: string | undefined;
  let dynamic = false;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev' || a === 'brport') portName = nextArg(args);
    else if (a === 'br') brName = nextArg(args);
    else if (a === 'vlan' || a === 'state') nextArg(args);
    else if (a === 'dynamic') dynamic = true;
  }
  let br: Iface | undefined;
  if (brName !== undefined) {
    br = findIfaceByName(w, ns, brName);
    if (!br) throw new SimError(`Cannot find bridge device "${brName}"`, 255);
  }
  const port = portName !== undefined ? device(w, ns, portName) : undefined;
  let s = '';
  for (const i of nsIfaces(w, ns)) {
    if (!i.master || (br && i.master !== br.id) || (port && i.id !== port.id)) continue;
    const master = w.ifaces[i.master]!;
    // fdb.c prints `dev` only when the dump was not asked for one device.
    const dev = port ? '' : `dev ${i.name} `;
    for (const [mac, at] of Object.entries(master.fdb ?? {})) if (at === i.id && mac !== i.mac) s += `${mac} ${dev}master ${master.name} \n`;
    if (!dynamic) s += `${i.mac} ${dev}master ${master.name} permanent\n`;
  }
  return s;
}

export function bridgeCommand(ctx: ShellCtx, argv: string[]): number {
  const w = ctx.world;
  const ns = w.netns[ctx.place.ns]!;
  const [, object = 'help', verb = 'show', ...args] = argv;
  if (matches(object, 'link') || matches(object, 'fdb')) {
    const which = matches(object, 'link') ? 'link' : 'fdb';
    if (verbOf(verb, which) === 'other') throw new SimError(`bridge ${which} ${verb}: not available in the playground yet`, 255);
    write(ctx, which === 'link' ? linkShow(w, ns, args) : fdbShow(w, ns, args));
    return 0;
  }
  if (matches(object, 'help')) {
    write(ctx, 'Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | monitor }\n');
    return 255;
  }
  throw new SimError(`Object "${object}" is unknown, try "bridge help".`, 255);
}
