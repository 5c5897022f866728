/**
 * Predicates for guided-lab checks. Each returns a `Check`: a pure function of the World (and of
 * the lines run so far, for the few steps that are about looking at something). World checks do
 * not care how a state was reached: a veth pair made by hand or by a gesture counts the same.
 *
 * Reachability checks are in probes.ts (a read-only line run through `execute`, its World
 * dropped). Names are exact (no id prefix):
 * `c1` must never match a container whose id starts with c1. `host` is a hostname
 * (`docker-node2`); left out, the lab's first machine.
 */
import { containerNs } from '../../docker/container';
import type { Container, DaemonConfig, DockerNetwork, DockerState } from '../../docker/types';
import { inPrefix, parsePrefix } from '../../net/ip4';
import type { Host, Iface, Netns, World } from '../../net/types';
import { findHostByName, findIfaceByName } from '../../net/world';
import type { CheckContext } from './types';

export type Check = (ctx: CheckContext) => boolean;

export const all =
  (...checks: Check[]): Check =>
  (ctx) =>
    checks.every((c) => c(ctx));

export const any =
  (...checks: Check[]): Check =>
  (ctx) =>
    checks.some((c) => c(ctx));

export const not =
  (check: Check): Check =>
  (ctx) =>
    !check(ctx);

/** An escape hatch for one-off conditions on the World. */
export const holds =
  (fn: (world: World) => boolean): Check =>
  (ctx) =>
    fn(ctx.world);

// ---------------------------------------------------------------------------------------------
// Lookups (undefined when missing; never throw)

export function hostOf(world: World, hostname?: string): Host | undefined {
  return hostname === undefined ? world.hosts[world.hostOrder[0] ?? ''] : findHostByName(world, hostname);
}

export function containerOf(world: World, name: string, hostname?: string): { host: Host; c: Container } | undefined {
  const host = hostOf(world, hostname);
  const d = host?.docker;
  if (!host || !d) return undefined;
  const c = Object.values(d.containers).find((x) => x.name === name);
  return c ? { host, c } : undefined;
}

export function networkOf(d: DockerState, name: string): DockerNetwork | undefined {
  return Object.values(d.networks).find((n) => n.name === name);
}

/** A named namespace (`ip netns add NAME`), or the root namespace when `name` is undefined. */
export function netnsOf(world: World, name: string | undefined, hostname?: string): Netns | undefined {
  const host = hostOf(world, hostname);
  if (!host) return undefined;
  const id = name === undefined ? host.rootNs : host.netns[name];
  return id === undefined ? undefined : world.netns[id];
}

function ifaceIn(world: World, ns: string | undefined, iface: string, hostname?: string): Iface | undefined {
  const n = netnsOf(world, ns, hostname);
  return n ? findIfaceByName(world, n, iface) : undefined;
}

function parseCidr(text: string): { addr: number; prefix: number } | undefined {
  const p = parsePrefix(text, 32);
  return p && /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(text) ? p : undefined;
}

// ---------------------------------------------------------------------------------------------
// Containers and networks

export interface RunningOptions {
  host?: string;
  /** Image as typed or its repository (`nginx` matches `nginx:latest`). */
  image?: string;
  /** `bridge` (started on the default network), `host`, `none`, or `container` (joined to another's namespace). */
  mode?: 'bridge' | 'host' | 'none' | 'container';
}

function imageMatches(c: Container, image: string): boolean {
  const repo = (ref: string) => ref.replace(/:[^/:]+$/, '');
  return c.image === image || c.imageKey === image || repo(c.imageKey) === repo(image);
}

function isRunning(c: Container, opts: RunningOptions): boolean {
  if (c.state !== 'running') return false;
  if (opts.image !== undefined && !imageMatches(c, opts.image)) return false;
  switch (opts.mode) {
    case 'bridge':
      return c.networkMode === 'default' || c.networkMode === 'bridge';
    case 'host':
    case 'none':
      return c.networkMode === opts.mode;
    case 'container':
      return c.joins !== undefined;
    default:
      return true;
  }
}

