/**
 * Small coreutils-like commands: hostname, ls (of /var/run/netns), echo (with writes to
 * /proc/sys), true, false, grep (for pipes).
 */
import { SimError } from '../../net/errors';
import { getHost } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';
import { placeContainer, readFile } from '../fs';
import { procPathToKey, writeSysctl } from './sysctl';
import { compilePosix } from '../regex';

export function hostnameCommand(ctx: ShellCtx, argv: string[] = []): number {
  const c = placeContainer(ctx);
  if (c && argv.includes('-i')) {
    // BusyBox: the addresses the hostname resolves to, from /etc/hosts.
    const name = c.hostname;
    const ips = (readFile(ctx, '/etc/hosts') ?? '').split('\n').filter((l) => l.split(/\s+/).slice(1).includes(name)).map((l) => l.split(/\s+/)[0]!);
    if (ips.length === 0) throw new SimError(`hostname: ${name}: Unknown host`, 1);
    write(ctx, `${ips.join(' ')}\n`);
    return 0;
  }
  if (c) {
    // Inside a container: the UTS name Docker set, as written to its /etc/hostname.
    const text = readFile(ctx, '/etc/hostname') ?? `${c.hostname}\n`;
    write(ctx, `${text.split('\n')[0]}\n`);
    return 0;
  }
  write(ctx, `${getHost(ctx.world, ctx.place.host).hostname}\n`);
  return 0;
}

export function lsCommand(ctx: ShellCtx, argv: string[]): number {
  const host = getHost(ctx.world, ctx.place.host);
  const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
  let exit = 0;
  for (const p of paths.length ? paths : ['.']) {
    const norm = p.replace(/\/+$/, '');
    if (norm === '/var/run/netns' || norm === '/run/netns') {
      const names = [...host.netnsOrder].sort();
      if (names.length) write(ctx, `${names.join('  ')}\n`);
    } else if (norm === '.' || norm === '' || norm === '~') {
      continue;
    } else {
      write(ctx, `ls: cannot access '${p}': No such file or directory\n`);
      exit = 2;
    }
  }
  return exit;
}

export function echoCommand(ctx: ShellCtx, argv: string[]): number {
  const redirect = argv.findIndex((a) => a === '>' || a === '>>');
  const words = redirect < 0 ? argv.slice(1) : argv.slice(1, redirect);
  const text = `${words.join(' ')}\n`;
  if (redirect < 0) {
    write(ctx, text);
    return 0;
  }
  const target = argv[redirect + 1];
  if (target === undefined) throw new SimError('-bash: syntax error near unexpected token `newline\'', 2);
  const key = procPathToKey(target);
  const ns = ctx.world.netns[ctx.place.ns]!;
  if (key !== undefined) {
    if (!writeSysctl(ns, key, text)) throw new SimError(`-bash: ${target}: No such file or directory`, 1);
    return 0;
  }
  throw new SimError(`-bash: ${target}: files are not simulated yet`, 1);
}

export function trueCommand(): number {
  return 0;
}

export function falseCommand(): number {
  return 1;
}

export function grepCommand(ctx: ShellCtx, argv: string[]): number {
  let invert = false;
  let ignoreCase = false;
  let extended = false;
  let pattern: string | undefined;
  for (const a of argv.slice(1)) {
    if (a === '-v') invert = true;
    else if (a === '-i') ignoreCase = true;
    else if (a === '-E') extended = true;
    else if (a === '-e') continue;
    else if (pattern === undefined) pattern = a;
  }
  if (pattern === undefined) throw new SimError('Usage: grep [OPTION]... PATTERNS [FILE]...', 2);
  // Linear-time matching (regex.ts): JavaScript's backtracking RegExp hangs on `(a*)*b`.
  const re = compilePosix(pattern, { extended, ignoreCase });
  const lines = ctx.stdin.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
  const hits = lines.filter((l) => re.test(l) !== invert);
  if (hits.length) write(ctx, `${hits.join('\n')}\n`);
  return hits.length ? 0 : 1;
}
