/**
 * World -> Cytoscape elements: a pure function of the World, so the same World always draws the
 * same graph and `syncGraph` can diff two results by id.
 *
 * Invariants:
 * - ids are derived from the World's stable record ids only (`host:<HostId>`, `ns:<NsId>`,
 *   `if:<IfaceId>`, `ctr:<ContainerId>`, `pub:<ContainerId>:<i>`, `link:<IfaceId>:<IfaceId>`,
 *   `port:<IfaceId>`, `publish:<ContainerId>:<i>`), never from names or order;
 * - a parent node is always emitted before its children, and nodes before edges;
 * - a host's root namespace is the host box itself; other namespaces are boxes inside it; a
 *   container's own namespace is a box of kind 'container' (its first holder's name and image);
 * - a running container without a namespace of its own (`--network host`, `container:X`, or a
 *   second holder of X's namespace) and a stopped one are a `ctr:` leaf: in X's box for
 *   `container:X`, else in the host box (greyed when not running);
 * - the `gateway` namespace is drawn as one "internet / NAT" cloud and the `segment` namespace as
 *   one LAN switch: their own interfaces are not drawn, links to them end on the cloud or switch;
 * - the `overlay` namespaces (Docker's `1-<netid10>` sandbox holding br0 + vxlan0, one per host)
 *   of one overlay network are folded into ONE node `ovl:<netid10>` spanning the hosts; the
 *   containers' veths end on it, and each host's VTEP (the underlay NIC whose address is the
 *   tunnel's end) gets a `tunnel:<vxlan IfaceId>` edge to it;
 * - a macvlan iface hangs off its lower device with a `macvlan:<IfaceId>` edge, a vxlan iface
 *   drawn on its own (raw `ip link add ... type vxlan`) gets a `tunnel:` edge to its VTEP;
 * - `lo` is never drawn.
 *
 * The nodes are built here; the edges between them in to-edges.ts.
 */
import type { Host, Iface, Netns, NsId, World } from '../../sim';
import type { Container, DockerState } from '../../sim';
import { formatCidr, formatIp4, nsIfaces, operState } from '../../sim';
import { isFoldedNs, isOverlaySandbox, overlayInfo, overlayNodeId } from './overlay-network';
import { containerNodeId, hostNodeId, ifaceNodeId, nsNodeId } from './graph-ids';
import { idOrder, linkEdges, macvlanEdges, portEdges, tunnelEdges } from './to-edges';

export { containerNodeId, hostNodeId, ifaceNodeId, nsNodeId } from './graph-ids';

/** What a graph node stands for; styles and tests select on `data(kind)`. */
export type GraphNodeKind =
  | 'host'
  | 'netns'
  | 'container'
  | 'internet'
  | 'lan'
  | 'ether'
  | 'veth'
  | 'bridge'
  | 'publish'
  | 'overlay'
  | 'vxlan'
  | 'macvlan';

/**
 * What a graph edge stands for: a veth pair, a cable (NIC to NIC or switch), a bridge port, a
 * published port, a VXLAN tunnel end (VTEP to its overlay), a macvlan child on its lower device.
 */
export type GraphEdgeKind = 'veth' | 'cable' | 'port' | 'publish' | 'tunnel' | 'macvlan';

/** How a container is networked (`docker run --network ...`); 'user' is a user-defined network. */
export type ContainerMode = 'bridge' | 'host' | 'none' | 'container' | 'user';

/** The image families that have an icon; anything else draws the generic one. */
export const IMAGE_FAMILIES = ['busybox', 'alpine', 'nginx', 'tomcat', 'centos', 'redis', 'mysql'] as const;
export type ImageFamily = (typeof IMAGE_FAMILIES)[number] | 'generic';

