/**
 * `probeCommand`: the shell line a click-to-probe gesture stands for, typed at the host's bash.
 *
 * - From a container: `docker exec NAME ping -c 1 -W 1 T`; curl is the image's own HTTP client
 *   (`curl -sS -m 2 URL`, or BusyBox `wget -q -O - -T 2 URL` in busybox/alpine, which have no curl).
 *   A stopped container still gets its line: `docker exec` prints the real error.
 * - From a named namespace: `ip netns exec NS …` with the host's tools; from the host: the line itself.
 * - The target is written the way a user would: a container by name where Docker's DNS answers
 *   for it (both on one user-defined network), else by the address on a network they share; the
 *   host by the gateway a container sees it at; a namespace by its first address; the internet by name.
 *
 * `-sS`: silent progress but errors shown, so the terminal says why a connection failed.
 */
import { imageHas } from '../docker/images';
import { formatIp4 } from '../net/ip4';
import type { DockerNetwork } from '../docker/types';
import type { Host, Ip4, Netns, World } from '../net/types';
import type { ProbeEndpoint, ProbeLine, ProbeRequest } from './explain';
import { ctrNetworks, ctrNs, findCtr, hostAddress, nsAddress, sandbox, type CtrRef } from './places';

type Source =
  | { kind: 'container'; host: Host; ref: CtrRef; ns?: Netns }
  | { kind: 'netns'; host: Host; ns: Netns }
  | { kind: 'host'; host: Host; ns: Netns };

type Resolved<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function source(world: World, ep: ProbeEndpoint): Resolved<Source> {
  if (ep.kind === 'address' || ep.kind === 'internet') return fail('A probe starts from a container, a namespace or a host.');
  const host = world.hosts[ep.host];
  if (!host) return fail(`There is no host ${ep.host}.`);
  const root = world.netns[host.rootNs]!;
  if (ep.kind === 'host') return { ok: true, value: { kind: 'host', host, ns: root } };
  if (ep.kind === 'container') {
    const ref = findCtr(world, host.id, ep.container);
    if (!ref) return fail(`There is no container ${ep.container} on ${host.hostname}.`);
    const ns = ctrNs(world, ref);
    return { ok: true, value: { kind: 'container', host, ref, ...(ns ? { ns } : {}) } };
  }
  const ns = world.netns[ep.ns];
  if (!ns) return fail(`There is no namespace ${ep.ns}.`);
  if (ns.kind === 'root') return { ok: true, value: { kind: 'host', host, ns } };
  if (ns.kind === 'named') return { ok: true, value: { kind: 'netns', host, ns } };
  if (ns.kind === 'container') {
    const d = host.docker;
    const c = d ? d.containerOrder.map((id) => d.containers[id]!).find((x) => x.ns === ns.id && x.joins === undefined) : undefined;
    if (c) return { ok: true, value: { kind: 'container', host, ref: { host, container: c }, ns } };
  }
  return fail(`Commands cannot run in ${ns.name}: pick a container, a namespace or a host.`);
}

/**
 * The source's network that reaches the target's network `id`: the same network on one machine;
 * across machines a swarm overlay (one id on every machine) or a macvlan network on the same LAN subnet.
 */
function sharedNetwork(src: CtrRef, dst: CtrRef, id: string): DockerNetwork | undefined {
  const mine = ctrNetworks(src);
  if (src.host.id === dst.host.id) return mine.find((n) => n.id === id);
  const theirs = dst.host.docker?.networks[id];
  if (!theirs) return undefined;
  if (theirs.driver === 'overlay') return mine.find((n) => n.id === theirs.id);
  const s = theirs.subnet;
  if (theirs.driver !== 'macvlan' || s === undefined) return undefined;
  return mine.find((n) => n.driver === 'macvlan' && n.subnet?.addr === s.addr && n.subnet.prefix === s.prefix);
}

/**
 * Where Docker's embedded DNS answers the target's name for the source: a user-defined network they
 * share (across machines only a swarm overlay, whose names are known cluster-wide).
 */
function sharesUserNetwork(src: CtrRef, dst: CtrRef): boolean {
  const here = src.host.id === dst.host.id;
  return dst.container.endpoints.some((e) => {
    const n = sharedNetwork(src, dst, e.network);
    return n !== undefined && !n.predefined && (here || n.driver === 'overlay');
  });
}

/** The address of a container as seen from the source: on a network they share, else its first (whose failure the explanation tells). */
function containerAddress(src: Source, dst: CtrRef): Ip4 | undefined {
  const eps = dst.container.endpoints.filter((e) => e.endpoint.ip !== undefined);
  const shared = src.kind === 'container' ? eps.find((e) => sharedNetwork(src.ref, dst, e.network)) : undefined;
  return (shared ?? eps[0])?.endpoint.ip;
}

