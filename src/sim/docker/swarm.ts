/**
 * Swarm mode as Docker 20.10 runs it for the networking side (daemon/cluster, swarmkit): init, join,
 * leave, join tokens and the node list. The cluster state (nodes, tokens, swarm-scope networks and
 * their cluster-wide IPAM) lives in `world.swarm`; each node's daemon gets the ingress network, the
 * `docker_gwbridge` bridge and the ingress sandbox (overlay.ts), as the real daemon makes them.
 *
 * Texts checked on a real 20.10.24 (facts §11, __golden__/real/swarm-overlay.txt).
 */
import { SimError } from '../net/errors';
import { formatIp4, inPrefix, parseIp4 } from '../net/ip4';
import { fnv1a, nextRandom, randomHex } from '../net/rng';
import type { Host, Ip4, World } from '../net/types';
import { getNs, nsIfaces } from '../net/world';
import { probe } from '../packet/probe';
import { overlaps } from './ipam';
import { createNetwork, daemonError, dockerOf, type NetworkOptions } from './network';
import { ensureIngressSandbox, findGwBridge, findOverlayNs, GW_BRIDGE, localOverlay, removeLocalOverlay, sandboxName } from './overlay';
import type { DockerNetwork, Subnet, SwarmNetwork, SwarmNode, SwarmState } from './types';

export const NOT_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
export const WORKER_NOT_MANAGER =
  "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
const ALREADY = 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
const NOT_IN_SWARM = 'This node is not part of a swarm';
const LAST_MANAGER =
  'You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.';
export const SWARM_PORT = 2377;

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `[0-9a-z]{n}` from the World PRNG (swarmkit identity.NewID is base36 of 128 random bits). */
export function randomBase36(world: Pick<World, 'rng'>, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += BASE36[nextRandom(world) % 36]!;
  return s;
}

export function nodeOf(world: World, host: Host): SwarmNode | undefined {
  return world.swarm?.nodes.find((n) => n.host === host.id);
}

export const NO_LEADER =
  "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";

/** The node must be a manager (network create -d overlay, node ls, join-token), of a swarm with a leader. */
export function requireManager(world: World, host: Host): SwarmState {
  const node = nodeOf(world, host);
  if (!node) throw daemonError(NOT_MANAGER);
  if (node.role !== 'manager') throw daemonError(WORKER_NOT_MANAGER);
  if (world.swarm!.leaderless) throw daemonError(NO_LEADER);
  return world.swarm!;
}

/** dockerd's swarm listeners: cluster management (managers) and gossip (every node). */
export function openSwarmSockets(world: World, host: Host): void {
  const node = nodeOf(world, host);
  if (!node) return;
  closeSwarmSockets(world, host);
  const root = getNs(world, host.rootNs);
  const socks: { proto: 'tcp' | 'udp'; port: number }[] = [
    ...(node.role === 'manager' ? [{ proto: 'tcp' as const, port: SWARM_PORT }] : []),
    { proto: 'tcp', port: 7946 }, { proto: 'udp', port: 7946 },
  ];
  for (const k of socks) root.sockets.push({ ...k, addr: 0, program: 'dockerd', pid: 1000 + (host.docker!.starts % 100) });
}

/** The daemon stops (or the node leaves): its swarm listeners close. */
export function closeSwarmSockets(world: World, host: Host): void {
  const root = getNs(world, host.rootNs);
  root.sockets = root.sockets.filter((k) => !(k.program === 'dockerd' && (k.port === SWARM_PORT || k.port === 7946)));
}

/** Global IPv4 addresses a node could advertise: the host's own NICs, not Docker's bridges and veths. */
function systemAddrs(world: World, host: Host): { ip: Ip4; dev: string }[] {
  const root = getNs(world, host.rootNs);
  const out: { ip: Ip4; dev: string }[] = [];
  for (const i of nsIfaces(world, root)) {
    if (i.kind === 'loopback' || i.kind === 'bridge' || (i.kind === 'veth' && i.name.startsWith('veth'))) continue;
    for (const a of i.addrs) if (!a.secondary) out.push({ ip: a.addr, dev: i.name });
  }
  return out;
}

