/**
 * `ip neigh show` (ip/ipneigh.c): the ARP cache as the packet engine filled it.
 */
import { SimError } from '../../../net/errors';
import { formatIp4 } from '../../../net/ip4';
import { findIfaceByName } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';

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
  if (matches(verb, 'flush')) {
    c.ns.neigh = [];
    return 0;
  }
  throw new SimError(`Command "${verb}" is unknown, try "ip neigh help".`, 255);
}
