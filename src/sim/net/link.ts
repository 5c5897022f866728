/**
 * Links: creation, admin state, carrier and operstate, moving between namespaces, bridge ports.
 * Kernel rules modelled here (cf. net/core/dev.c, drivers/net/veth.c, net/bridge/br_if.c):
 * - a veth has carrier only while both ends are up; deleting one end deletes the other;
 * - moving a link to another netns closes it and drops its addresses, routes and bridge master;
 * - a bridge has carrier while one of its ports has; it takes the lowest port MAC unless set;
 * - `lo` gets 127.0.0.1/8 when first brought up.
 */
import { SimError } from './errors';
import { randomMac, nextId } from './rng';
import type { Iface, IfaceKind, Netns, World } from './types';
import { getIface, getNs, nsIfaces, findIfaceByName, findIfaceByIndex } from './world';
import { flushDevRoutes, addPrefixRoutes, flushDevNeigh } from './addr';

export function hasCarrier(world: World, iface: Iface): boolean {
  if (!iface.up) return false;
  switch (iface.kind) {
    case 'loopback':
      return true;
    case 'veth':
    case 'ether': {
      if (!iface.peer) return false;
      return world.ifaces[iface.peer]?.up ?? false;
    }
    case 'bridge': {
      // A new bridge has carrier until port state selection first runs: when a port is added or
      // its MAC is set (br_port_state_selection turns it off with no live port).
      const ports = bridgePorts(world, iface);
      if (ports.length === 0 && !iface.hadPort && !iface.macFixed) return true;
      return ports.some((p) => hasCarrier(world, p));
    }
    case 'macvlan': {
      // A stacked device follows its lower device's carrier (netif_stacked_transfer_operstate).
      const lower = iface.link ? world.ifaces[iface.link] : undefined;
      return lower !== undefined && hasCarrier(world, lower);
    }
    case 'vxlan':
      return true;
  }
}

export function operState(world: World, iface: Iface): 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN' {
  if (!iface.up) return 'DOWN';
  // A vxlan device never reports carrier changes: `state UNKNOWN` while up, as on a real kernel.
  if (iface.kind === 'loopback' || iface.kind === 'vxlan') return 'UNKNOWN';
  if (iface.kind === 'bridge' && !iface.hadPort && !iface.macFixed && bridgePorts(world, iface).length === 0) return 'UNKNOWN';
  if (hasCarrier(world, iface)) return 'UP';
  return iface.kind === 'veth' || iface.kind === 'macvlan' ? 'LOWERLAYERDOWN' : 'DOWN';
}

export function bridgePorts(world: World, bridge: Iface): Iface[] {
  return nsIfaces(world, getNs(world, bridge.ns)).filter((i) => i.master === bridge.id);
}

/**
 * dev_new_index: the next index after the last one handed out that no link of the namespace
 * holds (a link moved in keeps its own index, which a later one must skip).
 */
function allocIfindex(world: World, ns: Netns): number {
  while (findIfaceByIndex(world, ns, ns.nextIfindex)) ns.nextIfindex++;
  return ns.nextIfindex++;
}

function insertIface(world: World, ns: Netns, iface: Iface): void {
  world.ifaces[iface.id] = iface;
  ns.ifaces.push(iface.id);
}

export function assertNameFree(world: World, ns: Netns, name: string): void {
  if (findIfaceByName(world, ns, name)) throw new SimError('RTNETLINK answers: File exists');
}

export function assertValidIfname(name: string): void {
  if (name.length === 0 || name.length > 15 || /[\s/:]/.test(name) || name === '.' || name === '..') {
    throw new SimError(`Error: argument "${name}" is wrong: "name" not a valid ifname\n`, 1);
  }
}

function newIface(world: World, ns: Netns, name: string, kind: IfaceKind, mac: string): Iface {
  return {
    id: nextId(world, 'if'),
    ns: ns.id,
    ifindex: 0,
    name,
    kind,
    mac,
    mtu: 1500,
    up: false,
    qdisc: 'noop',
    ...(kind === 'bridge' ? {} : { txqlen: 1000 }),
    addrs: [],
  };
}

/**
 * `ip link add NAME type veth peer name PEER`. The kernel registers the peer first, so the peer
 * gets the lower ifindex (drivers/net/veth.c veth_newlink).
 */
