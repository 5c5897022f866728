/**
 * `execute(world, line)`: one terminal line in, the next World and the transcript out.
 * Each simple command runs in its own immer transaction, so a failing command changes nothing.
 */
import { produce } from 'immer';
import { SimError } from '../net/errors';
import type { HostId, NsId, World } from '../net/types';
import type { Trace } from '../packet/trace';
import type { Place, ShellCtx } from './context';
import { findCommand } from './registry';
import { ParseError, splitCommands, tokenize } from './tokenize';

export interface ExecResult {
  world: World;
  output: string;
  exitCode: number;
  traces: Trace[];
}

export interface ExecOptions {
  /** Host whose shell runs the line; the first host by default. */
  host?: HostId;
  /** Namespace to run in (defaults to the host's root namespace). */
  ns?: NsId;
}

export function defaultPlace(world: World, opts: ExecOptions = {}): Place {
  const host = world.hosts[opts.host ?? world.hostOrder[0] ?? ''];
  if (!host) throw new Error('the world has no host');
  return { host: host.id, ns: opts.ns ?? host.rootNs };
}

/** Runs argv inside a draft; used by execute and by `ip netns exec`. */
export function runArgv(ctx: ShellCtx, argv: string[]): number {
  const name = argv[0];
  if (name === undefined) return 0;
  const cmd = findCommand(name);
  if (!cmd) {
    ctx.out.push(`-bash: ${name}: command not found\n`);
    return 127;
  }
  return cmd(ctx, argv);
}

export function execute(world: World, line: string, opts: ExecOptions = {}): ExecResult {
  const out: string[] = [];
  const traces: Trace[] = [];
  let exitCode = 0;
  let commands;
  try {
    commands = splitCommands(tokenize(line));
  } catch (e) {
    if (e instanceof ParseError) return { world, output: `-bash: ${e.message}\n`, exitCode: 2, traces };
    throw e;
  }
  const place = defaultPlace(world, opts);
  let stdin = '';
  let current = world;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.join === '&&' && exitCode !== 0) continue;
    if (c.join === '||' && exitCode === 0) continue;
    const piped = commands[i + 1]?.join === '|';
    const sink: string[] = piped ? [] : out;
    const input = c.join === '|' ? stdin : '';
    try {
      current = produce(current, (draft) => {
        const ctx: ShellCtx = { world: draft, place, out: sink, stdin: input, traces };
        exitCode = runArgv(ctx, c.argv);
      });
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      sink.push(`${e.message}\n`);
      exitCode = e.exitCode;
    }
    stdin = piped ? sink.join('') : '';
  }
  return { world: current, output: out.join(''), exitCode, traces };
}
