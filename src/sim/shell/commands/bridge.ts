/**
 * iproute2 `bridge link` and `bridge fdb` (bridge/link.c, bridge/fdb.c).
 * The FDB shows what the bridges learned from traffic and the ports' own (permanent) MACs; the
 * kernel's multicast `self permanent` entries, which vary with the kernel and IPv6 setup, are left out.
 * Filters as the kernel applies them: `fdb show br BR` keeps the entries of BR's ports, `dev X` (or
 * `brport X`) those of port X and drops the `dev` column, `link show dev X` only port X.
 */
import { SimError } from '../../net/errors';
import { hasCarrier } from '../../net/link';
import { ZERO_MAC } from '../../net/stacked-link';
import type { Iface, Netns, World } from '../../net/types';
import { findIfaceByName, nsIfaces } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';
import { formatIp4 } from '../../net/ip4';
import { parseIp4 } from '../../net/ip4-parse';
import { linkFlags, linkLabel } from './ip/print';
import { incomplete, parseMac } from './ip/link-parse';
import { openNetns } from './ip/netns';

/** iproute2's matches(): a non-empty prefix of the keyword. */
const matches = (x: string, full: string) => x.length > 0 && full.startsWith(x);


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
    if ((br && i.master !== br.id) || (port && i.id !== port.id)) continue;
    // fdb.c prints `dev` only when the dump was not asked for one device.
    const dev = port ? '' : `dev ${i.name} `;
    if (i.master) {
      const master = w.ifaces[i.master]!;
      for (const [mac, at] of Object.entries(master.fdb ?? {})) if (at === i.id && mac !== i.mac) s += `${mac} ${dev}master ${master.name} \n`;
      if (!dynamic) s += `${i.mac} ${dev}master ${master.name} permanent\n`;
    }
    if (i.vxlan && !dynamic && !br) s += vxlanFdb(w, i, dev);
  }
  return s;
}

/**
 * A vxlan device's own (`self`) entries: the unicast ones newest first, then the all-zero ones
 * (`remote` first, printed with `via DEV` when the device has one), as the kernel's dump lists them.
 */
function vxlanFdb(w: World, vx: Iface, dev: string): string {
  const v = vx.vxlan!;
  // Moved out of its underlay, the entries say in which namespace `dst` is (NDA_LINK_NETNSID).
  const here = w.netns[vx.ns];
  const nsid = here && v.underlay !== vx.ns ? here.netnsIds[v.underlay] : undefined;
  const link = nsid !== undefined ? `link-netnsid ${nsid} ` : '';
  let s = '';
  for (const e of [...v.fdb].reverse()) if (e.mac !== ZERO_MAC) s += `${e.mac} ${dev}dst ${formatIp4(e.dst)} ${link}self permanent\n`;
  if (v.remote !== undefined) {
    const d = v.dev ? w.ifaces[v.dev] : undefined;
    const via = d ? `via ${d.ns === vx.ns ? d.name : `if${d.ifindex}`} ` : '';
    s += `${ZERO_MAC} ${dev}dst ${formatIp4(v.remote)} ${via}${link}self permanent\n`;
  }
  for (const e of v.fdb) if (e.mac === ZERO_MAC) s += `${ZERO_MAC} ${dev}dst ${formatIp4(e.dst)} ${link}self permanent\n`;
  return s;
}


/**
 * `bridge fdb add|append|replace|del MAC dev DEV [dst IP] [self] [master] [permanent|static]`
 * (fdb_modify) on a vxlan device: its forwarding entries. `add` of an existing MAC fails, `append`
 * adds one more destination (the all-zero MAC floods to each), `del` needs the exact entry.
 */
function fdbModify(w: World, ns: Netns, verb: 'add' | 'append' | 'replace' | 'delete', args: string[]): void {
  let mac: string | undefined;
  let devName: string | undefined;
  let dst: number | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') devName = nextArg(args);
    else if (a === 'dst') {
      const x = nextArg(args);
      dst = parseIp4(x);
      if (dst === undefined) throw new SimError(`Error: inet address is expected rather than "${x}".`, 255);
    } else if (['vlan', 'port', 'vni', 'via', 'src_vni', 'nhid'].includes(a)) nextArg(args);
    else if (['self', 'master', 'local', 'permanent', 'temp', 'static', 'dynamic', 'router', 'use', 'extern_learn', 'sticky'].includes(a)) continue;
    else if (mac === undefined) {
      mac = parseMac(a);
      if (mac === undefined) throw new SimError(`Invalid mac address ${a}`, 255);
    } else throw new SimError(`Error: either "dev" is duplicate, or "${a}" is a garbage.`, 255);
  }
  if (mac === undefined || devName === undefined) throw new SimError('Device and address are required arguments.', 255);
  const dev = device(w, ns, devName);
  const v = dev.vxlan;
  // Other devices take the MAC into their unicast filter: nothing the playground models.
  if (!v) return;
  const same = (e: { mac: string; dst: number }) => e.mac === mac && (dst === undefined || e.dst === dst);
  if (verb === 'delete') {
    const at = v.fdb.findIndex(same);
    if (at < 0) throw new SimError('RTNETLINK answers: No such file or directory', 255);
    v.fdb.splice(at, 1);
    return;
  }
  if (dst === undefined) throw new SimError('RTNETLINK answers: Invalid argument', 255);
  const has = v.fdb.some((e) => e.mac === mac);
  if (verb === 'add' && has) throw new SimError('RTNETLINK answers: File exists', 255);
  if (verb === 'append' && v.fdb.some((e) => e.mac === mac && e.dst === dst)) throw new SimError('RTNETLINK answers: File exists', 255);
  if (verb === 'replace') v.fdb = v.fdb.filter((e) => e.mac !== mac);
  v.fdb.push({ mac, dst });
}

export function bridgeCommand(ctx: ShellCtx, argv: string[]): number {
  const w = ctx.world;
  let ns = w.netns[ctx.place.ns]!;
  const rest = argv.slice(1);
  // Global options: `-n NS` / `-netns NS` runs in a named namespace, as `ip -n` does.
  while (rest[0]?.startsWith('-')) {
    const opt = rest.shift()!;
    if (opt === '-n' || (opt.length > 2 && '-netns'.startsWith(opt))) ns = openNetns(ctx, nextArg(rest));
    else if (!['-s', '-d', '-j', '-p', '-c', '-4', '-6', '-o'].includes(opt)) throw new SimError(`Option "${opt}" is unknown, try "bridge help".`, 255);
  }
  const [object = 'help', verb = 'show', ...args] = rest;
  if (matches(object, 'link') || matches(object, 'fdb')) {
    const which = matches(object, 'link') ? 'link' : 'fdb';
    if (which === 'fdb') {
      for (const v of ['add', 'append', 'replace', 'delete'] as const) {
        if (matches(verb, v)) {
          fdbModify(w, ns, v, args);
          return 0;
        }
      }
    }
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
