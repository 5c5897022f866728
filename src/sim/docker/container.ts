/**
 * A container's lifecycle as the daemon runs it (start, exit, stop, remove), written as kernel
 * operations: a network namespace (the libnetwork sandbox) with `lo` up; an endpoint per network
 * (endpoint.ts); then /etc/hosts, /etc/resolv.conf, published ports (iptables + docker-proxy) and
 * the main process's listening sockets.
 *
 * A start is planned first (every check that can fail) and applied after, so a failed start leaves
 * the container `Created` and the kernel untouched, as Docker does.
 */
import { SimError } from '../net/errors';
import { destroyNetns, setLinkUp } from '../net/link';
import { nextRandom } from '../net/rng';
import type { Host, Ip4, Netns, World } from '../net/types';
import { createNetns, findIfaceByName, getNs, ownEntry } from '../net/world';
import { gatewayOf, joinEndpoint, leaveEndpoint, planAddress, publishPorts, revokePorts } from './endpoint';
import { lookupRef, randomId } from './ids';
import { daemonError } from './network';
import { getMacvlanParent } from './macvlan';
import { findGwBridge, unlistedOverlayRecord } from './overlay';
import { planPorts } from './ports';
import { processOf } from './process';
import { writeFiles } from './sandbox-files';
import type { Container, DockerNetwork, DockerState, PortMapping } from './types';

// Moved to endpoint.ts; re-exported for the importers outside sim/docker (lab/import-inspect).

