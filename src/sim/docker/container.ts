/**
 * Containers as the daemon runs them, written as kernel operations (libnetwork sandbox + bridge
 * driver): a network namespace with `lo` up; per network a veth pair made in the host namespace
 * (the container end is registered first, so it has the lower ifindex), the host end `veth` +
 * 7 hex enslaved to the bridge, the other end moved in, renamed eth<n>, given `02:42` + the IPv4
 * bytes as MAC, the address and the default route; then /etc/hosts, /etc/resolv.conf, published
 * ports (iptables + docker-proxy) and the main process's listening sockets.
 *
 * A start is planned first (every check that can fail) and applied after, so a failed start leaves
 * the container `Created` and the kernel untouched, as Docker does.
 */
import { addAddress, addRoute, deleteRoute } from '../net/addr';
import { SimError } from '../net/errors';
import { broadcastOf, parseIp4 } from '../net/ip4';
import { createVethPair, deleteLink, destroyNetns, moveToNetns, renameLink, setLinkUp, setMaster } from '../net/link';
import { hex2, nextRandom, randomHex } from '../net/rng';
import type { Host, Ip4, Netns, Socket, World } from '../net/types';
import { createNetns, findIfaceByName, getNs } from '../net/world';
import { programPort } from './firewall';
import { allocateAddress, releaseAddress, reserveAddress } from './ipam';
import { lookupRef, randomId } from './ids';
import { daemonError } from './network';
import { processOf } from './process';
import { writeFiles } from './sandbox-files';
import type { Container, DockerNetwork, DockerState, Endpoint, PortMapping } from './types';
import { planPorts } from './ports';
import { joinMacvlan } from './macvlan';
import { joinOverlay, leaveOverlay, overlayRecord, planOverlay, plugGwBridge } from './overlay';

export function macFromIp(ip: Ip4): string {
  return ['02', '42', ...[24, 16, 8, 0].map((s) => hex2((ip >>> s) & 255))].join(':');
}

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
  if (c.networkMode === 'host') return getNs(world, host.rootNs);
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
    const sn = d.networks[w.network] ? undefined : world.swarm?.networks[w.network];
    const net = d.networks[w.network] ?? (sn && world.swarm!.nodes.some((x) => x.host === host.id) ? overlayRecord(world, sn) : undefined);
    if (!net) throw daemonError(`network ${w.network} not found`);
    const copy = { ...net, allocated: [...net.allocated] };
    let ip: Ip4;
    if (net.driver === 'overlay') {
      ip = planOverlay(world, host, net, w.staticIp);
      plan.endpoints.push({ net, ip, ...(w.staticIp !== undefined ? { staticIp: w.staticIp } : {}), aliases: w.aliases });
      continue;
    }
    if (net.driver === 'macvlan' && !findIfaceByName(world, getNs(world, host.rootNs), net.parent!)) {
      throw daemonError(`the requested parent interface ${net.parent!} was not found on the Docker host`);
    }
    if (w.staticIp !== undefined) {
      if (net.predefined) throw daemonError('user specified IP address is supported on user defined networks only');
      if (!net.userSubnet) throw daemonError('user specified IP address is supported only when connecting to networks with user configured subnets');
      try {
        reserveAddress(copy, w.staticIp);
      } catch (e) {
        if (e instanceof SimError) throw daemonError(e.message);
        throw e;
      }
      ip = w.staticIp;
    } else {
      try {
        ip = allocateAddress(copy);
      } catch (e) {
        if (e instanceof SimError) throw daemonError(e.message);
        throw e;
      }
    }
    plan.endpoints.push({ net, ip, ...(w.staticIp !== undefined ? { staticIp: w.staticIp } : {}), aliases: w.aliases });
  }
  // The ports go to the endpoint that ends up giving external connectivity (each join moves them there).
  // An overlay-only container publishes through its docker_gwbridge leg (checked on a real 20.10).
  const viaGwBridge = plan.endpoints.some((p) => p.net.driver === 'overlay') && !plan.endpoints.some((p) => p.net.driver !== 'overlay')
    ? Object.values(d.networks).find((n) => n.name === 'docker_gwbridge') : undefined;
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
}

