/**
 * The edges of the drawing (to-elements.ts draws the nodes): veth pairs and cables between the
 * nodes their ends are drawn as, bridge ports, VXLAN tunnels from their VTEP, macvlan children to
 * their lower device. An end inside a folded namespace (NAT cloud, LAN switch, overlay) ends on
 * that namespace's node; an edge whose ends fold into one node is not drawn.
 */
import type { Iface, World } from '../../sim';
import { formatIp4, operState, vxlanPort } from '../../sim';
import { ifaceNodeId, nsNodeId } from './graph-ids';
import { isFoldedNs, isOverlaySandbox, overlayNodeId, vtepOf } from './overlay-network';
import type { GraphEdgeKind, GraphElement } from './to-elements';

function isFoldedIface(world: World, iface: Iface): boolean {
  const ns = world.netns[iface.ns];
  return ns !== undefined && isFoldedNs(ns);
}

/** The node a link ending on `iface` is drawn to: the iface itself, or its folded namespace. */
function endpointNode(world: World, iface: Iface): string {
  const ns = world.netns[iface.ns];
  if (ns && isOverlaySandbox(ns)) return overlayNodeId(ns);
  return ns && isFoldedNs(ns) ? nsNodeId(ns.id) : ifaceNodeId(iface.id);
}

/**
 * The name iproute2 prints for a link: `name@ifN` when its veth peer lives in another namespace
 * (ip-link(8), as `ip link` shows `eth0@if9` inside a container).
 */
function linkName(world: World, iface: Iface): string {
  const peer = iface.peer ? world.ifaces[iface.peer] : undefined;
  if (iface.kind === 'veth' && peer && peer.ns !== iface.ns) return `${iface.name}@if${peer.ifindex}`;
  return iface.name;
}

/**
 * The edge joining the nodes `near` and `far` are drawn as (`source` and `target`); none when
 * one of them is not drawn or both fold into one node.
 */
function edgeBetween(
  world: World,
  drawn: ReadonlySet<string>,
  near: Iface,
  far: Iface,
  edge: { id: string; kind: GraphEdgeKind; label: string; up: boolean },
): GraphElement[] {
  const source = endpointNode(world, near);
  const target = endpointNode(world, far);
  if (source === target || !drawn.has(source) || !drawn.has(target)) return [];
  return [{ group: 'edges', data: { id: edge.id, kind: edge.kind, source, target, label: edge.label, up: edge.up } }];
}

export function linkEdges(world: World, drawn: ReadonlySet<string>): GraphElement[] {
  const edges: GraphElement[] = [];
  for (const iface of Object.values(world.ifaces)) {
    const other = iface.peer ? world.ifaces[iface.peer] : undefined;
    // Each pair once, from its lower id, so the edge id does not depend on iteration order.
    if (!other || idOrder(iface.id, other.id) > 0) continue;
    // Read from the host's side: the end in a folded namespace (cloud, switch) goes last.
    const [near, peer] = isFoldedIface(world, iface) ? [other, iface] : [iface, other];
    edges.push(...edgeBetween(world, drawn, near, peer, {
      id: `link:${iface.id}:${other.id}`,
      kind: iface.kind === 'veth' ? 'veth' : 'cable',
      label: `${linkName(world, near)} — ${linkName(world, peer)}`,
      up: operState(world, near) === 'UP' && operState(world, peer) === 'UP',
    }));
  }
  return edges;
}

/** A VXLAN device's tunnel: from the VTEP (the underlay NIC) to the device or its overlay. */
export function tunnelEdges(world: World, drawn: ReadonlySet<string>): GraphElement[] {
  const edges: GraphElement[] = [];
  for (const iface of Object.values(world.ifaces)) {
    if (iface.kind !== 'vxlan' || !iface.vxlan) continue;
    const vtep = vtepOf(world, iface);
    if (!vtep) continue;
    edges.push(...edgeBetween(world, drawn, vtep.iface, iface, {
      id: `tunnel:${iface.id}`,
      kind: 'tunnel',
      label: `VTEP ${formatIp4(vtep.addr)} · UDP ${vxlanPort(iface)}`,
      up: operState(world, iface) === 'UP' && operState(world, vtep.iface) === 'UP',
    }));
  }
  return edges;
}

/** A macvlan child hangs off its lower device (in the host, even when the child is in a container). */
export function macvlanEdges(world: World, drawn: ReadonlySet<string>): GraphElement[] {
  const edges: GraphElement[] = [];
  for (const iface of Object.values(world.ifaces)) {
    const lower = iface.kind === 'macvlan' && iface.link ? world.ifaces[iface.link] : undefined;
    if (!lower) continue;
    edges.push(...edgeBetween(world, drawn, iface, lower, {
      id: `macvlan:${iface.id}`,
      kind: 'macvlan',
      label: `macvlan ${iface.macvlanMode ?? 'bridge'}`,
      up: operState(world, iface) === 'UP',
    }));
  }
  return edges;
}

export function portEdges(world: World, drawn: ReadonlySet<string>): GraphElement[] {
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

/** Orders `ns12` before `ns100`: ids are a prefix and the World's sequence number. */
export function idOrder(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}
