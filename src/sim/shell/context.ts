/**
 * What a command sees: the World (an immer draft it may change), where it runs, and where its
 * output goes. A command returns its exit code; a thrown SimError prints its message and makes
 * the whole command a no-op on the World.
 */
import type { Trace } from '../packet/trace';
import type { HostId, NsId, World } from '../net/types';
import type { ContainerId } from '../docker/types';
import type { Userland } from '../docker/images';

export interface Place {
  host: HostId;
  ns: NsId;
  /** Set when the command runs inside a container (`docker exec`): its files and image tools apply. */
  container?: ContainerId;
  /** Working directory (`docker exec -w`); `/` in a container, `/root` on the host when unset. */
  cwd?: string;
}

/** Whose tools print: the CentOS 7 host's (iproute2, iputils, net-tools, curl 7.29) or an image's. */
export function userlandOf(ctx: Pick<ShellCtx, 'world' | 'place'>): 'host' | Userland {
  const id = ctx.place.container;
  if (id === undefined) return 'host';
  const c = ctx.world.hosts[ctx.place.host]?.docker?.containers[id];
  return (c && c.img?.userland) ?? 'busybox';
}

/**
 * An interactive shell the terminal is in, other than the host's own: `docker exec -it C sh`,
 * `docker run -it IMAGE` (main: the shell is the container's main process, so `exit` stops it),
 * `ip netns exec NS bash`.
 */
export interface Session {
  container?: ContainerId;
  ns?: NsId;
  main?: boolean;
}

export interface ShellCtx {
  world: World;
  place: Place;
  /** The session the line runs in, and what the line asks of the terminal (enter a shell, leave it). */
  session?: Session;
  signal?: { enter?: Session; leave?: boolean };
  /** stdout and stderr interleaved, as a terminal shows them. */
  out: string[];
  /** Standard input (the left side of a pipe). */
  stdin: string;
  /** Packet traces produced by ping/curl, for the UI to animate. */
  traces: Trace[];
}

export type Command = (ctx: ShellCtx, argv: string[]) => number;

export function write(ctx: ShellCtx, text: string): void {
  ctx.out.push(text);
}

export function writeln(ctx: ShellCtx, text = ''): void {
  ctx.out.push(text + '\n');
}
