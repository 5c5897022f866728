/**
 * The daemon's life: start (the three predefined networks, docker0 configured from daemon.json,
 * the iptables chains) and stop (containers stopped, rules taken away). `bridge` gets a new id on
 * every start; `host`, `none` and user networks keep theirs (facts §1.1). The config keys of
 * facts §10 are read from /etc/docker/daemon.json by `systemctl restart docker`.
 */
import { deleteAddress } from '../net/addr';
import { SimError } from '../net/errors';
import { inPrefix, networkOf, parseIp4, parsePrefix } from '../net/ip4';
import type { Host, World } from '../net/types';
import { findIfaceByName, getNs } from '../net/world';
import { programNetwork, setupChains } from './firewall';
import { allocatePool, expandPools, hostReserved, overlaps } from './ipam';
import { deleteLink } from '../net/link';
import { hex2, randomBytes } from '../net/rng';
import { randomId } from './ids';
import { makeBridge, nameservers } from './network';
import { stopContainer } from './container';
import type { DaemonConfig, DockerNetwork, DockerState, Subnet } from './types';
import { closeSwarmSockets, openSwarmSockets } from './swarm';

export const DEFAULT_CONFIG: DaemonConfig = { icc: true, iptables: true, ipMasq: true, userlandProxy: true };

export function installDocker(world: World, host: Host, docker0Mac: string): DockerState {
  const d: DockerState = {
    running: false, config: { ...DEFAULT_CONFIG }, networks: {}, containers: {}, containerOrder: [],
    // The VM has booted since Docker was installed: this is not the daemon's very first start
    // (which alone leaves the bridge network's IPAM Gateway out, facts §9.1; the seeds show it).
    poolNext: 0, portLast: {}, starts: 1, images: [], built: [],
  };
  host.docker = d;
  host.files['/etc/docker/daemon.json'] ??= '';
  startDaemon(world, host, docker0Mac);
  return d;
}

const JOB_FAILED =
  'Job for docker.service failed because the control process exited with error code. See "systemctl status docker.service" and "journalctl -xe" for details.';

/** Reads daemon.json as dockerd does; a bad file makes the start fail. */
export function readConfig(text: string): DaemonConfig {
  const cfg: DaemonConfig = { ...DEFAULT_CONFIG };
  if (text.trim() === '') return cfg;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SimError(JOB_FAILED, 1);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new SimError(JOB_FAILED, 1);
  const o = raw as Record<string, unknown>;
  const str = (k: string) => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new SimError(JOB_FAILED, 1);
    return v;
  };
  const bool = (k: string, dflt: boolean) => {
    const v = o[k];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new SimError(JOB_FAILED, 1);
    return v;
  };
  const bip = str('bip');
  if (bip !== undefined) {
    if (!parsePrefix(bip, -1) || parsePrefix(bip, -1)!.prefix < 0) throw new SimError(JOB_FAILED, 1);
    cfg.bip = bip;
  }
  const fixed = str('fixed-cidr');
  if (fixed !== undefined) cfg.fixedCidr = fixed;
  if (o.mtu !== undefined) {
    if (typeof o.mtu !== 'number' || !Number.isInteger(o.mtu) || o.mtu < 68) throw new SimError(JOB_FAILED, 1);
    cfg.mtu = o.mtu;
  }
  const gw = str('default-gateway');
  if (gw !== undefined) cfg.defaultGateway = gw;
  if (o.dns !== undefined) {
    if (!Array.isArray(o.dns) || o.dns.some((x) => typeof x !== 'string')) throw new SimError(JOB_FAILED, 1);
    cfg.dns = o.dns as string[];
  }
  if (o['default-address-pools'] !== undefined) {
    const p = o['default-address-pools'];
    if (!Array.isArray(p) || p.some((x) => typeof x?.base !== 'string' || typeof x?.size !== 'number')) throw new SimError(JOB_FAILED, 1);
    cfg.defaultAddressPools = (p as { base: string; size: number }[]).map((x) => ({ base: x.base, size: x.size }));
  }
  cfg.icc = bool('icc', true);
  cfg.iptables = bool('iptables', true);
  cfg.ipMasq = bool('ip-masq', true);
  cfg.userlandProxy = bool('userland-proxy', true);
  const ip = str('ip');
  if (ip !== undefined) cfg.ip = ip;
  return cfg;
}

function defaultBridgeOptions(cfg: DaemonConfig, mtu: number): Record<string, string> {
  return {
    'com.docker.network.bridge.default_bridge': 'true',
    'com.docker.network.bridge.enable_icc': String(cfg.icc),
    'com.docker.network.bridge.enable_ip_masquerade': String(cfg.ipMasq),
    'com.docker.network.bridge.host_binding_ipv4': cfg.ip ?? '0.0.0.0',
    'com.docker.network.bridge.name': 'docker0',
    'com.docker.network.driver.mtu': String(mtu),
  };
}

