/**
 * The Docker half of the World invariants (invariants.ts): each daemon's networks, containers and
 * endpoints, exact IPAM per pool, and the swarm's nodes, networks and cluster-wide IPAM.
 */
import { formatIp4, inPrefix, networkOf } from '../net/ip4';
import type { Host, Ip4, Netns, World } from '../net/types';
import type { Subnet, SwarmNetwork } from '../docker/types';
import { sandboxName } from '../docker/overlay';

/** Reports one broken invariant. */
export type Bad = (msg: string) => void;

export const isU32 = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
export const isPrefix = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 32;
const cidr = (s: Subnet) => `${isU32(s.addr) ? formatIp4(s.addr) : String(s.addr)}/${s.prefix}`;
export const ip = (x: Ip4) => (isU32(x) ? formatIp4(x) : String(x));

/**
 * Addresses held by ifaces of a host's overlay namespaces (lb_*, ingress_sbox): they use pools too.
 * A leg whose veth peer is in an overlay sandbox (`1-<id10>`) uses that overlay's pool; any other
 * (its peer on docker_gwbridge, or left alone when a user deleted that bridge) the gwbridge's.
 * Overlay subnets may overlap each other and the gwbridge's (a real 20.10 accepts that), so an
 * address's prefix alone does not say whose it is.
 */
interface Leg {
  addr: Ip4;
  /** The overlay sandbox the leg's peer is in. */
  sandbox?: string;
}
function overlayLegs(world: World, spaces: readonly Netns[]): Leg[] {
  const out: Leg[] = [];
  for (const ns of spaces) {
    if (ns.kind !== 'overlay' || ns.name.startsWith('1-')) continue;
    for (const id of ns.ifaces) {
      const iface = world.ifaces[id];
      if (!iface || iface.kind === 'loopback') continue;
      const peerNs = iface.peer !== undefined ? world.netns[world.ifaces[iface.peer]?.ns ?? ''] : undefined;
      const sandbox = peerNs?.kind === 'overlay' && peerNs.name.startsWith('1-') ? peerNs.name : undefined;
      for (const a of iface.addrs) out.push({ addr: a.addr, ...(sandbox !== undefined ? { sandbox } : {}) });
    }
  }
  return out;
}

function checkPool(what: string, subnet: Subnet | undefined, allocated: readonly Ip4[], expected: Map<Ip4, string>, bad: Bad): void {
  const have = new Set<Ip4>();
  for (const a of allocated) {
    if (have.has(a)) bad(`${what} has ${ip(a)} allocated twice.`);
    have.add(a);
    if (!subnet) bad(`${what} has no subnet but ${ip(a)} allocated.`);
    else if (!isU32(a) || !inPrefix(a, subnet.addr, subnet.prefix)) bad(`${what} has ${ip(a)} allocated, outside its subnet ${cidr(subnet)}.`);
    if (!expected.has(a)) bad(`${what} has ${ip(a)} allocated, but nothing uses it (leaked).`);
  }
  for (const [a, user] of expected) if (!have.has(a)) bad(`${what}: ${user} uses ${ip(a)}, which is not allocated.`);
}

/** Adds an address in use to a pool's expected set; the same address used twice is a double allocation. */
function use(expected: Map<Ip4, string>, a: Ip4, user: string, what: string, bad: Bad): void {
  const other = expected.get(a);
  if (other !== undefined && other !== user) bad(`${what}: ${ip(a)} is used by both ${other} and ${user}.`);
  expected.set(a, user);
}

function checkSubnet(what: string, n: { subnet?: Subnet; gateway?: Ip4; ipRange?: Subnet }, bad: Bad): void {
  const s = n.subnet;
  if (!s) return;
  if (!isU32(s.addr) || !isPrefix(s.prefix) || networkOf(s.addr, s.prefix) !== s.addr) bad(`${what} has a bad subnet ${cidr(s)}.`);
  if (n.gateway !== undefined && !inPrefix(n.gateway, s.addr, s.prefix)) bad(`${what}'s gateway ${ip(n.gateway)} is outside its subnet ${cidr(s)}.`);
  const r = n.ipRange;
  if (r && (r.prefix < s.prefix || !inPrefix(r.addr, s.addr, s.prefix))) bad(`${what}'s ip-range ${cidr(r)} is outside its subnet ${cidr(s)}.`);
}

