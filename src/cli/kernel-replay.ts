/**
 * Replay mode of the kernel conformance check: build the default world from export-linux, then
 * run a lab's own commands in real namespaces one by one (names prefixed, no shell), so the
 * kernel decides what each command does. Every command is checked to stay inside the lab's
 * namespaces before it runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PINNED_SYSCTLS } from './export-linux';
import { BuildError, run, withLab, type KernelVerdict, type Probe, type RunOptions } from './kernel';
import { META, NS_NAME, scopedNamespaces } from './kernel-guard';

/** One lab command as it runs in the kernel: argv (no shell), scoped to the lab's namespaces. */
export interface ReplayCommand {
  /** The lab line it comes from. */
  line: string;
  argv: string[];
}

/**
 * A lab script's commands rewritten to run in real namespaces: the lab's host (the World's
 * first) becomes `PREFIX-HOST`, every named netns N becomes `PREFIX-N`. Commands on the host run
 * as `ip netns exec PREFIX-HOST CMD`; `ip netns add/del N` run from the root namespace. Handles
 * the lab vocabulary (ip, iptables, sysctl, one command a line, no quoting); throws on the rest.
 */
export function replayCommands(lines: { command: string }[], prefix: string, host = 'docker-node1'): ReplayCommand[] {
  const ns = (n: string) => `${prefix}-${n}`;
  const inner = (argv: string[]): string[] => {
    if (argv[0] !== 'ip') return argv;
    return argv.map((t, i) => (i > 0 && argv[i - 1] === 'netns' && !['add', 'exec', 'del', 'delete'].includes(t) ? ns(t) : t));
  };
  return lines.map(({ command }) => {
    const t = command.trim().split(/\s+/);
    if (META.test(command)) throw new Error(`cannot replay (shell syntax): ${command}`);
    if (!['ip', 'iptables', 'sysctl'].includes(t[0]!)) throw new Error(`cannot replay (not ip, iptables or sysctl): ${command}`);
    let argv: string[];
    if (t[0] === 'ip' && t[1] === 'netns' && ['add', 'del', 'delete'].includes(t[2]!) && t.length === 4) argv = ['ip', 'netns', t[2]!, ns(t[3]!)];
    else if (t[0] === 'ip' && t[1] === 'netns' && t[2] === 'exec' && t.length > 4) {
      if (t[4] === 'ip' && (t[5] === 'netns' || t[5] === '-n' || t[5] === '-all')) throw new Error(`cannot replay (nested netns): ${command}`);
      argv = ['ip', 'netns', 'exec', ns(t[3]!), ...inner(t.slice(4))];
    } else if (t[0] === 'ip' && (t[1] === '-n' || t[1] === '-netns') && t.length > 3) argv = ['ip', '-n', ns(t[2]!), ...inner(['ip', ...t.slice(3)]).slice(1)];
    else if (t[0] === 'ip' && (t[1] === 'netns' || t[1]?.startsWith('-'))) throw new Error(`cannot replay: ${command}`);
    else argv = ['ip', 'netns', 'exec', ns(host), ...inner(t)];
    return { line: command, argv };
  });
}

/**
 * Checks one replay command's argv: `ip netns add|del PREFIX-N`, or `ip netns exec PREFIX-N ...`
 * / `ip -n PREFIX-N ...` where every `netns X` names a PREFIX- namespace.
 */
export function checkReplayArgv(argv: string[], prefix: string): void {
  const own = (n: string | undefined) => n !== undefined && n.startsWith(`${prefix}-`) && NS_NAME.test(n);
  const refuse = (why: string) => {
    throw new Error(`refusing to run ${JSON.stringify(argv)}: ${why}`);
  };
  if (argv[0] !== 'ip') refuse('not ip');
  let rest: string[];
  if (argv[1] === 'netns' && ['add', 'del', 'delete'].includes(argv[2]!)) {
    if (argv.length !== 4 || !own(argv[3])) refuse('namespace outside the lab');
    return;
  } else if (argv[1] === 'netns' && argv[2] === 'exec') {
    if (!own(argv[3])) refuse('namespace outside the lab');
    rest = argv.slice(4);
  } else if (argv[1] === '-n') {
    if (!own(argv[2])) refuse('namespace outside the lab');
    rest = ['ip', ...argv.slice(3)];
  } else return refuse('not scoped to a namespace');
  if (rest[0] === 'ip') {
    if (rest[1] === 'netns' || rest.includes('-all')) refuse('nested ip netns');
    rest.forEach((x, i) => {
      if (x === 'netns' && !own(rest[i + 1])) refuse(`netns ${rest[i + 1]}`);
      if ((x === '-n' || x === '-netns') && !own(rest[i + 1])) refuse(`-n ${rest[i + 1]}`);
    });
  }
}

export interface ReplayResult {
  verdicts: KernelVerdict[];
  /** The exit code of each replayed command, in order. */
  exitCodes: number[];
  /** What each command printed (stdout then stderr). */
  outputs: string[];
}

/**
 * Builds `base` (export-linux of the World the lab starts from: the default world), then runs
 * the lab's own commands one by one (see replayCommands), so the kernel, not the simulator,
 * decides what each command does: which fail, what a netns move keeps. Then probes as
 * runInKernel does, and tears down.
 */
export async function replayInKernel(
  base: string,
  commands: ReplayCommand[],
  prefix: string,
  probes: Probe[],
  opts: RunOptions = {},
): Promise<ReplayResult> {
  const namespaces = scopedNamespaces(base, prefix);
  for (const c of commands) {
    checkReplayArgv(c.argv, prefix);
    if (c.argv[1] === 'netns' && c.argv[2] === 'add' && !namespaces.includes(c.argv[3]!)) namespaces.push(c.argv[3]!);
  }
  const exitCodes: number[] = [];
  const outputs: string[] = [];
  const verdicts = await withLab(namespaces, prefix, probes, opts, async (dir) => {
    const file = join(dir, 'base.sh');
    writeFileSync(file, base);
    const built = await run('bash', [file], { timeoutMs: 120_000 });
    if (built.code !== 0) throw new BuildError(`export script failed (exit ${built.code}) in the kernel:\n${built.stderr}`, built.stderr);
    for (const c of commands) {
      const r = await run(c.argv[0]!, c.argv.slice(1), { timeoutMs: 60_000 });
      exitCodes.push(r.code);
      outputs.push(r.stdout + r.stderr);
      if (r.code === 0 && c.argv[1] === 'netns' && c.argv[2] === 'add') {
        // As export-linux does: pin the IPv4 knobs a new namespace would copy from the host.
        await run('ip', ['netns', 'exec', c.argv[3]!, 'sysctl', '-qw', ...PINNED_SYSCTLS], { timeoutMs: 60_000 });
      }
    }
  });
  return { verdicts, exitCodes, outputs };
}