/** The container runs (from `image`, in `mode`, when given). */
export function running(name: string, opts: RunningOptions = {}): Check {
  return ({ world }) => {
    const found = containerOf(world, name, opts.host);
    return !!found && isRunning(found.c, opts);
  };
}

/** Some container runs as asked, whatever its name. */
export function anyRunning(opts: RunningOptions = {}): Check {
  return ({ world }) => Object.values(hostOf(world, opts.host)?.docker?.containers ?? {}).some((c) => isRunning(c, opts));
}

/** The container is running and attached to the network (by name). */
export function onNetwork(name: string, network: string, host?: string): Check {
  return ({ world }) => {
    const found = containerOf(world, name, host);
    const net = found?.host.docker && networkOf(found.host.docker, network);
    if (!found || !net || found.c.state !== 'running') return false;
    return found.c.endpoints.some((e) => e.network === net.id);
  };
}

/** The container is running with an address in `cidr` (`172.20.16.3` is one address), on `network` if given. */
export function hasIp(name: string, cidr: string, opts: { network?: string; host?: string } = {}): Check {
  const p = parseCidr(cidr);
  return ({ world }) => {
    const found = containerOf(world, name, opts.host);
    if (!p || !found || found.c.state !== 'running') return false;
    const net = opts.network !== undefined && found.host.docker ? networkOf(found.host.docker, opts.network) : undefined;
    if (opts.network !== undefined && !net) return false;
    return found.c.endpoints.some(
      (e) => (!net || e.network === net.id) && e.endpoint.ip !== undefined && inPrefix(e.endpoint.ip, p.addr, p.prefix),
    );
  };
}

/** Some running container on `network` has an address in `cidr` (whatever its name). */
export function anyContainerWithIp(network: string, cidr: string, host?: string): Check {
  const p = parseCidr(cidr);
  return ({ world }) => {
    const h = hostOf(world, host);
    const net = h?.docker && networkOf(h.docker, network);
    if (!p || !h?.docker || !net) return false;
    return Object.values(h.docker.containers).some(
      (c) =>
        c.state === 'running' &&
        c.endpoints.some((e) => e.network === net.id && e.endpoint.ip !== undefined && inPrefix(e.endpoint.ip, p.addr, p.prefix)),
    );
  };
}

export function networkExists(
  name: string,
  opts: { driver?: DockerNetwork['driver']; subnet?: string; gateway?: string; host?: string } = {},
): Check {
  return ({ world }) => {
    const d = hostOf(world, opts.host)?.docker;
    const net = d && networkOf(d, name);
    if (!net) return false;
    if (opts.driver !== undefined && net.driver !== opts.driver) return false;
    if (opts.subnet !== undefined) {
      const s = parseCidr(opts.subnet);
      if (!s || !net.subnet || net.subnet.prefix !== s.prefix || !inPrefix(s.addr, net.subnet.addr, s.prefix)) return false;
    }
    if (opts.gateway !== undefined) {
      const g = parseCidr(opts.gateway);
      if (!g || net.gateway !== g.addr) return false;
    }
    return true;
  };
}

/** `b` runs in `a`'s network namespace (`--network container:a`), both running. */
export function sharesNetns(a: string, b: string, host?: string): Check {
  return ({ world }) => {
    const x = containerOf(world, a, host);
    const y = containerOf(world, b, host);
    if (!x || !y || x.c.id === y.c.id) return false;
    const nx = containerNs(world, x.host, x.c);
    const ny = containerNs(world, y.host, y.c);
    return nx !== undefined && nx.id === ny?.id;
  };
}

/** Some running container joined (`container:X`) to a container that runs with `--network host`. */
export function joinedToHostMode(host?: string): Check {
  return ({ world }) => {
    const d = hostOf(world, host)?.docker;
    if (!d) return false;
    return Object.values(d.containers).some((c) => {
      const target = c.joins !== undefined ? d.containers[c.joins] : undefined;
      return c.state === 'running' && target?.state === 'running' && target.networkMode === 'host';
    });
  };
}

