/**
 * libnetwork's overlay driver (20.10, drivers/overlay) written as kernel operations, per host:
 * - the network sandbox `1-<first 10 of the id>` (NsKind 'overlay'): `br0` with the gateway address
 *   (MTU 1450) and `vxlan0`, made in the host namespace as `vx-<vni hex>-<id5>` (VNI, dstport 4789,
 *   proxy, l2miss, l3miss, no learning), moved in, renamed and enslaved to br0;
 * - an endpoint: a veth pair made in the host namespace, the sandbox end `veth<n>` on br0, the other
 *   end moved into the container (eth<n>, MAC 02:42 + IP bytes, MTU 1450);
 * - a container with no bridge network gets a leg on `docker_gwbridge` for its default route;
 * - peers (peerAdd): for every endpoint on another host, a vxlan0 FDB entry (MAC -> that host's
 *   address) and a PERMANENT neighbour (IP -> MAC) on vxlan0, recomputed whenever an endpoint comes
 *   or goes, on every host of the network.
 * - the load-balancer endpoint `lb-NAME` (namespace `lb_<id9>`) that 20.10 gives each host with a
 *   container on an attachable network, and the ingress sandbox `ingress_sbox` (ingress-endpoint).
 *
 * Checked on a real 20.10.24 (docker/__golden__/real/swarm-overlay.txt): addresses in order of
 * attachment (container first, then lb-NAME), br0's MAC = vxlan0's, sandbox veth names.
 */
import { addAddress, addRoute } from '../net/addr';
import { SimError } from '../net/errors';
import { broadcastOf, formatIp4, inPrefix } from '../net/ip4';
import { createVxlan } from '../net/stacked-link';
import { createBridge, destroyNetns, moveToNetns, renameLink, setLinkUp, setMaster, setMtu } from '../net/link';
import type { Host, HostId, Iface, Ip4, Netns, World } from '../net/types';
import { createNetns, findIfaceByName, getNs, nsIfaces } from '../net/world';
import { allocateAddress, releaseAddress } from './ipam';
import { bridgeOf, leaveEndpoint, macFromIp, onBridge, plugVeth } from './endpoint';
import { randomId } from './ids';
import { daemonError } from './network';
import { nodeOf } from './swarm';
import type { Container, DockerNetwork, DockerState, Endpoint, SwarmNetwork } from './types';

export const OVERLAY_MTU = 1450;
export const VXLAN_PORT = 4789;

/** Namespace names on a host: the network sandbox, the load balancer's, and the ingress sandbox. */
export const sandboxName = (netId: string) => `1-${netId.slice(0, 10)}`;
const lbName = (netId: string) => `lb_${netId.slice(0, 9)}`;
const INGRESS_SBOX = 'ingress_sbox';

export const GW_BRIDGE = 'docker_gwbridge';

/** The daemon's record of a swarm network (same id on every node), as `docker network ls` lists it. */
export function overlayRecord(sn: SwarmNetwork): DockerNetwork {
  return {
    id: sn.id, name: sn.name, driver: 'overlay', created: sn.created, predefined: false, subnet: sn.subnet,
    ...(sn.subnetText !== undefined ? { subnetText: sn.subnetText } : {}), ...(sn.ipRange ? { ipRange: sn.ipRange } : {}), gateway: sn.gateway,
    userSubnet: sn.subnetText !== undefined, showGateway: true, internal: sn.internal,
    options: { 'com.docker.network.driver.overlay.vxlanid_list': String(sn.vni) }, labels: { ...sn.labels },
    icc: true, masquerade: false, mtu: OVERLAY_MTU, allocated: [], attachable: sn.attachable, ingress: sn.ingress, vni: sn.vni,
  };
}

/** This host's record of the swarm network, made when the node first needs it. */
export function localOverlay(host: Host, sn: SwarmNetwork): DockerNetwork {
  const d = host.docker!;
  d.networks[sn.id] ??= overlayRecord(sn);
  return d.networks[sn.id]!;
}

/** A swarm network by id, name or unique id prefix, for a node that does not list it yet. */
export function findSwarmNetwork(world: World, host: Host, ref: string): SwarmNetwork | undefined {
  if (!nodeOf(world, host)) return undefined;
  const all = Object.values(world.swarm!.networks);
  const exact = all.find((n) => n.id === ref) ?? all.find((n) => n.name === ref);
  if (exact) return exact;
  const m = all.filter((n) => n.id.startsWith(ref));
  return m.length === 1 ? m[0] : undefined;
}

