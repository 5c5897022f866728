/**
 * `reach`: the simulator's verdict for `ping -c1 -W1 ADDR` from every named namespace to every
 * IPv4 address in the World outside 127/8.
 */
import { runScript } from '../sim/lab/script';
import { formatIp4 } from '../sim/net/ip4';
import type { World } from '../sim/net/types';
import { probe } from '../sim/packet/engine';
import { nsLabel } from './export-linux';

export interface Verdict {
  from: string;
  to: string;
  ok: boolean;
}

export function worldAddresses(world: World): number[] {
  const seen = new Set<number>();
  for (const i of Object.values(world.ifaces)) for (const a of i.addrs) if (a.addr >>> 24 !== 127) seen.add(a.addr);
  return [...seen].sort((a, b) => a - b);
}

export function reachWorld(world: World): Verdict[] {
  const out: Verdict[] = [];
  const addrs = worldAddresses(world);
  for (const ns of Object.values(world.netns)) {
    if (ns.kind === 'segment') continue;
    const from = nsLabel(world, ns);
    for (const dst of addrs) {
      const r = probe(world, { from: ns.id, dst, proto: 'icmp' });
      out.push({ from, to: formatIp4(dst), ok: r.outcome.kind === 'reply' });
    }
  }
  return out;
}

export function reach(labText: string): Verdict[] {
  return reachWorld(runScript(labText).world);
}