/** `--advertise-addr` (an address or an interface name), or the one system address. */
function advertiseAddr(world: World, host: Host, given: string | undefined): Ip4 {
  const addrs = systemAddrs(world, host);
  if (given !== undefined) {
    const ip = parseIp4(given.replace(/:\d+$/, ''));
    if (ip !== undefined) return ip;
    const onDev = addrs.filter((a) => a.dev === given);
    if (onDev.length === 1) return onDev[0]!.ip;
    if (onDev.length === 0) throw daemonError(`failed to get advertise address: interface ${given} has no usable IPv4 or IPv6 address`);
    throw daemonError(`failed to get advertise address: interface ${given} has more than one IPv4 address (${formatIp4(onDev[0]!.ip)} and ${formatIp4(onDev[1]!.ip)})`);
  }
  if (addrs.length === 1) return addrs[0]!.ip;
  if (addrs.length === 0) throw daemonError('could not find the system\'s IP address - specify one with --advertise-addr');
  const [a, b] = addrs as [{ ip: Ip4; dev: string }, { ip: Ip4; dev: string }];
  throw daemonError(
    `could not choose an IP address to advertise since this system has multiple addresses on different interfaces (${formatIp4(a.ip)} on ${a.dev} and ${formatIp4(b.ip)} on ${b.dev}) - specify one with --advertise-addr`,
  );
}

function newNode(world: World, host: Host, addr: Ip4, role: SwarmNode['role'], leader: boolean): SwarmNode {
  return { id: randomBase36(world, 25), host: host.id, hostname: host.hostname, addr, role, leader, peerName: randomHex(world, 12) };
}

/** Every node's daemon gets the ingress network and docker_gwbridge when it enters the swarm. */
function enterSwarm(world: World, host: Host): void {
  openSwarmSockets(world, host);
  ensureGwBridge(world, host);
  const s = world.swarm!;
  for (const sn of Object.values(s.networks)) if (sn.ingress) localOverlay(host, sn);
  ensureIngressSandbox(world, host);
}

/** `docker_gwbridge`: a local bridge network (next free pool), ICC off, masquerading on (20.10). */
export function ensureGwBridge(world: World, host: Host) {
  const d = dockerOf(world, host);
  const have = findGwBridge(d);
  if (have) return have;
  return createNetwork(world, host, {
    name: GW_BRIDGE, driver: 'bridge', internal: false, labels: {},
    options: {
      'com.docker.network.bridge.enable_icc': 'false',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.bridge.name': GW_BRIDGE,
    },
  });
}

/** `docker swarm init [--advertise-addr A]`: prints the real 20.10 banner. */
export function swarmInit(world: World, host: Host, advertise: string | undefined): string {
  dockerOf(world, host);
  if (nodeOf(world, host)) throw daemonError(ALREADY);
  const addr = advertiseAddr(world, host, advertise);
  if (world.swarm) {
    const first = world.swarm.nodes[0]?.hostname;
    throw new SimError(`Error response from daemon: this lab already has a swarm${first ? ` (made on ${first})` : ''}, and the playground models one swarm per lab: use docker swarm join`, 1);
  }
  // The tokens depend only on the manager's name and address, not on what the lab did before, so
  // a lab script or a tutorial can carry the join line (real tokens are random).
  const tokens = { rng: fnv1a(`${host.hostname}|${formatIp4(addr)}`) };
  const digest = randomBase36(tokens, 50);
  const s: SwarmState = {
    id: randomBase36(world, 25),
    workerToken: `SWMTKN-1-${digest}-${randomBase36(tokens, 25)}`,
    managerToken: `SWMTKN-1-${digest}-${randomBase36(tokens, 25)}`,
    nodes: [], networks: {}, nextVni: 4096,
  };
  world.swarm = s;
  const node = newNode(world, host, addr, 'manager', true);
  s.nodes.push(node);
  const ingress: SwarmNetwork = {
    id: randomBase36(world, 25), name: 'ingress', created: world.clock, subnet: { addr: 0x0a000000, prefix: 24 },
    gateway: 0x0a000001, vni: s.nextVni++, attachable: false, ingress: true, internal: false, labels: {}, allocated: [0x0a000001],
  };
  s.networks[ingress.id] = ingress;
  enterSwarm(world, host);
  return (
    `Swarm initialized: current node (${node.id}) is now a manager.\n\n` +
    `To add a worker to this swarm, run the following command:\n\n` +
    `    docker swarm join --token ${s.workerToken} ${formatIp4(addr)}:${SWARM_PORT}\n\n` +
    `To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n\n`
  );
}

const TOKEN = /^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/;

/**
 * `docker swarm join --token T ADDR[:PORT]`: the manager must answer on 2377/tcp through the
 * simulated network (a TCP probe from this host), then the token is checked by the manager.
 */