/** The record of swarm network `netId` for a member node that does not list it yet (a worker's first use). */
export function unlistedOverlayRecord(world: World, host: Host, netId: string): DockerNetwork | undefined {
  const sn = world.swarm?.networks[netId];
  return sn && nodeOf(world, host) ? overlayRecord(sn) : undefined;
}

/** An overlay-kind namespace of a host by name (sandboxName, lbName, INGRESS_SBOX). */
export function findOverlayNs(world: World, host: HostId, name: string): Netns | undefined {
  return Object.values(world.netns).find((ns) => ns.host === host && ns.kind === 'overlay' && ns.name === name);
}

/** The network sandbox: br0 (gateway address) and vxlan0, made on the host's first endpoint. */
export function ensureSandbox(world: World, host: Host, n: DockerNetwork): Netns {
  const have = findOverlayNs(world, host.id, sandboxName(n.id));
  if (have) return have;
  const root = getNs(world, host.rootNs);
  const sb = createNetns(world, host.id, 'overlay', sandboxName(n.id));
  sb.ipv6Disabled = true;
  setLinkUp(world, findIfaceByName(world, sb, 'lo')!);
  const br = createBridge(world, sb, 'br0');
  setMtu(world, br, OVERLAY_MTU);
  const s = n.subnet!;
  addAddress(world, br, n.gateway!, s.prefix, { brd: broadcastOf(n.gateway!, s.prefix) });
  const vni = n.vni!;
  const vx = createVxlan(world, root, `vx-${vni.toString(16).padStart(6, '0')}-${n.id.slice(0, 5)}`, {
    vni, port: VXLAN_PORT, learning: false, proxy: true, l2miss: true, l3miss: true,
  });
  moveToNetns(world, vx, sb);
  renameLink(world, vx, 'vxlan0');
  setMtu(world, vx, OVERLAY_MTU);
  setMaster(world, vx, br);
  setLinkUp(world, vx);
  setLinkUp(world, br);
  n.nextVeth = 0;
  return sb;
}

/**
 * Plugs namespace `into` into the network's sandbox: veth pair made in the host namespace (the
 * `into` end first, so it has the lower ifindex), sandbox end veth<n> on br0, the other end renamed
 * `ifname` with the address. Returns both ends.
 */
export function plugSandbox(world: World, host: Host, n: DockerNetwork, into: Netns, ip: Ip4, ifname: string): { inner: Iface; sbEnd: Iface } {
  const sb = ensureSandbox(world, host, n);
  const { inner, outer: sbEnd } = plugVeth(world, host, {
    into, ifname, mtu: OVERLAY_MTU, mac: macFromIp(ip), ip, prefix: n.subnet!.prefix,
    attachOuter: (outer) => {
      moveToNetns(world, outer, sb);
      renameLink(world, outer, `veth${n.nextVeth ?? 0}`);
      n.nextVeth = (n.nextVeth ?? 0) + 1;
      setMaster(world, outer, findIfaceByName(world, sb, 'br0')!);
      setLinkUp(world, outer);
    },
  });
  return { inner, sbEnd };
}

/** The cluster-wide allocator's next address for a swarm network (lowest free). */
export function allocateOverlayAddress(sn: SwarmNetwork): Ip4 {
  // The record shares sn.allocated, so the address is taken in the swarm's own list.
  return allocateAddress({ ...overlayRecord(sn), allocated: sn.allocated });
}

/**
 * The checks of `docker run/start --network OV` on a swarm network, and the address the swarm
 * allocator gives (the attachment is made at start).
 */
export function planOverlay(world: World, host: Host, n: DockerNetwork, staticIp: Ip4 | undefined): Ip4 {
  const sn = world.swarm?.networks[n.id];
  if (!sn) throw daemonError(`network ${n.name} not found`);
  if (!sn.attachable || sn.ingress) {
    throw daemonError(`Could not attach to network ${n.name}: rpc error: code = PermissionDenied desc = network ${n.name} not manually attachable`);
  }
  if (staticIp !== undefined) {
    if (!inPrefix(staticIp, sn.subnet.addr, sn.subnet.prefix)) {
      throw daemonError(`Invalid address ${formatIp4(staticIp)}: It does not belong to any of this network's subnets`);
    }
    if (sn.allocated.includes(staticIp)) throw daemonError('Address already in use');
  }
  // A copy of the swarm's list: planning takes nothing.
  const view = { ...overlayRecord(sn), allocated: [...sn.allocated] };
  try {
    const ip = staticIp ?? allocateAddress(view);
    if (staticIp !== undefined) view.allocated.push(staticIp);
    // This host's first container on the network also needs the lb-NAME address.
    if (!findOverlayNs(world, host.id, lbName(n.id))) allocateAddress(view);
    return ip;
  } catch (e) {
    if (e instanceof SimError) throw daemonError(e.message);
    throw e;
  }
}

