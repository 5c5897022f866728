/**
 * What every explanation needs to know about one probe's trace: who sent it (by name), where it
 * was going (by name and address), which steps were the request and which the answer. Built once
 * per explanation from the trace itself, the World (for names) and the request (for the target's name).
 */
import { INTERNET_ADDRESSES } from '../net/internet';
import { formatIp4, inPrefix } from '../net/ip4';
import type { Host, Iface, Ip4, Netns, NsId, Route, World } from '../net/types';
import type { Explanation, ProbeRequest } from './explain';
import { containerOwning, containersWithAddress, ctrNs, findCtr, ifacesWithAddress, nsLabel, nsPrefix, placeName, type CtrRef } from './places';
import type { Frame, Trace, TraceStep } from './trace';

export interface Ctx {
  world: World;
  req: ProbeRequest;
  trace: Trace;
  steps: TraceStep[];
  /** The sending namespace and its name as the user knows it. */
  srcNs: NsId;
  srcName: string;
  /** The sending container (the one the user picked; for container:X, not X). */
  srcCtr?: CtrRef;
  /** The destination the client asked for, before any DNAT. */
  dst: Ip4;
  dport?: number;
  /** `c2 (172.18.0.3)`, `www.baidu.com (203.0.113.10)`, `172.17.0.99`. */
  dstLabel: string;
  /** The name part alone (`c2`), or the address when nobody is known to have it. */
  dstName: string;
  /** Index of the step delivering the request at its destination, -1 when it never got there. */
  requestEnd: number;
}

/** An answer travelling back: echo reply, ICMP error, SYN-ACK or RST. */
export function isAnswer(f: Frame): boolean {
  if (f.proto === 'icmp') return f.icmp !== undefined && f.icmp !== 'echo-request';
  if (f.proto === 'tcp') return /[AR]/.test(f.tcpFlags ?? '');
  return false;
}

function originalDst(steps: TraceStep[]): { dst: Ip4; dport?: number } {
  const first = steps[0];
  if (!first) return { dst: 0 };
  if (first.kind === 'nat-dnat') {
    // DNAT in OUTPUT rewrote it before anything else: the un-NATed answer shows the original.
    const back = [...steps].reverse().find((s) => s.kind === 'deliver' && s.ns === first.ns && isAnswer(s.frame));
    if (back) return { dst: back.frame.src, ...(back.frame.sport !== undefined ? { dport: back.frame.sport } : {}) };
  }
  return { dst: first.frame.dst, ...(first.frame.dport !== undefined ? { dport: first.frame.dport } : {}) };
}

/** Who has `ip`, in a word: a container's name, a namespace's, a host's, a public name. */
export function whoHas(world: World, ip: Ip4, req?: ProbeRequest): string | undefined {
  if (req?.target.kind === 'internet' && INTERNET_ADDRESSES[req.target.name.toLowerCase()] === ip) return req.target.name;
  const ctr = containersWithAddress(world, ip)[0];
  if (ctr) return ctr.ref.container.name;
  const iface = ifacesWithAddress(world, ip).find((i) => i.kind !== 'loopback');
  if (iface) return placeName(world, iface.ns);
  const name = Object.entries(INTERNET_ADDRESSES).find(([, a]) => a === ip)?.[0];
  return name;
}

export function makeCtx(world: World, req: ProbeRequest, trace: Trace): Ctx {
  const steps = trace.steps;
  const srcNs = steps[0]?.ns ?? '';
  let srcCtr: CtrRef | undefined;
  if (req.source.kind === 'container') {
    const ref = findCtr(world, req.source.host, req.source.container);
    if (ref && ctrNs(world, ref)?.id === srcNs) srcCtr = ref;
  }
  srcCtr ??= containerOwning(world, srcNs);
  const srcName = srcCtr?.container.name ?? placeName(world, srcNs);
  const { dst, dport } = originalDst(steps);
  const name = dst >>> 24 === 127 ? 'localhost' : whoHas(world, dst, req);
  const dstLabel = name ? `${name} (${formatIp4(dst)})` : formatIp4(dst);
  const requestEnd = steps.findIndex((s) => s.kind === 'deliver' && !s.frame.vxlan && !isAnswer(s.frame));
  return {
    world, req, trace, steps, srcNs, srcName, dst, dstLabel, dstName: name ?? formatIp4(dst), requestEnd,
    ...(srcCtr ? { srcCtr } : {}), ...(dport !== undefined ? { dport } : {}),
  };
}

export function explanation(ok: boolean, headline: string, details: string[], fix?: Explanation['fix'], decisive?: number): Explanation {
  return { ok, headline, details, ...(fix ? { fix } : {}), ...(decisive !== undefined && decisive >= 0 ? { decisive } : {}) };
}

/** `default via 10.0.2.2 dev eth0`, `172.17.0.0/16 dev eth0`: a route as `ip route` prints it. */
export function routeText(world: World, r: Route): string {
  const dst = r.prefix === 0 ? 'default' : `${formatIp4(r.dst)}/${r.prefix}`;
  return `${dst}${r.via !== undefined ? ` via ${formatIp4(r.via)}` : ''} dev ${world.ifaces[r.dev]?.name ?? r.dev}`;
}

export function ifacesOf(world: World, ns: Netns): Iface[] {
  return ns.ifaces.map((id) => world.ifaces[id]).filter((i): i is Iface => i !== undefined);
}

/** A down interface of `ns` whose own subnet holds `ip`: bringing it down took that route away. */
export function downIfaceFor(world: World, ns: Netns, ip: Ip4): Iface | undefined {
  return ifacesOf(world, ns).find((i) => i.kind !== 'loopback' && !i.up && i.addrs.some((a) => a.scope !== 'host' && inPrefix(ip, a.addr, a.prefix)));
}

/** The interface a packet came in on, for the step at `i` (the bridge, for a port of one). */
export function arrivalIface(c: Ctx, i: number): Iface | undefined {
  const ns = c.steps[i]?.ns;
  for (let j = i - 1; j >= 0; j--) {
    const s = c.steps[j]!;
    if (s.kind === 'veth-cross' && s.to !== undefined) {
      const at = c.world.ifaces[s.to];
      if (at && at.ns === ns) return at.master ? c.world.ifaces[at.master] : at;
    }
    if (s.kind === 'bridge-forward' && s.to === undefined && s.ns === ns && s.iface !== undefined) return c.world.ifaces[s.iface];
  }
  return undefined;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function hostOf(c: Ctx, nsId: string): Host | undefined {
  return c.world.hosts[c.world.netns[nsId]?.host ?? ''];
}

/** `cmd` as typed at the host to run in `nsId` (`ip netns exec NS cmd`); undefined inside a container. */
export function inNs(c: Ctx, nsId: string, cmd: string): string | undefined {
  const p = nsPrefix(c.world, nsId);
  return p === undefined ? undefined : `${p}${cmd}`;
}

export function fixCmd(text: string, command: string | undefined): Explanation['fix'] {
  return command === undefined ? { text } : { text, command };
}

export function generic(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  return explanation(false, `${nsLabel(c.world, s.ns)} dropped it: ${s.reason}.`, [], undefined, i);
}