export function swarmJoin(world: World, host: Host, token: string, remote: string, advertise: string | undefined): string {
  dockerOf(world, host);
  if (nodeOf(world, host)) throw daemonError(ALREADY);
  if (!TOKEN.test(token)) throw daemonError('invalid join token');
  const m = /^([\d.]+)(?::(\d+))?$/.exec(remote);
  const ip = m ? parseIp4(m[1]!) : undefined;
  if (ip === undefined) throw daemonError(`invalid remote address ${remote}`);
  const port = m?.[2] !== undefined ? Number(m[2]) : SWARM_PORT;
  const root = getNs(world, host.rootNs);
  const s = world.swarm;
  const manager = s?.nodes.find((n) => n.addr === ip && n.role === 'manager');
  const out = probe(world, { from: root.id, dst: ip, proto: 'tcp', dport: port });
  // No manager answering, or one without a leader: the CLI gives up waiting.
  if (!s || !manager || port !== SWARM_PORT || out.outcome.kind !== 'tcp-open' || s.leaderless) {
    throw daemonError(
      'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
    );
  }
  if (token !== s.workerToken && token !== s.managerToken) {
    throw daemonError('rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster');
  }
  // The address the manager sees this node connect from, unless told.
  const own = advertise !== undefined ? advertiseAddr(world, host, advertise) : localAddrToward(world, host, ip);
  const role = token === s.managerToken ? 'manager' : 'worker';
  s.nodes.push(newNode(world, host, own, role, false));
  enterSwarm(world, host);
  return `This node joined a swarm as a ${role}.\n`;
}

/** The source address the kernel would pick toward `dst` (connected subnet first, else eth0's). */
function localAddrToward(world: World, host: Host, dst: Ip4): Ip4 {
  const addrs = getNs(world, host.rootNs).ifaces.flatMap((id) => world.ifaces[id]?.addrs ?? []);
  const same = addrs.find((a) => a.prefix > 0 && a.prefix < 32 && inPrefix(dst, a.addr, a.prefix));
  return same?.addr ?? systemAddrs(world, host)[0]?.ip ?? 0;
}

/** `docker swarm leave [--force]`. */
export function swarmLeave(world: World, host: Host, force: boolean): string {
  dockerOf(world, host);
  const s = world.swarm;
  const node = nodeOf(world, host);
  if (!s || !node) throw daemonError(NOT_IN_SWARM);
  // Raft members: the managers here, and those that left with --force (still members, unreachable).
  const reachable = s.nodes.filter((n) => n.role === 'manager').length;
  const unreachable = s.departedManagers ?? 0;
  if (node.role === 'manager' && !force) {
    // daemon/cluster Leave (20.10): a manager never leaves without --force.
    let msg = 'You are attempting to leave the swarm on a node that is participating as a manager. ';
    if (!s.leaderless) {
      if (reachable - 2 <= unreachable) {
        if (reachable === 1 && unreachable === 0) throw daemonError(LAST_MANAGER);
        msg += `Removing this node leaves ${reachable - 1} managers out of ${reachable + unreachable}. Without a Raft quorum your swarm will be inaccessible. `;
      }
    } else msg += 'Doing so may lose the consensus of your cluster. ';
    throw daemonError(`${msg}The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`);
  }
  const d = host.docker!;
  for (const n of Object.values(d.networks)) if (n.driver === 'overlay') removeLocalOverlay(world, host, n, true);
  closeSwarmSockets(world, host);
  s.nodes = s.nodes.filter((n) => n.host !== host.id);
  const managers = s.nodes.filter((n) => n.role === 'manager');
  if (node.role === 'manager' && managers.length) {
    // A forced leave keeps the node a Raft member (unreachable): with no majority left, no leader.
    s.departedManagers = unreachable + 1;
    if (managers.length <= (managers.length + s.departedManagers) / 2) {
      s.leaderless = true;
      for (const m of managers) m.leader = false;
    } else if (node.leader && !s.leaderless) managers[0]!.leader = true;
  }
  if (!managers.length) {
    // The last manager takes the cluster with it: the others' swarm-scope networks go too.
    for (const other of s.nodes) {
      const h = world.hosts[other.host];
      if (!h?.docker) continue;
      for (const n of Object.values(h.docker.networks)) if (n.driver === 'overlay') removeLocalOverlay(world, h, n, true);
    }
    delete world.swarm;
  }
  return 'Node left the swarm.\n';
}

/** `docker swarm join-token [-q] worker|manager`. */
export function joinToken(world: World, host: Host, role: string, quiet: boolean, rotate = false): string {
  dockerOf(world, host);
  const s = requireManager(world, host);
  if (role !== 'worker' && role !== 'manager') throw new SimError(`Error: unknown role ${role}`, 1);
  let head = '';
  if (rotate) {
    // A new secret for the role (the CA digest part stays); the old token no longer joins.
    const secret = randomBase36(world, 25);
    if (role === 'worker') s.workerToken = s.workerToken.slice(0, -25) + secret;
    else s.managerToken = s.managerToken.slice(0, -25) + secret;
    if (!quiet) head = `Successfully rotated ${role} join token.\n\n`;
  }
  const token = role === 'worker' ? s.workerToken : s.managerToken;
  if (quiet) return `${token}\n`;
  const leader = s.nodes.find((n) => n.leader) ?? nodeOf(world, host)!;
  return `${head}To add a ${role} to this swarm, run the following command:\n\n    docker swarm join --token ${token} ${formatIp4(leader.addr)}:${SWARM_PORT}\n\n`;
}

