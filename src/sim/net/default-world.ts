/**
 * The default world (DESIGN.md): the seeds' Vagrant VM `docker-node1` (CentOS 7, Docker 20.10
 * installed), its VirtualBox NAT gateway 10.0.2.2 with the DNS at 10.0.2.3 and the internet behind
 * it (www.baidu.com answered by a documentation address, as in shared/tools/real-docker.sh), and the
 * private network 192.168.205.0/24 as a switch. Addresses and MACs are the seed transcripts'.
 */
import { addAddress, addRoute } from './addr';
import { broadcastOf, networkOf } from './ip4';
import { cable, createBridge, createEther, setLinkUp, setMaster } from './link';
import type { Host, World } from './types';
import { createHost, createNetns, emptyWorld, findIfaceByName } from './world';

export const INTERNET_ADDRESSES: Record<string, number> = {
  'www.baidu.com': 0xcb00710a, // 203.0.113.10
};

export function createDefaultWorld(seed = 0x5eed): World {
  const world = emptyWorld(seed);
  const host = addVagrantHost(world, 'docker-node1', 0xc0a8cd0a, ['52:54:00:8a:fe:e6', '08:00:27:97:a3:51']);
  void host;
  return world;
}

/** A CentOS 7 VM as the seeds' Vagrantfile makes it: eth0 behind NAT, eth1 on the private network. */
export function addVagrantHost(world: World, hostname: string, eth1Ip: number, macs: [string, string]): Host {
  const host = createHost(world, hostname);
  const root = world.netns[host.rootNs]!;
  root.ipForward = true;
  setLinkUp(world, findIfaceByName(world, root, 'lo')!);
  const eth0 = createEther(world, root, 'eth0', macs[0], 'pfifo_fast');
  const eth1 = createEther(world, root, 'eth1', macs[1], 'pfifo_fast');

  const nat = createNetns(world, host.id, 'gateway', `${hostname}-nat`);
  setLinkUp(world, findIfaceByName(world, nat, 'lo')!);
  addAddress(world, findIfaceByName(world, nat, 'lo')!, 0xcb00710a, 32);
  const natPort = createEther(world, nat, 'eth0', '52:54:00:12:35:02', 'pfifo_fast');
  cable(world, eth0, natPort);
  setLinkUp(world, natPort);
  addAddress(world, natPort, 0x0a000202, 24);
  addAddress(world, natPort, 0x0a000203, 24);

  const lan = lanSegment(world, host);
  const port = createEther(world, lan, `p-${hostname}`.slice(0, 15), '', 'noqueue');
  port.mac = `0a:58:c0:a8:cd:${(eth1Ip & 255).toString(16).padStart(2, '0')}`;
  cable(world, eth1, port);
  setMaster(world, port, findIfaceByName(world, lan, 'lan0')!);
  setLinkUp(world, port);

  setLinkUp(world, eth0);
  setLinkUp(world, eth1);
  addAddress(world, eth0, 0x0a00020f, 24, { brd: broadcastOf(0x0a00020f, 24), flags: ['noprefixroute', 'dynamic'], lft: 65001 });
  addAddress(world, eth1, eth1Ip, 24, { brd: broadcastOf(eth1Ip, 24), flags: ['noprefixroute'] });
  // NetworkManager installs the routes itself (noprefixroute): metric 100 for eth0, 101 for eth1.
  addRoute(world, root, { dst: 0x0a000200, prefix: 24, dev: eth0.id, proto: 'kernel', scope: 'link', src: 0x0a00020f, metric: 100 });
  addRoute(world, root, { dst: 0, prefix: 0, via: 0x0a000202, dev: eth0.id, proto: 'dhcp', scope: 'global', metric: 100 });
  addRoute(world, root, { dst: networkOf(eth1Ip, 24), prefix: 24, dev: eth1.id, proto: 'kernel', scope: 'link', src: eth1Ip, metric: 101 });

  const docker0 = createBridge(world, root, 'docker0', '02:42:ea:f9:f4:57');
  setLinkUp(world, docker0);
  addAddress(world, docker0, 0xac110001, 16, { brd: broadcastOf(0xac110001, 16) });
  return host;
}

/** The private network all VMs share: a switch in a namespace of its own (created once). */
function lanSegment(world: World, host: Host) {
  const existing = Object.values(world.netns).find((n) => n.kind === 'segment');
  if (existing) return existing;
  const lan = createNetns(world, host.id, 'segment', 'lan');
  const br = createBridge(world, lan, 'lan0');
  setLinkUp(world, br);
  return lan;
}
