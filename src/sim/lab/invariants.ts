/**
 * What must hold of every World the shell leaves behind (issue 7): the records agree with each
 * other, so no command can see a half-made or half-deleted object. One pass over the World,
 * linear in its size (the shell fuzz calls it after every line that changes the World).
 *
 * Strong references (must name an existing record of the right kind): an iface's namespace and
 * the namespace's list of ifaces, veth peers, bridge masters, a macvlan's lower link, a vxlan's
 * underlay, route/neighbour/FDB devices, hosts' namespaces and order, containers' namespaces and
 * endpoints' networks, swarm nodes' hosts and the overlay records of swarm networks.
 *
 * Weak references: Docker keeps ids of kernel devices a user may delete behind its back, as on a
 * real host (`ip link del docker0`, `ip link del veth1234567`), and the settings of a stopped
 * container may name a network removed since (20.10 then fails the start with `network X not
 * found`). Such an id may name nothing (ids come from a counter and are never reused), but when it
 * names something it must be the right thing.
 *
 * IPAM is exact: each pool's allocated set is the gateway, the aux addresses and the addresses of
 * the endpoints (and of the overlay sandboxes' own legs) using it, nothing more, nothing twice.
 */
import { networkOf } from '../net/ip4';
import type { Netns, World } from '../net/types';
import type { Session } from '../shell/context';
import { checkDocker, checkSwarm, ip, isPrefix, isU32, type Bad } from './invariants-docker';

const KINDS = new Set(['loopback', 'ether', 'veth', 'bridge', 'vxlan', 'macvlan']);
const NS_KINDS = new Set(['root', 'named', 'container', 'gateway', 'segment', 'overlay']);

/** Each broken invariant of `world`, as one sentence naming the ids involved; [] when it is sound. */
export function worldViolations(world: World): string[] {
  const out: string[] = [];
  const bad = (msg: string) => {
    out.push(msg);
  };
  checkHosts(world, bad);
  checkNamespaces(world, bad);
  checkIfaces(world, bad);
  const byHost = new Map<string, Netns[]>();
  for (const ns of Object.values(world.netns)) {
    const list = byHost.get(ns.host);
    if (list) list.push(ns);
    else byHost.set(ns.host, [ns]);
  }
  for (const id of world.hostOrder) {
    const host = world.hosts[id];
    if (host?.docker) checkDocker(world, host, byHost.get(id) ?? [], bad);
  }
  checkSwarm(world, byHost, bad);
  return out;
}

function checkHosts(world: World, bad: Bad): void {
  const seen = new Set<string>();
  for (const id of world.hostOrder) {
    if (seen.has(id)) bad(`host ${id} is listed twice in hostOrder.`);
    seen.add(id);
    if (!world.hosts[id]) bad(`hostOrder names host ${id}, which does not exist.`);
  }
  const names = new Set<string>();
  for (const [key, h] of Object.entries(world.hosts)) {
    if (h.id !== key) bad(`host ${key} is stored with id ${h.id}.`);
    if (!seen.has(key)) bad(`host ${key} is missing from hostOrder.`);
    if (names.has(h.hostname)) bad(`hostname ${h.hostname} is used by two hosts (one is ${key}).`);
    names.add(h.hostname);
    const root = world.netns[h.rootNs];
    if (!root) bad(`host ${key}'s root namespace ${h.rootNs} does not exist.`);
    else if (root.kind !== 'root' || root.host !== key) bad(`host ${key}'s root namespace ${h.rootNs} is a ${root.kind} namespace of host ${root.host}.`);
    const order = new Set(h.netnsOrder);
    if (order.size !== h.netnsOrder.length) bad(`host ${key}'s netnsOrder lists a name twice: ${h.netnsOrder.join(' ')}.`);
    for (const name of h.netnsOrder) if (!(name in h.netns)) bad(`host ${key}'s netnsOrder names ${name}, which is not one of its namespaces.`);
    for (const [name, nsId] of Object.entries(h.netns)) {
      if (!order.has(name)) bad(`host ${key}'s namespace ${name} (${nsId}) is missing from its netnsOrder.`);
      const ns = world.netns[nsId];
      if (!ns) bad(`host ${key}'s namespace ${name} names ${nsId}, which does not exist.`);
      else if (ns.kind !== 'named' || ns.host !== key || ns.name !== name) {
        bad(`host ${key}'s namespace ${name} names ${nsId}, a ${ns.kind} namespace "${ns.name}" of host ${ns.host}.`);
      }
    }
  }
}