/** The default bridge's subnet, gateway, range and aux gateway; throws (before any change) when dockerd would not start. */
function bridgeConfig(world: World, host: Host, cfg: DaemonConfig) {
  const fail = (): never => {
    throw new SimError(JOB_FAILED, 1);
  };
  const root = getNs(world, host.rootNs);
  const docker0 = findIfaceByName(world, root, 'docker0');
  let subnet: Subnet | undefined;
  let gateway: number | undefined;
  if (cfg.bip) {
    const p = parsePrefix(cfg.bip, -1)!;
    subnet = { addr: networkOf(p.addr, p.prefix), prefix: p.prefix };
    gateway = p.addr;
  } else {
    const a = docker0?.addrs.find((x) => !x.secondary);
    // With default-address-pools, docker0 keeps its address only if one of the pools holds it.
    const pools = cfg.defaultAddressPools ? expandPools(cfg.defaultAddressPools) : undefined;
    if (a && (!pools || pools.some((p) => overlaps(p, { addr: a.addr, prefix: p.prefix }) && a.prefix >= p.prefix))) {
      subnet = { addr: networkOf(a.addr, a.prefix), prefix: a.prefix };
      gateway = a.addr;
    }
  }
  const fixed = cfg.fixedCidr !== undefined ? (parsePrefix(cfg.fixedCidr, -1) ?? fail()) : undefined;
  const auxGw = cfg.defaultGateway !== undefined ? (parseIp4(cfg.defaultGateway) ?? fail()) : undefined;
  // dockerd refuses a fixed-cidr or default-gateway outside the bridge subnet, and does not start.
  if (subnet && fixed && (fixed.prefix < subnet.prefix || !inPrefix(fixed.addr, subnet.addr, subnet.prefix))) fail();
  if (subnet && auxGw !== undefined && !inPrefix(auxGw, subnet.addr, subnet.prefix)) fail();
  return { root, docker0, subnet, gateway, fixed, auxGw };
}

export function startDaemon(world: World, host: Host, docker0Mac?: string): void {
  const d = host.docker!;
  const cfg = readConfig(host.files['/etc/docker/daemon.json'] ?? '');
  const b = bridgeConfig(world, host, cfg);
  const { root, fixed, auxGw } = b;
  let docker0 = b.docker0;
  d.config = cfg;
  d.starts += 1;
  d.running = true;
  d.poolNext = 0;
  if (cfg.iptables) setupChains(root, cfg.userlandProxy);
  for (const name of ['host', 'none'] as const) {
    if (Object.values(d.networks).some((n) => n.name === name)) continue;
    const id = randomId(world);
    d.networks[id] = {
      id, name, driver: name === 'host' ? 'host' : 'null', created: world.clock, predefined: true, userSubnet: false,
      showGateway: false, internal: false, options: {}, labels: {}, icc: true, masquerade: false, mtu: 1500, allocated: [],
    };
  }
  const mtu = cfg.mtu ?? 1500;
  const oldBridges = new Set<string>();
  for (const old of Object.values(d.networks).filter((x) => x.name === 'bridge')) {
    oldBridges.add(old.id);
    delete d.networks[old.id];
  }
  // Checked on a real 20.10: a start with default-address-pools deletes docker0 and makes it anew
  // (a new ifindex and MAC); bip, mtu, fixed-cidr or icc alone keep it.
  let bridgeMac = docker0?.mac ?? docker0Mac ?? '02:42:ac:11:00:01';
  if (docker0 && cfg.defaultAddressPools) {
    deleteLink(world, docker0);
    docker0 = undefined;
    bridgeMac = ['02', '42', ...randomBytes(world, 4).map(hex2)].join(':');
  }
  const subnet = b.subnet ?? allocatePool(d, hostReserved(root, nameservers(host)));
  const gateway = b.gateway ?? (subnet.addr + 1) >>> 0;
  if (docker0) {
    for (const a of [...docker0.addrs]) {
      if (a.addr !== gateway || a.prefix !== subnet.prefix) deleteAddress(world, docker0, a.addr, a.prefix);
    }
  }
  const id = randomId(world);
  const n: DockerNetwork = {
    id, name: 'bridge', driver: 'bridge', created: world.clock, predefined: true, subnet,
    ...(fixed ? { ipRange: { addr: networkOf(fixed.addr, fixed.prefix), prefix: fixed.prefix } } : {}),
    gateway, ...(auxGw !== undefined ? { defaultGateway: auxGw } : {}), userSubnet: false,
    showGateway: d.starts > 1 || cfg.bip !== undefined, internal: false,
    options: defaultBridgeOptions(cfg, mtu), labels: {}, bridgeName: 'docker0', icc: cfg.icc, masquerade: cfg.ipMasq,
    mtu, allocated: [gateway],
  };
  d.networks[id] = n;
  // The default bridge has a new id on every start; moby finds a container's predefined networks by
  // name (getNetworkID: "otherwise restart may cause issues"), so its containers start on it again.
  for (const cid of d.containerOrder) {
    const c = d.containers[cid]!;
    if (c.wanted.some((w) => oldBridges.has(w.network))) c.wanted = c.wanted.map((w) => (oldBridges.has(w.network) ? { ...w, network: id } : w));
  }
  makeBridge(world, host, n, bridgeMac);
  // Other bridge networks come back with their rules.
  for (const u of Object.values(d.networks)) {
    if (u.predefined || u.driver !== 'bridge') continue;
    if (cfg.iptables) programNetwork(root, u, { userlandProxy: cfg.userlandProxy }, true);
  }
  // A swarm member's daemon listens on 2377 (managers) and 7946 again.
  openSwarmSockets(world, host);
}

/** `systemctl stop docker`: containers stop, rules go; networks and docker0 stay. */
export function stopDaemon(world: World, host: Host): void {
  const d = host.docker!;
  if (!d.running) return;
  for (const id of d.containerOrder) {
    const c = d.containers[id]!;
    if (c.state === 'running') stopContainer(world, host, c);
  }
  const root = getNs(world, host.rootNs);
  if (d.config.iptables) {
    for (const n of Object.values(d.networks)) {
      if (n.driver === 'bridge') programNetwork(root, n, { userlandProxy: d.config.userlandProxy }, false);
    }
  }
  closeSwarmSockets(world, host);
  d.running = false;
}
