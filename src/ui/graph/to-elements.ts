/**
 * World -> Cytoscape elements: a pure function of the World, so the same World always draws the
 * same graph and `syncGraph` can diff two results by id.
 *
 * Invariants:
 * - ids are derived from the World's stable record ids only (`host:<HostId>`, `ns:<NsId>`,
 *   `if:<IfaceId>`, `link:<IfaceId>:<IfaceId>`, `port:<IfaceId>`), never from names or order;
 * - a parent node is always emitted before its children, and nodes before edges;
 * - a host's root namespace is the host box itself; other namespaces are boxes inside it;
 * - the `gateway` namespace is drawn as one "internet / NAT" cloud and the `segment` namespace as
 *   one LAN switch: their own interfaces are not drawn, links to them end on the cloud or switch;
 * - `lo` is never drawn.
 */
import type { Host, Iface, Netns, World } from '../../sim';
import { formatCidr, formatIp4, nsIfaces, operState } from '../../sim';

/** What a graph node stands for; styles and tests select on `data(kind)`. */
export type GraphNodeKind = 'host' | 'netns' | 'container' | 'internet' | 'lan' | 'ether' | 'veth' | 'bridge';

/** What a graph edge stands for: a veth pair, a cable (NIC to NIC or switch), a bridge port. */
export type GraphEdgeKind = 'veth' | 'cable' | 'port';

/** The data carried by every node this module emits. */
export type GraphNodeData = {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** The World record's own name: hostname, netns name, iface name. */
  name: string;
  parent?: string;
  /** Interfaces: operstate as `ip link` prints it (`UP`, `DOWN`, `LOWERLAYERDOWN`, ...). */
  state?: string;
  /** Interfaces: administratively up (`ip link set X up`), with or without carrier. */
  up?: boolean;
  /** Interfaces: addresses in CIDR notation. */
  addrs?: string[];
};

/** The data carried by every edge this module emits. */
export type GraphEdgeData = {
  id: string;
  kind: GraphEdgeKind;
  source: string;
  target: string;
  label: string;
  /** Both links ends have carrier (drawn solid), else dashed. */
  up: boolean;
};

export type GraphElement = { group: 'nodes'; data: GraphNodeData } | { group: 'edges'; data: GraphEdgeData };

export const hostNodeId = (id: string): string => `host:${id}`;
export const nsNodeId = (id: string): string => `ns:${id}`;
export const ifaceNodeId = (id: string): string => `if:${id}`;

/** Namespaces drawn as a single node whose interfaces are folded into it. */
function isFolded(ns: Netns): boolean {
  return ns.kind === 'gateway' || ns.kind === 'segment';
}

function isFoldedIface(world: World, iface: Iface): boolean {
  const ns = world.netns[iface.ns];
  return ns !== undefined && isFolded(ns);
}

/** The node a link ending on `iface` is drawn to: the iface itself, or its folded namespace. */
function endpointNode(world: World, iface: Iface): string {
  const ns = world.netns[iface.ns];
  return ns && isFolded(ns) ? nsNodeId(ns.id) : ifaceNodeId(iface.id);
}

/** The box an iface of `ns` is drawn in. */
function containerNode(world: World, ns: Netns): string {
  const host = world.hosts[ns.host];
  return host && host.rootNs === ns.id ? hostNodeId(host.id) : nsNodeId(ns.id);
}

/**
 * The name iproute2 prints for a link: `name@ifN` when its veth peer lives in another namespace
 * (ip-link(8), as `ip link` shows `eth0@if9` inside a container).
 */
export function linkName(world: World, iface: Iface): string {
  const peer = iface.peer ? world.ifaces[iface.peer] : undefined;
  if (iface.kind === 'veth' && peer && peer.ns !== iface.ns) return `${iface.name}@if${peer.ifindex}`;
  return iface.name;
}

function addrsOf(iface: Iface): string[] {
  return iface.addrs.map((a) => formatCidr(a.addr, a.prefix));
}

function ifaceNode(world: World, ns: Netns, iface: Iface): GraphElement {
  const addrs = addrsOf(iface);
  const kind: GraphNodeKind = iface.kind === 'bridge' ? 'bridge' : iface.kind === 'veth' ? 'veth' : 'ether';
  return {
    group: 'nodes',
    data: {
      id: ifaceNodeId(iface.id),
      kind,
      label: [iface.name, ...addrs].join('\n'),
      name: iface.name,
      parent: containerNode(world, ns),
      state: operState(world, iface),
      up: iface.up,
      addrs,
    },
  };
}

function nsNode(world: World, ns: Netns, host: Host): GraphElement {
  const kind: GraphNodeKind = ns.kind === 'container' ? 'container' : 'netns';
  const label = ns.kind === 'named' ? `netns ${ns.name}` : ns.name;
  return { group: 'nodes', data: { id: nsNodeId(ns.id), kind, label, name: ns.name, parent: hostNodeId(host.id) } };
}