/** Looks a container up: full id, exact name, then a unique id prefix (`No such container: x`). */
export function findContainer(d: DockerState, ref: string): Container | undefined {
  // Names are stored with a leading `/` by Docker; either spelling finds the container.
  return lookupRef(d.containerOrder.map((id) => d.containers[id]!), ref.replace(/^\//, ''));
}

export function getContainer(d: DockerState, ref: string): Container {
  const c = findContainer(d, ref);
  if (!c) throw new SimError(`Error: No such container: ${ref}`, 1);
  return c;
}

/** The namespace a running container's processes are in. */
export function containerNs(world: World, host: Host, c: Container): Netns | undefined {
  if (c.state !== 'running') return undefined;
  if (c.networkMode === 'host' || c.hostNs) return getNs(world, host.rootNs);
  if (c.joins !== undefined) {
    const other = host.docker!.containers[c.joins];
    return other ? containerNs(world, host, other) : undefined;
  }
  return c.ns ? world.netns[c.ns] : undefined;
}

interface Plan {
  endpoints: { net: DockerNetwork; ip: Ip4; staticIp?: Ip4; aliases: string[] }[];
  ports: Omit<PortMapping, 'network'>[];
  joins?: Container;
}

/** Every check a start makes before it touches anything; throws the daemon's error. */
function planStart(world: World, host: Host, c: Container): Plan {
  const d = host.docker!;
  const plan: Plan = { endpoints: [], ports: [] };
  if (c.networkMode.startsWith('container:')) {
    const ref = c.networkMode.slice('container:'.length);
    const other = findContainer(d, ref);
    if (!other) throw daemonError(`No such container: ${ref}`);
    if (other.id === c.id) throw daemonError('cannot join own network');
    if (other.state !== 'running') throw daemonError(`cannot join network of a non running container: ${ref}`);
    plan.joins = other;
    return plan;
  }
  if (c.networkMode === 'host' || c.networkMode === 'none') return plan;
  for (const w of c.wanted) {
    const net = ownEntry(d.networks, w.network) ?? unlistedOverlayRecord(world, host, w.network);
    if (!net) throw daemonError(`network ${w.network} not found`);
    if (net.driver === 'macvlan') getMacvlanParent(world, host, net);
    // A swarm overlay always has a configured pool (the swarm allocator's), --subnet or not.
    if (w.staticIp !== undefined && net.driver !== 'overlay') {
      if (net.predefined) throw daemonError('user specified IP address is supported on user defined networks only');
      if (!net.userSubnet) throw daemonError('user specified IP address is supported only when connecting to networks with user configured subnets');
    }
    const ip = planAddress(world, host, net, w.staticIp);
    plan.endpoints.push({ net, ip, ...(w.staticIp !== undefined ? { staticIp: w.staticIp } : {}), aliases: w.aliases });
  }
  // The ports go to the endpoint that ends up giving external connectivity (each join moves them there).
  // An overlay-only container publishes through its docker_gwbridge leg (checked on a real 20.10).
  const viaGwBridge = plan.endpoints.some((p) => p.net.driver === 'overlay') && !plan.endpoints.some((p) => p.net.driver !== 'overlay')
    ? findGwBridge(d) : undefined;
  const gw = gatewayOf(plan.endpoints, (p) => p.net)?.net ?? viaGwBridge;
  plan.ports = planPorts(d, c, gw, getNs(world, host.rootNs).sockets);
  return plan;
}


/** Starts a created or exited container (throws the daemon's error, changing nothing). */
export function startContainer(world: World, host: Host, c: Container): void {
  let plan: Plan;
  try {
    plan = planStart(world, host, c);
  } catch (e) {
    if (e instanceof SimError && (e.message.startsWith('Bind for') || e.message.startsWith('Error starting userland proxy'))) {
      const epId = randomId(world);
      throw daemonError(`driver failed programming external connectivity on endpoint ${c.name} (${epId}): ${e.message}`);
    }
    throw e;
  }
  const before = { state: c.state, startedAt: c.startedAt, exitCode: c.exitCode, files: c.files, hostname: c.hostname };
  c.state = 'running';
  c.startedAt = world.clock;
  c.exitCode = 0;
  c.endpoints = [];
  c.ports = [];
  try {
    applyStart(world, host, c, plan);
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
    // A start that fails part-way is undone: the container keeps its state (Created stays Created),
    // its endpoints, addresses and sandbox go.
    undoStart(world, host, c);
    Object.assign(c, before);
    throw e.message.startsWith('Error response') ? e : daemonError(e.message, e.exitCode);
  }
}

function undoStart(world: World, host: Host, c: Container): void {
  revokePorts(world, host, c);
  for (const e of [...c.endpoints]) leaveEndpoint(world, host, c, e.network, false);
  c.endpoints = [];
  if (c.ns && world.netns[c.ns] && c.joins === undefined) destroyNetns(world, c.ns);
  delete c.ns;
  delete c.joins;
  delete c.hostNs;
}

function applyStart(world: World, host: Host, c: Container, plan: Plan): void {
  const d = host.docker!;
  if (plan.joins) {
    // Docker joins the sandbox X uses: a partner of a partner shares the first one's namespace.
    if (plan.joins.hostNs) c.hostNs = true;
    else c.joins = plan.joins.joins ?? plan.joins.id;
    c.hostname = plan.joins.hostname;
    c.files = { ...plan.joins.files };
  } else if (c.networkMode === 'host' || c.networkMode === 'none') {
    // host and none endpoints exist for the daemon (inspect lists them) but make no kernel objects.
    const net = Object.values(d.networks).find((n) => n.name === c.networkMode)!;
    c.endpoints.push({ network: net.id, endpoint: { id: randomId(world), network: net.id, aliases: [] } });
  }
  if (plan.joins) {
    // (files set above)
  } else if (c.networkMode === 'host') {
    c.hostname = host.hostname;
    c.sandboxId = randomId(world);
    c.files = {
      '/etc/hosts': host.files['/etc/hosts'] ?? '',
      '/etc/resolv.conf': host.files['/etc/resolv.conf'] ?? '',
      '/etc/hostname': `${host.hostname}\n`,
    };
  } else {
    const ns = createNetns(world, host.id, 'container', c.name);
    ns.ipv6Disabled = true;
    setLinkUp(world, findIfaceByName(world, ns, 'lo')!);
    c.ns = ns.id;
    c.sandboxId = randomId(world);
    c.nextEth = 0;
    for (const p of plan.endpoints) joinEndpoint(world, host, c, p.net, p.ip, p.staticIp, p.aliases);
    writeFiles(host, c);
    if (c.endpoints.some((e) => !d.networks[e.network]?.predefined)) startResolver(world, ns);
    publishPorts(world, host, c, plan.ports);
  }
  const ns = containerNs(world, host, c)!;
  const proc = processOf(c);
  if (!proc.running) {
    c.logs += proc.output;
    exitContainer(world, host, c, proc.exitCode);
    return;
  }
  for (const port of proc.listens) {
    if (ns.sockets.some((s) => s.proto === 'tcp' && s.port === port)) {
      c.logs += proc.bindError(port);
      exitContainer(world, host, c, 1);
      return;
    }
  }
  c.logs += proc.output;
  for (const port of proc.listens) ns.sockets.push({ proto: 'tcp', addr: 0, port, program: proc.program, owner: c.id });
}


/** The embedded DNS server's listeners inside the sandbox (127.0.0.11, ports chosen by the kernel). */
export function startResolver(world: World, ns: Netns): void {
  if (ns.sockets.some((s) => s.program === 'dockerd')) return;
  for (const proto of ['tcp', 'udp'] as const) {
    ns.sockets.push({ proto, addr: 0x7f00000b, port: 32768 + (nextRandom(world) % 28232), program: 'dockerd' });
  }
}

export function exitContainer(world: World, host: Host, c: Container, code: number): void {
  const d = host.docker!;
  // Its processes end: their sockets close, wherever they were (own, host's or a partner's namespace).
  const where = containerNs(world, host, c);
  if (where) where.sockets = where.sockets.filter((s) => s.owner !== c.id);
  revokePorts(world, host, c);
  for (const e of [...c.endpoints]) leaveEndpoint(world, host, c, e.network, false);
  const own = c.ns ? world.netns[c.ns] : undefined;
  const holders = own
    ? Object.values(d.containers).filter((o) => o.id !== c.id && o.state === 'running' && (o.joins === c.id || o.ns === own.id))
    : [];
  if (own && holders.length === 0) destroyNetns(world, own.id);
  else if (own) {
    // libnetwork deletes the sandbox, but the processes of `container:` partners keep the namespace
    // alive (with only lo left): it is theirs now.
    own.sockets = own.sockets.filter((s) => s.program !== 'dockerd');
    own.name = holders[0]!.name;
    for (const h of holders) {
      h.ns = own.id;
      delete h.joins;
    }
  }
  // Partners of a host-mode container stay in the host's namespace.
  if (c.networkMode === 'host' || c.hostNs) {
    for (const o of Object.values(d.containers)) {
      if (o.id === c.id || o.state !== 'running' || o.joins !== c.id) continue;
      delete o.joins;
      o.hostNs = true;
    }
  }
  delete c.ns;
  delete c.joins;
  delete c.hostNs;
  c.state = 'exited';
  c.exitCode = code;
  c.finishedAt = world.clock;
  if (c.autoRemove) removeRecord(host, c);
}

/** `docker stop` (or the daemon stopping): the main process gets SIGTERM, then SIGKILL after 10 s. */
export function stopContainer(world: World, host: Host, c: Container): void {
  if (c.state !== 'running') return;
  const proc = processOf(c);
  exitContainer(world, host, c, proc.termExit);
}

function removeRecord(host: Host, c: Container): void {
  const d = host.docker!;
  delete d.containers[c.id];
  d.containerOrder = d.containerOrder.filter((id) => id !== c.id);
}

export function removeContainer(world: World, host: Host, c: Container, force: boolean): void {
  if (c.state === 'running') {
    if (!force) {
      throw daemonError(`You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`);
    }
    exitContainer(world, host, c, 137);
  }
  removeRecord(host, c);
}