/** The host's address as the source reaches it. */
function hostTarget(world: World, src: Source, host: Host): string {
  if (src.kind === 'container' && src.host.id === host.id) {
    const box = sandbox(src.ref);
    const first = box.container.endpoints[0];
    const net = first ? host.docker?.networks[first.network] : undefined;
    const gw = first?.endpoint.gateway ?? net?.gateway;
    if (gw !== undefined) return formatIp4(gw);
  }
  if (src.kind === 'netns' && src.host.id === host.id) {
    const root = world.netns[host.rootNs]!;
    const rootAddrs = root.ifaces.flatMap((id) => world.ifaces[id]?.addrs ?? []);
    const via = src.ns.routes.find((r) => r.prefix === 0 && r.via !== undefined)?.via;
    if (via !== undefined && rootAddrs.some((a) => a.addr === via)) return formatIp4(via);
    for (const id of src.ns.ifaces) {
      for (const mine of world.ifaces[id]?.addrs ?? []) {
        if (mine.scope === 'host') continue;
        const near = rootAddrs.find((a) => a.scope !== 'host' && a.prefix === mine.prefix && ((a.addr ^ mine.addr) >>> (32 - a.prefix)) === 0);
        if (near) return formatIp4(near.addr);
      }
    }
  }
  const a = hostAddress(world, host);
  return a === undefined ? '127.0.0.1' : formatIp4(a);
}

function srcNsId(src: Source): string | undefined {
  return src.kind === 'container' ? src.ns?.id : src.ns.id;
}

/** The target as the user would type it, or why it cannot be probed. */
function target(world: World, src: Source, ep: ProbeEndpoint): Resolved<string> {
  const here = srcNsId(src);
  switch (ep.kind) {
    case 'address':
      return { ok: true, value: formatIp4(ep.ip) };
    case 'internet':
      return { ok: true, value: ep.name };
    case 'host': {
      const host = world.hosts[ep.host];
      if (!host) return fail(`There is no host ${ep.host}.`);
      if (here !== undefined && here === host.rootNs) return { ok: true, value: '127.0.0.1' };
      return { ok: true, value: hostTarget(world, src, host) };
    }
    case 'netns': {
      const ns = world.netns[ep.ns];
      if (!ns) return fail(`There is no namespace ${ep.ns}.`);
      if (here === ns.id) return { ok: true, value: '127.0.0.1' };
      if (ns.kind === 'root') return target(world, src, { kind: 'host', host: ns.host });
      const a = nsAddress(world, ns);
      if (a === undefined) return fail(`${ns.name} has no IPv4 address to probe: give it one first (ip netns exec ${ns.name} ip addr add ADDR/LEN dev IFACE).`);
      return { ok: true, value: formatIp4(a) };
    }
    case 'container': {
      const ref = findCtr(world, ep.host, ep.container);
      if (!ref) return fail(`There is no container ${ep.container}.`);
      const c = ref.container;
      if (c.state !== 'running') return fail(`${c.name} is not running, so it has no address: start it first (docker start ${c.name}).`);
      const ns = ctrNs(world, ref);
      if (here !== undefined && ns?.id === here) return { ok: true, value: '127.0.0.1' };
      if (c.networkMode === 'host') return target(world, src, { kind: 'host', host: ref.host.id });
      if (c.joins !== undefined) {
        const owner = ref.host.docker?.containers[c.joins];
        if (owner) return target(world, src, { kind: 'container', host: ref.host.id, container: owner.id });
      }
      if (src.kind === 'container' && sharesUserNetwork(src.ref, ref)) return { ok: true, value: c.name };
      const ip = containerAddress(src, ref);
      if (ip === undefined) return fail(`${c.name} has no network address (--network ${c.networkMode}): only its own lo.`);
      return { ok: true, value: formatIp4(ip) };
    }
  }
}

function pingArgs(t: string): string {
  return `ping -c 1 -W 1 ${t}`;
}

function url(t: string, port: number): string {
  return `http://${t}:${port}/`;
}

export function probeCommand(world: World, req: ProbeRequest): ProbeLine {
  const s = source(world, req.source);
  if (!s.ok) return s;
  const src = s.value;
  const port = req.port ?? 80;
  if (req.tool === 'curl' && (!Number.isInteger(port) || port < 1 || port > 65535)) return fail(`${port} is not a TCP port (1-65535).`);
  const t = target(world, src, req.target);
  if (!t.ok) return t;
  const dst = t.value;
  if (src.kind === 'host') {
    return { ok: true, host: src.host.id, line: req.tool === 'ping' ? pingArgs(dst) : `curl -sS -m 2 ${url(dst, port)}` };
  }
  if (src.kind === 'netns') {
    const tool = req.tool === 'ping' ? pingArgs(dst) : `curl -sS -m 2 ${url(dst, port)}`;
    return { ok: true, host: src.host.id, line: `ip netns exec ${src.ns.name} ${tool}` };
  }
  const c = src.ref.container;
  const img = c.img;
  const exec = `docker exec ${c.name}`;
  if (req.tool === 'ping') {
    if (c.state === 'running' && !imageHas(img, 'ping')) {
      const alt = imageHas(img, 'curl') || imageHas(img, 'wget') ? ' probe it with curl instead, or' : '';
      return fail(`${c.name} (${c.image}) has no ping: the ${img.repo} image does not ship it;${alt} ping from a busybox container.`);
    }
    return { ok: true, host: src.host.id, line: `${exec} ${pingArgs(dst)}` };
  }
  if (imageHas(img, 'curl')) return { ok: true, host: src.host.id, line: `${exec} curl -sS -m 2 ${url(dst, port)}` };
  if (imageHas(img, 'wget') || c.state !== 'running') {
    return { ok: true, host: src.host.id, line: `${exec} wget -q -O - -T 2 ${url(dst, port)}` };
  }
  return fail(`${c.name} (${c.image}) has neither curl nor wget: the ${img.repo} image has no HTTP client; curl from the host or from another container.`);
}
