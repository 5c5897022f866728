/**
 * Click-to-probe: which ProbeEndpoint a picked graph node stands for. Pure: it reads the node's
 * data (the graph element contract of to-elements.ts) and the World, nothing else.
 *
 * - a container (its namespace box, or the leaf of a container without one) -> the container;
 * - a named namespace box -> the netns; a host box -> the host;
 * - a bridge or an iface with an address -> that address; one without -> the box it sits in;
 * - the internet cloud -> a public name the internet answers for.
 */
import { formatIp4 } from '../../sim';
import type { HostId, Ip4, ProbeEndpoint, World } from '../../sim';

/** The name probes to the internet cloud go to. */
export const INTERNET_NAME = 'www.baidu.com';

/** What the picker reads of a node: its data, and its parent's (for ifaces without an address). */
export interface PickedNode {
  id: string;
  kind?: string;
  container?: string;
  ns?: string;
  host?: string;
  iface?: string;
  addrs?: string[];
  parent?: PickedNode | null;
}

function hostOfContainer(world: World, container: string): HostId | undefined {
  return world.hostOrder.find((h) => world.hosts[h]?.docker?.containers[container] !== undefined);
}

/** Container id from the node data, or from the namespace it owns. */
function containerOf(world: World, node: PickedNode): string | undefined {
  if (node.container) return node.container;
  const ns = node.ns ?? (node.id.startsWith('ns:') ? node.id.slice(3) : undefined);
  const leaf = node.id.startsWith('ctr:') ? node.id.slice(4) : undefined;
  if (leaf) return leaf;
  for (const h of world.hostOrder) {
    const found = Object.values(world.hosts[h]?.docker?.containers ?? {}).find((c) => c.ns === ns);
    if (found) return found.id;
  }
  return undefined;
}

/** The iface's first IPv4 address, read from the World (the node's `addrs` are only its label). */
function firstAddress(world: World, node: PickedNode): Ip4 | undefined {
  return node.iface !== undefined ? world.ifaces[node.iface]?.addrs[0]?.addr : undefined;
}

/** The endpoint a picked node stands for, or an error saying why it cannot be probed. */
export function endpointOf(world: World, node: PickedNode): { ok: true; endpoint: ProbeEndpoint; label: string } | { ok: false; error: string } {
  switch (node.kind) {
    case 'container': {
      const container = containerOf(world, node);
      const host = container ? hostOfContainer(world, container) : undefined;
      if (!container || !host) return { ok: false, error: 'This container is gone.' };
      const name = world.hosts[host]?.docker?.containers[container]?.name ?? container.slice(0, 12);
      return { ok: true, endpoint: { kind: 'container', host, container }, label: name };
    }
    case 'netns': {
      const ns = node.ns ?? node.id.replace(/^ns:/, '');
      const n = world.netns[ns];
      if (!n) return { ok: false, error: 'This namespace is gone.' };
      return { ok: true, endpoint: { kind: 'netns', host: n.host, ns }, label: `netns ${n.name}` };
    }
    case 'host': {
      const host = node.host ?? node.id.replace(/^host:/, '');
      const h = world.hosts[host];
      if (!h) return { ok: false, error: 'This host is gone.' };
      return { ok: true, endpoint: { kind: 'host', host }, label: h.hostname };
    }
    case 'internet':
      return { ok: true, endpoint: { kind: 'internet', name: INTERNET_NAME }, label: INTERNET_NAME };
    case 'bridge':
    case 'ether':
    case 'veth':
    case 'macvlan':
    case 'vxlan': {
      const ip = firstAddress(world, node);
      if (ip !== undefined) return { ok: true, endpoint: { kind: 'address', ip }, label: formatIp4(ip) };
      // An iface without an address stands for the stack it belongs to.
      if (node.parent) return endpointOf(world, node.parent);
      return { ok: false, error: `${node.kind === 'bridge' ? 'This bridge' : 'This interface'} has no IP address to probe.` };
    }
    default:
      return { ok: false, error: 'Pick a container, a namespace, a host, an address or the internet.' };
  }
}

/** A short name for an endpoint, for the hint and the panel ("c1", "netns red", "10.0.2.15"). */
export function endpointLabel(world: World, ep: ProbeEndpoint): string {
  switch (ep.kind) {
    case 'container':
      return world.hosts[ep.host]?.docker?.containers[ep.container]?.name ?? ep.container.slice(0, 12);
    case 'netns':
      return `netns ${world.netns[ep.ns]?.name ?? ep.ns}`;
    case 'host':
      return world.hosts[ep.host]?.hostname ?? ep.host;
    case 'address':
      return formatIp4(ep.ip);
    case 'internet':
      return ep.name;
  }
}
