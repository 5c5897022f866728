/**
 * Explanations for what a probe command printed when the packet engine has no trace to tell the
 * story (the name did not resolve, the container is not running, the image lacks the tool), and
 * `explainResult`, the one call for a whole command: no trace, one trace, or the chain of traces
 * a connection through docker-proxy makes (the client's, then the proxy's own to the container).
 *
 * Name failures are diagnosed the way the resolver works (resolve.ts): Docker's embedded DNS only
 * serves containers on user-defined networks; other names go to the upstream servers, which are
 * probed from the asking namespace to say why they did not answer.
 */
import { hasEmbeddedDns } from '../docker/dns';
import { INTERNET_ADDRESSES } from '../net/internet';
import { formatIp4, parseIp4 } from '../net/ip4';
import type { HostId, Ip4, NsId, World } from '../net/types';
import { EMBEDDED_DNS, resolvConfOf, parseResolvConf } from '../shell/resolve';
import type { Place } from '../shell/context';
import type { Explanation, ProbeRequest } from './explain';
import { ctrNetworks, ctrNs, findCtr, placeName, sandbox, type CtrRef } from './places';
import { probe } from './probe';
import type { Trace } from './trace';
import { explainTrace } from './why';
import { makeCtx } from './why-ctx';

/** What running a probe's line gave: `ExecResult` has these fields. */
export interface ProbeRun {
  output: string;
  exitCode: number;
  traces: Trace[];
}

interface Src {
  name: string;
  host: HostId;
  ns?: NsId;
  ctr?: CtrRef;
}

function sourceOf(world: World, req: ProbeRequest): Src | undefined {
  const ep = req.source;
  if (ep.kind === 'container') {
    const ref = findCtr(world, ep.host, ep.container);
    if (!ref) return { name: ep.container, host: ep.host };
    const ns = ctrNs(world, ref);
    return { name: ref.container.name, host: ep.host, ctr: ref, ...(ns ? { ns: ns.id } : {}) };
  }
  if (ep.kind === 'netns') return { name: placeName(world, ep.ns), host: ep.host, ns: ep.ns };
  if (ep.kind === 'host') {
    const h = world.hosts[ep.host];
    return h ? { name: h.hostname, host: h.id, ns: h.rootNs } : undefined;
  }
  return undefined;
}

const result = (ok: boolean, headline: string, details: string[] = [], fix?: Explanation['fix']): Explanation => ({
  ok, headline, details, ...(fix ? { fix } : {}),
});

/** A free network name for a fix that creates one. */
function freeNetworkName(world: World, host: HostId): string {
  const d = world.hosts[host]?.docker;
  for (let n = 1; ; n++) {
    const name = `net${n}`;
    if (!d || !Object.values(d.networks).some((x) => x.name === name)) return name;
  }
}

/** The servers a failed lookup went to, as the resolver of the place picks them. */
function dnsServers(world: World, src: Src): Ip4[] {
  const host = world.hosts[src.host];
  if (!host || src.ns === undefined) return [];
  const d = host.docker;
  if (src.ctr && d && hasEmbeddedDns(d, src.ctr.container)) {
    const fromConfig = (d.config.dns ?? []).map((s) => parseIp4(s)).filter((x): x is Ip4 => x !== undefined);
    if (fromConfig.length) return fromConfig;
    const hostConf = parseResolvConf(host.files['/etc/resolv.conf'] ?? '').nameservers.filter((ip) => ip >>> 24 !== 127);
    return hostConf.length ? hostConf : [0x08080808];
  }
  const place: Place = { host: src.host, ns: src.ns, ...(src.ctr ? { container: src.ctr.container.id } : {}) };
  return resolvConfOf({ world, place }).nameservers.filter((ip) => ip !== EMBEDDED_DNS);
}

