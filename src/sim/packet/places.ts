/**
 * Names for the places a trace visits, as a user knows them: a container by its name, a named
 * namespace by its `ip netns` name, a host's root namespace by its hostname, Docker networks by
 * their name. Read-only lookups over a World for explain.ts; nothing here changes it.
 *
 * Invariant: every lookup tolerates ids that no longer exist (a trace may outlive the objects it
 * crossed) and falls back to the raw id rather than throwing.
 */
import { containerNs } from '../docker/container';
import { sandboxOf } from '../docker/dns';
import type { Container, DockerNetwork } from '../docker/types';
import { inPrefix } from '../net/ip4';
import type { Host, HostId, Iface, IfaceId, Ip4, Netns, NsId, World } from '../net/types';

export interface CtrRef {
  host: Host;
  container: Container;
}

/** The running container whose own namespace is `ns` (not one that joins it with container:X). */
export function containerOwning(world: World, ns: NsId): CtrRef | undefined {
  const n = world.netns[ns];
  if (!n || n.kind !== 'container') return undefined;
  const host = world.hosts[n.host];
  const d = host?.docker;
  if (!host || !d) return undefined;
  for (const id of d.containerOrder) {
    const c = d.containers[id];
    if (c && c.ns === ns && c.joins === undefined) return { host, container: c };
  }
  return undefined;
}