function applyStart(world: World, host: Host, c: Container, plan: Plan): void {
  const d = host.docker!;
  if (plan.joins) {
    c.joins = plan.joins.id;
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

/** Connects a running container's sandbox to a network (libnetwork Join). */
export function joinEndpoint(
  world: World, host: Host, c: Container, net: DockerNetwork, ip: Ip4, staticIp: Ip4 | undefined, aliases: string[],
): Endpoint {
  if (net.driver === 'overlay') {
    const ep = joinOverlay(world, host, c, net, ip, staticIp, aliases);
    ensureGwLeg(world, host, c);
    return ep;
  }
  if (net.driver === 'macvlan') {
    const ep = joinMacvlan(world, host, c, net, ip, staticIp, aliases);
    dropGwLeg(world, host, c);
    setDefaultRoute(world, host, c);
    return ep;
  }
  const root = getNs(world, host.rootNs);
  const ns = getNs(world, c.ns!);
  if (staticIp !== undefined) reserveAddress(net, staticIp);
  else if (!net.allocated.includes(ip)) net.allocated.push(ip);
  const hostName = `veth${randomHex(world, 7)}`;
  const tmpName = `veth${randomHex(world, 7)}`;
  const { a: hostEnd, b: ctrEnd } = createVethPair(world, root, hostName, tmpName);
  for (const i of [hostEnd, ctrEnd]) {
    delete i.txqlen;
    i.mtu = net.mtu;
  }
  // --mac-address is for the NetworkMode network only (20.10 BuildCreateEndpointOptions; a real dump shows it).
  const primary = c.networkMode === net.name || (c.networkMode === 'default' && net.name === 'bridge');
  const mac = (primary ? c.macAddress : undefined) ?? macFromIp(ip);
  ctrEnd.mac = mac;
  setMaster(world, hostEnd, world.ifaces[net.bridge!]!);
  setLinkUp(world, hostEnd);
  moveToNetns(world, ctrEnd, ns);
  renameLink(world, ctrEnd, `eth${c.nextEth++}`);
  const prefix = net.subnet!.prefix;
  addAddress(world, ctrEnd, ip, prefix, { brd: broadcastOf(ip, prefix) });
  setLinkUp(world, ctrEnd);
  const ep: Endpoint = {
    id: randomId(world), network: net.id, ip, prefix, gateway: net.defaultGateway ?? net.gateway!, mac,
    ...(staticIp !== undefined ? { staticIp } : {}), aliases, ctrIface: ctrEnd.id, hostIface: hostEnd.id,
  };
  c.endpoints.push({ network: net.id, endpoint: ep });
  dropGwLeg(world, host, c);
  setDefaultRoute(world, host, c);
  return ep;
}

/**
 * An overlay-only sandbox gets a leg on docker_gwbridge (libnetwork's gateway endpoint
 * `gateway_<sandbox>`) for its default route; one with a bridge or macvlan network does not need it.
 */
function ensureGwLeg(world: World, host: Host, c: Container): void {
  const d = host.docker!;
  if (c.endpoints.some((e) => e.endpoint.hidden || e.endpoint.gateway !== undefined)) return;
  const gw = Object.values(d.networks).find((n) => n.name === 'docker_gwbridge');
  if (!gw) return;
  const ep = plugGwBridge(world, host, gw, getNs(world, c.ns!), `eth${c.nextEth++}`);
  c.endpoints.push({ network: gw.id, endpoint: ep });
}

function dropGwLeg(world: World, host: Host, c: Container): void {
  const leg = c.endpoints.find((e) => e.endpoint.hidden);
  if (leg && c.endpoints.some((e) => !e.endpoint.hidden && e.endpoint.gateway !== undefined)) leaveEndpoint(world, host, c, leg.network, false);
}

/**
 * The endpoint that gives a sandbox external connectivity (libnetwork getGatewayEndpoint): the first
 * in the sandbox's order (non-internal first, then by network name) that has a gateway, and an
 * internal network's endpoint has none. Published ports live on it, and move with it.
 */
function gatewayOf<T>(items: readonly T[], netOf: (x: T) => DockerNetwork | undefined): T | undefined {
  const ok = items.filter((x) => {
    const n = netOf(x);
    return n?.driver === 'bridge' && !n.internal;
  });
  return ok.sort((a, b) => (netOf(a)!.name < netOf(b)!.name ? -1 : 1))[0];
}

/** A running container's gateway endpoint (see gatewayOf). */
export function gatewayEndpoint(d: DockerState, c: Container): Container['endpoints'][number] | undefined {
  return gatewayOf(c.endpoints.filter((e) => e.endpoint.ip !== undefined), (e) => d.networks[e.network]);
}

/**
 * Publishes the container's ports on its gateway endpoint (bridge driver ProgramExternalConnectivity):
 * the filter/nat rules for the endpoint's address and docker-proxy (or dockerd holding the port).
 * `planned` comes from a start's checks; otherwise the ports are allocated now (a fixed host port is
 * kept, an ephemeral one is drawn anew), throwing the allocator's error with nothing changed.
 */
function publishPorts(world: World, host: Host, c: Container, planned?: Omit<PortMapping, 'network'>[]): void {
  const d = host.docker!;
  const root = getNs(world, host.rootNs);
  const gw = gatewayEndpoint(d, c);
  if (!gw) return;
  const net = d.networks[gw.network]!;
  const ip = gw.endpoint.ip!;
  for (const p of planned ?? planPorts(d, c, net, root.sockets)) {
    const m: PortMapping = { ...p, network: gw.network };
    c.ports.push(m);
    if (d.config.iptables) programPort(root, net, ip, m, d.config, true);
    const bind = { proto: m.proto === 'udp' ? ('udp' as const) : ('tcp' as const), addr: parseIp4(m.hostIp) ?? 0, port: m.hostPort };
    // docker-proxy listens and forwards; without it dockerd only holds the port (portmapper reservation).
    if (d.config.userlandProxy) root.sockets.push({ ...bind, program: 'docker-proxy', pid: 2000 + (world.seq % 30000), proxy: { addr: ip, port: m.containerPort } });
    else root.sockets.push({ ...bind, program: 'dockerd', pid: 1000 + (d.starts % 100), owner: c.id });
  }
}

/** Takes the published ports down (RevokeExternalConnectivity): rules, listeners and the mappings. */
function revokePorts(world: World, host: Host, c: Container): void {
  const d = host.docker!;
  const root = getNs(world, host.rootNs);
  for (const p of c.ports) {
    const ip = c.endpoints.find((e) => e.network === p.network)?.endpoint.ip;
    const net = d.networks[p.network];
    if (d.config.iptables && net && ip !== undefined) programPort(root, net, ip, p, d.config, false);
    root.sockets = root.sockets.filter((s) => !holdsPort(c, p, s));
  }
  c.ports = [];
}

/** Whether a host socket is the one holding published port `p` of `c` (docker-proxy, or dockerd). */
function holdsPort(c: Container, p: PortMapping, s: Socket): boolean {
  if (s.port !== p.hostPort) return false;
  const ip = c.endpoints.find((e) => e.network === p.network)?.endpoint.ip;
  return (s.program === 'docker-proxy' && s.proxy?.addr === ip) || (s.program === 'dockerd' && s.owner === c.id);
}

/**
 * libnetwork Join of a running container (`network connect`), external connectivity included: when
 * the new endpoint becomes the gateway one, the ports move to it. They are allocated first, as if
 * already revoked, so a port that cannot be had there fails the connect before anything changes
 * (20.10 rolls the join back; its error names the new endpoint).
 */
export function connectEndpoint(
  world: World, host: Host, c: Container, net: DockerNetwork, ip: Ip4, staticIp: Ip4 | undefined, aliases: string[],
): Endpoint {
  const d = host.docker!;
  const before = gatewayEndpoint(d, c)?.network;
  const after = gatewayOf([...c.endpoints.filter((e) => e.endpoint.ip !== undefined).map((e) => e.network), net.id], (id) => d.networks[id]);
  let moved: { planned: Omit<PortMapping, 'network'>[]; portLast: DockerState['portLast'] } | undefined;
  if (after === net.id && before !== net.id) {
    const root = getNs(world, host.rootNs);
    const view: DockerState = { ...d, containers: { ...d.containers, [c.id]: { ...c, ports: [] } } };
    try {
      const planned = planPorts(view, c, net, root.sockets.filter((s) => !c.ports.some((p) => holdsPort(c, p, s))));
      moved = { planned, portLast: view.portLast };
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      throw daemonError(`driver failed programming external connectivity on endpoint ${c.name} (${randomId(world)}): ${e.message}`);
    }
  }
  const ep = joinEndpoint(world, host, c, net, ip, staticIp, aliases);
  if (moved) {
    revokePorts(world, host, c);
    d.portLast = moved.portLast;
    publishPorts(world, host, c, moved.planned);
  }
  return ep;
}

/** Publishes on the (new) gateway endpoint where a failure is only logged by 20.10: the ports are then lost. */
function republish(world: World, host: Host, c: Container): void {
  try {
    publishPorts(world, host, c);
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
  }
}

/** The gateway endpoint: non-internal networks first, then by network name (sandbox epHeap). */
function setDefaultRoute(world: World, host: Host, c: Container): void {
  const d = host.docker!;
  const ns = getNs(world, c.ns!);
  const eps = c.endpoints.filter((e) => e.endpoint.gateway !== undefined && world.ifaces[e.endpoint.ctrIface!]);
  const internal = (id: string) => (d.networks[id]!.internal ? 1 : 0);
  eps.sort((a, b) => internal(a.network) - internal(b.network) || (d.networks[a.network]!.name < d.networks[b.network]!.name ? -1 : 1));
  const gw = eps[0];
  const current = ns.routes.find((r) => r.prefix === 0);
  if (current && gw && current.dev === gw.endpoint.ctrIface && current.via === gw.endpoint.gateway) return;
  if (current) deleteRoute(ns, (r) => r.prefix === 0);
  if (gw) addRoute(world, ns, { dst: 0, prefix: 0, via: gw.endpoint.gateway!, dev: gw.endpoint.ctrIface!, proto: 'boot', scope: 'global' });
}

/**
 * Removes one endpoint (network disconnect, or stop). When it was the gateway endpoint its ports are
 * revoked and, with `moveExt` (a disconnect), published again on the endpoint that takes over
 * (libnetwork sbLeave): `-p 9000:80` on bridge, then connect n9 and disconnect bridge, keeps 9000 on n9.
 */
export function leaveEndpoint(world: World, host: Host, c: Container, netId: string, moveExt = true): void {
  const d = host.docker!;
  const i = c.endpoints.findIndex((e) => e.network === netId);
  if (i < 0) return;
  const wasGateway = gatewayEndpoint(d, c)?.network === netId;
  if (wasGateway || c.ports.some((m) => m.network === netId)) revokePorts(world, host, c);
  const { endpoint } = c.endpoints[i]!;
  c.endpoints.splice(i, 1);
  const net = d.networks[netId];
  const host0 = endpoint.hostIface ? world.ifaces[endpoint.hostIface] : undefined;
  if (host0) deleteLink(world, host0);
  const ctr0 = endpoint.ctrIface ? world.ifaces[endpoint.ctrIface] : undefined;
  if (ctr0?.kind === 'macvlan') deleteLink(world, ctr0);
  if (net?.driver === 'overlay') leaveOverlay(world, netId, endpoint.ip);
  else if (net) releaseAddress(net, endpoint.ip);
  // The last overlay endpoint gone, the docker_gwbridge leg goes too.
  if (net?.driver === 'overlay' && !c.endpoints.some((e) => d.networks[e.network]?.driver === 'overlay')) {
    const leg = c.endpoints.find((e) => e.endpoint.hidden);
    if (leg) leaveEndpoint(world, host, c, leg.network, false);
  }
  if (c.ns && world.netns[c.ns]) setDefaultRoute(world, host, c);
  if (wasGateway && moveExt) republish(world, host, c);
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
  delete c.ns;
  delete c.joins;
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
