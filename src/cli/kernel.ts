/**
 * The real kernel as an oracle (Node only, needs root and iproute2): build an `export-linux`
 * script in real network namespaces, run `ping -c1 -W1` probes inside them (ping processes, or
 * the prober of kernel-prober.ts, which also makes TCP connects), tear them down.
 *
 * Safety: a script runs only once kernel-guard.ts has checked that every line stays inside the
 * namespaces it creates. Namespaces that already exist are never touched. The namespaces are
 * deleted afterwards, also when the build fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS_NAME, scopedNamespaces } from './kernel-guard';
import { settle } from './kernel-settle';
import { runTcpPlan, type Prober, type TcpPlan } from './kernel-prober';

export interface Probe {
  /** A namespace label as `reach` prints it; the real namespace is `PREFIX-FROM`. */
  from: string;
  /** An IPv4 address. */
  to: string;
}

export interface KernelVerdict extends Probe {
  ok: boolean;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const NETNS_DIR = '/run/netns';

/** Spawns `cmd args` without a shell; resolves with its exit code and output. */
export function run(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${e.message}\n` });
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** A counting semaphore shared by concurrent labs, so the machine runs at most `max` pings at once. */
export class Limiter {
  private used = 0;
  private waiting: { weight: number; go: () => void }[] = [];
  constructor(readonly max: number) {}

  async run<T>(weight: number, fn: () => Promise<T>): Promise<T> {
    const w = Math.max(1, Math.min(weight, this.max));
    if (this.used + w > this.max || this.waiting.length) await new Promise<void>((go) => this.waiting.push({ weight: w, go }));
    else this.used += w;
    try {
      return await fn();
    } finally {
      this.used -= w;
      this.wake();
    }
  }

  private wake(): void {
    while (this.waiting.length && this.used + this.waiting[0]!.weight <= this.max) {
      const next = this.waiting.shift()!;
      this.used += next.weight;
      next.go();
    }
  }
}

/** What this machine lacks to run the kernel suite (empty when it can). */
export function kernelPrerequisites(): string[] {
  const missing: string[] = [];
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) missing.push('root (run with sudo)');
  if (process.platform !== 'linux') missing.push('Linux');
  const onPath = (c: string) => (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').some((d) => d && existsSync(join(d, c)));
  if (!onPath('ip')) missing.push('ip (iproute2)');
  if (!onPath('iptables') || !onPath('iptables-restore')) missing.push('iptables');
  if (!onPath('ping')) missing.push('ping (iputils-ping)');
  if (!onPath('sysctl')) missing.push('sysctl (procps)');
  if (!onPath('bash')) missing.push('bash');
  return missing;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The namespaces under /run/netns. */
export function existingNamespaces(): string[] {
  try {
    return readdirSync(NETNS_DIR);
  } catch {
    return [];
  }
}

/** Deletes the given namespaces (those that exist), in one `ip -batch`. */
export async function deleteNamespaces(names: string[]): Promise<void> {
  const present = new Set(existingNamespaces());
  const doomed = names.filter((n) => present.has(n) && NS_NAME.test(n));
  if (!doomed.length) return;
  const r = await run('ip', ['-force', '-batch', '-'], { input: doomed.map((n) => `netns del ${n}\n`).join(''), timeoutMs: 60_000 });
  const left = new Set(existingNamespaces());
  const stuck = doomed.filter((n) => left.has(n));
  if (stuck.length) throw new Error(`could not delete namespaces ${stuck.join(' ')}: ${r.stderr}`);
}

export interface RunOptions {
  /** Shared across labs run at once; default: a private limiter of 64 pings. */
  limiter?: Limiter;
  /**
   * Ping from one namespace at a time, each after `ip neigh flush all` in every lab namespace,
   * instead of from all at once. For labs with duplicate addresses, where who answers depends on
   * which earlier packet taught whom (see duplicateAddresses). Pings from one source can share
   * warm caches: everything they teach each other is the same mapping.
   */
  sourceBySource?: boolean;
  /** Called with the namespaces before the build (for a caller's own leak check). */
  onNamespaces?: (names: string[]) => void;
  /**
   * The links each namespace should end up with (full namespace name -> link names), as the
   * simulator has them. Settling waits for the kernel to match: `ip netns del` returns before the
   * namespace's veths (and their peers elsewhere) are destroyed, which happens asynchronously.
   */
  expectLinks?: Record<string, string[]>;
  /** Filled with each live lab namespace's `ip route`, `ip -4 -o addr` and `ip -o link`, after settling. */
  inspect?: Record<string, { route: string; addr: string; link: string }>;
  /**
   * Probe through the prober (kernel-prober.ts): echo requests on raw sockets instead of ping
   * processes (the same verdicts, a socket a probe instead of a process), limited by `limiter`.
   */
  prober?: { helper: Prober; limiter: Limiter };
  /** Listeners to start and TCP connects to make after the pings (needs `prober`); filled with results. */
  tcp?: TcpPlan;
}

/** Raised when the export script fails to build: the kernel refused a command. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

// Runs `ping -c1 -W1 TARGET` for every argument, all at once, and prints "TARGET EXIT" lines.
const PING_ALL = 'for t in "$@"; do ( ping -n -q -c1 -W1 "$t" >/dev/null 2>&1; echo "$t $?" ) & done; wait';

/**
 * Builds `script` (an export-linux script for `prefix`) in real namespaces, runs every probe as
 * `ip netns exec PREFIX-FROM ping -c1 -W1 TO`, and tears everything down. ok = ping exited 0.
 */
export async function runInKernel(script: string, prefix: string, probes: Probe[], opts: RunOptions = {}): Promise<KernelVerdict[]> {
  const namespaces = scopedNamespaces(script, prefix);
  return withLab(namespaces, prefix, probes, opts, async (dir) => {
    const file = join(dir, 'build.sh');
    writeFileSync(file, script);
    const built = await run('bash', [file], { timeoutMs: 120_000 });
    if (built.code !== 0) {
      throw new BuildError(`export script failed (exit ${built.code}) in the kernel:\n${built.stderr}`, built.stderr);
    }
  });
}

/** Creates nothing itself: checks, builds via `build`, settles, probes, and always tears down. */
export async function withLab(
  namespaces: string[],
  prefix: string,
  probes: Probe[],
  opts: RunOptions,
  build: (dir: string) => Promise<void>,
): Promise<KernelVerdict[]> {
  for (const p of probes) {
    if (!IPV4.test(p.to)) throw new Error(`probe target is not an IPv4 address: ${p.to}`);
    if (!namespaces.includes(`${prefix}-${p.from}`)) throw new Error(`probe source ${p.from}: no namespace ${prefix}-${p.from} in the script`);
  }
  const clash = existingNamespaces().filter((n) => namespaces.includes(n));
  if (clash.length) throw new Error(`namespaces already exist (left over, or another run uses prefix ${prefix}): ${clash.join(' ')}`);
  opts.onNamespaces?.(namespaces);
  const limiter = opts.limiter ?? new Limiter(64);
  const dir = mkdtempSync(join(tmpdir(), `kernel-${prefix}-`));
  try {
    await build(dir);
    const live = new Set(existingNamespaces());
    await settle(namespaces.filter((n) => live.has(n)), 15_000, opts.expectLinks);
    if (opts.inspect) {
      const names = namespaces.filter((n) => live.has(n));
      const show = (args: string[]) => Promise.all(names.map((n) => run('ip', ['-n', n, ...args], { timeoutMs: 30_000 })));
      const [route, addr, link] = await Promise.all([show(['route']), show(['-4', '-o', 'addr']), show(['-o', 'link'])]);
      names.forEach((n, i) => (opts.inspect![n] = { route: route[i]!.stdout, addr: addr[i]!.stdout, link: link[i]!.stdout }));
    }
    const byFrom = new Map<string, string[]>();
    for (const p of probes) {
      const xs = byFrom.get(p.from) ?? [];
      if (!xs.includes(p.to)) xs.push(p.to);
      byFrom.set(p.from, xs);
    }
    const results = new Map<string, boolean>();
    const pingFrom = async (from: string, targets: string[]) => {
      if (!live.has(`${prefix}-${from}`)) {
        for (const to of targets) results.set(`${from} ${to}`, false);
        return;
      }
      if (opts.prober) {
        const { helper, limiter: sockets } = opts.prober;
        for (let i = 0; i < targets.length; i += sockets.max) {
          const chunk = targets.slice(i, i + sockets.max);
          const got = await sockets.run(chunk.length, () => helper.echo(`${prefix}-${from}`, chunk));
          chunk.forEach((to, j) => results.set(`${from} ${to}`, got[j]!.result));
        }
        return;
      }
      // Chunks no larger than the limiter, so one big namespace cannot starve the rest.
      const chunks: string[][] = [];
      for (let i = 0; i < targets.length; i += limiter.max) chunks.push(targets.slice(i, i + limiter.max));
      await Promise.all(
        chunks.map((chunk) =>
          limiter.run(chunk.length, async () => {
            const r = await run('ip', ['netns', 'exec', `${prefix}-${from}`, 'bash', '-c', PING_ALL, 'ping-all', ...chunk], { timeoutMs: 60_000 });
            const seen = new Map<string, number>();
            for (const l of r.stdout.split('\n')) {
              const m = /^(\S+) (\d+)$/.exec(l);
              if (m) seen.set(m[1]!, Number(m[2]));
            }
            for (const to of chunk) {
              const code = seen.get(to);
              if (code === undefined) throw new Error(`no ping result for ${from} -> ${to} (exit ${r.code}): ${r.stderr}`);
              results.set(`${from} ${to}`, code === 0);
            }
          }),
        ),
      );
    };
    if (!opts.sourceBySource) {
      await Promise.all([...byFrom].map(([from, targets]) => pingFrom(from, targets)));
    } else {
      for (const [from, targets] of byFrom) {
        const flushed = await Promise.all([...live].filter((n) => namespaces.includes(n)).map((n) => run('ip', ['-n', n, 'neigh', 'flush', 'all'], { timeoutMs: 30_000 })));
        const bad = flushed.find((r) => r.code !== 0);
        if (bad) throw new Error(`ip neigh flush failed: ${bad.stderr}`);
        await pingFrom(from, targets);
      }
    }
    if (opts.tcp) {
      if (!opts.prober) throw new Error('TCP probes need the prober');
      await runTcpPlan(opts.tcp, opts.prober, prefix, live);
    }
    return probes.map((p) => ({ from: p.from, to: p.to, ok: results.get(`${p.from} ${p.to}`)! }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // A listening socket keeps its namespace alive after `ip netns del`: close them first (this
    // only fails when the helper is gone, and its sockets with it).
    if (opts.tcp && opts.prober) await opts.prober.helper.close(namespaces).catch(() => undefined);
    await deleteNamespaces(namespaces);
  }
}

/** The root namespace's links, addresses, routes and iptables, to prove a run left them alone. */
export async function rootSnapshot(): Promise<string> {
  const cmds: [string, string[]][] = [
    ['ip', ['-o', 'link']],
    ['ip', ['-o', 'addr']],
    ['ip', ['route']],
    ['iptables', ['-S']],
    ['iptables', ['-t', 'nat', '-S']],
  ];
  const parts = await Promise.all(cmds.map(([c, a]) => run(c, a, { timeoutMs: 30_000 })));
  return parts.map((p, i) => `$ ${cmds[i]![0]} ${cmds[i]![1].join(' ')} (exit ${p.code})\n${p.stdout}${p.stderr}`).join('\n');
}

/**
 * Deletes namespaces a crashed earlier run left behind: names `k<PID>x...` whose PID is gone.
 * Returns what it deleted.
 */
export async function removeStaleRuns(): Promise<string[]> {
  const stale = existingNamespaces().filter((n) => {
    const m = /^k(\d+)x\d+-/.exec(n);
    if (!m) return false;
    const pid = Number(m[1]);
    if (pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  });
  await deleteNamespaces(stale);
  return stale;
}

/** A prefix for the n-th lab of this process: `k<PID>x<n>`. */
export function labPrefix(n: number): string {
  return `k${process.pid}x${n}`;
}