/** A container by full id, name or unique id prefix on one host. */
export function findCtr(world: World, hostId: HostId, ref: string): CtrRef | undefined {
  const host = world.hosts[hostId];
  const d = host?.docker;
  if (!host || !d) return undefined;
  const exact = d.containers[ref];
  if (exact) return { host, container: exact };
  const name = ref.replace(/^\//, '');
  const all = d.containerOrder.map((id) => d.containers[id]!).filter(Boolean);
  const byName = all.find((c) => c.name === name);
  if (byName) return { host, container: byName };
  const byPrefix = all.filter((c) => c.id.startsWith(name));
  return byPrefix.length === 1 ? { host, container: byPrefix[0]! } : undefined;
}

/** The namespace a container's processes run in (its own, X's for container:X, the host's for host mode). */
export function ctrNs(world: World, ref: CtrRef): Netns | undefined {
  return containerNs(world, ref.host, ref.container);
}

/** Short name of a namespace: `c1`, `ns1`, `docker-node1`, `internet`, `LAN`. */
export function placeName(world: World, ns: NsId): string {
  const n = world.netns[ns];
  if (!n) return ns;
  switch (n.kind) {
    case 'root':
      return world.hosts[n.host]?.hostname ?? n.name;
    case 'container':
      return containerOwning(world, ns)?.container.name ?? n.name;
    case 'gateway':
      return 'internet';
    case 'segment':
      return 'LAN';
    default:
      return n.name;
  }
}

/** The hostname of the machine `ns` is on. */
export function hostnameOf(world: World, ns: NsId): string | undefined {
  return world.hosts[world.netns[ns]?.host ?? '']?.hostname;
}

/** A namespace with its kind: `container c1`, `netns ns1`, `host docker-node1`, `the NAT gateway`. */
export function nsLabel(world: World, ns: NsId): string {
  const n = world.netns[ns];
  if (!n) return ns;
  const name = placeName(world, ns);
  switch (n.kind) {
    case 'root':
      return `host ${name}`;
    case 'container':
      return `container ${name}`;
    case 'named':
      return `netns ${name}`;
    case 'gateway':
      return 'the NAT gateway (internet)';
    case 'segment':
      return 'the LAN switch';
    case 'overlay':
      return `overlay sandbox ${name} on ${world.hosts[n.host]?.hostname ?? n.host}`;
  }
}

export function ifaceName(world: World, id: IfaceId | undefined): string {
  if (id === undefined) return '';
  return world.ifaces[id]?.name ?? id;
}

/** `c1 eth0`, `docker-node1 docker0`: an interface with the place it lives in. */
export function ifacePlace(world: World, id: IfaceId): string {
  const i = world.ifaces[id];
  if (!i) return id;
  return `${placeName(world, i.ns)} ${i.name}`;
}

/** The Docker network whose Linux bridge is `bridge`. */
export function networkOfBridge(world: World, bridge: Iface | undefined): DockerNetwork | undefined {
  if (!bridge || bridge.kind !== 'bridge') return undefined;
  const d = world.hosts[world.netns[bridge.ns]?.host ?? '']?.docker;
  if (!d) return undefined;
  return Object.values(d.networks).find((n) => n.bridge === bridge.id);
}

/** A Docker network in words: `net1`, or `the default bridge network` for the one called bridge. */
export function networkWords(net: DockerNetwork): string {
  return net.predefined && net.name === 'bridge' ? 'the default bridge network' : net.name;
}

/** A Docker network of `host` by its bridge's name (`docker0`, `br-1a2b…`). */
export function networkByBridgeName(host: Host | undefined, name: string | undefined): DockerNetwork | undefined {
  if (!host?.docker || name === undefined) return undefined;
  return Object.values(host.docker.networks).find((n) => n.bridgeName === name);
}

/** The Docker network of `host` whose subnet holds `ip`. */
export function networkOfAddress(host: Host | undefined, ip: Ip4): DockerNetwork | undefined {
  if (!host?.docker) return undefined;
  return Object.values(host.docker.networks).find((n) => n.subnet && inPrefix(ip, n.subnet.addr, n.subnet.prefix));
}

/** The network segment an interface is on, in words: a Docker network, a bridge, or the link itself. */
export function segmentName(world: World, dev: Iface): string {
  const peer = dev.peer ? world.ifaces[dev.peer] : undefined;
  const br = dev.kind === 'bridge' ? dev : peer?.master ? world.ifaces[peer.master] : dev.master ? world.ifaces[dev.master] : undefined;
  const net = networkOfBridge(world, br);
  if (net) return net.predefined && net.name === 'bridge' ? 'the default bridge network' : `the ${net.name} network`;
  if (br) return `bridge ${br.name}`;
  return `the link of ${dev.name}`;
}

/** Running containers with an endpoint holding `ip`, on any host. */
export function containersWithAddress(world: World, ip: Ip4): { ref: CtrRef; network: DockerNetwork }[] {
  const out: { ref: CtrRef; network: DockerNetwork }[] = [];
  for (const hid of world.hostOrder) {
    const host = world.hosts[hid]!;
    const d = host.docker;
    if (!d) continue;
    for (const id of d.containerOrder) {
      const c = d.containers[id];
      if (!c || c.state !== 'running') continue;
      for (const e of c.endpoints) {
        const net = d.networks[e.network];
        if (net && e.endpoint.ip === ip) out.push({ ref: { host, container: c }, network: net });
      }
    }
  }
  return out;
}

/** Interfaces (in any namespace) that hold `ip`. */
export function ifacesWithAddress(world: World, ip: Ip4): Iface[] {
  return Object.values(world.ifaces).filter((i) => i.addrs.some((a) => a.addr === ip));
}

/** The container whose network sandbox `ref` uses: itself, or X for `--network container:X`. */
export function sandbox(ref: CtrRef): CtrRef {
  const d = ref.host.docker;
  return d ? { host: ref.host, container: sandboxOf(d, ref.container) } : ref;
}

/** The Docker networks a container's sandbox is attached to (container:X shares X's). */
export function ctrNetworks(ref: CtrRef): DockerNetwork[] {
  const d = ref.host.docker;
  if (!d) return [];
  const s = sandboxOf(d, ref.container);
  return s.endpoints.map((e) => d.networks[e.network]).filter((n): n is DockerNetwork => n !== undefined);
}

/** The host's address a user means by "the host": eth1's (the private network), else any NIC's. */
export function hostAddress(world: World, host: Host): Ip4 | undefined {
  const root = world.netns[host.rootNs];
  if (!root) return undefined;
  const ifaces = root.ifaces.map((id) => world.ifaces[id]!).filter(Boolean);
  const global = (i: Iface) => i.addrs.find((a) => a.scope === 'global' && !a.secondary)?.addr;
  const eth1 = ifaces.find((i) => i.name === 'eth1' && global(i) !== undefined);
  if (eth1) return global(eth1);
  const nic = ifaces.find((i) => i.kind === 'ether' && global(i) !== undefined);
  if (nic) return global(nic);
  for (const i of ifaces) if (i.kind !== 'loopback' && global(i) !== undefined) return global(i);
  return undefined;
}

/** The first IPv4 address of a namespace outside lo. */
export function nsAddress(world: World, ns: Netns): Ip4 | undefined {
  for (const id of ns.ifaces) {
    const i = world.ifaces[id];
    if (!i || i.kind === 'loopback') continue;
    const a = i.addrs.find((x) => !x.secondary) ?? i.addrs[0];
    if (a) return a.addr;
  }
  return undefined;
}

/**
 * The prefix that runs a command in namespace `ns` from its host's shell: '' for the root
 * namespace, `ip netns exec NAME ` for a named one; undefined where the host's tools cannot go.
 */
export function nsPrefix(world: World, ns: NsId): string | undefined {
  const n = world.netns[ns];
  if (!n) return undefined;
  if (n.kind === 'root') return '';
  if (n.kind === 'named') return `ip netns exec ${n.name} `;
  return undefined;
}
