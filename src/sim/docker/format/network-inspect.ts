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
  if (n.driver !== 'bridge' || !n.subnet) return [];
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
export function networkInspect(_world: Pick<World, 'clock'>, state: DockerState, n: DockerNetwork, opts: InspectOptions = {}): object {
  const nanos = (opts.subMsNanos ?? stableNanos)(n.id, n.created);
  const userBridge = n.driver === 'bridge' && !n.predefined;
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
      Containers: attached(state, n),
      Options: goMap(options, { zero: '' }),
      Labels: goMap({ ...n.labels }, { zero: '' }),
    },
    { goNames: { Id: 'ID' } },
  );
}
