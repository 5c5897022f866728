/**
 * Guided-lab checks that probe: a line run through the simulator's one door, `execute` (`docker
 * exec C ping -c 1 -W 1 X`, `wget`, `curl`, a name lookup), whose exit code answers and whose World
 * is dropped. The checks of state alone are in checks.ts.
 */
import { containerNs } from '../../docker/container';
import { formatIp4 } from '../../net/ip4';
import type { World } from '../../net/types';
import { execute } from '../../shell/execute';
import { resolveName } from '../../shell/resolve';
import { containerOf, hostOf, netnsOf, networkOf, type Check } from './checks';

/** Where a probe runs: a container, a named namespace, or (neither given) the host's own shell. */
export interface From {
  host?: string;
  container?: string;
  netns?: string;
}

/**
 * Exit codes of probes already run on a World. Worlds are immutable (execute deep-freezes the one
 * it is given), so a probe's answer never changes: checks that ask the same thing (and the UI
 * evaluating one World twice) pay once.
 */
const probes = new WeakMap<World, Map<string, number>>();

function probeLine(world: World, from: From, command: string): number {
  const h = hostOf(world, from.host);
  if (!h) return -1;
  let line: string;
  if (from.container !== undefined) {
    const found = containerOf(world, from.container, from.host);
    if (!found || found.c.state !== 'running') return -1;
    line = `docker exec ${found.c.id} ${command}`;
  } else if (from.netns !== undefined) {
    if (h.netns[from.netns] === undefined) return -1;
    line = `ip netns exec ${from.netns} ${command}`;
  } else line = command;
  let memo = probes.get(world);
  if (!memo) probes.set(world, (memo = new Map()));
  const key = `${h.id}\n${line}`;
  let code = memo.get(key);
  if (code === undefined) {
    try {
      code = execute(world, line, { host: h.id }).exitCode;
    } catch {
      code = -1;
    }
    memo.set(key, code);
  }
  return code;
}

function isBusybox(world: World, from: From): boolean {
  if (from.container === undefined) return false;
  const found = containerOf(world, from.container, from.host);
  return (found?.c.img.userland ?? 'busybox') === 'busybox';
}

/** One ping from `from` to `target` (an address or a name) gets an answer. */
export function pings(from: From, target: string): Check {
  return ({ world }) => probeLine(world, from, `ping -c 1 -W 1 ${target}`) === 0;
}

/** The container runs and its ping to `target` gets no answer (or the name does not resolve). */
export function cannotPing(from: From, target: string): Check {
  return ({ world }) => {
    if (from.container !== undefined && containerOf(world, from.container, from.host)?.c.state !== 'running') return false;
    if (from.netns !== undefined && !netnsOf(world, from.netns, from.host)) return false;
    return probeLine(world, from, `ping -c 1 -W 1 ${target}`) !== 0;
  };
}

/** An HTTP GET of `url` from `from` gets a response (wget in BusyBox images, curl elsewhere). */
export function fetches(from: From, url: string): Check {
  return ({ world }) => {
    const cmd = isBusybox(world, from) ? `wget -q -O /dev/null -T 1 ${url}` : `curl -s -o /dev/null -m 1 ${url}`;
    return probeLine(world, from, cmd) === 0;
  };
}

/** The address of a running container on its first network (or on `network`). */
export function containerIp(world: World, name: string, host?: string, network?: string): number | undefined {
  const found = containerOf(world, name, host);
  if (!found || found.c.state !== 'running') return undefined;
  const net = network !== undefined && found.host.docker ? networkOf(found.host.docker, network) : undefined;
  if (network !== undefined && !net) return undefined;
  return found.c.endpoints.find((e) => !net || e.network === net.id)?.endpoint.ip;
}

/** A ping from `from` to the address of container `target` (on its own host, maybe another) gets an answer. */
export function pingsContainer(from: From, target: { container: string; host?: string }): Check {
  return ({ world }) => {
    const ip = containerIp(world, target.container, target.host);
    return ip !== undefined && probeLine(world, from, `ping -c 1 -W 1 ${formatIp4(ip)}`) === 0;
  };
}

/** Both run and a ping from `from` to the address of container `target` gets no answer. */
export function cannotPingContainer(from: From & { container: string }, target: { container: string; host?: string }): Check {
  return ({ world }) => {
    const ip = containerIp(world, target.container, target.host);
    if (ip === undefined || containerOf(world, from.container, from.host)?.c.state !== 'running') return false;
    return probeLine(world, from, `ping -c 1 -W 1 ${formatIp4(ip)}`) !== 0;
  };
}

/**
 * `from` fetches a page from some port published by a running container on `target.host`, at the
 * address `target.address` (that host's, as seen from outside).
 */
export function fetchesPublished(from: From, target: { host?: string; address: string }): Check {
  return ({ world }) => {
    const d = hostOf(world, target.host)?.docker;
    if (!d) return false;
    const ports = new Set<number>();
    for (const c of Object.values(d.containers)) if (c.state === 'running') for (const m of c.ports) ports.add(m.hostPort);
    return [...ports].some((p) => fetches(from, `http://${target.address}:${p}`)({ world, log: [] }));
  };
}

/** A running `--network host` container's process listens on `port` in the host's own namespace. */
export function hostModeServer(port: number, host?: string): Check {
  return ({ world }) => {
    const h = hostOf(world, host);
    const root = h && world.netns[h.rootNs];
    const d = h?.docker;
    if (!root || !d) return false;
    return root.sockets.some((s) => {
      const c = s.owner !== undefined ? d.containers[s.owner] : undefined;
      return s.port === port && c?.state === 'running' && c.networkMode === 'host';
    });
  };
}

/** The container's resolver (hosts file, then its nameservers) finds `name`. */
export function resolves(container: string, name: string, host?: string): Check {
  return ({ world }) => {
    const found = containerOf(world, container, host);
    const ns = found && containerNs(world, found.host, found.c);
    if (!found || !ns) return false;
    try {
      return resolveName({ world, place: { host: found.host.id, ns: ns.id, container: found.c.id } }, name).kind === 'ok';
    } catch {
      return false;
    }
  };
}
