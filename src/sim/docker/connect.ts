/**
 * `docker network connect` / `disconnect` (facts §8.2): the checks in the daemon's order, then a
 * libnetwork Join/Leave on a running container (a stopped one only has its settings changed).
 */
import { SimError } from '../net/errors';
import type { Host, Ip4, World } from '../net/types';
import { startResolver } from './container';
import { connectEndpoint, leaveEndpoint, planAddress } from './endpoint';
import { hostsLine, resolvConf } from './sandbox-files';
import { daemonError } from './network';
import type { Container, DockerNetwork } from './types';

const HOST_NET = 'container cannot be disconnected from host network or connected to host network';

/** Returns the daemon's error when the join itself fails (the settings stay, as in 20.10); throws for refusals. */
export function connectNetwork(
  world: World, host: Host, c: Container, net: DockerNetwork, opts: { ip?: Ip4; aliases: string[] },
): string | undefined {
  if (net.driver === 'host') throw daemonError(HOST_NET);
  const mode = c.networkMode;
  if (net.driver === 'null' || mode === 'none') {
    throw daemonError('container cannot be connected to multiple networks with one of the networks in private (none) mode');
  }
  if (mode === 'host' || mode.startsWith('container:')) {
    throw daemonError('container sharing network namespace with another container or host cannot be connected to any other network');
  }
  if (c.endpoints.some((e) => e.network === net.id)) {
    throw daemonError(`endpoint with name ${c.name} already exists in network ${net.name}`);
  }
  if (opts.aliases.length && net.predefined) {
    throw daemonError('network-scoped alias is supported only for containers in user defined networks');
  }
  if (opts.ip !== undefined) {
    if (net.predefined) throw daemonError('user specified IP address is supported on user defined networks only');
    // A swarm overlay always has a configured pool (the swarm allocator's), --subnet or not.
    if (!net.userSubnet && net.driver !== 'overlay') throw daemonError('user specified IP address is supported only when connecting to networks with user configured subnets');
  }
  // The settings are stored first (a stopped container's are just replaced); a failed join keeps them,
  // as the real daemon does: inspect then lists the network with empty addresses.
  // A stopped container already set up for this network keeps its settings (rc 0, nothing changes).
  if (c.state !== 'running' && c.wanted.some((w) => w.network === net.id)) return undefined;
  c.wanted = c.wanted.filter((w) => w.network !== net.id);
  c.wanted.push({ network: net.id, ...(opts.ip !== undefined ? { staticIp: opts.ip } : {}), aliases: opts.aliases, viaConnect: true });
  if (c.state !== 'running') return undefined;
  try {
    const ip = planAddress(world, host, net, opts.ip);
    connectEndpoint(world, host, c, net, ip, opts.ip, opts.aliases);
  } catch (e) {
    if (e instanceof SimError) return e.message.startsWith('Error response') ? e.message : `Error response from daemon: ${e.message}`;
    throw e;
  }
  // A user network brings the embedded DNS (rebuildDNS), and the sandbox appends the new
  // address for the hostname to /etc/hosts (updateHostsFile).
  c.files['/etc/resolv.conf'] = resolvConf(host, c);
  if (!net.predefined && c.ns && world.netns[c.ns]) startResolver(world, world.netns[c.ns]!);
  c.files['/etc/hosts'] = (c.files['/etc/hosts'] ?? '') + hostsLine(c, c.endpoints.find((e) => e.network === net.id)!.endpoint.ip!);
  return undefined;
}

export function disconnectNetwork(world: World, host: Host, c: Container, net: DockerNetwork): void {
  if (net.driver === 'host' && c.networkMode === 'host') throw daemonError(HOST_NET);
  // A running container is connected through its endpoints; a stopped one through its settings
  // (which a failed connect left behind).
  const connected = c.state === 'running' ? c.endpoints.some((e) => e.network === net.id) : c.wanted.some((w) => w.network === net.id);
  if (!connected) {
    if (net.driver === 'host') throw daemonError(HOST_NET);
    throw daemonError(`container ${c.id} is not connected to ${c.state === 'running' ? 'network' : 'the network'} ${net.name}`);
  }
  c.wanted = c.wanted.filter((w) => w.network !== net.id);
  if (c.state === 'running') {
    leaveEndpoint(world, host, c, net.id);
    // 20.10's sandbox deletes every /etc/hosts record of the hostname (etchosts.Delete by name).
    const hosts = c.files['/etc/hosts'];
    if (hosts !== undefined) c.files['/etc/hosts'] = hosts.split('\n').filter((l) => !l.split(/\s+/).slice(1).includes(c.hostname)).join('\n');
  }
}
