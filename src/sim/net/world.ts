/**
 * Creating and looking up the World's records. `getX` throws when missing, `findX` returns undefined.
 */
import { nextId } from './rng';
import type { Host, HostId, Iface, IfaceId, Netns, NsId, NsKind, World } from './types';
import { emptyIptables } from './iptables';

/** When every lab starts: 2026-11-23T09:00:00Z. */
export const LAB_EPOCH = 1795424400000;

export function emptyWorld(seed = 0x5eed): World {
  return { version: 1, rng: seed >>> 0, seq: 0, clock: LAB_EPOCH, hosts: {}, hostOrder: [], netns: {}, ifaces: {} };
}

/**
 * `rec[key]` when it is `rec`'s own entry: a key the user typed (`sysctl constructor`,
 * `--net=toString`) must not reach Object.prototype's members.
 */
export function ownEntry<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export function getNs(world: World, id: NsId): Netns {
  const ns = world.netns[id];
  if (!ns) throw new Error(`no netns ${id}`);
  return ns;
}

export function getIface(world: World, id: IfaceId): Iface {
  const i = world.ifaces[id];
  if (!i) throw new Error(`no iface ${id}`);
  return i;
}

export function getHost(world: World, id: HostId): Host {
  const h = world.hosts[id];
  if (!h) throw new Error(`no host ${id}`);
  return h;
}

export function findHostByName(world: World, hostname: string): Host | undefined {
  return world.hostOrder.map((id) => world.hosts[id]!).find((h) => h.hostname === hostname);
}

export function nsIfaces(world: World, ns: Netns): Iface[] {
  return ns.ifaces.map((id) => world.ifaces[id]!).sort((a, b) => a.ifindex - b.ifindex);
}

export function findIfaceByName(world: World, ns: Netns, name: string): Iface | undefined {
  for (const id of ns.ifaces) {
    const i = world.ifaces[id]!;
    if (i.name === name) return i;
  }
  return undefined;
}

export function findIfaceByIndex(world: World, ns: Netns, ifindex: number): Iface | undefined {
  for (const id of ns.ifaces) {
    const i = world.ifaces[id]!;
    if (i.ifindex === ifindex) return i;
  }
  return undefined;
}

/** A fresh namespace with only `lo` (down), as `unshare -n` / `ip netns add` give. */
export function createNetns(world: World, host: HostId, kind: NsKind, name: string): Netns {
  const id = nextId(world, 'ns');
  const ns: Netns = {
    id,
    host,
    kind,
    name,
    nextIfindex: 1,
    ifaces: [],
    routes: [],
    neigh: [],
    iptables: emptyIptables(),
    conntrack: [],
    ipForward: false,
    bridgeNfCallIptables: true,
    netnsIds: {},
    sockets: [],
    ipv6Disabled: false,
  };
  world.netns[id] = ns;
  const lo: Iface = {
    id: nextId(world, 'if'),
    ns: id,
    ifindex: ns.nextIfindex++,
    name: 'lo',
    kind: 'loopback',
    mac: '00:00:00:00:00:00',
    mtu: 65536,
    up: false,
    qdisc: 'noop',
    txqlen: 1000,
    addrs: [],
  };
  world.ifaces[lo.id] = lo;
  ns.ifaces.push(lo.id);
  return ns;
}

/** The namespace a host's tools run in by default. */
export function hostRootNs(world: World, host: Host): Netns {
  return getNs(world, host.rootNs);
}

export function createHost(world: World, hostname: string): Host {
  const id = nextId(world, 'host');
  const host: Host = { id, hostname, rootNs: '', netns: {}, netnsOrder: [], files: {} };
  world.hosts[id] = host;
  world.hostOrder.push(id);
  host.rootNs = createNetns(world, id, 'root', hostname).id;
  return host;
}