/** The load-balancer endpoint of this host on an attachable network (`lb-NAME`, namespace lb_<id9>). */
function ensureLbEndpoint(world: World, host: Host, n: DockerNetwork, sn: SwarmNetwork): void {
  if (findOverlayNs(world, host.id, lbName(n.id))) return;
  const ip = allocateOverlayAddress(sn);
  const ns = createNetns(world, host.id, 'overlay', lbName(n.id));
  ns.ipv6Disabled = true;
  setLinkUp(world, findIfaceByName(world, ns, 'lo')!);
  plugSandbox(world, host, n, ns, ip, 'eth0');
}

/**
 * Joins a container's sandbox to an overlay network (the driver's Join + the swarm attachment):
 * the address was planned by planOverlay.
 */
export function joinOverlay(world: World, host: Host, c: Container, net: DockerNetwork, ip: Ip4, staticIp: Ip4 | undefined, aliases: string[]): Endpoint {
  const sn = world.swarm!.networks[net.id]!;
  // `net` may be a planning view (a worker's first use): this host's record keeps the veth counter.
  const n = localOverlay(host, sn);
  const fresh = !sn.allocated.includes(ip);
  if (fresh) sn.allocated.push(ip);
  const ns = getNs(world, c.ns!);
  // The swarm allocator gave the container its address first; 20.10 then plugs the host's
  // lb-NAME endpoint (next address) before the container's own veth.
  try {
    ensureLbEndpoint(world, host, n, sn);
  } catch (e) {
    if (fresh) sn.allocated = sn.allocated.filter((a) => a !== ip);
    throw e;
  }
  const { inner, sbEnd } = plugSandbox(world, host, n, ns, ip, `eth${c.nextEth++}`);
  const ep: Endpoint = {
    id: randomId(world), network: n.id, ip, prefix: n.subnet!.prefix, mac: inner.mac,
    ...(staticIp !== undefined ? { staticIp } : {}), aliases, ctrIface: inner.id, hostIface: sbEnd.id,
  };
  c.endpoints.push({ network: n.id, endpoint: ep });
  syncPeers(world, n.id);
  return ep;
}

/** An overlay endpoint went away: its address goes back to the cluster allocator, peers follow. */
export function leaveOverlay(world: World, netId: string, ip: Ip4 | undefined): void {
  const sn = world.swarm?.networks[netId];
  if (sn && ip !== undefined) sn.allocated = sn.allocated.filter((a) => a !== ip);
  syncPeers(world, netId);
}

/** The ingress sandbox of a node: ingress-endpoint on the ingress network, eth1 on docker_gwbridge. */
export function ensureIngressSandbox(world: World, host: Host): void {
  const s = world.swarm!;
  const sn = Object.values(s.networks).find((x) => x.ingress);
  if (!sn) return;
  if (findOverlayNs(world, host.id, INGRESS_SBOX)) return;
  const n = localOverlay(host, sn);
  const ns = createNetns(world, host.id, 'overlay', INGRESS_SBOX);
  ns.ipv6Disabled = true;
  setLinkUp(world, findIfaceByName(world, ns, 'lo')!);
  const ip = allocateOverlayAddress(sn);
  plugSandbox(world, host, n, ns, ip, 'eth0');
  const gw = findGwBridge(host.docker!);
  if (gw) plugGwBridge(world, host, gw, ns, 'eth1', 'gateway_ingress-sbox');
  syncPeers(world, n.id);
}

/**
 * A leg on docker_gwbridge (a veth `veth<7 hex>` on the bridge, `ifname` inside, MAC 02:42 + IP)
 * with the default route through it: libnetwork's endpoint `epName`. Returns the endpoint (its address is taken from the bridge's IPAM).
 */
export function plugGwBridge(world: World, host: Host, gw: DockerNetwork, into: Netns, ifname: string, epName: string): Endpoint {
  const bridge = bridgeOf(world, host, gw, epName);
  const ip = allocateAddress(gw);
  const prefix = gw.subnet!.prefix;
  const { inner, outer } = plugVeth(world, host, {
    into, ifname, mtu: gw.mtu, mac: macFromIp(ip), ip, prefix, attachOuter: onBridge(world, bridge),
  });
  addRoute(world, into, { dst: 0, prefix: 0, via: gw.gateway!, dev: inner.id, proto: 'boot', scope: 'global' });
  return { id: randomId(world), network: gw.id, ip, prefix, gateway: gw.gateway!, mac: inner.mac, aliases: [], hidden: true, ctrIface: inner.id, hostIface: outer.id };
}