/** The data carried by every node this module emits. */
export type GraphNodeData = {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** The World record's own name: hostname, netns name, iface name, container name. */
  name: string;
  parent?: string;
  /** Host boxes: the HostId. */
  host?: string;
  /** Namespace boxes and interfaces: the NsId they stand for or live in. */
  ns?: string;
  /** Interfaces: the IfaceId. */
  iface?: string;
  /** Interfaces: operstate as `ip link` prints it (`UP`, `DOWN`, `LOWERLAYERDOWN`, ...). */
  state?: string;
  /** Interfaces: administratively up (`ip link set X up`), with or without carrier. */
  up?: boolean;
  /** Interfaces: addresses in CIDR notation; the cloud: the gateway's addresses. */
  addrs?: string[];
  /** Bridges of Docker networks: the network's name (`bridge` for docker0). */
  network?: string;
  /** Containers and their published ports: the full container id. */
  container?: string;
  /** Containers: the image as typed (`nginx`, `tomcat:7`), and its icon family. */
  image?: string;
  icon?: ImageFamily;
  running?: boolean;
  mode?: ContainerMode;
  /** Boxes: how many interfaces and container leaves they hold (the style makes room for the title above them). */
  holds?: number;
  guests?: number;
  /** Overlay networks and vxlan ifaces: the VXLAN network identifier. */
  vni?: number;
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


/** The icon family of an image reference: `library/nginx:1.21` -> nginx. */
export function imageFamily(image: string): ImageFamily {
  const repo = image.split('@')[0]!.split(':')[0]!.split('/').pop() ?? '';
  return (IMAGE_FAMILIES as readonly string[]).includes(repo) ? (repo as ImageFamily) : 'generic';
}

/** HostConfig.NetworkMode as the graph tells it apart. */
export function containerMode(c: Container): ContainerMode {
  const m = c.networkMode;
  if (m === 'default' || m === 'bridge') return 'bridge';
  if (m === 'host' || m === 'none') return m;
  if (m.startsWith('container:')) return 'container';
  return 'user';
}

/** The box an iface of `ns` is drawn in. */
function boxOf(world: World, ns: Netns): string {
  const host = world.hosts[ns.host];
  return host && host.rootNs === ns.id ? hostNodeId(host.id) : nsNodeId(ns.id);
}

function addrsOf(iface: Iface): string[] {
  return iface.addrs.map((a) => formatCidr(a.addr, a.prefix));
}

/** What the World's Docker daemons say about namespaces and bridges, indexed once per call. */
interface DockerIndex {
  /** Namespace -> the running containers in it, owner (the box's name) first. */
  byNs: Map<NsId, Container[]>;
  /** Bridge iface -> Docker network name. */
  networkOfBridge: Map<string, string>;
}

function indexDocker(world: World): DockerIndex {
  const byNs = new Map<NsId, Container[]>();
  const networkOfBridge = new Map<string, string>();
  for (const hostId of world.hostOrder) {
    const d = world.hosts[hostId]?.docker;
    if (!d) continue;
    for (const n of Object.values(d.networks)) if (n.bridge) networkOfBridge.set(n.bridge, n.name);
    for (const id of d.containerOrder) {
      const c = d.containers[id];
      if (!c?.ns || c.state !== 'running') continue;
      const list = byNs.get(c.ns);
      if (list) list.push(c);
      else byNs.set(c.ns, [c]);
    }
  }
  return { byNs, networkOfBridge };
}

const NODE_KIND_OF_IFACE: Partial<Record<Iface['kind'], GraphNodeKind>> = { bridge: 'bridge', veth: 'veth', vxlan: 'vxlan', macvlan: 'macvlan' };

/** The chip's title: `docker0 · bridge`, `eth0 · macvlan of eth1`, `vxlan0 · VNI 42`. */
function ifaceTitle(world: World, iface: Iface, network: string | undefined): string {
  if (network) return `${iface.name} · ${network}`;
  if (iface.kind === 'macvlan') {
    const lower = iface.link ? world.ifaces[iface.link] : undefined;
    return `${iface.name} · macvlan of ${lower?.name ?? '?'}`;
  }
  if (iface.kind === 'vxlan' && iface.vxlan) return `${iface.name} · VNI ${iface.vxlan.vni}`;
  return iface.name;
}

function ifaceNode(world: World, ns: Netns, iface: Iface, dx: DockerIndex): GraphElement {
  const addrs = addrsOf(iface);
  const kind: GraphNodeKind = NODE_KIND_OF_IFACE[iface.kind] ?? 'ether';
  const network = kind === 'bridge' ? dx.networkOfBridge.get(iface.id) : undefined;
  const title = ifaceTitle(world, iface, network);
  const data: GraphNodeData = {
    id: ifaceNodeId(iface.id),
    kind,
    label: [title, ...addrs].join('\n'),
    name: iface.name,
    parent: boxOf(world, ns),
    iface: iface.id,
    ns: ns.id,
    state: operState(world, iface),
    up: iface.up,
    addrs,
  };
  if (network !== undefined) data.network = network;
  if (iface.vxlan) data.vni = iface.vxlan.vni;
  return { group: 'nodes', data };
}

/** The container's addresses on its networks, in connect order. */
function containerIps(c: Container): string[] {
  return c.endpoints.flatMap((e) => (e.endpoint.ip === undefined ? [] : [formatIp4(e.endpoint.ip)]));
}

function containerFacts(c: Container): Pick<GraphNodeData, 'container' | 'image' | 'icon' | 'running' | 'mode'> {
  return { container: c.id, image: c.image, icon: imageFamily(c.image), running: c.state === 'running', mode: containerMode(c) };
}

function nsNode(ns: Netns, host: Host, owner: Container | undefined, holds: number, guests: number): GraphElement {
  const base = { id: nsNodeId(ns.id), parent: hostNodeId(host.id), ns: ns.id, holds, guests };
  if (owner) {
    const ips = containerIps(owner);
    const sub = ips.length > 0 ? ips : [owner.networkMode === 'none' ? 'no network (lo only)' : 'lo only'];
    return {
      group: 'nodes',
      data: { ...base, kind: 'container', label: [`${owner.name} · ${owner.image}`, ...sub].join('\n'), name: owner.name, ...containerFacts(owner) },
    };
  }
  const kind: GraphNodeKind = ns.kind === 'container' ? 'container' : 'netns';
  const label = ns.kind === 'named' ? `netns ${ns.name}` : ns.name;
  return { group: 'nodes', data: { ...base, kind, label, name: ns.name } };
}

/** A container drawn as a leaf: host network, sharing another's stack, or not running. */
function containerLeaf(c: Container, parent: string, d: DockerState): GraphElement {
  let sub: string;
  if (c.state !== 'running') sub = c.state === 'created' ? 'created' : `exited (${c.exitCode})`;
  else if (c.networkMode === 'host') sub = 'host network';
  else {
    const ref = c.joins ? d.containers[c.joins] : undefined;
    sub = ref ? `shares ${ref.name}'s network` : 'shares a network';
  }
  return {
    group: 'nodes',
    data: { id: containerNodeId(c.id), kind: 'container', label: `${c.name} · ${c.image}\n${sub}`, name: c.name, parent, ...containerFacts(c) },
  };
}

/** The cloud: the NAT gateway's addresses are what a host sees of the internet. */
function internetNode(world: World, ns: Netns): GraphElement {
  const addrs = nsIfaces(world, ns)
    .filter((i) => i.kind !== 'loopback')
    .flatMap((i) => i.addrs.map((a) => formatIp4(a.addr)));
  return {
    group: 'nodes',
    data: { id: nsNodeId(ns.id), kind: 'internet', label: ['internet / NAT', ...addrs].join('\n'), name: ns.name, ns: ns.id, addrs },
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
    data: { id: nsNodeId(ns.id), kind: 'lan', label: ['LAN switch', ...subnets].join('\n'), name: ns.name, ns: ns.id },
  };
}

/** One node per overlay network, however many hosts hold its sandbox. */
function overlayNode(world: World, ns: Netns): GraphElement {
  const info = overlayInfo(world, ns);
  const title = [info.name, info.subnet ? `overlay ${info.subnet}` : 'overlay', info.vni !== undefined ? `VNI ${info.vni}` : undefined];
  const label = title.filter((x) => x !== undefined).join(' · ');
  const data: GraphNodeData = { id: overlayNodeId(ns), kind: 'overlay', label, name: info.name, ns: ns.id };
  if (info.network !== undefined) data.network = info.network;
  if (info.vni !== undefined) data.vni = info.vni;
  return { group: 'nodes', data };
}

/** `0.0.0.0:8080 -> web:80` (and `/udp` when not tcp), as `docker port` reads it. */
function publishLabel(c: Container, p: Container['ports'][number]): string {
  const proto = p.proto === 'tcp' ? '' : `/${p.proto}`;
  return `${p.hostIp || '0.0.0.0'}:${p.hostPort} -> ${c.name}:${p.containerPort}${proto}`;
}

/**
 * Maps a World to Cytoscape element definitions (no positions: placing is `syncGraph`'s job).
 *
 * @example
 * const els = toElements(createDefaultWorld());
 * els.find((e) => e.data.kind === 'bridge')?.data.network; // 'bridge' (docker0)
 */
export function toElements(world: World): GraphElement[] {
  const dx = indexDocker(world);
  const nodes: GraphElement[] = [];
  const folded: GraphElement[] = [];
  const publishes: GraphElement[] = [];
  const publishEdges: GraphElement[] = [];
  const overlays = new Map<string, GraphElement>();
  const spacesOf = new Map<string, Netns[]>();
  for (const ns of Object.values(world.netns)) {
    const list = spacesOf.get(ns.host);
    if (list) list.push(ns);
    else spacesOf.set(ns.host, [ns]);
  }
  for (const hostId of world.hostOrder) {
    const host = world.hosts[hostId];
    if (!host) continue;
    const hostBox = hostNodeId(host.id);
    nodes.push({ group: 'nodes', data: { id: hostBox, kind: 'host', label: host.hostname, name: host.hostname, host: host.id } });
    const spaces = spacesOf.get(host.id) ?? [];
    // Root namespace first, then the others in creation order (ids carry the creation sequence).
    spaces.sort((a, b) => (a.id === host.rootNs ? -1 : b.id === host.rootNs ? 1 : idOrder(a.id, b.id)));
    const d = host.docker;
    /** Leaves waiting for their box: container:X partners go in after X's interfaces. */
    const guests = new Map<string, GraphElement[]>();
    const hostLeaves: GraphElement[] = [];
    if (d) {
      for (const id of d.containerOrder) {
        const c = d.containers[id];
        if (!c) continue;
        const owners = c.ns ? dx.byNs.get(c.ns) : undefined;
        if (c.state === 'running' && owners?.[0] === c) continue; // drawn as its namespace's box
        const shared = c.state === 'running' ? (c.ns ?? (c.joins ? d.containers[c.joins]?.ns : undefined)) : undefined;
        const box = shared && world.netns[shared] ? nsNodeId(shared) : hostBox;
        const leaf = containerLeaf(c, box, d);
        if (box === hostBox) hostLeaves.push(leaf);
        else guests.set(box, [...(guests.get(box) ?? []), leaf]);
      }
    }
    for (const ns of spaces) {
      if (isOverlaySandbox(ns)) {
        // The first host holding the sandbox draws the network; the others join it.
        const id = overlayNodeId(ns);
        if (!overlays.has(id)) overlays.set(id, overlayNode(world, ns));
        continue;
      }
      if (isFoldedNs(ns)) {
        folded.push(ns.kind === 'gateway' ? internetNode(world, ns) : lanNode(world, ns));
        continue;
      }
      const ifaces = nsIfaces(world, ns).filter((i) => i.kind !== 'loopback');
      if (ns.id !== host.rootNs) {
        const inside = guests.get(nsNodeId(ns.id)) ?? [];
        nodes.push(nsNode(ns, host, dx.byNs.get(ns.id)?.[0], ifaces.length, inside.length));
      }
      for (const iface of ifaces) nodes.push(ifaceNode(world, ns, iface, dx));
      nodes.push(...(guests.get(nsNodeId(ns.id)) ?? []));
    }
    nodes.push(...hostLeaves);
    if (d) {
      for (const id of d.containerOrder) {
        const c = d.containers[id];
        if (!c || c.state !== 'running') continue;
        const target = c.ns && dx.byNs.get(c.ns)?.[0] === c ? nsNodeId(c.ns) : containerNodeId(c.id);
        c.ports.forEach((p, i) => {
          const pub = `pub:${c.id}:${i}`;
          publishes.push({
            group: 'nodes',
            data: { id: pub, kind: 'publish', label: publishLabel(c, p), name: `${p.hostPort}/${p.proto}`, parent: hostBox, container: c.id },
          });
          publishEdges.push({
            group: 'edges',
            data: { id: `publish:${c.id}:${i}`, kind: 'publish', source: pub, target, label: '', up: true },
          });
        });
      }
    }
  }
  nodes.push(...publishes, ...folded, ...overlays.values());
  const drawn = new Set(nodes.map((n) => n.data.id));
  return [
    ...nodes,
    ...linkEdges(world, drawn),
    ...portEdges(world, drawn),
    ...tunnelEdges(world, drawn),
    ...macvlanEdges(world, drawn),
    ...publishEdges.filter((e) => e.group === 'edges' && drawn.has(e.data.target)),
  ];
}