export function checkDocker(world: World, host: Host, spaces: readonly Netns[], bad: Bad): void {
  const d = host.docker!;
  const h = host.id;
  const pools = new Map<string, Map<Ip4, string>>();
  const netNames = new Set<string>();
  for (const [key, n] of Object.entries(d.networks)) {
    const what = (): string => `network ${n.name} (${key}) on host ${h}`;
    if (n.id !== key) bad(`network ${key} on host ${h} is stored with id ${n.id}.`);
    if (netNames.has(n.name)) bad(`two networks on host ${h} are named ${n.name} (one is ${key}).`);
    netNames.add(n.name);
    checkSubnet(what(), n, bad);
    if (n.driver === 'overlay') {
      const sn = world.swarm?.networks[key];
      if (!sn) bad(`${what()} is an overlay record of a swarm network that does not exist.`);
      if (n.allocated.length) bad(`${what()}, an overlay record, allocates addresses itself (the swarm's pool does).`);
      continue;
    }
    if (n.driver === 'bridge') {
      const br = n.bridge === undefined ? undefined : world.ifaces[n.bridge];
      if (n.bridge === undefined) bad(`${what()} has no bridge.`);
      else if (br && (br.kind !== 'bridge' || br.ns !== host.rootNs)) bad(`${what()}'s bridge ${n.bridge} (${br.name}) is a ${br.kind} in namespace ${br.ns}, not a bridge of the host.`);
    } else if (n.bridge !== undefined) bad(`${what()} is a ${n.driver} network with a bridge ${n.bridge}.`);
    if (n.driver === 'host' || n.driver === 'null') {
      if (n.allocated.length || n.subnet) bad(`${what()} is a ${n.driver} network with addresses.`);
      continue;
    }
    if (!n.subnet) bad(`${what()} has no subnet.`);
    const exp = new Map<Ip4, string>();
    if (n.gateway !== undefined) use(exp, n.gateway, 'the gateway', what(), bad);
    for (const [name, a] of Object.entries(n.auxAddresses ?? {})) use(exp, a, `aux-address ${name}`, what(), bad);
    pools.set(key, exp);
  }
  const gw = Object.values(d.networks).find((n) => n.name === 'docker_gwbridge');
  if (gw?.subnet) {
    const exp = pools.get(gw.id);
    for (const leg of overlayLegs(world, spaces)) {
      if (exp && leg.sandbox === undefined && inPrefix(leg.addr, gw.subnet.addr, gw.subnet.prefix)) use(exp, leg.addr, 'an overlay sandbox leg', `network ${gw.name} (${gw.id}) on host ${h}`, bad);
    }
  }
  const order = new Set<string>();
  for (const id of d.containerOrder) {
    if (order.has(id)) bad(`container ${id} is listed twice in host ${h}'s containerOrder.`);
    order.add(id);
    if (!d.containers[id]) bad(`host ${h}'s containerOrder names container ${id}, which does not exist.`);
  }
  const nsUsers = new Map<string, string>();
  const ctrNames = new Set<string>();
  for (const [key, c] of Object.entries(d.containers)) {
    const what = (): string => `container ${c.name} (${key}) on host ${h}`;
    if (c.id !== key) bad(`container ${key} on host ${h} is stored with id ${c.id}.`);
    if (ctrNames.has(c.name)) bad(`two containers on host ${h} are named ${c.name} (one is ${key}).`);
    ctrNames.add(c.name);
    if (!order.has(key)) bad(`${what()} is missing from containerOrder.`);
    if (c.state !== 'running') {
      if (c.endpoints.length) bad(`${what()} is ${c.state} but has endpoints on ${c.endpoints.map((e) => e.network).join(', ')}.`);
      if (c.ns !== undefined) bad(`${what()} is ${c.state} but keeps namespace ${c.ns}.`);
      if (c.joins !== undefined) bad(`${what()} is ${c.state} but joins container ${c.joins}.`);
      if (c.hostNs) bad(`${what()} is ${c.state} but keeps the host's namespace.`);
      if (c.ports.length) bad(`${what()} is ${c.state} but has published ports.`);
      continue;
    }
    if (c.joins !== undefined) {
      const o = d.containers[c.joins];
      if (!o || o.state !== 'running') bad(`${what()} joins container ${c.joins}, which is not a running container of the host.`);
    }
    if (c.ns !== undefined) {
      const ns = world.netns[c.ns];
      if (!ns) bad(`${what()}'s namespace ${c.ns} does not exist.`);
      else if (ns.kind !== 'container' || ns.host !== h) bad(`${what()}'s namespace ${c.ns} is a ${ns.kind} namespace of host ${ns.host}.`);
      nsUsers.set(c.ns, key);
    } else if (c.networkMode !== 'host' && c.joins === undefined && !c.hostNs) bad(`${what()} runs with network mode ${c.networkMode} but has no namespace.`);
    const nets = new Set<string>();
    for (const { network, endpoint: ep } of c.endpoints) {
      const where = (): string => `${what()}'s endpoint ${ep.id}`;
      if (ep.network !== network) bad(`${where()} is listed under network ${network} but is on ${ep.network}.`);
      if (nets.has(network)) bad(`${what()} has two endpoints on network ${network}.`);
      nets.add(network);
      const n = d.networks[network];
      if (!n) {
        bad(`${where()} is on network ${network}, which does not exist on the host.`);
        continue;
      }
      if (ep.ip !== undefined) {
        const s = n.subnet;
        if (!s || !inPrefix(ep.ip, s.addr, s.prefix)) bad(`${where()} has address ${ip(ep.ip)}, outside network ${n.name}'s subnet ${s ? cidr(s) : '(none)'}.`);
        else if (ep.prefix !== s.prefix) bad(`${where()} has prefix length ${String(ep.prefix)}, not network ${n.name}'s ${s.prefix}.`);
        const exp = pools.get(network);
        if (exp) use(exp, ep.ip, `container ${c.name}`, `network ${n.name} (${network}) on host ${h}`, bad);
      } else if (n.driver === 'bridge' || n.driver === 'macvlan' || n.driver === 'overlay') bad(`${where()} on ${n.driver} network ${n.name} has no address.`);
      const ctr = ep.ctrIface === undefined ? undefined : world.ifaces[ep.ctrIface];
      if (ctr && c.ns !== undefined && ctr.ns !== c.ns) bad(`${where()}'s iface ${ep.ctrIface} (${ctr.name}) is in namespace ${ctr.ns}, not the container's ${c.ns}.`);
      const outer = ep.hostIface === undefined ? undefined : world.ifaces[ep.hostIface];
      if (ctr && outer && outer.peer !== ctr.id) bad(`${where()}'s veth ends ${ep.hostIface} (${outer.name}) and ${ep.ctrIface} (${ctr.name}) are not peers.`);
    }
    for (const p of c.ports) if (!nets.has(p.network)) bad(`${what()} publishes ${p.hostPort}/${p.proto} on network ${p.network}, where it has no endpoint.`);
  }
  for (const [netId, exp] of pools) {
    const n = d.networks[netId]!;
    checkPool(`network ${n.name} (${netId}) on host ${h}`, n.subnet, n.allocated, exp, bad);
  }
  const overlays = Object.values(d.networks).filter((n) => n.driver === 'overlay');
  for (const ns of spaces) {
    if (ns.kind === 'container' && !nsUsers.has(ns.id)) bad(`container namespace ${ns.id} (${ns.name}) on host ${h} belongs to no running container.`);
    if (ns.kind === 'overlay') {
      // 1-<id10> and lb_<id9> belong to an overlay network the host lists; ingress_sbox to the ingress one.
      const m = /^(?:1-|lb_)(.+)$/.exec(ns.name);
      const ok = m ? overlays.some((n) => n.id.startsWith(m[1]!)) : ns.name === 'ingress_sbox' && overlays.some((n) => n.ingress);
      if (!ok) bad(`overlay namespace ${ns.id} (${ns.name}) on host ${h} belongs to no overlay network of the host.`);
    }
    for (const s of ns.sockets) {
      if (s.owner === undefined) continue;
      const o = d.containers[s.owner];
      if (!o || o.state !== 'running') bad(`socket ${s.proto}/${s.port} in namespace ${ns.id} belongs to container ${s.owner}, which is not running.`);
    }
  }
}