/** This host's docker_gwbridge network (swarm.ts ensureGwBridge makes it when the node enters a swarm). */
export function findGwBridge(d: DockerState): DockerNetwork | undefined {
  return Object.values(d.networks).find((n) => n.name === GW_BRIDGE);
}

/** The endpoints plugged into a host's sandbox of the network: MAC and address of each far end. */
function localEndpoints(world: World, sb: Netns, n: { subnet: { addr: Ip4; prefix: number } }): { mac: string; ip: Ip4 }[] {
  const out: { mac: string; ip: Ip4 }[] = [];
  for (const i of nsIfaces(world, sb)) {
    if (i.kind !== 'veth' || !i.peer) continue;
    const far = world.ifaces[i.peer];
    const a = far?.addrs.find((x) => inPrefix(x.addr, n.subnet.addr, n.subnet.prefix));
    if (far && a) out.push({ mac: far.mac, ip: a.addr });
  }
  return out;
}

/**
 * peerAdd/peerDelete for every host of the network: vxlan0's FDB (MAC -> the other host's
 * advertise address) and PERMANENT neighbours (IP -> MAC on vxlan0) for the endpoints elsewhere.
 */
export function syncPeers(world: World, netId: string): void {
  const s = world.swarm;
  const sn = s?.networks[netId];
  const boxes = Object.values(world.netns).filter((ns) => ns.kind === 'overlay' && ns.name === sandboxName(netId));
  const eps = boxes.map((sb) => ({ sb, addr: s?.nodes.find((x) => x.host === sb.host)?.addr, eps: sn ? localEndpoints(world, sb, sn) : [] }));
  for (const { sb } of eps) {
    const vx = findIfaceByName(world, sb, 'vxlan0');
    if (!vx?.vxlan) continue;
    const fdb: { mac: string; dst: Ip4 }[] = [];
    const neigh: Netns['neigh'] = [];
    for (const other of eps) {
      if (other.sb.id === sb.id || other.addr === undefined) continue;
      for (const e of other.eps) {
        fdb.push({ mac: e.mac, dst: other.addr });
        neigh.push({ ip: e.ip, dev: vx.id, mac: e.mac, state: 'PERMANENT' });
      }
    }
    vx.vxlan.fdb = fdb;
    sb.neigh = [...sb.neigh.filter((x) => x.dev !== vx.id), ...neigh];
  }
}

/**
 * This host drops its record of a swarm network (leave, network rm): containers on it are
 * disconnected when `force`, the sandboxes go, peers elsewhere follow.
 */
export function removeLocalOverlay(world: World, host: Host, n: DockerNetwork, force: boolean): void {
  const d = host.docker!;
  const users = Object.values(d.containers).filter((c) => c.endpoints.some((e) => e.network === n.id));
  if (users.length && !force) throw new SimError(`Error response from daemon: network ${n.name} is in use`, 1);
  // Running containers are disconnected (they keep running): addresses back, docker_gwbridge legs gone.
  for (const c of users) leaveEndpoint(world, host, c, n.id, false);
  for (const c of Object.values(d.containers)) c.wanted = c.wanted.filter((w) => w.network !== n.id);
  const sn = world.swarm?.networks[n.id];
  for (const ns of Object.values(world.netns)) {
    if (ns.host !== host.id || ns.kind !== 'overlay') continue;
    if (ns.name === sandboxName(n.id) || ns.name === lbName(n.id) || (n.ingress && ns.name === INGRESS_SBOX)) {
      // The lb-NAME and ingress-endpoint addresses go back to the swarm allocator, the ingress
      // sandbox's docker_gwbridge address to the bridge's.
      const gw = findGwBridge(d);
      for (const i of nsIfaces(world, ns)) {
        for (const a of i.addrs) {
          if (sn && ns.name !== sandboxName(n.id) && inPrefix(a.addr, sn.subnet.addr, sn.subnet.prefix)) sn.allocated = sn.allocated.filter((x) => x !== a.addr);
          if (gw?.subnet && inPrefix(a.addr, gw.subnet.addr, gw.subnet.prefix)) releaseAddress(gw, a.addr);
        }
      }
      destroyNetns(world, ns.id);
    }
  }
  delete d.networks[n.id];
  syncPeers(world, n.id);
}
