/**
 * `cat [FILE]...`: the place's files (fs.ts: /etc/hosts, /etc/resolv.conf, /etc/hostname, ...) and
 * the /proc/sys switches the kernel model keeps; standard input without arguments or for `-`.
 * Errors as coreutils prints them (`cat: x: No such file or directory`) or, in BusyBox images,
 * as the applet does (`cat: can't open 'x': No such file or directory`); exit 1.
 */
import type { Netns } from '../../net/types';
import type { ShellCtx } from '../context';
import { userlandOf, write } from '../context';
import { isDirectory, readFile } from '../fs';

const PROC: Record<string, (ns: Netns) => boolean> = {
  '/proc/sys/net/ipv4/ip_forward': (ns) => ns.ipForward,
  '/proc/sys/net/ipv4/conf/all/forwarding': (ns) => ns.ipForward,
  '/proc/sys/net/bridge/bridge-nf-call-iptables': (ns) => ns.bridgeNfCallIptables,
};

/** The simulated shells run in `/`: a relative path names a file there. */
export function absolutePath(path: string): string {
  return path.startsWith('/') ? path : `/${path.replace(/^\.\//, '')}`;
}

/** A file's text as `cat` reads it (the place's files and the /proc/sys switches), or undefined. */
export function readPath(ctx: ShellCtx, f: string): string | undefined {
  const path = absolutePath(f).replace(/\/+$/, '') || '/';
  const proc = Object.hasOwn(PROC, path) ? PROC[path] : undefined;
  return proc ? `${proc(ctx.world.netns[ctx.place.ns]!) ? 1 : 0}\n` : readFile(ctx, path);
}

export function catCommand(ctx: ShellCtx, argv: string[]): number {
  const busybox = userlandOf(ctx) === 'busybox';
  const files = argv.slice(1).filter((a) => a === '-' || !a.startsWith('-'));
  if (!files.length) {
    write(ctx, ctx.stdin);
    return 0;
  }
  let exit = 0;
  for (const f of files) {
    if (f === '-') {
      write(ctx, ctx.stdin);
      continue;
    }
    const text = readPath(ctx, f);
    if (text !== undefined) write(ctx, text);
    else if (isDirectory(absolutePath(f).replace(/\/+$/, '') || '/')) {
      write(ctx, busybox ? 'cat: read error: Is a directory\n' : `cat: ${f}: Is a directory\n`);
      exit = 1;
    } else {
      write(ctx, busybox ? `cat: can't open '${f}': No such file or directory\n` : `cat: ${f}: No such file or directory\n`);
      exit = 1;
    }
  }
  return exit;
}