export function createVethPair(
  world: World,
  ns: Netns,
  name: string,
  peerName: string,
  peerNs: Netns = ns,
): { a: Iface; b: Iface } {
  assertValidIfname(name);
  assertValidIfname(peerName);
  assertNameFree(world, ns, name);
  assertNameFree(world, peerNs, peerName);
  if (ns.id === peerNs.id && name === peerName) throw new SimError('RTNETLINK answers: File exists');
  const b = newIface(world, peerNs, peerName, 'veth', '');
  b.ifindex = allocIfindex(world, peerNs);
  b.mac = randomMac(world);
  const a = newIface(world, ns, name, 'veth', '');
  a.ifindex = allocIfindex(world, ns);
  a.mac = randomMac(world);
  a.peer = b.id;
  b.peer = a.id;
  insertIface(world, peerNs, b);
  insertIface(world, ns, a);
  if (ns.id !== peerNs.id) {
    netnsIdOf(ns, peerNs.id);
    netnsIdOf(peerNs, ns.id);
  }
  return { a, b };
}

/** A physical NIC (`ether`), optionally cabled to `peer` (another NIC or a switch port). */
export function createEther(world: World, ns: Netns, name: string, mac: string, qdisc: Iface['qdisc']): Iface {
  const i = newIface(world, ns, name, 'ether', mac);
  i.ifindex = allocIfindex(world, ns);
  i.qdisc = qdisc;
  insertIface(world, ns, i);
  return i;
}

/** Linux's VXLAN port when `dstport` is not given (IANA's 4789 must be asked for). */
export const VXLAN_DEFAULT_PORT = 8472;

/** The UDP port a vxlan device sends to and listens on. */
export function vxlanPort(vx: Iface): number {
  return vx.vxlan?.port || VXLAN_DEFAULT_PORT;
}

/**
 * Registers a new link of `kind` in `ns` with the next ifindex (the caller has checked its name):
 * stacked-link.ts makes macvlan and vxlan devices with it.
 */
export function addLink(world: World, ns: Netns, name: string, kind: IfaceKind, mac: string): Iface {
  const i = newIface(world, ns, name, kind, mac);
  i.ifindex = allocIfindex(world, ns);
  insertIface(world, ns, i);
  return i;
}

export function cable(world: World, a: Iface, b: Iface): void {
  a.peer = b.id;
  b.peer = a.id;
}

export function createBridge(world: World, ns: Netns, name: string, mac?: string): Iface {
  assertValidIfname(name);
  assertNameFree(world, ns, name);
  const br = newIface(world, ns, name, 'bridge', mac ?? randomMac(world));
  br.ifindex = allocIfindex(world, ns);
  br.fdb = {};
  if (mac) br.macFixed = true;
  insertIface(world, ns, br);
  return br;
}

/** The id this namespace uses for `other` in `link-netnsid`, allocated on first use (peernet2id_alloc). */
export function netnsIdOf(ns: Netns, other: string): number {
  const known = ns.netnsIds[other];
  if (known !== undefined) return known;
  const used = new Set(Object.values(ns.netnsIds));
  let id = 0;
  while (used.has(id)) id++;
  ns.netnsIds[other] = id;
  return id;
}

export function setLinkUp(world: World, iface: Iface): void {
  if (iface.up) return;
  iface.up = true;
  if (iface.qdisc === 'noop') iface.qdisc = 'noqueue';
  if (iface.kind === 'loopback' && !iface.addrs.some((a) => a.addr === 0x7f000001)) {
    iface.addrs.unshift({ addr: 0x7f000001, prefix: 8, scope: 'host', secondary: false });
  }
  addPrefixRoutes(world, iface);
  refreshLinkLocal(world, iface);
}

export function setLinkDown(world: World, iface: Iface): void {
  if (!iface.up) return;
  iface.up = false;
  delete iface.ll6;
  flushDevRoutes(world, iface);
  flushDevNeigh(world, iface);
  refreshLinkLocal(world, iface);
}

/**
 * IPv6 link-local addresses (EUI-64 from the MAC) appear when a link first has carrier and stay
 * while it is up (addrconf); the peer and the bridge may gain carrier too.
 */
export function refreshLinkLocal(world: World, iface: Iface): void {
  const touched = new Set<Iface>([iface]);
  if (iface.peer) {
    const p = world.ifaces[iface.peer];
    if (p) touched.add(p);
  }
  for (const i of [...touched]) {
    if (i.master) touched.add(getIface(world, i.master));
  }
  for (const i of touched) {
    if (i.kind === 'loopback') continue;
    if (i.up && !i.ll6 && hasCarrier(world, i)) i.ll6 = linkLocalFromMac(i.mac);
  }
}