/** The cloud: the NAT gateway's addresses are what a host sees of the internet. */
function internetNode(world: World, ns: Netns): GraphElement {
  const addrs = nsIfaces(world, ns)
    .filter((i) => i.kind !== 'loopback')
    .flatMap((i) => i.addrs.map((a) => formatIp4(a.addr)));
  return {
    group: 'nodes',
    data: { id: nsNodeId(ns.id), kind: 'internet', label: ['internet / NAT', ...addrs].join('\n'), name: ns.name, addrs },
  };
}

/** The LAN switch, labelled with the subnets of the NICs cabled to it. */
function lanNode(world: World, ns: Netns): GraphElement {
  const subnets = new Set<string>();
  for (const port of nsIfaces(world, ns)) {
    const nic = port.peer ? world.ifaces[port.peer] : undefined;
    for (const a of nic?.addrs ?? []) {
      const mask = a.prefix === 0 ? 0 : (0xffffffff << (32 - a.prefix)) >>> 0;
      subnets.add(formatCidr((a.addr & mask) >>> 0, a.prefix));
    }
  }
  return {
    group: 'nodes',
    data: { id: nsNodeId(ns.id), kind: 'lan', label: ['LAN switch', ...subnets].join('\n'), name: ns.name },
  };
}

function linkEdges(world: World, drawn: ReadonlySet<string>): GraphElement[] {
  const edges: GraphElement[] = [];
  for (const iface of Object.values(world.ifaces)) {
    const other = iface.peer ? world.ifaces[iface.peer] : undefined;
    // Each pair once, from its lower id, so the edge id does not depend on iteration order.
    if (!other || idOrder(iface.id, other.id) > 0) continue;
    // Read from the host's side: the end in a folded namespace (cloud, switch) goes last.
    const [near, peer] = isFoldedIface(world, iface) ? [other, iface] : [iface, other];
    const source = endpointNode(world, near);
    const target = endpointNode(world, peer);
    if (source === target || !drawn.has(source) || !drawn.has(target)) continue;
    edges.push({
      group: 'edges',
      data: {
        id: `link:${iface.id}:${other.id}`,
        kind: iface.kind === 'veth' ? 'veth' : 'cable',
        source,
        target,
        label: `${linkName(world, near)} — ${linkName(world, peer)}`,
        up: operState(world, near) === 'UP' && operState(world, peer) === 'UP',
      },
    });
  }
  return edges;
}

function portEdges(world: World, drawn: ReadonlySet<string>): GraphElement[] {
  const edges: GraphElement[] = [];
  for (const iface of Object.values(world.ifaces)) {
    const bridge = iface.master ? world.ifaces[iface.master] : undefined;
    if (!bridge) continue;
    const source = ifaceNodeId(iface.id);
    const target = ifaceNodeId(bridge.id);
    if (!drawn.has(source) || !drawn.has(target)) continue;
    edges.push({
      group: 'edges',
      data: { id: `port:${iface.id}`, kind: 'port', source, target, label: '', up: iface.up && bridge.up },
    });
  }
  return edges;
}

/**
 * Maps a World to Cytoscape element definitions (no positions: placing is `syncGraph`'s job).
 *
 * @example
 * const els = toElements(createDefaultWorld());
 * els.find((e) => e.data.kind === 'bridge')?.data.name; // 'docker0'
 */
export function toElements(world: World): GraphElement[] {
  const nodes: GraphElement[] = [];
  const folded: GraphElement[] = [];
  for (const hostId of world.hostOrder) {
    const host = world.hosts[hostId];
    if (!host) continue;
    nodes.push({ group: 'nodes', data: { id: hostNodeId(host.id), kind: 'host', label: host.hostname, name: host.hostname } });
    const spaces = Object.values(world.netns).filter((ns) => ns.host === host.id);
    // Root namespace first, then the others in creation order (ids carry the creation sequence).
    spaces.sort((a, b) => (a.id === host.rootNs ? -1 : b.id === host.rootNs ? 1 : idOrder(a.id, b.id)));
    for (const ns of spaces) {
      if (isFolded(ns)) {
        folded.push(ns.kind === 'gateway' ? internetNode(world, ns) : lanNode(world, ns));
        continue;
      }
      if (ns.id !== host.rootNs) nodes.push(nsNode(world, ns, host));
      for (const iface of nsIfaces(world, ns)) {
        if (iface.kind !== 'loopback') nodes.push(ifaceNode(world, ns, iface));
      }
    }
  }
  nodes.push(...folded);
  const drawn = new Set(nodes.map((n) => n.data.id));
  return [...nodes, ...linkEdges(world, drawn), ...portEdges(world, drawn)];
}

/** Orders `ns12` before `ns100`: ids are a prefix and the World's sequence number. */
function idOrder(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}
