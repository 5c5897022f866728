/**
 * `ip neigh` (ip/ipneigh.c): the ARP cache as the packet engine filled it, and entries set by hand.
 */
import { SimError } from '../../../net/errors';
import { formatIp4 } from '../../../net/ip4';
import { parseIp4 } from '../../../net/ip4-parse';
import type { Neigh } from '../../../net/types';
import { findIfaceByName, ownEntry } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
import { incomplete, lladdr } from './link-parse';

export function ipNeigh(c: IpCtx, args: string[]): number {
  const verb = args.shift() ?? 'show';
  if (matches(verb, 'show') || matches(verb, 'list')) {
    const w = c.shell.world;
    let dev: string | undefined;
    while (args.length) {
      const a = args.shift()!;
      if (a === 'dev') dev = args.shift();
    }
    let entries = c.ns.neigh;
    if (dev !== undefined) {
      const i = findIfaceByName(w, c.ns, dev);
      if (!i) throw new SimError(`Cannot find device "${dev}"`, 1);
      entries = entries.filter((n) => n.dev === i.id);
    }
    if (c.family === 6) entries = [];
    for (const n of entries) {
      const d = w.ifaces[n.dev]!;
      const ll = n.mac ? `lladdr ${n.mac} ` : '';
      write(c.shell, `${formatIp4(n.ip)} dev ${d.name} ${ll}${n.state} \n`);
    }
    return 0;
  }
  if (['add', 'replace', 'change', 'chg'].includes(verb) || matches(verb, 'delete')) return neighModify(c, verb, args);
  if (matches(verb, 'flush')) {
    c.ns.neigh = [];
    return 0;
  }
  throw new SimError(`Command "${verb}" is unknown, try "ip neigh help".`, 255);
}

const NUD: Record<string, Neigh['state']> = { permanent: 'PERMANENT', noarp: 'PERMANENT', reachable: 'REACHABLE', stale: 'STALE', failed: 'FAILED' };

/**
 * `ip neigh add|replace|change|del ADDR [lladdr MAC] dev DEV [nud STATE]` (ipneigh.c ipneigh_modify):
 * `add` without `nud` makes a PERMANENT entry; Docker's overlay adds its peers this way.
 */
function neighModify(c: IpCtx, verb: string, args: string[]): number {
  let dst: string | undefined;
  let mac: string | undefined;
  let devName: string | undefined;
  let state: Neigh['state'] = 'PERMANENT';
  const next = () => {
    const v = args.shift();
    if (v === undefined) throw incomplete();
    return v;
  };
  while (args.length) {
    const a = args.shift()!;
    if (a === 'lladdr') mac = lladdr(next());
    else if (a === 'nud') {
      const v = next();
      const s = ownEntry(NUD, v);
      if (!s) throw new SimError(`Error: argument "${v}" is wrong: nud state is bad`, 255);
      state = s;
    } else if (a === 'dev') devName = next();
    else if (a === 'proxy' || a === 'router' || a === 'extern_learn' || a === 'use' || a === 'managed') continue;
    else {
      if (a === 'to') dst = next();
      else dst = a;
    }
  }
  if (dst === undefined || devName === undefined) throw new SimError('Device and destination are required arguments.', 255);
  const w = c.shell.world;
  const dev = findIfaceByName(w, c.ns, devName);
  if (!dev) throw new SimError(`Cannot find device "${devName}"`, 1);
  const ip = parseIp4(dst);
  if (ip === undefined) throw new SimError(`Error: inet prefix is expected rather than "${dst}".`, 1);
  const at = c.ns.neigh.findIndex((n) => n.dev === dev.id && n.ip === ip);
  if (matches(verb, 'delete')) {
    if (at < 0) throw new SimError('RTNETLINK answers: No such file or directory', 2);
    c.ns.neigh.splice(at, 1);
    return 0;
  }
  if (verb === 'add' && at >= 0) throw new SimError('RTNETLINK answers: File exists', 2);
  if ((verb === 'change' || verb === 'chg') && at < 0) throw new SimError('RTNETLINK answers: No such file or directory', 2);
  const entry: Neigh = { ip, dev: dev.id, state, mac: mac ?? 'ff:ff:ff:ff:ff:ff' };
  // The kernel lists the newest entry first.
  if (at >= 0) c.ns.neigh.splice(at, 1);
  c.ns.neigh.unshift(entry);
  return 0;
}
