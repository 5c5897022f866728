/**
 * Where a completion looks for names: the shell's place in the World (a host's bash, a container's
 * shell, an `ip netns exec NS bash`) and the names it can see from there. Read-only over the World.
 */
import type { Host, HostId, Iface, Netns, Session, World } from '../../sim';

export type Container = NonNullable<Host['docker']>['containers'][string];

/** A shell's place: its host, its namespace, and the container it runs in, if any. */
export interface Scope {
  world: World;
  host: Host;
  ns: Netns;
  container?: Container;
}

/** Completes the words of a command line (`words` typed before the word being completed). */
export type Completer = (scope: Scope, words: readonly string[], word: string) => string[];

/** The namespace a container's shell runs in: its own, the one it joins, or the host's. */
function containerNetns(world: World, host: Host, c: Container): Netns | undefined {
  if (c.networkMode === 'host') return world.netns[host.rootNs];
  const owner = c.joins !== undefined ? host.docker?.containers[c.joins] : c;
  return owner?.ns !== undefined ? world.netns[owner.ns] : undefined;
}

export function makeScope(world: World, hostId: HostId, session: Session | null): Scope | undefined {
  const host = world.hosts[hostId];
  if (!host) return undefined;
  const c = session?.container !== undefined ? host.docker?.containers[session.container] : undefined;
  if (c) {
    const ns = containerNetns(world, host, c) ?? world.netns[host.rootNs];
    return ns ? { world, host, ns, container: c } : undefined;
  }
  const ns = world.netns[session?.ns ?? host.rootNs];
  return ns ? { world, host, ns } : undefined;
}

/** The scope of a shell inside a container of the same host (`docker exec C ...`). */
export function containerScope(scope: Scope, name: string): Scope | undefined {
  const c = findContainer(scope, name);
  if (!c) return undefined;
  const ns = containerNetns(scope.world, scope.host, c);
  return ns ? { world: scope.world, host: scope.host, ns, container: c } : undefined;
}

/** The scope of `ip netns exec NAME`: the host's named namespace. */
export function netnsScope(scope: Scope, name: string): Scope | undefined {
  const id = scope.host.netns[name];
  const ns = id !== undefined ? scope.world.netns[id] : undefined;
  return ns ? { world: scope.world, host: scope.host, ns } : undefined;
}

function containers(scope: Scope): Container[] {
  const d = scope.host.docker;
  return d ? d.containerOrder.flatMap((id) => d.containers[id] ?? []) : [];
}

export function findContainer(scope: Scope, nameOrId: string): Container | undefined {
  return containers(scope).find((c) => c.name === nameOrId || (nameOrId.length >= 4 && c.id.startsWith(nameOrId)));
}

export type ContainerFilter = 'all' | 'running' | 'stopped';

export function containerNames(scope: Scope, filter: ContainerFilter = 'all'): string[] {
  return containers(scope)
    .filter((c) => filter === 'all' || (c.state === 'running') === (filter === 'running'))
    .map((c) => c.name);
}

/** Names of the networks a container is connected to. */
export function networksOf(scope: Scope, c: Container): string[] {
  const nets = scope.host.docker?.networks ?? {};
  return c.endpoints.flatMap((e) => nets[e.network]?.name ?? []);
}

export function networkNames(scope: Scope): string[] {
  return Object.values(scope.host.docker?.networks ?? {}).map((n) => n.name);
}

/** The images the playground offers (the palette's) and the ones the daemon has pulled or built. */
const CATALOGUE = ['busybox', 'alpine', 'nginx', 'tomcat:7', 'centos', 'centos:7', 'redis', 'mysql'];

export function imageNames(scope: Scope): string[] {
  const d = scope.host.docker;
  const local = [...(d?.images ?? []), ...(d?.built ?? []).map((i) => `${i.repo}:${i.tag}`)];
  return [...CATALOGUE, ...local.map((k) => k.replace(/:latest$/, ''))];
}

export function netnsNames(scope: Scope): string[] {
  return [...scope.host.netnsOrder];
}

export function ifaces(scope: Scope, ns: Netns = scope.ns): Iface[] {
  return ns.ifaces.flatMap((id) => scope.world.ifaces[id] ?? []);
}

export function ifaceNames(scope: Scope, ns?: Netns): string[] {
  return ifaces(scope, ns).map((i) => i.name);
}

export function bridgeNames(scope: Scope, ns?: Netns): string[] {
  return ifaces(scope, ns)
    .filter((i) => i.kind === 'bridge')
    .map((i) => i.name);
}

export function chainNames(scope: Scope, table: string, ns: Netns = scope.ns): string[] {
  if (table !== 'filter' && table !== 'nat') return [];
  return ns.iptables[table].chains.map((c) => c.name);
}

/** Paths `cat` can read from this place: its files and the /proc/sys switches. */
export function filePaths(scope: Scope): string[] {
  const files = scope.container ? scope.container.files : scope.host.files;
  return [
    ...Object.keys(files),
    '/proc/sys/net/ipv4/ip_forward',
    '/proc/sys/net/ipv4/conf/all/forwarding',
    ...(scope.container ? [] : ['/proc/sys/net/bridge/bridge-nf-call-iptables']),
  ];
}