function checkNamespaces(world: World, bad: Bad): void {
  const listedBy = new Map<string, string>();
  for (const [key, ns] of Object.entries(world.netns)) {
    if (ns.id !== key) bad(`namespace ${key} is stored with id ${ns.id}.`);
    if (!NS_KINDS.has(ns.kind)) bad(`namespace ${key} has an unknown kind ${String(ns.kind)}.`);
    const host = world.hosts[ns.host];
    if (!host) bad(`namespace ${key} belongs to host ${ns.host}, which does not exist.`);
    else if (ns.kind === 'named' && host.netns[ns.name] !== key) bad(`named namespace ${key} (${ns.name}) is not listed by its host ${ns.host}.`);
    else if (ns.kind === 'root' && host.rootNs !== key) bad(`root namespace ${key} is not the root namespace of its host ${ns.host}.`);
    const indexes = new Set<number>();
    const names = new Set<string>();
    for (const ifId of ns.ifaces) {
      const other = listedBy.get(ifId);
      if (other !== undefined) bad(`iface ${ifId} is listed by namespace ${other} and by namespace ${key}.`);
      listedBy.set(ifId, key);
      const i = world.ifaces[ifId];
      if (!i) {
        bad(`namespace ${key} lists iface ${ifId}, which does not exist.`);
        continue;
      }
      if (i.ns !== key) bad(`namespace ${key} lists iface ${ifId} (${i.name}), which says it is in namespace ${i.ns}.`);
      if (indexes.has(i.ifindex)) bad(`ifindex ${i.ifindex} is used twice in namespace ${key} (one is iface ${ifId} ${i.name}).`);
      indexes.add(i.ifindex);
      if (!(Number.isInteger(i.ifindex) && i.ifindex >= 1)) bad(`iface ${ifId} (${i.name}) has a bad ifindex ${i.ifindex}.`);
      if (names.has(i.name)) bad(`the name ${i.name} is used twice in namespace ${key} (one is iface ${ifId}).`);
      names.add(i.name);
    }
    for (const r of ns.routes) {
      const dev = world.ifaces[r.dev];
      if (!dev) bad(`a route to ${ip(r.dst)}/${r.prefix} in namespace ${key} uses dev ${r.dev}, which does not exist.`);
      else if (dev.ns !== key) bad(`a route to ${ip(r.dst)}/${r.prefix} in namespace ${key} uses dev ${r.dev} (${dev.name}) of namespace ${dev.ns}.`);
      if (!isU32(r.dst) || !isPrefix(r.prefix) || networkOf(r.dst, r.prefix) !== r.dst) bad(`namespace ${key} has a route to a bad prefix ${ip(r.dst)}/${r.prefix}.`);
      if (r.via !== undefined && !isU32(r.via)) bad(`a route in namespace ${key} has a bad gateway ${String(r.via)}.`);
    }
    for (const n of ns.neigh) {
      const dev = world.ifaces[n.dev];
      if (!dev) bad(`neighbour ${ip(n.ip)} in namespace ${key} is on dev ${n.dev}, which does not exist.`);
      else if (dev.ns !== key) bad(`neighbour ${ip(n.ip)} in namespace ${key} is on dev ${n.dev} (${dev.name}) of namespace ${dev.ns}.`);
    }
    for (const other of Object.keys(ns.netnsIds)) {
      if (!world.netns[other]) bad(`namespace ${key} keeps a netnsid for namespace ${other}, which does not exist.`);
    }
  }
  for (const id of Object.keys(world.ifaces)) {
    if (!listedBy.has(id)) bad(`iface ${id} (${world.ifaces[id]!.name}) is listed by no namespace.`);
  }
}

