/**
 * Docker networks as libnetwork makes them, written as kernel operations: a bridge network is a
 * Linux bridge (`docker0`, `br-<12 hex of the id>`) with MAC `02:42` + 4 random bytes, the gateway
 * address, and the iptables rules of firewall.ts. `host` and `none` have no kernel objects.
 */
import { addAddress } from '../net/addr';
import { SimError } from '../net/errors';
import { broadcastOf, inPrefix, networkOf, parseIp4, parsePrefix } from '../net/ip4';
import { createBridge, deleteLink, setLinkUp } from '../net/link';
import { randomBytes, hex2 } from '../net/rng';
import type { Host, Ip4, World } from '../net/types';
import { findIfaceByName, getNs } from '../net/world';
import { programNetwork } from './firewall';
import { allocateAddress, allocatePool, checkSubnetFree, hostReserved, reserveAddress } from './ipam';
import { lookupRef, randomId } from './ids';
import type { DockerNetwork, DockerState, Subnet } from './types';
import { macvlanOptions } from './macvlan';
import { createOverlayNetwork, removeOverlayNetwork } from './swarm';

export const daemonError = (msg: string, code = 1) => new SimError(`Error response from daemon: ${msg}`, code);

export function dockerOf(world: World, host: Host): DockerState {
  const d = host.docker;
  if (!d || !d.running) {
    throw new SimError('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 1);
  }
  return d;
}

/** Looks a network up as the daemon does: exact id, exact name, then a unique id prefix. */
export function findNetwork(d: DockerState, ref: string): DockerNetwork | undefined {
  return lookupRef(Object.values(d.networks), ref);
}

export interface NetworkOptions {
  name: string;
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  aux?: Record<string, string>;
  internal: boolean;
  /** overlay: `--attachable`. */
  attachable?: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
}

function parseSubnet(text: string): Subnet {
  const p = parsePrefix(text, -1);
  if (!p || p.prefix < 0) throw daemonError(`Invalid subnet ${text} : invalid CIDR address: ${text}`);
  return { addr: networkOf(p.addr, p.prefix), prefix: p.prefix };
}

function bridgeMac(world: World): string {
  return ['02', '42', ...randomBytes(world, 4).map(hex2)].join(':');
}

/** `docker network create`: validation in the CLI's and daemon's order, then the kernel objects. */
export function createNetwork(world: World, host: Host, o: NetworkOptions): DockerNetwork {
  const d = dockerOf(world, host);
  if (o.gateway !== undefined && o.subnet === undefined) throw new SimError('every ip-range or gateway must have a corresponding subnet', 1);
  if (o.ipRange !== undefined && o.subnet === undefined) throw new SimError('every ip-range or gateway must have a corresponding subnet', 1);
  let subnet: Subnet | undefined;
  let gateway: Ip4 | undefined;
  let ipRange: Subnet | undefined;
  if (o.subnet !== undefined) {
    subnet = parseSubnet(o.subnet);
    if (o.gateway !== undefined) {
      gateway = parseIp4(o.gateway);
      if (gateway === undefined) throw new SimError(`invalid gateway address ${o.gateway}`, 1);
      if (!inPrefix(gateway, subnet.addr, subnet.prefix)) throw new SimError(`no matching subnet for gateway ${o.gateway}`, 1);
    }
    if (o.ipRange !== undefined) {
      ipRange = parseSubnet(o.ipRange);
      if (!inPrefix(ipRange.addr, subnet.addr, subnet.prefix) || ipRange.prefix < subnet.prefix) {
        throw new SimError(`no matching subnet for range ${o.ipRange}`, 1);
      }
    }
  }
  const aux: Record<string, Ip4> = {};
  for (const [k, v] of Object.entries(o.aux ?? {})) {
    const ip = parseIp4(v);
    if (ip === undefined || !subnet || !inPrefix(ip, subnet.addr, subnet.prefix)) throw new SimError(`no matching subnet for aux-address ${v}`, 1);
    aux[k] = ip;
  }
  if (o.name === 'bridge' || o.name === 'host' || o.name === 'none') {
    // The daemon's text ends with a space; the CLI trims it (checked on a real 20.10; facts §8.3 keeps it).
    throw daemonError(`operation is not permitted on predefined ${o.name} network`);
  }
  if (Object.values(d.networks).some((n) => n.name === o.name)) throw daemonError(`network with name ${o.name} already exists`);
  if (o.driver === 'overlay') return createOverlayNetwork(world, host, o, subnet, gateway, ipRange);
  if (o.driver !== 'bridge' && o.driver !== 'macvlan') throw daemonError(`plugin "${o.driver}" not found`);
  const mv = o.driver === 'macvlan' ? macvlanOptions(world, host, o.options) : undefined;
  if (subnet) checkSubnetFree(d, subnet);
  const root = getNs(world, host.rootNs);
  const id = randomId(world);
  let pool: Subnet | undefined;
  if (!subnet) {
    pool = allocatePool(d, hostReserved(root, nameservers(host)));
    subnet = pool;
  }
  const bridgeName = o.options['com.docker.network.bridge.name'] ?? `br-${id.slice(0, 12)}`;
  // A macvlan network is a record (no bridge, no rules): its endpoints are children of the parent link.
  const n: DockerNetwork = {
    id, name: o.name, driver: mv ? 'macvlan' : 'bridge', created: world.clock, predefined: false,
    subnet, ...(o.subnet !== undefined ? { subnetText: o.subnet } : {}), ...(ipRange ? { ipRange } : {}),
    ...(Object.keys(aux).length ? { auxAddresses: aux } : {}), userSubnet: o.subnet !== undefined, showGateway: o.subnet === undefined || o.gateway !== undefined,
    ...(pool ? { pool } : {}),
    internal: o.internal, options: o.options, labels: o.labels, ...(mv ? {} : { bridgeName }),
    icc: mv ? true : o.options['com.docker.network.bridge.enable_icc'] !== 'false',
    masquerade: mv ? false : o.options['com.docker.network.bridge.enable_ip_masquerade'] !== 'false',
    mtu: Number(o.options['com.docker.network.driver.mtu'] ?? 1500) || 1500,
    allocated: [],
  };
  if (gateway !== undefined) reserveAddress(n, gateway);
  else gateway = allocateAddress(n);
  n.gateway = gateway;
  for (const [k, ip] of Object.entries(aux)) {
    try {
      reserveAddress(n, ip);
    } catch (e) {
      // libnetwork ipamAllocateVersion: the gateway is taken first, then each aux address.
      if (e instanceof SimError) throw daemonError(`failed to allocate secondary ip address (${k}:${o.aux![k]}): ${e.message}`);
      throw e;
    }
  }
  if (mv) {
    n.parent = mv.parent;
    n.macvlanMode = mv.mode;
    d.networks[id] = n;
    return n;
  }
  if (findIfaceByName(world, root, bridgeName)) {
    // libnetwork reuses an existing bridge of that name only for docker0.
    throw daemonError(`cannot create network ${id} (${bridgeName}): conflicts with network ${bridgeName}`);
  }
  makeBridge(world, host, n, bridgeMac(world));
  d.networks[id] = n;
  return n;
}

/** The bridge device with its gateway address, and its iptables rules. */
export function makeBridge(world: World, host: Host, n: DockerNetwork, mac: string): void {
  const root = getNs(world, host.rootNs);
  let br = findIfaceByName(world, root, n.bridgeName!);
  if (!br) br = createBridge(world, root, n.bridgeName!, mac);
  const s = n.subnet!;
  if (!br.addrs.some((a) => a.addr === n.gateway && a.prefix === s.prefix)) {
    addAddress(world, br, n.gateway!, s.prefix, { brd: broadcastOf(n.gateway!, s.prefix) });
  }
  setLinkUp(world, br);
  n.bridge = br.id;
  const d = host.docker!;
  if (d.config.iptables) programNetwork(root, n, { userlandProxy: d.config.userlandProxy }, true);
}

export function removeNetwork(world: World, host: Host, n: DockerNetwork): void {
  const d = dockerOf(world, host);
  if (n.predefined) throw daemonError(`${n.name} is a pre-defined network and cannot be removed`);
  if (n.driver === 'overlay') {
    removeOverlayNetwork(world, host, n);
    return;
  }
  const attached = Object.values(d.containers).some((c) => c.endpoints.some((e) => e.network === n.id));
  if (attached) throw daemonError(`error while removing network: network ${n.name} id ${n.id} has active endpoints`);
  const root = getNs(world, host.rootNs);
  if (d.config.iptables && n.driver === 'bridge') programNetwork(root, n, { userlandProxy: d.config.userlandProxy }, false);
  const br = n.bridge ? world.ifaces[n.bridge] : undefined;
  if (br) deleteLink(world, br);
  delete d.networks[n.id];
}

/** Nameservers of the host's resolv.conf, as IPs. */
export function nameservers(host: Host): Ip4[] {
  const text = host.files['/etc/resolv.conf'] ?? '';
  return [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].flatMap((m) => {
    const ip = parseIp4(m[1]!);
    return ip === undefined ? [] : [ip];
  });
}
