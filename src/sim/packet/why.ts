/**
 * `explainTrace`: one probe's fate in plain words. Success names the path (networks crossed,
 * hops, NAT on the way); a refused connection says who listens where (and when the port is one
 * published on the host); a failure is explained from its deciding drop (why-drop.ts), after two
 * checks the drop alone would hide: a loopback that is down, and a link that is down and so took
 * the route to the destination away (the packet then dies somewhere that is not the real cause).
 */
import { formatIp4 } from '../net/ip4';
import type { World } from '../net/types';
import type { Explanation, ProbeRequest } from './explain';
import { ruleOf, stepSummary } from './headers';
import { containerOwning, hostnameOf, networkOfBridge, networkWords, placeName } from './places';
import { probeCommand } from './probe-line';
import type { Trace, TraceStep } from './trace';
import { explainDrop, linkDownRoute, loDown } from './why-drop';
import { downIfaceFor, explanation, ifacesOf, isAnswer, listWords, makeCtx, plural, type Ctx } from './why-ctx';

/** One sentence per VXLAN crossing: who wrapped the frame, in what, and who unwrapped it. */
function tunnelWords(c: Ctx, steps: Ctx['steps']): string[] {
  const out: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const v = s.frame.vxlan;
    if (s.kind !== 'vxlan-encap' || !v) continue;
    const decap = steps.slice(i + 1).find((x) => x.kind === 'vxlan-decap' && x.frame.vxlan?.vni === v.vni && x.frame.vxlan.outerDst === v.outerDst);
    const far = decap ? ` ${vxlanName(c, decap)} on ${hostOf(c, decap.ns)} unwrapped it.` : '';
    out.push(
      `VXLAN: ${vxlanName(c, s)} on ${hostOf(c, s.ns)} wrapped the Ethernet frame (VNI ${v.vni}) in UDP ${formatIp4(v.outerSrc)}:${v.sport} > ${formatIp4(v.outerDst)}:${v.dport}, which crossed the hosts' network like any packet;${far}`,
    );
  }
  return [...new Set(out)];
}

function vxlanName(c: Ctx, s: TraceStep): string {
  return (s.iface !== undefined ? c.world.ifaces[s.iface]?.name : undefined) ?? 'vxlan';
}

function hostOf(c: Ctx, ns: string): string {
  return hostnameOf(c.world, ns) ?? placeName(c.world, ns);
}