/** The version `docker node ls` shows (the CLI reports 20.10.24). */
export const ENGINE_VERSION = '20.10.24';

/** `docker node ls`: rows by hostname (docker/cli sorts them), ` *` marks this node. */
export function nodeRows(world: World, host: Host): string[][] {
  const s = requireManager(world, host);
  const nodes = [...s.nodes].sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : a.id < b.id ? -1 : 1));
  return [
    ['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION'],
    ...nodes.map((n) => [
      n.host === host.id ? `${n.id} *` : n.id, n.hostname, 'Ready', 'Active',
      n.role === 'manager' ? (n.leader ? 'Leader' : 'Reachable') : '', ENGINE_VERSION,
    ]),
  ];
}

/** The network's peers for inspect: every node that has the network's sandbox. */
export function swarmPeers(world: World, netId: string): { Name: string; IP: string }[] {
  const s = world.swarm;
  if (!s) return [];
  return s.nodes
    .filter((n) => findOverlayNs(world, n.host, sandboxName(netId)))
    .map((n) => ({ Name: n.peerName, IP: formatIp4(n.addr) }));
}

/**
 * `docker network create -d overlay` on a manager: a swarm network with the next free /24 of
 * 10.0.0.0/8 (or `--subnet`), the next VNI from 4096, listed by every manager; workers list it
 * once a container of theirs uses it.
 */
export function createOverlayNetwork(
  world: World, host: Host, o: NetworkOptions, subnet: Subnet | undefined, gateway: Ip4 | undefined, ipRange?: Subnet,
): DockerNetwork {
  const s = requireManager(world, host);
  if (Object.values(s.networks).some((n) => n.name === o.name)) throw daemonError(`network with name ${o.name} already exists`);
  const used = Object.values(s.networks).map((n) => n.subnet);
  // A --subnet is taken as given, even over another swarm network's (checked on a real 20.10).
  if (!subnet) {
    for (let i = 0; i < 256 * 256; i++) {
      const cand: Subnet = { addr: (0x0a000000 + i * 256) >>> 0, prefix: 24 };
      if (!used.some((u) => overlaps(u, cand))) {
        subnet = cand;
        break;
      }
    }
    if (!subnet) throw daemonError('could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
  }
  const gw = gateway ?? (subnet.addr + 1) >>> 0;
  const sn: SwarmNetwork = {
    id: randomBase36(world, 25), name: o.name, created: world.clock, subnet, ...(o.subnet !== undefined ? { subnetText: o.subnet } : {}),
    ...(ipRange ? { ipRange } : {}), gateway: gw, vni: s.nextVni++, attachable: o.attachable === true, ingress: false, internal: o.internal, labels: { ...o.labels },
    allocated: [gw],
  };
  s.networks[sn.id] = sn;
  let mine: DockerNetwork | undefined;
  for (const node of s.nodes) {
    const h = world.hosts[node.host];
    if (!h?.docker || node.role !== 'manager') continue;
    const rec = localOverlay(h, sn);
    if (h.id === host.id) mine = rec;
  }
  return mine!;
}

/** `docker network rm` of a swarm network (on a manager): refused while an endpoint uses it anywhere. */
export function removeOverlayNetwork(world: World, host: Host, n: DockerNetwork): void {
  const s = requireManager(world, host);
  const sn = s.networks[n.id];
  if (!sn) throw daemonError(`network ${n.name} not found`);
  if (sn.ingress) throw daemonError('rpc error: code = PermissionDenied desc = ingress network cannot be removed because service  depends on it');
  for (const node of s.nodes) {
    const h = world.hosts[node.host];
    const user = h?.docker && Object.values(h.docker.containers).find((c) => c.endpoints.some((e) => e.network === n.id));
    if (user) throw daemonError(`rpc error: code = FailedPrecondition desc = network ${n.id} is in use by task ${taskId(user.id)}`);
  }
  for (const node of s.nodes) {
    const h = world.hosts[node.host];
    const rec = h?.docker?.networks[n.id];
    if (h && rec) removeLocalOverlay(world, h, rec, true);
  }
  delete s.networks[n.id];
}

/** The swarm task id of a container's network attachment: 25 base36 chars, stable per container. */
function taskId(containerId: string): string {
  let out = '';
  for (let i = 0; out.length < 25; i++) {
    const v = parseInt(containerId.slice((i * 2) % 62, ((i * 2) % 62) + 2), 16) || 0;
    out += BASE36[v % 36]!;
  }
  return out;
}
