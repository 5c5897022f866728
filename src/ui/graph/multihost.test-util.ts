/**
 * Multi-host Worlds for the graph's and the trace's tests, built with the kernel API the way
 * Docker's overlay driver builds them (docker/libnetwork drivers/overlay): on each host a sandbox
 * namespace `1-<netid10>` holding br0 (the gateway address) and vxlan0 (VNI 4096, dstport 4789,
 * proxy l2miss l3miss, created in the host namespace then moved in), the containers' veths on br0,
 * and an `overlay` network record in each daemon. A macvlan container on docker-node1 too.
 */
import type { DockerNetwork, Host, Iface, Netns, World } from '../../sim';
import { addAddress } from '../../sim/net/addr';
import { createBridge, createVethPair, moveToNetns, setLinkUp, setMaster } from '../../sim/net/link';
import { createMacvlan, createVxlan } from '../../sim/net/stacked-link';
import { createNetns, findIfaceByName } from '../../sim/net/world';
import { createLabWorld } from '../../sim/lab/lab';

export const OVERLAY_ID = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
export const OVERLAY_NS = '1-abcdef0123';

function root(world: World, host: Host): Netns {
  return world.netns[host.rootNs]!;
}

function hostNamed(world: World, name: string): Host {
  return Object.values(world.hosts).find((h) => h.hostname === name)!;
}

/** The overlay network record, as each daemon of the swarm holds it. */
function overlayRecord(): DockerNetwork {
  return {
    id: OVERLAY_ID, name: 'ov1', driver: 'overlay' as DockerNetwork['driver'], created: 0, predefined: false,
    subnet: { addr: 0x0a000100, prefix: 24 }, gateway: 0x0a000101, userSubnet: false, showGateway: true,
    internal: false, options: {}, labels: {}, icc: true,
  } as DockerNetwork;
}

function up(world: World, ...ifaces: Iface[]): void {
  for (const i of ifaces) setLinkUp(world, i);
}

/** The overlay sandbox on `host`: br0 10.0.1.1/24 and vxlan0 with a forwarding entry per peer VTEP. */
export function addOverlaySandbox(world: World, host: Host, peers: number[]): Netns {
  const d = host.docker!;
  d.networks[OVERLAY_ID] = overlayRecord();
  const ns = createNetns(world, host.id, 'overlay', OVERLAY_NS);
  up(world, findIfaceByName(world, ns, 'lo')!);
  const br0 = createBridge(world, ns, 'br0');
  addAddress(world, br0, 0x0a000101, 24);
  const vx = createVxlan(world, root(world, host), 'vxlan0', { vni: 4096, port: 4789, learning: false, proxy: true, l2miss: true, l3miss: true });
  for (const dst of peers) vx.vxlan!.fdb.push({ mac: '00:00:00:00:00:00', dst });
  moveToNetns(world, vx, ns);
  setMaster(world, vx, br0);
  up(world, br0, vx);
  return ns;
}

/**
 * A namespace on the overlay (named, so `ip netns exec NAME ...` reaches it): eth0 at `ip`/24 with
 * MAC `mac`, its peer `veth<n>` on br0.
 */
export function addOverlayContainer(world: World, host: Host, sandbox: Netns, name: string, ip: number, mac: string): Netns {
  const ns = createNetns(world, host.id, 'named', name);
  host.netns[name] = ns.id;
  up(world, findIfaceByName(world, ns, 'lo')!);
  const br0 = findIfaceByName(world, sandbox, 'br0')!;
  const { a, b } = createVethPair(world, sandbox, `veth${sandbox.ifaces.length}`, 'eth0', ns);
  setMaster(world, a, br0);
  b.mac = mac;
  addAddress(world, b, ip, 24);
  up(world, a, b);
  return ns;
}

/** A container namespace whose eth0 is a macvlan child of the host's eth1 (`-d macvlan -o parent=eth1`). */
export function addMacvlanContainer(world: World, host: Host, name: string, ip: number): Netns {
  const ns = createNetns(world, host.id, 'container', name);
  up(world, findIfaceByName(world, ns, 'lo')!);
  const eth1 = findIfaceByName(world, root(world, host), 'eth1')!;
  const mv = createMacvlan(world, ns, 'eth0', eth1, '02:42:c0:a8:cd:14');
  addAddress(world, mv, ip, 24);
  up(world, mv);
  return ns;
}

/**
 * What Docker's overlay driver programs on a peer's sandbox for a remote endpoint (peerAdd): a
 * permanent ARP entry and a forwarding entry to the remote VTEP on vxlan0.
 */
export function addPeer(world: World, sandbox: Netns, ip: number, mac: string, vtep: number): void {
  const vx = findIfaceByName(world, sandbox, 'vxlan0')!;
  sandbox.neigh.push({ ip, dev: vx.id, mac, state: 'PERMANENT' });
  vx.vxlan!.fdb.push({ mac, dst: vtep });
}

/**
 * docker-node1 .. docker-nodeN with the overlay ov1 on the first two (c1 10.0.1.2 on node1,
 * c2 10.0.1.3 on node2) and, on node1, `mv1` on a macvlan of eth1 at 192.168.205.20.
 */
export function overlayWorld(hosts = 2): World {
  const names = Array.from({ length: hosts }, (_, i) => `docker-node${i + 1}`);
  const world = createLabWorld(names);
  const n1 = hostNamed(world, 'docker-node1');
  const n2 = hostNamed(world, 'docker-node2');
  const s1 = addOverlaySandbox(world, n1, [0xc0a8cd0b]);
  const s2 = addOverlaySandbox(world, n2, [0xc0a8cd0a]);
  addOverlayContainer(world, n1, s1, 'c1', 0x0a000102, '02:42:0a:00:01:02');
  addOverlayContainer(world, n2, s2, 'c2', 0x0a000103, '02:42:0a:00:01:03');
  addPeer(world, s1, 0x0a000103, '02:42:0a:00:01:03', 0xc0a8cd0b);
  addPeer(world, s2, 0x0a000102, '02:42:0a:00:01:02', 0xc0a8cd0a);
  addMacvlanContainer(world, n1, 'mv1', 0xc0a8cd14);
  return world;
}