function success(c: Ctx): Explanation {
  const end = c.requestEnd >= 0 ? c.requestEnd : c.steps.length - 1;
  const all = c.steps.slice(0, end + 1);
  // The outer packets of a VXLAN tunnel are the underlay's business: counted apart.
  const leg = all.filter((s) => !s.frame.vxlan);
  const hops = leg.filter((s) => s.kind === 'transmit').length;
  const tcp = c.trace.outcome.kind === 'tcp-open';
  const verb = tcp ? 'connected to' : 'reached';
  const port = tcp && c.dport !== undefined ? ` port ${c.dport}` : '';
  const details: string[] = [];
  if (hops === 0) {
    details.push(`${formatIp4(c.dst)} is an address of ${c.srcName} itself: the packet went through lo and never left the namespace.`);
    return explanation(true, `${c.srcName} ${verb} itself (${formatIp4(c.dst)}${port}) without leaving its own namespace (through lo).`, details, undefined, end);
  }
  const nets: string[] = [];
  for (const s of leg) {
    if (s.kind !== 'bridge-forward' || s.iface === undefined) continue;
    const br = c.world.ifaces[s.iface];
    const net = networkOfBridge(c.world, br);
    const name = net ? networkWords(net) : br ? `bridge ${br.name}` : undefined;
    if (name && !nets.includes(name)) nets.push(name);
  }
  const routers = [...new Set(leg.filter((s) => s.kind === 'forward').map((s) => placeName(c.world, s.ns)))];
  details.push(...tunnelWords(c, all));
  if (routers.length) details.push(`Routed by ${listWords(routers)} (ip_forward=1), one hop per router.`);
  for (let i = 0; i < c.steps.length; i++) {
    const s = c.steps[i]!;
    if ((s.kind !== 'nat-dnat' && s.kind !== 'nat-snat') || s.reason.startsWith('conntrack')) continue;
    const r = ruleOf(c.world, s);
    const rule = r?.num !== undefined ? ` (nat ${r.chain} rule ${r.num})` : '';
    const what = stepSummary(c.world, s, c.steps[i - 1], c.trace);
    const where = placeName(c.world, s.ns);
    if (s.kind === 'nat-dnat') details.push(`${where} rewrote the destination: ${what.replace(/^DNAT /, '')}${rule}, the published port.`);
    else details.push(`${where} masqueraded the source: ${what.replace(/^(MASQUERADE|SNAT) /, '')}${rule}; conntrack turned the answer back.`);
  }
  const at = c.steps[end]!;
  if (tcp) {
    const ns = c.world.netns[at.ns];
    const sock = ns?.sockets.find((k) => k.proto === 'tcp' && k.port === at.frame.dport && (k.addr === 0 || k.addr === at.frame.dst));
    if (sock) details.push(`${sock.program} accepted it on port ${sock.port} in ${placeName(c.world, at.ns)}.`);
  } else if (c.trace.outcome.kind === 'reply') {
    const used = 64 - c.trace.outcome.ttl;
    if (used > 0) details.push(`The reply came back with TTL ${c.trace.outcome.ttl}: ${plural(used, 'router')} on the way.`);
  }
  const over = nets.length ? ` over ${listWords(nets)}` : '';
  const headline = `${c.srcName} ${verb} ${c.dstLabel}${port}${over} in ${plural(hops, 'hop')}.`;
  return explanation(true, headline, details, undefined, end);
}

function refused(c: Ctx): Explanation {
  const end = c.requestEnd;
  const at = c.steps[end];
  if (!at) return explanation(false, `${c.dstLabel} refused the connection.`, [], undefined, c.steps.length - 1);
  const port = at.frame.dport ?? c.dport ?? 0;
  const ns = c.world.netns[at.ns];
  const who = placeName(c.world, at.ns);
  const listening = (ns?.sockets ?? []).filter((k) => k.proto === 'tcp' && (k.addr === 0 || k.addr === at.frame.dst));
  const ports = [...new Set(listening.map((k) => k.port))].sort((a, b) => a - b);
  const refusedLine = `${who} has nothing listening on TCP ${port}, so its kernel answered the SYN with a reset (connection refused).`;
  const retry = (p: number) => {
    const line = probeCommand(c.world, { ...c.req, port: p });
    return line.ok ? line.line : undefined;
  };
  const owner = containerOwning(c.world, at.ns);
  const mapping = owner?.container.ports.find((m) => m.hostPort === port && m.containerPort !== port && m.proto === 'tcp');
  if (owner && mapping) {
    const host = owner.host.hostname;
    const cmd = retry(mapping.containerPort);
    return explanation(
      false,
      `${port} is published on the host, not on the container: ${owner.container.name} listens on ${mapping.containerPort}; use ${formatIp4(at.frame.dst)}:${mapping.containerPort} or the host's address:${port}.`,
      [refusedLine, `-p ${port}:${mapping.containerPort} is a rule on ${host}: only connections to ${host}'s addresses on port ${port} are forwarded (DNAT) to ${owner.container.name}:${mapping.containerPort}.`],
      cmd ? { text: `Probe the container's own port ${mapping.containerPort}`, command: cmd } : { text: `Use port ${mapping.containerPort}.` },
      end,
    );
  }
  if (ports.length) {
    const programs = [...new Set(listening.map((k) => k.program))];
    const cmd = retry(ports[0]!);
    return explanation(
      false,
      `${who}: ${listWords(programs)} listens on ${listWords(ports.map(String))}, not ${port}.`,
      [refusedLine],
      cmd ? { text: `Probe port ${ports[0]} instead`, command: cmd } : { text: `Use port ${ports[0]}.` },
      end,
    );
  }
  const rootNs = ns?.kind === 'root';
  const fix = rootNs
    ? { text: `Publish a container's port there`, command: `docker run -d -p ${port}:80 nginx` }
    : owner
      ? { text: `${owner.container.name} runs "${[owner.container.path, ...owner.container.args].join(' ')}", which serves nothing: run a server in it (nginx listens on 80).` }
      : { text: `Start a server on port ${port} there.` };
  return explanation(false, `Nothing listens on port ${port} in ${who}: the connection was refused.`, [refusedLine], fix, end);
}

