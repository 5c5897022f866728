/**
 * A container's endpoints (libnetwork Join/Leave on a running sandbox), for every driver: the
 * address a join will get, the kernel objects per driver (bridge veth here, overlay.ts, macvlan.ts),
 * the overlay-only sandbox's leg on docker_gwbridge, the default route, and the published ports,
 * which live on the gateway endpoint and move with it (ProgramExternalConnectivity).
 *
 * A bridge endpoint: a veth pair made in the host namespace (the container end is registered first,
 * so it has the lower ifindex), the host end `veth` + 7 hex enslaved to the bridge, the other end
 * moved in, renamed eth<n>, given `02:42` + the IPv4 bytes as MAC, the address and the default route.
 */
import { addAddress, addRoute, deleteRoute } from '../net/addr';
import { SimError } from '../net/errors';
import { broadcastOf, parseIp4 } from '../net/ip4';
import { createVethPair, deleteLink, moveToNetns, renameLink, setLinkUp, setMaster } from '../net/link';
import { hex2, randomHex } from '../net/rng';
import type { Host, Iface, Ip4, Netns, Socket, World } from '../net/types';
import { findIfaceByName, getNs } from '../net/world';
import { programPort } from './firewall';
import { allocateAddress, releaseAddress, reserveAddress } from './ipam';
import { randomId } from './ids';
import { daemonError } from './network';
import { joinMacvlan } from './macvlan';
import { findGwBridge, joinOverlay, leaveOverlay, planOverlay, plugGwBridge } from './overlay';
import { planPorts } from './ports';
import type { Container, DockerNetwork, DockerState, Endpoint, PortMapping } from './types';

/** Docker's endpoint MAC: `02:42` + the four bytes of the IPv4 address. */
export function macFromIp(ip: Ip4): string {
  return ['02', '42', ...[24, 16, 8, 0].map((s) => hex2((ip >>> s) & 255))].join(':');
}

/**
 * A veth pair made in the host namespace (`veth` + 7 hex for both names; the inner end is created
 * first, so it has the lower ifindex), with `mtu` and no txqlen. `attachOuter` places the outer end
 * (on a bridge, or into an overlay sandbox); the inner end then moves into `into`, is renamed
 * `ifname`, gets `mac`, the address with its broadcast, and goes up.
 */
export function plugVeth(
  world: World, host: Host,
  o: { into: Netns; ifname: string; mtu: number; mac: string; ip: Ip4; prefix: number; attachOuter: (outer: Iface) => void },
): { inner: Iface; outer: Iface } {
  const root = getNs(world, host.rootNs);
  const { a: outer, b: inner } = createVethPair(world, root, `veth${randomHex(world, 7)}`, `veth${randomHex(world, 7)}`);
  for (const i of [outer, inner]) {
    delete i.txqlen;
    i.mtu = o.mtu;
  }
  inner.mac = o.mac;
  o.attachOuter(outer);
  moveToNetns(world, inner, o.into);
  renameLink(world, inner, o.ifname);
  addAddress(world, inner, o.ip, o.prefix, { brd: broadcastOf(o.ip, o.prefix) });
  setLinkUp(world, inner);
  return { inner, outer };
}

/**
 * The network's Linux bridge. libnetwork finds it by name, so one a user deleted (`ip link del
 * docker0`) or renamed fails the join with its error, before anything is made; one made again
 * under that name is taken.
 */
export function bridgeOf(world: World, host: Host, net: DockerNetwork, epName: string): Iface {
  const name = net.bridgeName ?? 'docker0';
  const br = findIfaceByName(world, getNs(world, host.rootNs), name);
  if (br?.kind === 'bridge' && br.ns === host.rootNs) {
    net.bridge = br.id;
    return br;
  }
  throw daemonError(
    `failed to create endpoint ${epName} on network ${net.name}: adding interface veth${randomHex(world, 7)} to bridge ${name} failed: could not find bridge ${name}: route ip+net: no such network interface`,
  );
}

/** `outer` enslaved to the Linux bridge `bridge` and up. */
export function onBridge(world: World, bridge: Iface): (outer: Iface) => void {
  return (outer) => {
    setMaster(world, outer, bridge);
    setLinkUp(world, outer);
  };
}

/**
 * The address a join on `net` will get, nothing taken yet: the swarm allocator's for an overlay
 * (planOverlay), else the network's IPAM tried on a copy. Throws the daemon's error.
 */
export function planAddress(world: World, host: Host, net: DockerNetwork, staticIp: Ip4 | undefined): Ip4 {
  if (net.driver === 'overlay') return planOverlay(world, host, net, staticIp);
  const copy = { ...net, allocated: [...net.allocated] };
  try {
    if (staticIp === undefined) return allocateAddress(copy);
    reserveAddress(copy, staticIp);
    return staticIp;
  } catch (e) {
    if (e instanceof SimError) throw daemonError(e.message);
    throw e;
  }
}

