/**
 * `docker network inspect` (Engine 20.10, types.NetworkResource; facts §9.1). The CLI prints a JSON
 * array of these records: `goJson(networks.map(...))`.
 */
import type { World } from '../../net/types';
import type { DockerNetwork, DockerState } from '../types';
import { formatCidr, formatIp4 } from '../../net/ip4';
import { stableNanos } from './go-time';
import { NIL_MAP, goMap, goStruct, goTime } from './go-value';
import type { InspectOptions } from './result';
import { attachments } from './network-settings';
import { stableHex } from './go-time';
import { swarmPeers } from '../swarm';

/** The driver options the daemon gives the default bridge (facts §1.2), overridden by any recorded. */
function defaultBridgeOptions(state: DockerState, n: DockerNetwork): Record<string, string> {
  return {
    'com.docker.network.bridge.default_bridge': 'true',
    'com.docker.network.bridge.enable_icc': String(n.icc),
    'com.docker.network.bridge.enable_ip_masquerade': String(n.masquerade),
    'com.docker.network.bridge.host_binding_ipv4': state.config.ip ?? '0.0.0.0',
    'com.docker.network.bridge.name': n.bridgeName ?? 'docker0',
    'com.docker.network.driver.mtu': String(n.mtu),
    ...n.options,
  };
}

function isDefaultBridge(n: DockerNetwork): boolean {
  return n.predefined && n.driver === 'bridge';
}

function ipamConfig(n: DockerNetwork): object[] {
  if (n.driver === 'overlay' && n.subnet) {
    return [{ Subnet: n.subnetText ?? formatCidr(n.subnet.addr, n.subnet.prefix), Gateway: formatIp4(n.gateway!) }];
  }
  if ((n.driver !== 'bridge' && n.driver !== 'macvlan') || !n.subnet) return [];
  const cfg: Record<string, unknown> = { Subnet: n.subnetText ?? formatCidr(n.subnet.addr, n.subnet.prefix), IPRange: '', Gateway: '', AuxiliaryAddresses: NIL_MAP };
  if (n.ipRange) cfg['IPRange'] = formatCidr(n.ipRange.addr, n.ipRange.prefix);
  if (n.gateway !== undefined && n.showGateway) cfg['Gateway'] = formatIp4(n.gateway);
  const aux = { ...(n.defaultGateway !== undefined ? { DefaultGatewayIPv4: n.defaultGateway } : {}), ...n.auxAddresses };
  if (Object.keys(aux).length) cfg['AuxiliaryAddresses'] = Object.fromEntries(Object.entries(aux).sort().map(([k, v]) => [k, formatIp4(v)]));
  return [goStruct(cfg, { omitEmpty: ['Subnet', 'IPRange', 'Gateway', 'AuxiliaryAddresses'], goNames: { AuxiliaryAddresses: 'AuxAddress' } })];
}

/** Containers attached to `n` right now: running containers with an endpoint on it, keyed by id. */
function attached(state: DockerState, n: DockerNetwork): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of state.containerOrder) {
    const c = state.containers[id];
    if (!c || c.state !== 'running') continue;
    const ep = attachments(c, state).find((a) => a.netId === n.id)?.endpoint;
    if (!ep) continue;
    out[c.id] = {
      Name: c.name,
      EndpointID: ep.id,
      MacAddress: ep.mac ?? '',
      IPv4Address: ep.ip !== undefined ? formatCidr(ep.ip, ep.prefix ?? n.subnet?.prefix ?? 32) : '',
      IPv6Address: '',
    };
  }
  return goMap(out, { zero: { Name: '', EndpointID: '', MacAddress: '', IPv4Address: '', IPv6Address: '' } });
}

/**
 * One network's inspect record, keys in 20.10 order. host/none list their containers with empty
 * addresses (the daemon records an endpoint for them too).
 */
/**
 * The overlay endpoints of this host that are not containers: `lb-NAME` (Name `NAME-endpoint`) and
 * the ingress sandbox's `ingress-endpoint` (key `ep-<endpoint id>`), as 20.10 lists them.
 */
function sandboxEndpoints(world: World, state: DockerState, n: DockerNetwork): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const host = Object.values(world.hosts).find((h) => h.docker === state);
  if (!host || !n.subnet) return out;
  for (const ns of Object.values(world.netns)) {
    if (ns.host !== host.id || ns.kind !== 'overlay') continue;
    const lb = ns.name === `lb_${n.id.slice(0, 9)}`;
    if (!lb && !(n.ingress && ns.name === 'ingress_sbox')) continue;
    const eth0 = ns.ifaces.map((id) => world.ifaces[id]).find((i) => i?.name === 'eth0');
    const a = eth0?.addrs[0];
    if (!eth0 || !a) continue;
    const epId = stableHex(`${ns.id}:${n.id}`, 64);
    out[lb ? `lb-${n.name}` : `ep-${epId}`] = {
      Name: lb ? `${n.name}-endpoint` : 'ingress-endpoint', EndpointID: epId, MacAddress: eth0.mac,
      IPv4Address: formatCidr(a.addr, a.prefix), IPv6Address: '',
    };
  }
  return out;
}

