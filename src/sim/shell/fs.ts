/**
 * The few files the tools read and write. A command inside a container sees that container's
 * files (/etc/hosts, /etc/resolv.conf, /etc/hostname as Docker wrote them); on a host, the host's.
 */
import type { Container } from '../docker/types';
import type { ShellCtx } from './context';

export function placeContainer(ctx: Pick<ShellCtx, 'world' | 'place'>): Container | undefined {
  const id = ctx.place.container;
  return id === undefined ? undefined : ctx.world.hosts[ctx.place.host]?.docker?.containers[id];
}

/** A file's text, or undefined when it does not exist. */
export function readFile(ctx: Pick<ShellCtx, 'world' | 'place'>, path: string): string | undefined {
  const c = placeContainer(ctx);
  if (c) return c.files[path];
  return ctx.world.hosts[ctx.place.host]?.files[path];
}

export function writeFile(ctx: Pick<ShellCtx, 'world' | 'place'>, path: string, text: string): void {
  const c = placeContainer(ctx);
  if (c) c.files[path] = text;
  else {
    const host = ctx.world.hosts[ctx.place.host];
    if (host) host.files[path] = text;
  }
}

/** Whether a path is a directory the simulated filesystem knows (for `> dir` errors and `ls`). */
export function isDirectory(path: string): boolean {
  return ['/', '/etc', '/etc/docker', '/proc', '/proc/sys', '/var', '/var/run', '/tmp'].includes(path.replace(/\/+$/, '') || '/');
}