/** A TCP (or UDP) socket listens on `port` in the container's network namespace. */
export function listens(name: string, port: number, opts: { proto?: 'tcp' | 'udp'; host?: string } = {}): Check {
  return ({ world }) => {
    const found = containerOf(world, name, opts.host);
    const ns = found && containerNs(world, found.host, found.c);
    return !!ns?.sockets.some((s) => s.port === port && s.proto === (opts.proto ?? 'tcp'));
  };
}

export interface PublishedOptions {
  containerPort: number;
  /** A fixed host port, or `ephemeral` for `-p 80` / `-p ip::80`. */
  hostPort?: number | 'ephemeral';
  /** The address bound (`0.0.0.0` for all); left out, any. */
  hostIp?: string;
  /** Only this container. */
  container?: string;
  host?: string;
}

/** A running container publishes `containerPort` as asked. */
export function published(o: PublishedOptions): Check {
  return ({ world }) => {
    const d = hostOf(world, o.host)?.docker;
    if (!d) return false;
    return Object.values(d.containers).some((c) => {
      if (c.state !== 'running' || (o.container !== undefined && c.name !== o.container)) return false;
      const ip = (x: string) => (x === '' ? '0.0.0.0' : x);
      const specOk = (s: Container['portSpecs'][number]) =>
        s.containerPort === o.containerPort &&
        (o.hostIp === undefined || ip(s.hostIp) === o.hostIp) &&
        (o.hostPort === undefined || (o.hostPort === 'ephemeral' ? s.hostPort === '' : Number(s.hostPort) === o.hostPort));
      const mapOk = (m: Container['ports'][number]) =>
        m.containerPort === o.containerPort &&
        (o.hostIp === undefined || ip(m.hostIp) === o.hostIp) &&
        (typeof o.hostPort !== 'number' || m.hostPort === o.hostPort);
      return c.portSpecs.some(specOk) && c.ports.some(mapOk);
    });
  };
}

/** The container's interface (eth0 by default) has this MTU. */
export function ifaceMtu(name: string, mtu: number, opts: { iface?: string; host?: string } = {}): Check {
  return ({ world }) => {
    const found = containerOf(world, name, opts.host);
    const ns = found && containerNs(world, found.host, found.c);
    const i = ns && findIfaceByName(world, ns, opts.iface ?? 'eth0');
    return i?.mtu === mtu;
  };
}

/** Some running container on `network` has an interface (eth0) with this MTU. */
export function anyContainerMtu(network: string, mtu: number, host?: string): Check {
  return ({ world }) => {
    const h = hostOf(world, host);
    const net = h?.docker && networkOf(h.docker, network);
    if (!h?.docker || !net) return false;
    return Object.values(h.docker.containers).some((c) => {
      const ep = c.endpoints.find((e) => e.network === net.id)?.endpoint;
      const i = ep?.ctrIface !== undefined ? world.ifaces[ep.ctrIface] : undefined;
      return c.state === 'running' && i?.mtu === mtu;
    });
  };
}

// ---------------------------------------------------------------------------------------------
// The daemon

export function dockerRunning(host?: string): Check {
  return ({ world }) => hostOf(world, host)?.docker?.running === true;
}

/** The running daemon's configuration (read from daemon.json when it started). */
export function daemonConfig(pred: (cfg: DaemonConfig) => boolean, host?: string): Check {
  return ({ world }) => {
    const d = hostOf(world, host)?.docker;
    return !!d?.running && pred(d.config);
  };
}