export function networkInspect(world: Pick<World, 'clock'>, state: DockerState, n: DockerNetwork, opts: InspectOptions = {}): object {
  const nanos = (opts.subMsNanos ?? stableNanos)(n.id, n.created);
  if (n.driver === 'overlay' && 'netns' in world) return overlayInspect(world as World, state, n, nanos);
  // docker_gwbridge is made by the daemon itself: IPAM Options null, as the predefined ones.
  const userBridge = (n.driver === 'bridge' || n.driver === 'macvlan') && !n.predefined && n.name !== 'docker_gwbridge';
  const options = isDefaultBridge(n) ? defaultBridgeOptions(state, n) : { ...n.options };
  return goStruct(
    {
      Name: n.name,
      Id: n.id,
      Created: goTime(n.created, nanos),
      Scope: 'local',
      Driver: n.driver,
      EnableIPv6: false,
      IPAM: {
        Driver: 'default',
        Options: userBridge ? goMap({}, { zero: '' }) : NIL_MAP,
        Config: ipamConfig(n),
      },
      Internal: n.internal,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Containers: n.name === 'docker_gwbridge' && 'netns' in world ? gatewayLegs(world as World, state, n) : attached(state, n),
      Options: goMap(options, { zero: '' }),
      Labels: goMap({ ...n.labels }, { zero: '' }),
    },
    { goNames: { Id: 'ID' } },
  );
}

/** An overlay network's record: Scope swarm, Attachable/Ingress, the VNI option, and its Peers. */
function overlayInspect(world: World, state: DockerState, n: DockerNetwork, nanos: number): object {
  const containers = { ...(attached(state, n) as Record<string, unknown>), ...sandboxEndpoints(world, state, n) };
  const sorted = Object.fromEntries(Object.entries(containers).sort(([a], [b]) => (a < b ? -1 : 1)));
  return goStruct(
    {
      Name: n.name,
      Id: n.id,
      Created: goTime(n.created, nanos),
      Scope: 'swarm',
      Driver: 'overlay',
      EnableIPv6: false,
      IPAM: { Driver: 'default', Options: NIL_MAP, Config: ipamConfig(n) },
      Internal: n.internal,
      Attachable: n.attachable === true,
      Ingress: n.ingress === true,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Containers: goMap(sorted, { zero: { Name: '', EndpointID: '', MacAddress: '', IPv4Address: '', IPv6Address: '' } }),
      Options: goMap({ ...n.options }, { zero: '' }),
      Labels: goMap({ ...n.labels }, { zero: '' }),
      Peers: swarmPeers(world, n.id),
    },
    { goNames: { Id: 'ID' } },
  );
}

/** docker_gwbridge lists the overlay sandboxes' legs: `gateway_<sandbox id 12>` and `gateway_ingress-sbox`. */
function gatewayLegs(world: World, state: DockerState, n: DockerNetwork): object {
  const out: Record<string, unknown> = {};
  const rec = (name: string, epId: string, mac: string, ip: number, prefix: number) => ({
    Name: name, EndpointID: epId, MacAddress: mac, IPv4Address: formatCidr(ip, prefix), IPv6Address: '',
  });
  for (const id of state.containerOrder) {
    const c = state.containers[id];
    const leg = c?.state === 'running' ? c.endpoints.find((e) => e.network === n.id && e.endpoint.hidden) : undefined;
    if (c && leg?.endpoint.ip !== undefined) out[c.id] = rec(`gateway_${(c.sandboxId ?? c.id).slice(0, 12)}`, leg.endpoint.id, leg.endpoint.mac ?? '', leg.endpoint.ip, leg.endpoint.prefix ?? 16);
  }
  const host = Object.values(world.hosts).find((h) => h.docker === state);
  const sbox = host && Object.values(world.netns).find((ns) => ns.host === host.id && ns.kind === 'overlay' && ns.name === 'ingress_sbox');
  const eth1 = sbox?.ifaces.map((id) => world.ifaces[id]).find((i) => i?.name === 'eth1');
  const a = eth1?.addrs[0];
  if (sbox && eth1 && a) out['ingress-sbox'] = rec('gateway_ingress-sbox', stableHex(`${sbox.id}:${n.id}`, 64), eth1.mac, a.addr, a.prefix);
  const sorted = Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
  return goMap(sorted, { zero: { Name: '', EndpointID: '', MacAddress: '', IPv4Address: '', IPv6Address: '' } });
}