export function checkSwarm(world: World, byHost: ReadonlyMap<string, readonly Netns[]>, bad: Bad): void {
  const s = world.swarm;
  if (!s) {
    for (const id of world.hostOrder) {
      const d = world.hosts[id]?.docker;
      for (const n of Object.values(d?.networks ?? {})) if (n.driver === 'overlay') bad(`host ${id} keeps overlay network ${n.name} (${n.id}) with no swarm.`);
    }
    return;
  }
  const hosts = new Set<string>();
  let leaders = 0;
  for (const node of s.nodes) {
    const host = world.hosts[node.host];
    if (!host) bad(`swarm node ${node.id} is on host ${node.host}, which does not exist.`);
    else if (!host.docker) bad(`swarm node ${node.id} is on host ${node.host}, which has no Docker.`);
    if (hosts.has(node.host)) bad(`host ${node.host} is two swarm nodes.`);
    hosts.add(node.host);
    if (node.leader) leaders++;
  }
  if (leaders > 1) bad(`the swarm has ${leaders} leaders.`);
  for (const id of world.hostOrder) {
    const d = world.hosts[id]?.docker;
    if (!d || hosts.has(id)) continue;
    for (const n of Object.values(d.networks)) if (n.driver === 'overlay') bad(`host ${id} keeps overlay network ${n.name} (${n.id}) but is not a swarm node.`);
  }
  const pools = new Map<string, Map<Ip4, string>>();
  const names = new Set<string>();
  for (const [key, sn] of Object.entries(s.networks)) {
    const what = `swarm network ${sn.name} (${key})`;
    if (sn.id !== key) bad(`swarm network ${key} is stored with id ${sn.id}.`);
    if (names.has(sn.name)) bad(`two swarm networks are named ${sn.name} (one is ${key}).`);
    names.add(sn.name);
    checkSubnet(what, sn, bad);
    const exp = new Map<Ip4, string>();
    use(exp, sn.gateway, 'the gateway', what, bad);
    pools.set(key, exp);
  }
  for (const id of hosts) {
    const host = world.hosts[id];
    if (!host?.docker) continue;
    for (const c of Object.values(host.docker.containers)) {
      for (const { network, endpoint: ep } of c.endpoints) {
        const exp = pools.get(network);
        if (exp && ep.ip !== undefined) use(exp, ep.ip, `container ${c.name} on host ${id}`, `swarm network ${s.networks[network]!.name} (${network})`, bad);
      }
    }
    for (const leg of overlayLegs(world, byHost.get(id) ?? [])) {
      for (const [netId, exp] of pools) {
        const sn: SwarmNetwork = s.networks[netId]!;
        if (leg.sandbox === sandboxName(netId)) use(exp, leg.addr, `an overlay sandbox leg on host ${id}`, `swarm network ${sn.name} (${netId})`, bad);
      }
    }
  }
  for (const [netId, exp] of pools) checkPool(`swarm network ${s.networks[netId]!.name} (${netId})`, s.networks[netId]!.subnet, s.networks[netId]!.allocated, exp, bad);
}