/** /etc/docker/daemon.json (as it is on disk, applied or not) is a JSON object with `key` equal to `value`. */
export function daemonJson(key: string, value: string | number, host?: string): Check {
  return ({ world }) => {
    const text = hostOf(world, host)?.files['/etc/docker/daemon.json'];
    if (!text) return false;
    try {
      const o: unknown = JSON.parse(text);
      return typeof o === 'object' && o !== null && (o as Record<string, unknown>)[key] === value;
    } catch {
      return false;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Kernel objects: namespaces, links, addresses

export function netnsExists(name: string, host?: string): Check {
  return ({ world }) => netnsOf(world, name, host) !== undefined;
}

/** Two interfaces named `a` and `b` are the ends of one veth pair (wherever they are on the host). */
export function vethPair(a: string, b: string, host?: string): Check {
  return ({ world }) => {
    const h = hostOf(world, host);
    if (!h) return false;
    return Object.values(world.ifaces).some((i) => {
      if (i.kind !== 'veth' || i.name !== a || world.netns[i.ns]?.host !== h.id) return false;
      const p = i.peer !== undefined ? world.ifaces[i.peer] : undefined;
      return p?.name === b && p.kind === 'veth';
    });
  };
}

/** A veth in namespace `a` whose peer is in namespace `b` (named namespaces; undefined is the root). */
export function vethBetween(a: string | undefined, b: string | undefined, host?: string): Check {
  return ({ world }) => {
    const na = netnsOf(world, a, host);
    const nb = netnsOf(world, b, host);
    if (!na || !nb || na.id === nb.id) return false;
    return na.ifaces.some((id) => {
      const i = world.ifaces[id];
      const p = i?.kind === 'veth' && i.peer !== undefined ? world.ifaces[i.peer] : undefined;
      return p?.ns === nb.id;
    });
  };
}

/** The interface (in a named namespace, or the root one when `ns` is undefined) is set up. */
export function linkUp(ns: string | undefined, iface: string, host?: string): Check {
  return ({ world }) => ifaceIn(world, ns, iface, host)?.up === true;
}

/** The interface holds exactly this address and prefix (`192.168.1.1/24`). */
export function hasAddress(ns: string | undefined, iface: string, cidr: string, host?: string): Check {
  const p = parseCidr(cidr);
  return ({ world }) => {
    const i = ifaceIn(world, ns, iface, host);
    return !!p && !!i?.addrs.some((a) => a.addr === p.addr && a.prefix === p.prefix);
  };
}

// ---------------------------------------------------------------------------------------------
// The log: for steps that are about looking at something

export interface RanOptions {
  /** The line as typed. */
  command?: RegExp;
  /** What it printed; a function builds the pattern from the World now (undefined: no match). */
  output?: RegExp | ((world: World) => RegExp | undefined);
  /** `ok` (exit 0), `fail` (not 0) or an exact exit code. */
  exit?: 'ok' | 'fail' | number;
  /** The hostname of the shell it was typed in. */
  host?: string;
}

/** Some line run so far matches. */
export function ran(o: RanOptions): Check {
  return ({ world, log }) => {
    const out = typeof o.output === 'function' ? o.output(world) : o.output;
    if (typeof o.output === 'function' && out === undefined) return false;
    return log.some((l) => {
      if (o.host !== undefined && l.entry.h !== o.host) return false;
      if (o.command && !o.command.test(l.entry.c)) return false;
      if (out && !out.test(l.output)) return false;
      if (o.exit === 'ok' && l.exitCode !== 0) return false;
      if (o.exit === 'fail' && l.exitCode === 0) return false;
      if (typeof o.exit === 'number' && l.exitCode !== o.exit) return false;
      return true;
    });
  };
}

/** `text` with the characters of a regular expression escaped. */
export function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A container's host-side veth on its first network, with the ifindexes of both ends. */
export function hostVeth(world: World, name: string, host?: string): { veth: Iface; ctr: Iface } | undefined {
  const found = containerOf(world, name, host);
  const ep = found?.c.endpoints[0]?.endpoint;
  const veth = ep?.hostIface !== undefined ? world.ifaces[ep.hostIface] : undefined;
  const ctr = ep?.ctrIface !== undefined ? world.ifaces[ep.ctrIface] : undefined;
  return veth && ctr ? { veth, ctr } : undefined;
}
