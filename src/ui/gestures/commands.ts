/**
 * Gestures -> shell lines: what a palette drop, a drag on the canvas or a context-menu item stands
 * for (menus.ts lays the menus out over these), as the exact commands a user would type. A pure module over the World and graph node ids
 * (no DOM, no store), so every mapping is unit-tested.
 *
 * Invariants:
 * - a gesture only ever produces shell lines (plus UI-only effects: select, probe mode, dialogs);
 *   the simulation decides what they do and prints the real errors;
 * - generated names are fresh and deterministic: the first `c<n>`, `net<n>`, `ns<n>`, `br<n>`,
 *   `veth<n>`/`veth<n+1>` not taken in the World;
 * - targets are read from the World by the node id alone (`host:`, `ns:`, `if:`, `ctr:`, `pub:`),
 *   so they never depend on what else a graph node carries.
 */
import { shellQuote, type Host, type HostId, type Iface, type IfaceId, type NsId, type World } from '../../sim';

type DockerState = NonNullable<Host['docker']>;
export type ContainerRecord = DockerState['containers'][string];

/** The images of the palette, in its order. */
export const PALETTE_IMAGES = ['busybox', 'alpine', 'nginx', 'tomcat', 'centos', 'redis', 'mysql'] as const;
export type PaletteImage = (typeof PALETTE_IMAGES)[number];

export type PaletteItem =
  | { kind: 'image'; image: PaletteImage }
  | { kind: 'network' }
  | { kind: 'netns' }
  | { kind: 'veth' }
  | { kind: 'bridge' }
  /** One more VM on the private network: `lab host add docker-nodeN`. */
  | { kind: 'vm' };

/** What a graph node is, for a gesture: read from the World by its id. */
export type GestureTarget =
  | { kind: 'host'; host: HostId; id: string }
  /** The Linux bridge of a Docker network (docker0, br-<id>). */
  | { kind: 'network'; host: HostId; id: string; network: string; iface: IfaceId }
  /** A bridge made with `ip link add type bridge`. */
  | { kind: 'bridge'; host: HostId; id: string; ns: NsId; iface: IfaceId; name: string }
  | { kind: 'netns'; host: HostId; id: string; ns: NsId; name: string }
  | { kind: 'container'; host: HostId; id: string; container: ContainerRecord }
  | { kind: 'iface'; host: HostId; id: string; ns: NsId; iface: IfaceId; name: string }
  | { kind: 'none'; id: string };

/** Lines to run, in order, on a host's shell; `at` is the node an error is shown next to. */
export interface Gesture {
  host: HostId;
  lines: string[];
  at: string;
}

