/**
 * `docker inspect` NetworkSettings (20.10 field order, facts §9.4) and the link lists of HostConfig.
 *
 * Invariants: the top-level EndpointID/Gateway/IPAddress/... mirror the default bridge only; a
 * stopped container keeps its Networks with NetworkID (and user settings) but no addresses; a
 * never-started one has NetworkID ""; user-defined networks add the short id to Aliases at
 * connect time; `container:` mode has no Networks at all.
 */
import type { Container, DockerNetwork, DockerState, Endpoint } from '../types';
import type { Ip4 } from '../../net/types';
import { formatIp4 } from '../../net/ip4';
import { NIL_MAP, NIL_SLICE, goMap, goPtr, goStruct } from './go-value';
import { portMap } from './ports';
import { stableHex } from './go-time';

export interface Attachment {
  net: DockerNetwork | undefined;
  netId: string;
  endpoint?: Endpoint;
  staticIp?: Ip4;
  aliases: string[];
  /** Settings kept from a `network connect` whose join failed (the daemon stored them first). */
  stale?: boolean;
  /** Made by `docker network connect` (IPAMConfig and DriverOpts are `{}`, not null). */
  viaConnect?: boolean;
}

/**
 * The networks a container is on, as the daemon lists them: its endpoints, or (stopped, created)
 * what it asked for. A host/none container is on the predefined network of that name; when the
 * state records no endpoint for it, one is derived (stable per start) so inspect can show it.
 */
export function attachments(c: Container, state: DockerState): Attachment[] {
  if (c.networkMode.startsWith('container:')) return [];
  if ((c.networkMode === 'host' || c.networkMode === 'none') && c.endpoints.length === 0) {
    const net = Object.values(state.networks).find((n) => n.predefined && n.name === c.networkMode);
    if (!net) return [];
    if (c.state !== 'running') return [{ net, netId: net.id, aliases: [] }];
    const id = stableHex(`${c.id}:${net.id}:${c.startedAt ?? c.created}`, 64);
    return [{ net, netId: net.id, endpoint: { id, network: net.id, aliases: [] }, aliases: [] }];
  }
  const viaConnect = (netId: string) => (c.wanted.some((w) => w.network === netId && w.viaConnect) ? { viaConnect: true } : {});
  if (c.endpoints.length > 0) {
    const joined = c.endpoints.filter((e) => !e.endpoint.hidden).map(({ network, endpoint }): Attachment => ({
      net: state.networks[network], netId: network, endpoint, aliases: endpoint.aliases,
      ...(endpoint.staticIp !== undefined ? { staticIp: endpoint.staticIp } : {}), ...viaConnect(network),
    }));
    const stale = c.wanted
      .filter((w) => c.state === 'running' && !c.endpoints.some((e) => e.network === w.network))
      .map((w): Attachment => ({
        net: state.networks[w.network], netId: w.network, aliases: w.aliases, stale: true,
        ...(w.staticIp !== undefined ? { staticIp: w.staticIp } : {}), ...viaConnect(w.network),
      }));
    return [...joined, ...stale];
  }
  return c.wanted.map((w) => ({
    net: state.networks[w.network], netId: w.network, aliases: w.aliases,
    ...(w.staticIp !== undefined ? { staticIp: w.staticIp } : {}), ...viaConnect(w.network),
  }));
}

const isUserDefined = (n: DockerNetwork | undefined): boolean => !!n && !n.predefined;

/** The network `c` was created on (HostConfig.NetworkMode names it by name or id). */
function modeNetwork(state: DockerState, c: Container): DockerNetwork | undefined {
  return Object.values(state.networks).find((n) => n.name === c.networkMode || n.id === c.networkMode);
}

/** HostConfig.Links: legacy links on the default bridge, `/db:/app/database`; nil otherwise. */
export function hostConfigLinks(state: DockerState, c: Container): string[] | object {
  if (c.links.length === 0 || isUserDefined(modeNetwork(state, c))) return NIL_SLICE;
  return c.links.map((l) => `/${state.containers[l.target]?.name ?? l.target}:/${c.name}/${l.alias}`);
}

/** EndpointSettings.Links: on a user-defined network `--link` is kept per endpoint as `db:database`. */
function endpointLinks(state: DockerState, c: Container, a: Attachment): string[] | object {
  if (c.links.length === 0 || !isUserDefined(a.net) || modeNetwork(state, c)?.id !== a.netId) return NIL_SLICE;
  return c.links.map((l) => `${state.containers[l.target]?.name ?? l.target}:${l.alias}`);
}

