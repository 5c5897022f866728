/**
 * `execute(world, line)`: one terminal line in, the next World and the transcript out.
 * Each simple command runs in its own immer transaction, so a failing command changes nothing.
 * Reads skip the transaction: a command first runs on the deep-frozen World itself, and only if
 * it throws (a write to a frozen object throws a TypeError in strict-mode modules) is its output
 * dropped and the command run again inside a draft. So a command must never catch an error it
 * does not know and carry on: that would swallow the write it attempted.
 */
import { freeze, produce } from 'immer';
import { SimError } from '../net/errors';
import type { HostId, NsId, World } from '../net/types';
import type { Trace } from '../packet/trace';
import type { Place, ShellCtx } from './context';
import { findCommand } from './registry';
import { ParseError, splitCommands, tokenize } from './tokenize';
import { isDirectory, placeContainer, readFile, writeFile } from './fs';
import { containerNs } from '../docker/container';
import { userlandOf, type Session } from './context';

export interface ExecResult {
  world: World;
  output: string;
  exitCode: number;
  traces: Trace[];
  /** The line opened an interactive shell (the terminal switches to it) or left the current one. */
  enter?: Session;
  leave?: boolean;
}

export interface ExecOptions {
  /** Host whose shell runs the line; the first host by default. */
  host?: HostId;
  /** Namespace to run in (defaults to the host's root namespace). */
  ns?: NsId;
  /** Standard input of the first command (a here-document). */
  stdin?: string;
  /** The interactive shell the line is typed in (a container's or a namespace's). */
  session?: Session;
}

export function defaultPlace(world: World, opts: ExecOptions = {}): Place {
  const host = world.hosts[opts.host ?? world.hostOrder[0] ?? ''];
  if (!host) throw new Error('the world has no host');
  const s = opts.session;
  const c = s?.container !== undefined ? host.docker?.containers[s.container] : undefined;
  if (c) {
    const ns = containerNs(world, host, c);
    if (ns) return { host: host.id, ns: ns.id, container: c.id };
  }
  return { host: host.id, ns: opts.ns ?? s?.ns ?? host.rootNs };
}

/** What a shell prints for a command it cannot find: bash on the host, the image's shell inside. */
function notFound(ctx: ShellCtx, name: string): string {
  const u = userlandOf(ctx);
  if (u === 'busybox') return `sh: ${name}: not found\n`;
  if (u === 'host') return `-bash: ${name}: command not found\n`;
  return `bash: ${name}: command not found\n`;
}

