/**
 * iproute2 `bridge link` and `bridge fdb` (bridge/link.c, bridge/fdb.c).
 * The FDB shows what the bridges learned from traffic and the ports' own (permanent) MACs; the
 * kernel's multicast `self permanent` entries, which vary with the kernel and IPv6 setup, are left out.
 */
import { SimError } from '../../net/errors';
import { hasCarrier } from '../../net/link';
import { nsIfaces } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';
import { linkFlags, linkLabel } from './ip/print';

export function bridgeCommand(ctx: ShellCtx, argv: string[]): number {
  const w = ctx.world;
  const ns = w.netns[ctx.place.ns]!;
  const [, object = 'help', verb = 'show'] = argv;
  const starts = (x: string, full: string) => x.length > 0 && full.startsWith(x);
  if (starts(object, 'link') && (starts(verb, 'show') || starts(verb, 'list'))) {
    let s = '';
    for (const i of nsIfaces(w, ns)) {
      if (!i.master) continue;
      const br = w.ifaces[i.master]!;
      const state = hasCarrier(w, i) && br.up ? 'forwarding' : 'disabled';
      s += `${i.ifindex}: ${linkLabel(w, i)}: ${linkFlags(w, i)} mtu ${i.mtu} master ${br.name} state ${state} priority 32 cost 2 \n`;
    }
    write(ctx, s);
    return 0;
  }
  if (starts(object, 'fdb') && (starts(verb, 'show') || starts(verb, 'list'))) {
    let s = '';
    for (const i of nsIfaces(w, ns)) {
      if (!i.master) continue;
      const br = w.ifaces[i.master]!;
      for (const [mac, port] of Object.entries(br.fdb ?? {})) if (port === i.id && mac !== i.mac) s += `${mac} dev ${i.name} master ${br.name} \n`;
      s += `${i.mac} dev ${i.name} master ${br.name} permanent\n`;
    }
    write(ctx, s);
    return 0;
  }
  if (starts(object, 'help')) {
    write(ctx, 'Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | monitor }\n');
    return 255;
  }
  throw new SimError(`Object "${object}" is unknown, try "bridge help".`, 255);
}