function checkIfaces(world: World, bad: Bad): void {
  for (const [key, i] of Object.entries(world.ifaces)) {
    const what = (): string => `iface ${key} (${i.name})`;
    if (i.id !== key) bad(`iface ${key} is stored with id ${i.id}.`);
    if (!KINDS.has(i.kind)) bad(`${what()} has an unknown kind ${String(i.kind)}.`);
    if (!world.netns[i.ns]) bad(`${what()} is in namespace ${i.ns}, which does not exist.`);
    for (const a of i.addrs) {
      if (!isU32(a.addr) || !isPrefix(a.prefix)) bad(`${what()} has a bad address ${ip(a.addr)}/${a.prefix}.`);
      if (a.brd !== undefined && !isU32(a.brd)) bad(`${what()} has a bad broadcast ${String(a.brd)} on ${ip(a.addr)}/${a.prefix}.`);
    }
    if (i.peer !== undefined) {
      const p = world.ifaces[i.peer];
      if (!p) bad(`${what()}'s peer ${i.peer} does not exist.`);
      else if (p.peer !== key) bad(`${what()}'s peer ${i.peer} (${p.name}) points at ${p.peer ?? 'nothing'}, not back at it.`);
      else if (p.kind !== i.kind) bad(`${what()} is a ${i.kind} whose peer ${i.peer} is a ${p.kind}.`);
      if (i.kind !== 'veth' && i.kind !== 'ether') bad(`${what()} is a ${i.kind} with a peer ${i.peer}.`);
    } else if (i.kind === 'veth') bad(`veth ${key} (${i.name}) has no peer.`);
    if (i.master !== undefined) {
      const m = world.ifaces[i.master];
      if (!m) bad(`${what()}'s master ${i.master} does not exist.`);
      else if (m.kind !== 'bridge') bad(`${what()}'s master ${i.master} (${m.name}) is a ${m.kind}, not a bridge.`);
      else if (m.ns !== i.ns) bad(`${what()} in namespace ${i.ns} is enslaved to bridge ${i.master} (${m.name}) in namespace ${m.ns}.`);
      if (i.master === key || i.kind === 'loopback' || i.kind === 'bridge') bad(`${what()}, a ${i.kind}, is enslaved to ${i.master}.`);
    }
    if (i.fdb !== undefined) {
      if (i.kind !== 'bridge') bad(`${what()} is a ${i.kind} with a bridge FDB.`);
      for (const [mac, port] of Object.entries(i.fdb)) {
        const p = world.ifaces[port];
        if (!p) bad(`bridge ${key} (${i.name}) has FDB entry ${mac} on port ${port}, which does not exist.`);
        else if (p.master !== key) bad(`bridge ${key} (${i.name}) has FDB entry ${mac} on ${port} (${p.name}), which is not its port.`);
      }
    }
    if (i.kind === 'macvlan') {
      const low = i.link === undefined ? undefined : world.ifaces[i.link];
      if (!low) bad(`macvlan ${key} (${i.name})'s lower link ${i.link ?? '(none)'} does not exist.`);
    } else if (i.link !== undefined) bad(`${what()} is a ${i.kind} with a lower link ${i.link}.`);
    if (i.kind === 'vxlan') {
      const v = i.vxlan;
      if (!v) bad(`vxlan ${key} (${i.name}) has no vxlan settings.`);
      else {
        if (!world.netns[v.underlay]) bad(`vxlan ${key} (${i.name})'s underlay namespace ${v.underlay} does not exist.`);
        if (v.dev !== undefined && !world.ifaces[v.dev]) bad(`vxlan ${key} (${i.name})'s underlay device ${v.dev} does not exist.`);
      }
    } else if (i.vxlan !== undefined) bad(`${what()} is a ${i.kind} with vxlan settings.`);
  }
}

/** A shell's state as the lab keeps it (lab.ts `Shell`). */
export interface ShellState {
  host: string;
  session: Session | null;
}

/** Each shell whose host, container or namespace is gone; [] when every shell stands on something. */
export function shellViolations(world: World, shells: ReadonlyMap<string, ShellState> | Record<string, ShellState>): string[] {
  const out: string[] = [];
  const entries = shells instanceof Map ? [...shells] : Object.entries(shells);
  for (const [id, sh] of entries) {
    const host = world.hosts[sh.host];
    if (!host) {
      out.push(`shell ${id} is on host ${sh.host}, which does not exist.`);
      continue;
    }
    const s = sh.session;
    if (s?.container !== undefined && host.docker?.containers[s.container]?.state !== 'running') {
      out.push(`shell ${id} is inside container ${s.container} on host ${sh.host}, which is not running.`);
    }
    if (s?.ns !== undefined) {
      const ns: Netns | undefined = world.netns[s.ns];
      if (!ns || ns.host !== sh.host) out.push(`shell ${id} is inside namespace ${s.ns}, which is not a namespace of host ${sh.host}.`);
    }
  }
  return out;
}
