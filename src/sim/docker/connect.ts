/**
 * `docker network connect` / `disconnect` (facts §8.2): the checks in the daemon's order, then a
 * libnetwork Join/Leave on a running container (a stopped one only has its settings changed).
 */
import { SimError } from '../net/errors';
import type { Host, Ip4, World } from '../net/types';
import { joinEndpoint, leaveEndpoint, startResolver, writeFiles } from './container';
import { allocateAddress } from './ipam';
import { daemonError } from './network';
import type { Container, DockerNetwork } from './types';

const HOST_NET = 'container cannot be disconnected from host network or connected to host network';

export function connectNetwork(
  world: World, host: Host, c: Container, net: DockerNetwork, opts: { ip?: Ip4; aliases: string[] },
): void {
  if (net.driver === 'host') throw daemonError(HOST_NET);
  const mode = c.networkMode;
  if (net.driver === 'null' || mode === 'none') {
    throw daemonError('container cannot be connected to multiple networks with one of the networks in private (none) mode');
  }
  if (mode === 'host' || mode.startsWith('container:')) {
    throw daemonError('container sharing network namespace with another container or host cannot be connected to any other network');
  }
  if (c.endpoints.some((e) => e.network === net.id) || (c.state !== 'running' && c.wanted.some((w) => w.network === net.id))) {
    throw daemonError(`endpoint with name ${c.name} already exists in network ${net.name}`);
  }
  if (opts.aliases.length && net.predefined) {
    throw daemonError('network-scoped alias is supported only for containers in user defined networks');
  }
  if (opts.ip !== undefined) {
    if (net.predefined) throw daemonError('user specified IP address is supported on user defined networks only');
    if (!net.userSubnet) throw daemonError('user specified IP address is supported only when connecting to networks with user configured subnets');
  }
  c.wanted.push({ network: net.id, ...(opts.ip !== undefined ? { staticIp: opts.ip } : {}), aliases: opts.aliases });
  if (c.state !== 'running') return;
  let ip: Ip4;
  try {
    ip = opts.ip ?? allocateAddress({ ...net, allocated: [...net.allocated] });
    joinEndpoint(world, host, c, net, ip, opts.ip, opts.aliases);
  } catch (e) {
    if (e instanceof SimError && !e.message.startsWith('Error response')) throw daemonError(e.message);
    throw e;
  }
  // A user network brings the embedded DNS: the sandbox rewrites resolv.conf (rebuildDNS).
  const files = c.files;
  writeFiles(world, host, c);
  if (!net.predefined && c.ns && world.netns[c.ns]) startResolver(world, world.netns[c.ns]!);
  c.files['/etc/hosts'] = files['/etc/hosts'] ?? c.files['/etc/hosts']!;
}

export function disconnectNetwork(world: World, host: Host, c: Container, net: DockerNetwork): void {
  if (net.driver === 'host' && c.networkMode === 'host') throw daemonError(HOST_NET);
  const connected = c.state === 'running' ? c.endpoints.some((e) => e.network === net.id) : c.wanted.some((w) => w.network === net.id);
  if (!connected) {
    if (net.driver === 'host') throw daemonError(HOST_NET);
    throw daemonError(`container ${c.id} is not connected to ${c.state === 'running' ? 'network' : 'the network'} ${net.name}`);
  }
  c.wanted = c.wanted.filter((w) => w.network !== net.id);
  if (c.state === 'running') leaveEndpoint(world, host, c, net.id);
}