function nameFailure(world: World, req: ProbeRequest, name: string, src: Src, errLine: string): Explanation {
  const d = world.hosts[src.host]?.docker;
  const target = d ? findCtr(world, src.host, name) : undefined;
  const bad = `"${name}" did not resolve to an address.`;
  if (target && src.ctr) {
    const t = target.container;
    if (t.state !== 'running') {
      return result(false, `${t.name} is not running: Docker's DNS only answers for running containers.`, [bad], { text: `Start it`, command: `docker start ${t.name}` });
    }
    const mine = ctrNetworks(sandbox(src.ctr)).filter((n) => !n.predefined);
    const theirs = ctrNetworks(target).filter((n) => !n.predefined);
    if (mine.length === 0) {
      const details = [
        bad,
        `${src.name} is only on the default bridge network. Docker's embedded DNS server (127.0.0.11) serves user-defined networks only; on the default bridge, names come from /etc/hosts (--link) alone.`,
      ];
      const via = theirs[0];
      if (via) {
        return result(false, `${errLine}: containers on the default bridge network cannot resolve each other by name; use a user-defined network or --link.`, details, {
          text: `${t.name} is on ${via.name}: connect ${src.name} to it too`,
          command: `docker network connect ${via.name} ${src.name}`,
        });
      }
      const net = freeNetworkName(world, src.host);
      return result(false, `${errLine}: containers on the default bridge network cannot resolve each other by name; use a user-defined network or --link.`, details, {
        text: `Put both on a user-defined network`,
        command: `docker network create ${net} && docker network connect ${net} ${src.name} && docker network connect ${net} ${t.name}`,
      });
    }
    const shared = mine.some((n) => theirs.some((x) => x.id === n.id));
    if (!shared) {
      const net = mine[0]!;
      return result(false, `${src.name} and ${t.name} share no user-defined network, so Docker's DNS on ${net.name} does not know ${t.name}.`, [bad, `Each network's DNS answers only for the containers on it.`], {
        text: `Connect ${t.name} to ${net.name}`,
        command: `docker network connect ${net.name} ${t.name}`,
      });
    }
  }
  if (target && !src.ctr) {
    const ip = target.container.endpoints.find((e) => e.endpoint.ip !== undefined)?.endpoint.ip;
    const line = ip !== undefined ? `Use its address, ${formatIp4(ip)}.` : 'Use its address.';
    return result(false, `${src.name} does not use Docker's DNS: container names resolve only inside containers on user-defined networks.`, [bad, line], ip !== undefined ? { text: line } : undefined);
  }
  // Not a container: a name for the upstream servers. Ask why they did not answer.
  const servers = dnsServers(world, src);
  const server = servers[0];
  if (server !== undefined && src.ns !== undefined) {
    const r = probe(world, { from: src.ns, dst: server, proto: 'icmp' });
    if (r.outcome.kind !== 'reply') {
      const inner = explainTrace(world, { tool: 'ping', source: req.source, target: { kind: 'address', ip: server } }, r);
      return result(false, `${src.name} cannot reach its DNS server ${formatIp4(server)}, so "${name}" did not resolve.`, [bad, inner.headline, ...inner.details], inner.fix);
    }
  }
  const known = Object.keys(INTERNET_ADDRESSES);
  return result(false, `Nobody knows the name "${name}": it is not a container here nor a name the DNS server has.`, [bad, `Names the internet answers for: ${known.join(', ')}.`], { text: 'Check the spelling, or use an address.' });
}