/** Connects a running container's sandbox to a network (libnetwork Join). */
export function joinEndpoint(
  world: World, host: Host, c: Container, net: DockerNetwork, ip: Ip4, staticIp: Ip4 | undefined, aliases: string[],
): Endpoint {
  switch (net.driver) {
    case 'overlay': {
      const ep = joinOverlay(world, host, c, net, ip, staticIp, aliases);
      ensureGwLeg(world, host, c);
      return ep;
    }
    case 'macvlan': {
      const ep = joinMacvlan(world, host, c, net, ip, staticIp, aliases);
      dropGwLeg(world, host, c);
      setDefaultRoute(world, host, c);
      return ep;
    }
    default: {
      const ep = joinBridge(world, host, c, net, ip, staticIp, aliases);
      dropGwLeg(world, host, c);
      setDefaultRoute(world, host, c);
      return ep;
    }
  }
}

function joinBridge(
  world: World, host: Host, c: Container, net: DockerNetwork, ip: Ip4, staticIp: Ip4 | undefined, aliases: string[],
): Endpoint {
  const bridge = bridgeOf(world, host, net, c.name);
  if (staticIp !== undefined) reserveAddress(net, staticIp);
  else if (!net.allocated.includes(ip)) net.allocated.push(ip);
  // --mac-address is for the NetworkMode network only (20.10 BuildCreateEndpointOptions; a real dump shows it).
  const primary = c.networkMode === net.name || (c.networkMode === 'default' && net.name === 'bridge');
  const mac = (primary ? c.macAddress : undefined) ?? macFromIp(ip);
  const prefix = net.subnet!.prefix;
  const { inner, outer } = plugVeth(world, host, {
    into: getNs(world, c.ns!), ifname: `eth${c.nextEth++}`, mtu: net.mtu, mac, ip, prefix,
    attachOuter: onBridge(world, bridge),
  });
  const ep: Endpoint = {
    id: randomId(world), network: net.id, ip, prefix, gateway: net.defaultGateway ?? net.gateway!, mac,
    ...(staticIp !== undefined ? { staticIp } : {}), aliases, ctrIface: inner.id, hostIface: outer.id,
  };
  c.endpoints.push({ network: net.id, endpoint: ep });
  return ep;
}

/**
 * An overlay-only sandbox gets a leg on docker_gwbridge (libnetwork's setupDefaultGW: endpoint
 * `gateway_<id12>`) for its default route; one with a bridge or macvlan network does not need it.
 */
function ensureGwLeg(world: World, host: Host, c: Container): void {
  if (c.endpoints.some((e) => e.endpoint.hidden || e.endpoint.gateway !== undefined)) return;
  const gw = findGwBridge(host.docker!);
  if (!gw) return;
  let ep: Endpoint;
  try {
    ep = plugGwBridge(world, host, gw, getNs(world, c.ns!), `eth${c.nextEth++}`, `gateway_${c.id.slice(0, 12)}`);
  } catch (e) {
    if (e instanceof SimError) throw daemonError(`container ${c.id}: endpoint create on GW Network failed: ${e.message.replace(/^Error response from daemon: /, '')}`);
    throw e;
  }
  c.endpoints.push({ network: gw.id, endpoint: ep });
}

/** The docker_gwbridge leg goes once an endpoint with a gateway of its own (bridge, macvlan) is there. */
function dropGwLeg(world: World, host: Host, c: Container): void {
  const leg = c.endpoints.find((e) => e.endpoint.hidden);
  if (leg && c.endpoints.some((e) => !e.endpoint.hidden && e.endpoint.gateway !== undefined)) leaveEndpoint(world, host, c, leg.network, false);
}

/**
 * The endpoint that gives a sandbox external connectivity (libnetwork getGatewayEndpoint): the first
 * in the sandbox's order (non-internal first, then by network name) that has a gateway, and an
 * internal network's endpoint has none. Published ports live on it, and move with it.
 */
export function gatewayOf<T>(items: readonly T[], netOf: (x: T) => DockerNetwork | undefined): T | undefined {
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
export function publishPorts(world: World, host: Host, c: Container, planned?: Omit<PortMapping, 'network'>[]): void {
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
export function revokePorts(world: World, host: Host, c: Container): void {
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
  // Deleting the host (or overlay sandbox) end of a veth takes its peer along; a macvlan child has no peer.
  const host0 = endpoint.hostIface ? world.ifaces[endpoint.hostIface] : undefined;
  if (host0) deleteLink(world, host0);
  const ctr0 = endpoint.ctrIface ? world.ifaces[endpoint.ctrIface] : undefined;
  if (ctr0?.kind === 'macvlan') deleteLink(world, ctr0);
  if (net?.driver === 'overlay') {
    leaveOverlay(world, netId, endpoint.ip);
    // The last overlay endpoint gone, the docker_gwbridge leg goes too.
    const leg = c.endpoints.find((e) => e.endpoint.hidden);
    if (leg && !c.endpoints.some((e) => d.networks[e.network]?.driver === 'overlay')) leaveEndpoint(world, host, c, leg.network, false);
  } else if (net) releaseAddress(net, endpoint.ip);
  if (c.ns && world.netns[c.ns]) setDefaultRoute(world, host, c);
  if (wasGateway && moveExt) republish(world, host, c);
}