/** No drop step: the request or its answer went missing without a recorded reason. */
function silent(c: Ctx): Explanation {
  const last = c.steps.length - 1;
  if (c.requestEnd >= 0) {
    const back = c.steps.slice(c.requestEnd + 1);
    const home = back.find((s) => s.kind === 'deliver' && isAnswer(s.frame));
    if (home && home.ns !== c.srcNs) {
      return explanation(
        false,
        `${c.dstLabel} answered, but the answer went to ${placeName(c.world, home.ns)} instead of ${c.srcName}.`,
        [`Both seem to use ${formatIp4(home.frame.dst)}: duplicate addresses make answers go astray.`],
        { text: 'Give one of them a different address.' },
        c.steps.indexOf(home),
      );
    }
    return explanation(false, `${c.dstLabel} got the request, but no answer came back to ${c.srcName}.`, last >= 0 ? [`Last event: ${stepSummary(c.world, c.steps[last]!)}.`] : [], undefined, last);
  }
  const lastStep = c.steps[last];
  return explanation(
    false,
    `${c.srcName} got no answer from ${c.dstLabel}.`,
    lastStep ? [`The packet was last seen at ${placeName(c.world, lastStep.ns)}: ${stepSummary(c.world, lastStep)}.`] : [],
    undefined,
    last,
  );
}

/** Causes the drop step alone would hide: lo down for 127/8, a down link that took a route away. */
function hidden(c: Ctx, dropAt: number): Explanation | undefined {
  const src = c.world.netns[c.srcNs];
  if (!src) return undefined;
  if (c.dst >>> 24 === 127) {
    const lo = ifacesOf(c.world, src).find((i) => i.kind === 'loopback');
    if (lo && !lo.up) return loDown(c, c.srcNs, dropAt);
  }
  const routers = [c.srcNs, ...c.steps.filter((s) => s.kind === 'forward' && !isAnswer(s.frame)).map((s) => s.ns)];
  for (const id of new Set(routers)) {
    const ns = c.world.netns[id];
    const dev = ns ? downIfaceFor(c.world, ns, c.dst) : undefined;
    if (dev) return linkDownRoute(c, id, dev, dropAt);
  }
  return undefined;
}

/** The plain-words explanation of one probe's trace. */
export function explainTrace(world: World, req: ProbeRequest, trace: Trace): Explanation {
  const c = makeCtx(world, req, trace);
  switch (trace.outcome.kind) {
    case 'reply':
    case 'tcp-open':
      return success(c);
    case 'tcp-refused':
      return refused(c);
    case 'broadcast':
      return explanation(false, `${formatIp4(c.dst)} is a broadcast address: ping refuses it without -b, and hosts ignore broadcast pings anyway.`, [], undefined);
    default: {
      const drop = c.steps.findIndex((s) => s.kind === 'drop');
      const cause = hidden(c, drop >= 0 ? drop : c.steps.length - 1);
      if (cause) return cause;
      if (drop >= 0) return explainDrop(c, drop);
      return silent(c);
    }
  }
}
