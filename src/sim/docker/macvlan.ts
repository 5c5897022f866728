/**
 * libnetwork's macvlan driver (20.10, drivers/macvlan) as kernel operations: the network is only a
 * record (parent link, mode, IPAM); a container's endpoint is a macvlan child of the parent made in
 * the host namespace (`macvlan<7 hex>`), with MAC 02:42 + the IP bytes and the parent's MTU, moved
 * into the container and renamed eth<n>, with the default route via the network's gateway. No
 * bridge, no iptables rules, no docker-proxy (published ports are not programmed).
 */
import { addAddress } from '../net/addr';
import { SimError } from '../net/errors';
import { broadcastOf } from '../net/ip4';
import { moveToNetns, renameLink, setLinkUp } from '../net/link';
import { createMacvlan } from '../net/stacked-link';
import { randomHex } from '../net/rng';
import type { Host, Iface, Ip4, World } from '../net/types';
import { findIfaceByName, getNs } from '../net/world';
import { macFromIp } from './endpoint';
import { reserveAddress } from './ipam';
import { randomId } from './ids';
import { daemonError } from './network';
import type { Container, DockerNetwork, Endpoint } from './types';

const MODES = ['bridge', 'vepa', 'private', 'passthru'] as const;

/** The driver's checks of `-o parent=` / `-o macvlan_mode=` at network create. */
export function macvlanOptions(world: World, host: Host, options: Record<string, string>): { parent: string; mode: NonNullable<DockerNetwork['macvlanMode']> } {
  const modeText = options['macvlan_mode'] ?? 'bridge';
  const mode = MODES.find((m) => m === modeText);
  if (!mode) throw daemonError(`requested macvlan mode '${modeText}' is not valid, 'bridge' mode is the macvlan driver default`);
  const parent = options['parent'];
  if (parent === 'lo') throw daemonError('loopback interface is not a valid macvlan parent link');
  if (parent === undefined || parent === '') {
    throw new SimError('Error response from daemon: the playground needs -o parent=IFACE for a macvlan network (a network without a parent, on a dummy link, is not modelled)', 1);
  }
  // One macvlan network per parent (20.10 createNetwork names the other by its dummy link name).
  const other = Object.values(host.docker!.networks).find((n) => n.driver === 'macvlan' && n.parent === parent);
  if (other) throw daemonError(`network dm-${other.id.slice(0, 12)} is already using parent interface ${parent}`);
  const root = getNs(world, host.rootNs);
  // A parent that is not a link is taken for a VLAN sub-interface to create (`eth0.10`).
  if (!parent.includes('.') && !findIfaceByName(world, root, parent)) {
    throw daemonError(`invalid subinterface vlan name ${parent}, example formatting is eth0.10`);
  }
  if (parent.includes('.')) {
    throw new SimError(`Error response from daemon: the playground does not model 802.1Q sub-interfaces (-o parent=${parent}): use a parent without a VLAN id`, 1);
  }
  return { parent, mode };
}

/** The network's parent link on the host; throws the driver's error when it has gone. */
export function getMacvlanParent(world: World, host: Host, net: DockerNetwork): Iface {
  const parent = findIfaceByName(world, getNs(world, host.rootNs), net.parent!);
  if (!parent) throw daemonError(`the requested parent interface ${net.parent!} was not found on the Docker host`);
  return parent;
}

/** Joins a container's sandbox to a macvlan network (the driver's CreateEndpoint + Join). */
export function joinMacvlan(world: World, host: Host, c: Container, net: DockerNetwork, ip: Ip4, staticIp: Ip4 | undefined, aliases: string[]): Endpoint {
  const root = getNs(world, host.rootNs);
  const ns = getNs(world, c.ns!);
  const parent = getMacvlanParent(world, host, net);
  if (staticIp !== undefined) reserveAddress(net, staticIp);
  else if (!net.allocated.includes(ip)) net.allocated.push(ip);
  const mac = macFromIp(ip);
  const child = createMacvlan(world, root, `macvlan${randomHex(world, 7)}`, parent, mac, net.macvlanMode ?? 'bridge');
  moveToNetns(world, child, ns);
  renameLink(world, child, `eth${c.nextEth++}`);
  const prefix = net.subnet!.prefix;
  addAddress(world, child, ip, prefix, { brd: broadcastOf(ip, prefix) });
  setLinkUp(world, child);
  const ep: Endpoint = {
    id: randomId(world), network: net.id, ip, prefix, gateway: net.gateway!, mac,
    ...(staticIp !== undefined ? { staticIp } : {}), aliases, ctrIface: child.id,
  };
  c.endpoints.push({ network: net.id, endpoint: ep });
  return ep;
}