/** Runs argv inside a draft; used by execute and by `ip netns exec`. */
export function runArgv(ctx: ShellCtx, argv: string[]): number {
  const r = argv.findIndex((a) => a === '>' || a === '>>');
  if (r >= 0 && !(argv[0] === 'echo' && /^\/proc\/sys\//.test(argv[r + 1] ?? ''))) return redirect(ctx, argv, r);
  const name = argv[0];
  if (name === undefined) return 0;
  const cmd = findCommand(name);
  const c = placeContainer(ctx);
  const base = name.slice(name.lastIndexOf('/') + 1);
  const inImage = !c || ['exit', 'cd', 'echo', 'true', 'false'].includes(base) || c.img.tools.includes(base);
  if (!cmd || !inImage) {
    ctx.out.push(notFound(ctx, name));
    return 127;
  }
  return cmd(ctx, argv);
}

/**
 * Runs a whole line (`sh -c LINE` inside `docker exec`, `ip netns exec NS sh -c LINE`) in the
 * caller's draft and place: no transaction per command, as one shell process would.
 */
export function runLine(ctx: ShellCtx, line: string, notFound: (name: string) => string): number {
  let commands;
  try {
    commands = splitCommands(tokenize(line));
  } catch (e) {
    if (e instanceof ParseError) {
      ctx.out.push(`sh: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let exitCode = 0;
  let stdin = '';
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.join === '&&' && exitCode !== 0) continue;
    if (c.join === '||' && exitCode === 0) continue;
    const piped = commands[i + 1]?.join === '|';
    const sink: string[] = piped ? [] : ctx.out;
    const sub: ShellCtx = { ...ctx, out: sink, stdin: c.join === '|' ? stdin : '' };
    const name = c.argv[0];
    try {
      if (name !== undefined && !findCommand(name)) {
        sink.push(notFound(name));
        exitCode = 127;
      } else exitCode = runArgv(sub, c.argv);
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      sink.push(`${e.message}\n`);
      exitCode = e.exitCode;
    }
    stdin = piped ? sink.join('') : '';
  }
  return exitCode;
}

/** `CMD > FILE` / `>> FILE`: the output goes to the file (fs.ts); errors still reach the terminal. */
function redirect(ctx: ShellCtx, argv: string[], r: number): number {
  const target = argv[r + 1];
  if (target === undefined) throw new SimError("-bash: syntax error near unexpected token `newline'", 2);
  if (isDirectory(target)) throw new SimError(`-bash: ${target}: Is a directory`, 1);
  const dir = target.slice(0, target.lastIndexOf('/')) || '/';
  if (target.includes('/') && !isDirectory(dir)) throw new SimError(`-bash: ${target}: No such file or directory`, 1);
  const out: string[] = [];
  const code = runArgv({ ...ctx, out }, [...argv.slice(0, r), ...argv.slice(r + 2)]);
  const text = out.join('');
  const old = argv[r] === '>>' ? (readFile(ctx, target) ?? '') : '';
  writeFile(ctx, target, old + text);
  return code;
}

/**
 * Command substitution `$(CMD)` / `` `CMD` `` (not nested): CMD runs first, on the World as it is,
 * and its output, split on whitespace, takes its place (bash word splitting of an unquoted $()).
 */
function substitute(world: World, line: string, opts: ExecOptions, traces: Trace[]): { world: World; line: string } {
  const re = /\$\(([^()]*)\)|`([^`]*)`/;
  let m = re.exec(line);
  let guard = 0;
  while (m && guard++ < 16) {
    // Inside single quotes there is no substitution.
    if ((line.slice(0, m.index).match(/'/g)?.length ?? 0) % 2 === 1) break;
    const inner = execute(world, m[1] ?? m[2] ?? '', { ...opts, stdin: '' });
    world = inner.world;
    traces.push(...inner.traces);
    const words = inner.output.split(/\s+/).filter(Boolean).join(' ');
    line = line.slice(0, m.index) + words + line.slice(m.index + m[0].length);
    m = re.exec(line);
  }
  return { world, line };
}

/**
 * Runs argv on the World as it is, with the clock advanced as the transaction would, and keeps
 * the result only if the command neither wrote nor threw. Otherwise what it printed, traced or
 * signalled is taken back and `undefined` returned: the caller replays it in a draft, where a
 * SimError also gets its usual handling. Reading through immer's draft proxies costs several times
 * a plain read (`docker ps`, `ip a`), and most terminal lines only read.
 */
function runWithoutDraft(world: World, ctxOf: (w: World) => ShellCtx, argv: string[]): { world: World; exitCode: number } | undefined {
  // produce() deep-freezes what it returns, shared parts included, so a frozen World is frozen all
  // the way down and freeze() returns at once; a World built by hand is frozen here, once.
  freeze(world, true);
  const next: World = Object.freeze({ ...world, clock: world.clock + 1000 });
  const ctx = ctxOf(next);
  const mark = { out: ctx.out.length, traces: ctx.traces.length, signal: { ...ctx.signal } };
  try {
    return { world: next, exitCode: runArgv(ctx, argv) };
  } catch {
    ctx.out.length = mark.out;
    ctx.traces.length = mark.traces;
    if (ctx.signal) {
      delete ctx.signal.enter;
      delete ctx.signal.leave;
      Object.assign(ctx.signal, mark.signal);
    }
    return undefined;
  }
}

export function execute(world: World, line: string, opts: ExecOptions = {}): ExecResult {
  const out: string[] = [];
  const traces: Trace[] = [];
  let exitCode = 0;
  if (line.includes('$(') || line.includes('`')) ({ world, line } = substitute(world, line, opts, traces));
  let commands;
  try {
    commands = splitCommands(tokenize(line));
  } catch (e) {
    if (e instanceof ParseError) return { world, output: `-bash: ${e.message}\n`, exitCode: 2, traces };
    throw e;
  }
  const place = defaultPlace(world, opts);
  const signal: { enter?: Session; leave?: boolean } = {};
  let stdin = '';
  let current = world;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.join === '&&' && exitCode !== 0) continue;
    if (c.join === '||' && exitCode === 0) continue;
    const piped = commands[i + 1]?.join === '|';
    const sink: string[] = piped ? [] : out;
    const input = c.join === '|' ? stdin : i === 0 ? (opts.stdin ?? '') : '';
    const ctxOf = (w: World): ShellCtx => ({ world: w, place, out: sink, stdin: input, traces, signal, ...(opts.session ? { session: opts.session } : {}) });
    const read = runWithoutDraft(current, ctxOf, c.argv);
    if (read) ({ world: current, exitCode } = read);
    else {
      try {
        current = produce(current, (draft) => {
          draft.clock += 1000;
          exitCode = runArgv(ctxOf(draft), c.argv);
        });
      } catch (e) {
        if (!(e instanceof SimError)) throw e;
        sink.push(`${e.message}\n`);
        exitCode = e.exitCode;
      }
    }
    stdin = piped ? sink.join('') : '';
  }
  return {
    world: current, output: out.join(''), exitCode, traces,
    ...(signal.enter ? { enter: signal.enter } : {}), ...(signal.leave ? { leave: true } : {}),
  };
}
