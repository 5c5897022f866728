/**
 * Runs fuzz scripts the way the app and `npm run -s cli -- run FILE` do (the steps as a transcript,
 * labFromScript, one shell per machine, container shells that end with their container), with
 * `execute` called directly so that any exception is a crash with its stack. Each line must
 * return an integer exit code 0..255 and a string, never print bash's "internal error", finish
 * within the time limit, and leave a World without invariant violations when it changed one.
 */
import type { World } from '../net/types';
import { findHostByName } from '../net/world';
import { execute, type ExecResult } from '../shell/execute';
import { promptOf } from '../shell/prompt';
import { worldViolations } from '../lab/invariants';
import { createLabWorld, labFromScript, liveSession, type LabEntry, type Shell } from '../lab/lab';
import type { FuzzStep } from './grammar.test-util';
import { SETUP } from './commands.test-util';
import { HOSTS } from './pools.test-util';

/** A line broke a rule; fast-check shrinks the script that led to it. */
export class FuzzFailure extends Error {}

/** A script as a lab-script transcript: each line behind the prompt of its machine. */
export function transcriptOf(steps: readonly FuzzStep[]): string {
  return steps.map((s) => `[root@${s.host} ~]# ${s.line}\n`).join('');
}

/** How many of the first steps are SETUP's first lines (on docker-node1, in order). */
export function setupLength(steps: readonly FuzzStep[]): number {
  let n = 0;
  while (n < steps.length && n < SETUP.length && steps[n]!.host === HOSTS[0] && steps[n]!.line === SETUP[n]) n++;
  return n;
}

/**
 * The World after the lab's machines ran SETUP's first `n` lines, kept: every script starts with
 * some of them, and running them again would spend the fuzz's time on the same lines. Each is
 * checked like any line the first time it runs.
 */
const worlds = new Map<string, World>();
function setupWorld(hosts: readonly string[], n: number, stats: RunStats, now: () => number, slowMs: number): World {
  const key = `${hosts.join(' ')}|${n}`;
  let w = worlds.get(key);
  if (w) return w;
  if (n === 0) w = createLabWorld(hosts);
  else {
    const prev = setupWorld(hosts, n - 1, stats, now, slowMs);
    const shells = new Map<string, Shell>([['t1', { host: prev.hostOrder[0]!, session: null }]]);
    w = checkLine(prev, shells, { t: 't1', h: HOSTS[0], c: SETUP[n - 1]! }, `setup line ${n}`, stats, now, slowMs);
    stats.setupLines++;
  }
  worlds.set(key, w);
  return w;
}

export interface RunStats {
  /** Generated lines run (after the setup prefix), setup lines run (each prefix once), scripts run. */
  lines: number;
  setupLines: number;
  scripts: number;
  slowest: { ms: number; line: string };
  /** Called before each line runs (a debugging hook: a line that never ends is found by it). */
  onLine?: (line: string) => void;
}

export function newStats(): RunStats {
  return { lines: 0, setupLines: 0, scripts: 0, slowest: { ms: 0, line: '' } };
}

export const show = (s: string, max = 300) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s);

/** Runs one script, line by line, throwing a FuzzFailure at the first line that breaks a rule. */
export function runChecked(steps: readonly FuzzStep[], stats: RunStats, now: () => number, slowMs: number): World {
  const lab = labFromScript(transcriptOf(steps));
  const n = setupLength(steps);
  let world = setupWorld(lab.hosts, n, stats, now, slowMs);
  const shells = new Map<string, Shell>();
  stats.scripts++;
  for (const [i, e] of lab.log.entries()) {
    if (i < n) continue;
    world = checkLine(world, shells, e, `line ${i + 1}`, stats, now, slowMs);
    stats.lines++;
  }
  return world;
}

/** Runs one log entry in its shell (made on first use, as replay does) and checks the rules. */
function checkLine(world: World, shells: Map<string, Shell>, e: LabEntry, at: string, stats: RunStats, now: () => number, slowMs: number): World {
  let shell = shells.get(e.t);
  if (!shell) {
    const host = findHostByName(world, e.h);
    if (!host) return world;
    shells.set(e.t, (shell = { host: host.id, session: null }));
  }
  const where = `${at} (${e.h}${shell.session ? ', in a shell' : ''}): ${show(e.c)}`;
  stats.onLine?.(e.c);
  const t0 = now();
  let r: ExecResult;
  try {
    r = execute(world, e.c, { host: shell.host, ...(shell.session ? { session: shell.session } : {}), ...(e.i !== undefined ? { stdin: e.i } : {}) });
  } catch (err) {
    throw new FuzzFailure(`CRASH at ${where}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  let ms = now() - t0;
  if (ms > slowMs) {
    // A GC pause or a busy machine is not a slow line: the line is timed again (the core is
    // deterministic, so it does the same work) and fails only if it is slow twice.
    const t1 = now();
    execute(world, e.c, { host: shell.host, ...(shell.session ? { session: shell.session } : {}), ...(e.i !== undefined ? { stdin: e.i } : {}) });
    ms = Math.min(ms, now() - t1);
  }
  if (ms > stats.slowest.ms) stats.slowest = { ms, line: e.c };
  if (ms > slowMs) throw new FuzzFailure(`SLOW (${Math.round(ms)} ms > ${slowMs} ms, twice) at ${where}`);
  if (!Number.isInteger(r.exitCode) || r.exitCode < 0 || r.exitCode > 255) throw new FuzzFailure(`BAD EXIT CODE ${r.exitCode} at ${where}`);
  if (typeof r.output !== 'string') throw new FuzzFailure(`OUTPUT NOT A STRING at ${where}`);
  if (r.output.includes('internal error')) throw new FuzzFailure(`INTERNAL ERROR at ${where}\n${r.output}`);
  let after = shell.session;
  if (r.leave) after = null;
  if (r.enter) after = r.enter;
  const changed = r.world !== world;
  world = r.world;
  shell.session = liveSession(world, shell.host, after);
  for (const s of shells.values()) s.session = liveSession(world, s.host, s.session);
  try {
    promptOf(world, shell.host, shell.session ?? undefined);
  } catch (err) {
    throw new FuzzFailure(`CRASH in the prompt after ${where}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  if (changed) {
    const bad = worldViolations(world);
    if (bad.length) throw new FuzzFailure(`INVARIANT broken by ${where}\n${bad.slice(0, 10).join('\n')}`);
  }
  return world;
}