function endpointSettings(state: DockerState, c: Container, a: Attachment): Record<string, unknown> {
  const started = c.startedAt !== undefined;
  const ep = c.state === 'running' ? a.endpoint : undefined;
  const shortId = c.id.slice(0, 12);
  let aliases: string[] | object = a.aliases.length > 0 ? [...a.aliases] : NIL_SLICE;
  if (isUserDefined(a.net) && started) {
    // 20.10 appends the short id, then the hostname when it differs from the name (updateNetworkConfig).
    const extra = [shortId, ...(c.hostname !== shortId && c.hostname !== c.name ? [c.hostname] : [])];
    aliases = [...a.aliases, ...extra.filter((x) => !a.aliases.includes(x))];
  }
  const gateway = ep?.ip !== undefined ? (ep.gateway ?? (a.net?.internal ? undefined : a.net?.gateway)) : undefined;
  return goPtr({
    // `docker run` sends an IPAMConfig only with --ip; `network connect` always does (empty without --ip).
    IPAMConfig: a.staticIp !== undefined || a.viaConnect
      ? goPtr(
        { IPv4Address: a.staticIp !== undefined ? formatIp4(a.staticIp) : '', IPv6Address: '', LinkLocalIPs: NIL_SLICE },
        { omitEmpty: ['IPv4Address', 'IPv6Address', 'LinkLocalIPs'] },
      )
      : null,
    Links: endpointLinks(state, c, a),
    Aliases: aliases,
    NetworkID: started && !a.stale ? (a.net?.id ?? a.netId) : '',
    EndpointID: ep?.id ?? '',
    Gateway: gateway !== undefined ? formatIp4(gateway) : '',
    IPAddress: ep?.ip !== undefined ? formatIp4(ep.ip) : '',
    IPPrefixLen: ep?.ip !== undefined ? (ep.prefix ?? a.net?.subnet?.prefix ?? 0) : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    MacAddress: ep?.mac ?? '',
    DriverOpts: a.stale || a.viaConnect ? goMap({}) : NIL_MAP,
  });
}

/** NetworkSettings.Ports: `{"80/tcp": [{HostIp, HostPort}, ...]}`, `null` for exposed only. */
export function portsValue(c: Container): object {
  const ports: Record<string, unknown> = {};
  for (const [key, bindings] of portMap(c)) {
    ports[key] = bindings
      ? bindings.map((b) => goStruct({ HostIp: b.hostIp, HostPort: b.hostPort }, { goNames: { HostIp: 'HostIP' } }))
      : NIL_SLICE;
  }
  return goMap(ports, { keyType: 'nat.Port', zero: NIL_SLICE });
}

export function networkSettings(state: DockerState, c: Container): object {
  const networks: Record<string, unknown> = {};
  for (const a of attachments(c, state)) networks[a.net?.name ?? a.netId] = endpointSettings(state, c, a);
  const bridge = networks['bridge'] as Record<string, unknown> | undefined;
  let sandboxId = c.networkMode.startsWith('container:') ? '' : (c.sandboxId ?? '');
  // A host-mode container has a sandbox too (on the host's namespace), kept after it stops.
  if (c.networkMode === 'host' && sandboxId === '' && c.startedAt !== undefined) sandboxId = stableHex(`${c.id}:sandbox`, 64);
  let sandboxKey = '';
  if (sandboxId !== '') sandboxKey = c.networkMode === 'host' ? '/var/run/docker/netns/default' : `/var/run/docker/netns/${sandboxId.slice(0, 12)}`;
  return goPtr({
    Bridge: '',
    SandboxID: sandboxId,
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: portsValue(c),
    SandboxKey: sandboxKey,
    SecondaryIPAddresses: NIL_SLICE,
    SecondaryIPv6Addresses: NIL_SLICE,
    EndpointID: bridge?.['EndpointID'] ?? '',
    Gateway: bridge?.['Gateway'] ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridge?.['IPAddress'] ?? '',
    IPPrefixLen: bridge?.['IPPrefixLen'] ?? 0,
    IPv6Gateway: '',
    MacAddress: bridge?.['MacAddress'] ?? '',
    Networks: goMap(networks, { zero: null }),
  });
}
