/**
 * Small coreutils-like commands: hostname, ls (of /var/run/netns), echo (with writes to
 * /proc/sys), true, false, grep (for pipes).
 */
import { SimError } from '../../net/errors';
import { getHost } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';
import { isDirectory, placeContainer, readFile } from '../fs';
import { absolutePath, readPath } from './cat';
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

const GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";
const GREP_FLAGS = 'vicnqwxEFHhs';

/**
 * `grep [-vicnqwxEHhs] [-e PATTERN] PATTERN [FILE]...`, as GNU grep: standard input without files
 * (or for `-`), `FILE:` before each line with several files, `-c` counts, `-n` numbers, `-q` only
 * answers; exit 0 a line matched, 1 none, 2 an error. `--color[=WHEN]` (CentOS's alias) is taken
 * and ignored. Matching is linear-time (regex.ts): JavaScript's backtracking RegExp hangs on `(a*)*b`.
 */
export function grepCommand(ctx: ShellCtx, argv: string[]): number {
  const on = new Set<string>();
  let pattern: string | undefined;
  const files: string[] = [];
  let options = true;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (options && a === '--') options = false;
    else if (options && a.startsWith('--')) {
      if (!/^--colou?r(=(always|never|auto))?$/.test(a)) throw new SimError(`grep: unrecognized option '${a}'\n${GREP_USAGE}`, 2);
    } else if (options && a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (f === 'e') {
          const value = a.slice(k + 1) || argv[++i];
          if (value === undefined) throw new SimError(`grep: option requires an argument -- 'e'\n${GREP_USAGE}`, 2);
          pattern = value;
          break;
        }
        if (!GREP_FLAGS.includes(f)) throw new SimError(`grep: invalid option -- '${f}'\n${GREP_USAGE}`, 2);
        on.add(f);
      }
    } else if (pattern === undefined) pattern = a;
    else files.push(a);
  }
  if (pattern === undefined) throw new SimError(GREP_USAGE, 2);
  const re = on.has('F')
    ? { test: (l: string) => (on.has('i') ? l.toLowerCase().includes(pattern.toLowerCase()) : l.includes(pattern)) }
    : compilePosix(pattern, { extended: on.has('E'), ignoreCase: on.has('i'), ...(on.has('x') ? { whole: 'line' as const } : on.has('w') ? { whole: 'word' as const } : {}) });
  const named = (files.length > 1 || on.has('H')) && !on.has('h');
  let matched = false;
  let failed = false;
  for (const f of files.length ? files : ['-']) {
    const text = f === '-' ? ctx.stdin : readPath(ctx, f);
    if (text === undefined) {
      if (!on.has('s')) write(ctx, `grep: ${f}: ${isDirectory(absolutePath(f)) ? 'Is a directory' : 'No such file or directory'}\n`);
      failed = true;
      continue;
    }
    const label = f === '-' ? '(standard input)' : f;
    const lines = text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    const hits = lines.flatMap((l, n) => (re.test(l) !== on.has('v') ? [{ l, n }] : []));
    matched ||= hits.length > 0;
    if (on.has('q')) {
      if (matched) return 0;
      continue;
    }
    const prefix = named ? `${label}:` : '';
    if (on.has('c')) write(ctx, `${prefix}${hits.length}\n`);
    else if (hits.length) write(ctx, hits.map((h) => `${prefix}${on.has('n') ? `${h.n + 1}:` : ''}${h.l}\n`).join(''));
  }
  return failed ? 2 : matched ? 0 : 1;
}