/** Explains a probe command's output when there is no trace (the tool or docker stopped first). */
export function explainOutput(world: World, req: ProbeRequest, output: string, exitCode: number): Explanation {
  const src = sourceOf(world, req);
  const srcName = src?.name ?? 'the source';
  let m: RegExpExecArray | null;
  if ((m = /Container ([0-9a-f]{12,64}) is not running/.exec(output))) {
    const name = src?.ctr?.container.name ?? findCtr(world, src?.host ?? '', m[1]!)?.container.name ?? m[1]!.slice(0, 12);
    return result(false, `${name} is not running: docker exec needs a running container.`, [output.trim()], { text: `Start it`, command: `docker start ${name}` });
  }
  if ((m = /No such container: (\S+)/.exec(output))) {
    return result(false, `There is no container called ${m[1]}.`, [output.trim()], { text: 'List the containers', command: 'docker ps -a' });
  }
  if ((m = /exec: "([^"]+)": executable file not found/.exec(output))) {
    const img = src?.ctr?.container.image ?? 'its image';
    return result(false, `${srcName} has no ${m[1]}: the ${img} image does not ship it.`, [output.trim()], { text: `Probe from a container that has it (busybox has ping and wget).` });
  }
  if (/Cannot connect to the Docker daemon/.test(output)) {
    return result(false, 'The Docker daemon is not running.', [output.trim()], { text: 'Start it', command: 'systemctl start docker' });
  }
  if ((m = /Cannot open network namespace "([^"]+)"/.exec(output))) {
    return result(false, `There is no network namespace ${m[1]}.`, [output.trim()], { text: 'List them', command: 'ip netns list' });
  }
  if (/Do you want to ping broadcast/.test(output)) {
    return result(false, 'That is a broadcast address: ping refuses it without -b.', [output.trim()]);
  }
  m =
    /bad address '([^']+)'/.exec(output) ??
    /ping: ([^:\s]+): (?:Name or service not known|Temporary failure in name resolution)/.exec(output) ??
    /Could not resolve host: ([^;\s]+)/.exec(output) ??
    /unable to resolve host address '([^']+)'/.exec(output);
  if (m && src) {
    const line = output.split('\n').find((l) => l.includes(m![0])) ?? m[0];
    return nameFailure(world, req, m[1]!, src, line.trim());
  }
  const last = output.trim().split('\n').filter(Boolean).at(-1) ?? '';
  return result(exitCode === 0, exitCode === 0 ? `${srcName}'s command succeeded.` : last || `The command failed (exit ${exitCode}).`, last ? [last] : []);
}

/** The traces of one command as one, for playback: the steps in order, the last outcome. */
export function joinTraces(traces: Trace[]): Trace {
  if (traces.length === 1) return traces[0]!;
  const last = traces.at(-1);
  return { steps: traces.flatMap((t) => t.steps), outcome: last ? last.outcome : { kind: 'timeout' } };
}

/** A connection accepted by docker-proxy, which then made its own to the container (trace `pick`). */
function throughProxy(world: World, req: ProbeRequest, traces: Trace[], pick: number, last: Explanation): Explanation {
  const c0 = makeCtx(world, req, traces[0]!);
  const cN = makeCtx(world, req, traces[pick]!);
  const p0 = c0.dport ?? 0;
  const backend = `${cN.dstLabel} port ${cN.dport ?? 0}`;
  const relay = `docker-proxy listens on ${c0.dstName}:${p0} for the published port and opens its own connection, from ${cN.srcName}, to ${backend}.`;
  if (last.ok) {
    return { ...last, headline: `${c0.srcName} connected to ${c0.dstLabel} port ${p0}; docker-proxy relays it to ${backend}.`, details: [relay, ...last.details] };
  }
  return {
    ...last,
    ok: false,
    headline: `${c0.srcName} reached docker-proxy on ${c0.dstLabel} port ${p0}, but the proxy could not connect to ${backend}, so it reset the connection.`,
    details: [relay, last.headline, ...last.details],
  };
}

/**
 * Explains a whole probe command: its traces if any (the decisive index points into
 * `joinTraces(run.traces)`), else its output. A connection through docker-proxy is explained by
 * the proxy's own connection when that one failed.
 */
export function explainResult(world: World, req: ProbeRequest, run: ProbeRun): Explanation {
  if (run.traces.length === 0) return explainOutput(world, req, run.output, run.exitCode);
  const failed = run.traces.findIndex((t) => t.outcome.kind !== 'tcp-open');
  const pick = failed >= 0 ? failed : run.traces.length - 1;
  const offset = run.traces.slice(0, pick).reduce((n, t) => n + t.steps.length, 0);
  const e = explainTrace(world, req, run.traces[pick]!);
  const out: Explanation = { ...e, ...(e.decisive !== undefined ? { decisive: e.decisive + offset } : {}) };
  if (pick > 0) return throughProxy(world, req, run.traces, pick, out);
  if (out.ok && run.exitCode !== 0) {
    const last = run.output.trim().split('\n').filter(Boolean).at(-1);
    return { ...out, details: [...out.details, ...(last ? [`The tool still failed (exit ${run.exitCode}): ${last}`] : [])] };
  }
  return out;
}