/** The first `<prefix><n>` (n from `from`) that `taken` does not hold. */
export function freshName(prefix: string, taken: ReadonlySet<string>, from = 1): string {
  let n = from;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export function dockerOf(world: World, host: HostId): DockerState | undefined {
  return world.hosts[host]?.docker;
}

function containerNames(world: World, host: HostId): Set<string> {
  return new Set(Object.values(dockerOf(world, host)?.containers ?? {}).map((c) => c.name));
}

function ifaceNames(world: World, ns: NsId | undefined): Set<string> {
  const space = ns ? world.netns[ns] : undefined;
  return new Set((space?.ifaces ?? []).map((id) => world.ifaces[id]?.name ?? ''));
}

/** The first free veth pair `veth<n>`/`veth<n+1>` (n even, as `ip link add veth0 ... peer name veth1`). */
export function freshVethPair(world: World, spaces: readonly (NsId | undefined)[]): [string, string] {
  const taken = new Set(spaces.flatMap((ns) => [...ifaceNames(world, ns)]));
  for (let n = 0; ; n += 2) {
    if (!taken.has(`veth${n}`) && !taken.has(`veth${n + 1}`)) return [`veth${n}`, `veth${n + 1}`];
  }
}

export function findContainer(world: World, host: HostId, ref: string): ContainerRecord | undefined {
  const d = dockerOf(world, host);
  if (!d) return undefined;
  return d.containers[ref] ?? Object.values(d.containers).find((c) => c.name === ref);
}

/** The Docker network whose Linux bridge is `iface`, if any. */
function networkOfBridge(world: World, host: HostId, iface: IfaceId): string | undefined {
  return Object.values(dockerOf(world, host)?.networks ?? {}).find((n) => n.bridge === iface)?.name;
}

export function networkName(world: World, host: HostId, id: string): string {
  return dockerOf(world, host)?.networks[id]?.name ?? id;
}

/** Reads the graph node `id` (to-elements.ts ids) back into the World record it stands for. */
export function targetOf(world: World, id: string): GestureTarget {
  const colon = id.indexOf(':');
  const prefix = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (prefix === 'host' && world.hosts[rest]) return { kind: 'host', host: rest, id };
  if (prefix === 'ctr' || prefix === 'pub') {
    const cid = prefix === 'pub' ? rest.slice(0, rest.lastIndexOf(':')) : rest;
    for (const host of world.hostOrder) {
      const c = dockerOf(world, host)?.containers[cid];
      if (c) return { kind: 'container', host, id: `ctr:${cid}`, container: c };
    }
  }
  if (prefix === 'ns') {
    const ns = world.netns[rest];
    if (ns?.kind === 'named') return { kind: 'netns', host: ns.host, id, ns: ns.id, name: ns.name };
    if (ns?.kind === 'container') {
      const c = Object.values(dockerOf(world, ns.host)?.containers ?? {}).find((x) => x.ns === ns.id && !x.joins);
      if (c) return { kind: 'container', host: ns.host, id, container: c };
    }
    if (ns?.kind === 'root') return { kind: 'host', host: ns.host, id: `host:${ns.host}` };
  }
  if (prefix === 'if') {
    const iface = world.ifaces[rest];
    const ns = iface ? world.netns[iface.ns] : undefined;
    if (iface && ns) {
      const network = iface.kind === 'bridge' ? networkOfBridge(world, ns.host, iface.id) : undefined;
      if (network) return { kind: 'network', host: ns.host, id, network, iface: iface.id };
      if (iface.kind === 'bridge') return { kind: 'bridge', host: ns.host, id, ns: ns.id, iface: iface.id, name: iface.name };
      return { kind: 'iface', host: ns.host, id, ns: ns.id, iface: iface.id, name: iface.name };
    }
  }
  return { kind: 'none', id };
}

/** The host a target belongs to; for the empty canvas, the first host. */
export function hostOf(world: World, target: GestureTarget): HostId | undefined {
  return target.kind === 'none' ? world.hostOrder[0] : target.host;
}

/**
 * What each image runs so that the container keeps running, as a user would type it: BusyBox,
 * Alpine and CentOS would exit at once with their shell and no terminal, so they sleep; the
 * servers run their own command; mysql refuses to start without a root password option.
 */
export function imageRunArgs(image: PaletteImage): { options: string[]; command: string[] } {
  switch (image) {
    case 'busybox':
    case 'alpine':
    case 'centos':
      return { options: [], command: ['sleep', '1d'] };
    case 'mysql':
      return { options: ['-e', 'MYSQL_ROOT_PASSWORD=secret'], command: [] };
    default:
      return { options: [], command: [] };
  }
}

/** `docker run -d --name c<n> [--network NET] IMAGE ...` for an image dropped on a host or network. */
export function runImageLine(world: World, host: HostId, image: PaletteImage, network?: string): string {
  const name = freshName('c', containerNames(world, host));
  const { options, command } = imageRunArgs(image);
  const net = network !== undefined && network !== 'bridge' ? ['--network', network] : [];
  return ['docker', 'run', '-d', '--name', name, ...net, ...options, image, ...command].join(' ');
}

/** The seeds' next VM name: the first docker-nodeN (N from 1) no machine has. */
export function nextVagrantName(world: World): string {
  const taken = new Set(world.hostOrder.map((h) => world.hosts[h]!.hostname.toLowerCase()));
  return freshName('docker-node', taken);
}

/** `ip -n NS ` before an ip command when the iface lives in a named namespace. */
export function ipIn(world: World, ns: NsId): string {
  const space = world.netns[ns];
  return space?.kind === 'named' ? `ip -n ${space.name}` : 'ip';
}

/**
 * The commands a palette item dropped on `target` stands for (the empty canvas means the first
 * host). Undefined when the drop means nothing (no host at all).
 */
export function dropCommands(world: World, item: PaletteItem, target: GestureTarget): Gesture | undefined {
  const host = hostOf(world, target);
  if (host === undefined || !world.hosts[host]) return undefined;
  const hostNode = `host:${host}`;
  const root = world.hosts[host]!.rootNs;
  switch (item.kind) {
    case 'image': {
      const network = target.kind === 'network' ? target.network : undefined;
      return { host, lines: [runImageLine(world, host, item.image, network)], at: network ? target.id : hostNode };
    }
    case 'network': {
      const names = new Set(Object.values(dockerOf(world, host)?.networks ?? {}).map((n) => n.name));
      return { host, lines: [`docker network create ${freshName('net', names)}`], at: hostNode };
    }
    case 'netns':
      return { host, lines: [`ip netns add ${freshName('ns', new Set(Object.keys(world.hosts[host]!.netns)))}`], at: hostNode };
    case 'bridge': {
      const inNs = target.kind === 'netns' ? target : undefined;
      const ip = inNs ? `ip -n ${inNs.name}` : 'ip';
      const name = freshName('br', ifaceNames(world, inNs?.ns ?? root), 0);
      return { host, lines: [`${ip} link add ${name} type bridge`, `${ip} link set ${name} up`], at: inNs?.id ?? hostNode };
    }
    case 'vm':
      return { host, lines: [`lab host add ${nextVagrantName(world)}`], at: hostNode };
    case 'veth': {
      const into = target.kind === 'netns' ? target : undefined;
      const [a, b] = freshVethPair(world, [root, into?.ns]);
      const lines = [`ip link add ${a} type veth peer name ${b}`];
      if (into) lines.push(`ip link set ${b} netns ${into.name}`);
      const bridge = target.kind === 'bridge' && target.ns === root ? target.name
        : target.kind === 'network' ? world.ifaces[target.iface]?.name : undefined;
      if (bridge) lines.push(`ip link set ${a} master ${bridge}`);
      return { host, lines, at: into || bridge ? target.id : hostNode };
    }
  }
}

/** A container dropped on a network's bridge: `docker network connect NET CTR`. */
export function connectCommand(world: World, containerNode: string, onto: string): Gesture | undefined {
  const c = targetOf(world, containerNode);
  const net = targetOf(world, onto);
  if (c.kind !== 'container' || net.kind !== 'network' || net.host !== c.host) return undefined;
  return { host: c.host, lines: [`docker network connect ${net.network} ${c.container.name}`], at: containerNode };
}

/** The container whose namespace holds `iface`, with the network its endpoint there belongs to. */
function endpointOf(world: World, iface: Iface): { container: ContainerRecord; network: string; host: HostId } | undefined {
  const ns = world.netns[iface.ns];
  if (!ns) return undefined;
  for (const c of Object.values(dockerOf(world, ns.host)?.containers ?? {})) {
    const ep = c.endpoints.find((e) => e.endpoint.ctrIface === iface.id || e.endpoint.hostIface === iface.id);
    if (ep) return { container: c, network: networkName(world, ns.host, ep.network), host: ns.host };
  }
  return undefined;
}

/**
 * A veth end dragged off its box: what unplugs it. A Docker endpoint (either end) is
 * `docker network disconnect NET CTR`; a port of a plain bridge (this end or its peer) is
 * `ip link set dev X nomaster`. Undefined when the iface is plugged into nothing.
 */
export function unplugCommand(world: World, ifaceNode: string): Gesture | undefined {
  const t = targetOf(world, ifaceNode);
  if (t.kind !== 'iface') return undefined;
  const iface = world.ifaces[t.iface];
  if (!iface || iface.kind !== 'veth') return undefined;
  const ep = endpointOf(world, iface);
  if (ep) return { host: ep.host, lines: [`docker network disconnect ${ep.network} ${ep.container.name}`], at: ifaceNode };
  const peer = iface.peer ? world.ifaces[iface.peer] : undefined;
  const port = iface.master ? iface : peer?.master ? peer : undefined;
  if (!port) return undefined;
  return { host: t.host, lines: [`${ipIn(world, port.ns)} link set dev ${port.name} nomaster`], at: ifaceNode };
}


function portSpecText(p: ContainerRecord['portSpecs'][number]): string {
  const proto = p.proto === 'tcp' ? '' : `/${p.proto}`;
  const host = p.hostPort === '' ? '' : `${p.hostIp && p.hostIp !== '0.0.0.0' ? `${p.hostIp}:` : ''}${p.hostPort}:`;
  return `${host}${p.containerPort}${proto}`;
}

/** Ports of the container's image (`80/tcp` -> 80), or 80. */
export function defaultContainerPort(c: ContainerRecord): number {
  const first = c.img.exposed[0];
  const n = first ? Number(first.split('/')[0]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : 80;
}

/** The first host port from 8080 up that no container on the host publishes. */
export function freeHostPort(world: World, host: HostId): number {
  const used = new Set<number>();
  for (const c of Object.values(dockerOf(world, host)?.containers ?? {})) {
    for (const p of c.ports) used.add(p.hostPort);
    for (const p of c.portSpecs) if (p.hostPort !== '') used.add(Number(p.hostPort));
  }
  let port = 8080;
  while (used.has(port)) port++;
  return port;
}

/**
 * Publishing a port on an existing container: Docker fixes ports at create time, so the container
 * is removed and run again with the same name, image, command, network and environment, plus `-p`.
 */
export function publishCommands(world: World, host: HostId, containerRef: string, hostPort: number, containerPort: number): Gesture | undefined {
  const c = findContainer(world, host, containerRef);
  if (!c) return undefined;
  const flags = `-d${c.interactive ? 'i' : ''}${c.tty ? 't' : ''}`;
  const words = ['docker', 'run', flags, '--name', c.name];
  const mode = c.networkMode;
  // `container:X` as it was given: X may itself share another's namespace, which Docker resolves.
  if (mode !== 'default' && mode !== 'bridge') words.push('--network', mode);
  for (const e of c.env) words.push('-e', shellQuote(e));
  for (const p of c.portSpecs) words.push('-p', portSpecText(p));
  words.push('-p', `${hostPort}:${containerPort}`, c.image);
  const argv = [c.path, ...c.args];
  const image = [...c.img.entrypoint, ...c.img.cmd];
  const sameAsImage = argv.length === image.length && argv.every((w, i) => w === image[i]);
  if (!sameAsImage) {
    // Without --entrypoint the command replaces the image's CMD only.
    const own = c.img.entrypoint.length > 0 && c.path === c.img.entrypoint[0] ? c.args : argv;
    words.push(...own.map(shellQuote));
  }
  return { host, lines: [`docker rm -f ${c.name}`, words.join(' ')], at: `ctr:${c.id}` };
}

/** The shell `docker exec -it` opens: sh when the image has one, else bash. */
export function execLine(c: ContainerRecord): string {
  const shell = c.img.tools.includes('sh') || c.img.userland === 'busybox' ? 'sh' : 'bash';
  return `docker exec -it ${c.name} ${shell}`;
}