export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  b[0] = b[0]! ^ 0x02;
  const words = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | 0xff, (0xfe << 8) | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}`;
}

/** br_add_if's extack for a bridge as a port (-ELOOP); brctl, with no extack, words it itself. */
export const BRIDGE_IN_BRIDGE = 'Error: Can not enslave a bridge to a bridge.';

/** `ip link set X master BR`: the bridge must be a bridge in the same netns. */
export function setMaster(world: World, iface: Iface, bridge: Iface): void {
  // Only a bridge has ndo_add_slave here: any other master is -EOPNOTSUPP.
  if (bridge.kind !== 'bridge') throw new SimError('RTNETLINK answers: Operation not supported');
  if (iface.kind === 'loopback') throw new SimError('RTNETLINK answers: Invalid argument');
  // br_add_if refuses a bridge as a port, itself included (ndo_start_xmit == br_dev_xmit: -ELOOP).
  if (iface.kind === 'bridge') throw new SimError(BRIDGE_IN_BRIDGE);
  if (iface.master === bridge.id) return;
  if (iface.master) releasePort(world, iface);
  iface.master = bridge.id;
  bridge.hadPort = true;
  world.seq += 1;
  iface.portSeq = world.seq;
  updateBridgeMac(world, bridge);
  bridgeMtuAuto(world, bridge);
  refreshLinkLocal(world, iface);
}

export function releasePort(world: World, iface: Iface): void {
  const br = iface.master ? world.ifaces[iface.master] : undefined;
  delete iface.master;
  delete iface.portSeq;
  if (br) {
    if (br.fdb) {
      for (const [mac, port] of Object.entries(br.fdb)) if (port === iface.id) delete br.fdb[mac];
    }
    updateBridgeMac(world, br);
    bridgeMtuAuto(world, br);
  }
}

/**
 * br_mtu_auto_adjust: a bridge whose MTU the user never set takes the smallest MTU of its ports
 * (1500 with none), each time a port joins, leaves or changes its MTU.
 */
export function bridgeMtuAuto(world: World, br: Iface): void {
  if (br.mtuByUser) return;
  const ports = bridgePorts(world, br);
  br.mtu = ports.length ? Math.min(...ports.map((p) => p.mtu)) : 1500;
}

/** `ip link set X mtu N` (dev_set_mtu): a bridge's own MTU is then the user's. */
export function setMtu(world: World, iface: Iface, mtu: number): void {
  iface.mtu = mtu;
  if (iface.kind === 'bridge') iface.mtuByUser = true;
  if (iface.master) bridgeMtuAuto(world, getIface(world, iface.master));
}

function updateBridgeMac(world: World, br: Iface): void {
  if (br.macFixed) return;
  const ports = bridgePorts(world, br);
  if (ports.length === 0) return;
  const lowest = ports.map((p) => p.mac).sort()[0]!;
  br.mac = lowest;
}

/** Deletes a link; a veth takes its peer with it, a bridge releases its ports. */
export function deleteLink(world: World, iface: Iface): void {
  if (iface.kind === 'loopback' || iface.kind === 'ether') {
    throw new SimError('RTNETLINK answers: Operation not supported');
  }
  const victims = [iface];
  if (iface.kind === 'veth' && iface.peer) {
    const p = world.ifaces[iface.peer];
    if (p) victims.push(p);
  }
  for (const v of victims) removeIface(world, v);
}

export function removeIface(world: World, iface: Iface): void {
  const ns = getNs(world, iface.ns);
  // macvlan children die with their lower device (macvlan_device_event, NETDEV_UNREGISTER), and so
  // do vxlan devices bound to it with `dev` (vxlan_handle_lowerdev_unregister).
  for (const child of Object.values(world.ifaces)) {
    if ((child.kind === 'macvlan' && child.link === iface.id) || (child.kind === 'vxlan' && child.vxlan?.dev === iface.id)) removeIface(world, child);
  }
  if (iface.kind === 'bridge') for (const p of bridgePorts(world, iface)) releasePort(world, p);
  if (iface.master) releasePort(world, iface);
  setLinkDown(world, iface);
  if (iface.peer) {
    const p = world.ifaces[iface.peer];
    if (p && p.peer === iface.id) {
      delete p.peer;
    }
  }
  ns.ifaces = ns.ifaces.filter((id) => id !== iface.id);
  ns.routes = ns.routes.filter((r) => r.dev !== iface.id);
  ns.neigh = ns.neigh.filter((n) => n.dev !== iface.id);
  delete world.ifaces[iface.id];
}

/** `ip link set X netns N`: close, drop addresses/routes/master, keep ifindex unless it clashes. */
export function moveToNetns(world: World, iface: Iface, target: Netns): void {
  if (iface.ns === target.id) return;
  if (iface.kind === 'loopback' || iface.kind === 'bridge') {
    throw new SimError('RTNETLINK answers: Invalid argument');
  }
  if (findIfaceByName(world, target, iface.name)) throw new SimError('RTNETLINK answers: File exists');
  const from = getNs(world, iface.ns);
  if (iface.master) releasePort(world, iface);
  setLinkDown(world, iface);
  iface.addrs = [];
  from.ifaces = from.ifaces.filter((id) => id !== iface.id);
  from.routes = from.routes.filter((r) => r.dev !== iface.id);
  from.neigh = from.neigh.filter((n) => n.dev !== iface.id);
  if (findIfaceByIndex(world, target, iface.ifindex)) iface.ifindex = allocIfindex(world, target);
  iface.ns = target.id;
  target.ifaces.push(iface.id);
  // A vxlan device away from its underlay (its socket's namespace) reports that one as its link net.
  if (iface.kind === 'vxlan' && iface.vxlan && iface.vxlan.underlay !== target.id) {
    const under = world.netns[iface.vxlan.underlay];
    if (under) {
      netnsIdOf(target, under.id);
      netnsIdOf(under, target.id);
    }
  }
  // A veth's peer, or a macvlan's lower device, in another namespace gets a link-netnsid.
  const other = iface.peer ?? iface.link;
  if (other && (iface.kind === 'veth' || iface.kind === 'macvlan')) {
    const o = getIface(world, other);
    if (o.ns !== target.id) {
      netnsIdOf(target, o.ns);
      netnsIdOf(getNs(world, o.ns), target.id);
    }
  }
}

export function renameLink(world: World, iface: Iface, name: string): void {
  assertValidIfname(name);
  if (iface.name === name) return;
  if (iface.up) throw new SimError('RTNETLINK answers: Device or resource busy');
  assertNameFree(world, getNs(world, iface.ns), name);
  iface.name = name;
}

/** `dev<ifindex>`, else dev_alloc_name's "dev%d": the lowest devN not in use in `ns`. */
function fallbackName(world: World, ns: Netns, ifindex: number): string {
  if (!findIfaceByName(world, ns, `dev${ifindex}`)) return `dev${ifindex}`;
  let n = 0;
  while (findIfaceByName(world, ns, `dev${n}`)) n++;
  return `dev${n}`;
}

/**
 * A namespace goes away (last reference dropped): its veths die with their peers, as in
 * default_device_exit_batch, and other namespaces forget its netnsid.
 */
export function destroyNetns(world: World, id: string): void {
  const ns = getNs(world, id);
  const root = world.netns[world.hosts[ns.host]?.rootNs ?? ''];
  for (const ifId of [...ns.ifaces]) {
    const i = world.ifaces[ifId];
    if (!i) continue;
    // A physical NIC is not destroyed: it goes back to the host's namespace, down and without
    // addresses, renamed dev<ifindex> if its name is taken there, or the first free devN if that
    // is taken too (default_device_exit_net's "dev%d" fallback): this never fails.
    if (i.kind === 'ether' && root && root.id !== id) {
      if (findIfaceByName(world, root, i.name)) i.name = fallbackName(world, root, i.ifindex);
      moveToNetns(world, i, root);
      continue;
    }
    if (i.kind === 'veth' && i.peer) {
      const p = world.ifaces[i.peer];
      if (p) removeIface(world, p);
    }
    removeIface(world, i);
  }
  // A vxlan device whose socket lives here goes too, wherever it was moved (vxlan_exit_batch_rtnl).
  for (const i of Object.values(world.ifaces)) if (i.kind === 'vxlan' && i.vxlan?.underlay === id && world.ifaces[i.id]) removeIface(world, i);
  delete world.netns[id];
  for (const other of Object.values(world.netns)) delete other.netnsIds[id];
}
