/**
 * Kernel conformance: the simulator against the real kernel, for the seed lab and
 * CONFORMANCE_LABS (default 200) generated labs. Zero disagreements allowed. Two checks a lab:
 *
 * - export: the World the simulator built is written out by `export-linux`, built in real
 *   network namespaces, and every `reach` verdict (ping -c1 -W1 from each namespace to each
 *   address) is compared: the packet engine against the kernel's data plane.
 * - replay: the default world is exported, then the lab's own commands run in the kernel one by
 *   one (names prefixed); each command's exit code (and error text) and every `reach` verdict
 *   are compared: the shell tools' and the kernel model's semantics, too.
 *
 *   sudo npm run test:conformance
 *   sudo CONFORMANCE_LABS=30 CONFORMANCE_SEED=1000 npx vitest run --config vitest.conformance.config.ts
 *
 * CONFORMANCE_PARALLEL labs are in flight at once (default 16), sharing CONFORMANCE_PINGS
 * concurrent pings (default 256; most wait out -W1, so this is cheap); CONFORMANCE_MODES picks
 * `export,replay` (default both). 200 labs take about two and a half minutes on 2 cores. A lab
 * that disagrees is built and checked a second time (up to 25 such labs): a disagreement must be
 * stable to count as one (an unstable kernel verdict is reported as such). Needs root, iproute2, iptables, iputils
 * ping; without them the suite is skipped with a notice, or fails under CI=true.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLab, SEED_001_NETNS_LAB } from '../sim/lab/generate';
import { parseScript, runScript } from '../sim/lab/script';
import { execute } from '../sim/shell/execute';
import { formatCidr } from '../sim/net/ip4';
import { exportLinux, nsLabel } from './export-linux';
import {
  BuildError,
  deleteNamespaces,
  duplicateAddresses,
  existingNamespaces,
  kernelPrerequisites,
  labPrefix,
  Limiter,
  removeStaleRuns,
  rootSnapshot,
  runInKernel,
  scopedNamespaces,
  type RunOptions,
} from './kernel';
import { checkReplayArgv, replayCommands, replayInKernel } from './kernel-replay';
import { unsettledLinks } from './kernel-settle';
import { reach } from './reach';

const env = (k: string, d: number) => {
  const v = Number(process.env[k]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : d;
};
const LABS = process.env.CONFORMANCE_LABS === '0' ? 0 : env('CONFORMANCE_LABS', 200);
const FIRST_SEED = env('CONFORMANCE_SEED', 1);
const PARALLEL = env('CONFORMANCE_PARALLEL', 16);
const PINGS = env('CONFORMANCE_PINGS', 256);
type Mode = 'export' | 'replay';
const MODES = (process.env.CONFORMANCE_MODES ?? 'export,replay').split(',').filter((m): m is Mode => m === 'export' || m === 'replay');

const missing = kernelPrerequisites();
const ci = process.env.CI === 'true';
if (missing.length && !ci) {
  console.warn(
    `\n!! kernel conformance skipped: it needs ${missing.join(', ')}.\n` +
      '   Run it as root on Linux: sudo apt-get install -y iproute2 iptables iputils-ping && sudo npm run test:conformance\n',
  );
}

interface Lab {
  name: string;
  text: string;
}

interface Outcome {
  lab: Lab;
  mode: Mode;
  prefix: string;
  script?: string;
  probes: number;
  okCount: number;
  /** "FROM -> TO: kernel ok, simulator no reply" and "command `C`: kernel exit 2 (...), simulator exit 0 (...)". */
  disagreements: string[];
  error?: string;
  /** Disagreements that came and went between two builds of the lab (load, races). */
  unstable?: string[];
}

/**
 * `ip -4 -o addr` reduced to "link addr/len [secondary]" lines, grouped by link name (export
 * creates links in its own order, so ifindex order is not comparable) and in the kernel's order
 * within a link (primaries first, as the kernel keeps them).
 */
function addrSummary(oneline: string): string {
  return oneline
    .split('\n')
    .map((l) => /^\d+: (\S+)\s+inet (\S+) .*?(secondary)?/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]}${/ secondary /.test(m.input) ? ' secondary' : ''}`)
    .sort(byLink)
    .join('\n');
}

/** Orders "link ..." lines by link name only; Array.prototype.sort is stable, so a link's lines keep their order. */
const byLink = (a: string, b: string) => {
  const x = a.split(' ')[0]!;
  const y = b.split(' ')[0]!;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** `ip -o link` reduced to "link up|down" lines, sorted by name. */
function linkSummary(oneline: string): string {
  return oneline
    .split('\n')
    .map((l) => /^\d+: ([^:@\s]+)[@:][^<]*<([^>]*)>/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]!.split(',').includes('UP') ? 'up' : 'down'}`)
    .sort()
    .join('\n');
}

/** The same three views of each namespace after the lab, from the simulator's World. */
function simState(text: string, prefix: string): Record<string, { route: string; addr: string; link: string }> {
  const { world } = runScript(text);
  const out: Record<string, { route: string; addr: string; link: string }> = {};
  for (const ns of Object.values(world.netns)) {
    const ifaces = [...ns.ifaces].map((id) => world.ifaces[id]!).sort((a, b) => a.ifindex - b.ifindex);
    const addr = ifaces.flatMap((i) => i.addrs.map((a) => `${i.name} ${formatCidr(a.addr, a.prefix)}${a.secondary ? ' secondary' : ''}`));
    const link = ifaces.map((i) => `${i.name} ${i.up ? 'up' : 'down'}`).sort();
    out[`${prefix}-${nsLabel(world, ns)}`] = {
      route: execute(world, 'ip route', { host: ns.host, ns: ns.id }).output,
      addr: addr.sort(byLink).join('\n'),
      link: link.join('\n'),
    };
  }
  return out;
}

/** Each namespace's link names after the lab, as the simulator has them (for settle). */
function expectedLinks(text: string, prefix: string): Record<string, string[]> {
  const { world } = runScript(text);
  const out: Record<string, string[]> = {};
  for (const ns of Object.values(world.netns)) out[`${prefix}-${nsLabel(world, ns)}`] = ns.ifaces.map((id) => world.ifaces[id]!.name);
  return out;
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'no reply');

async function check(lab: Lab, mode: Mode, prefix: string, limiter: Limiter): Promise<Outcome> {
  const out: Outcome = { lab, mode, prefix, probes: 0, okCount: 0, disagreements: [] };
  let sim: { from: string; to: string; ok: boolean }[];
  let steps: { command: string; output: string; exitCode: number }[];
  let exported: string;
  try {
    sim = reach(lab.text);
    steps = runScript(lab.text).steps;
    exported = exportLinux(lab.text, prefix);
    out.script = mode === 'export' ? exported : exportLinux('', prefix);
  } catch (e) {
    out.error = `simulator threw: ${(e as Error).stack ?? String(e)}`;
    return out;
  }
  // With a duplicate address the kernel's answers depend on what earlier pings taught the
  // neighbour caches; the simulator starts each probe cold, so ping from one source at a time.
  const sourceBySource = duplicateAddresses(exported).size > 0;
  let kernel: { ok: boolean }[];
  const inspect: NonNullable<RunOptions['inspect']> = {};
  try {
    if (mode === 'export') kernel = await runInKernel(out.script, prefix, sim, { limiter, sourceBySource, inspect });
    else {
      const commands = replayCommands(parseScript(lab.text), prefix);
      const r = await replayInKernel(out.script, commands, prefix, sim, { limiter, sourceBySource, inspect, expectLinks: expectedLinks(lab.text, prefix) });
      kernel = r.verdicts;
      const unprefix = (s: string) => s.split(`${prefix}-`).join('').trim();
      steps.forEach((st, i) => {
        const code = r.exitCodes[i]!;
        const text = unprefix(r.outputs[i]!);
        const same = code === st.exitCode && (code === 0 || text === st.output.trim());
        if (!same) {
          out.disagreements.push(
            `command \`${st.command}\`: kernel exit ${code} ${JSON.stringify(text)}, simulator exit ${st.exitCode} ${JSON.stringify(st.output.trim())}`,
          );
        }
      });
    }
  } catch (e) {
    out.error = e instanceof BuildError ? e.message : `kernel run failed: ${(e as Error).stack ?? String(e)}`;
    return out;
  }
  // The state the kernel ended with must be the simulator's: routing tables as `ip route` prints
  // them, IPv4 addresses per link in order (primary/secondary), and which links are up.
  const state = simState(lab.text, prefix);
  for (const [ns, want] of Object.entries(state)) {
    const real = inspect[ns];
    if (!real) continue;
    const name = ns.slice(prefix.length + 1);
    const have = { route: real.route, addr: addrSummary(real.addr), link: linkSummary(real.link) };
    for (const key of ['route', 'addr', 'link'] as const) {
      if (have[key] !== want[key]) out.disagreements.push(`${key} in ${name}: kernel ${JSON.stringify(have[key])}, simulator ${JSON.stringify(want[key])}`);
    }
  }
  out.probes = sim.length;
  sim.forEach((s, i) => {
    const k = kernel[i]!;
    if (k.ok) out.okCount++;
    if (k.ok !== s.ok) out.disagreements.push(`${s.from} -> ${s.to}: kernel ${verdict(k.ok)}, simulator ${verdict(s.ok)}`);
  });
  return out;
}

/** Runs `fn` over `items` with at most `n` in flight, keeping the order of results. */
async function pool<T, R>(items: T[], n: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

function report(bad: Outcome[]): string {
  const parts: string[] = [];
  for (const o of bad) {
    const seed = /^generateLab\((\d+)\)$/.exec(o.lab.name)?.[1];
    parts.push(`==== ${o.lab.name} [${o.mode}] (prefix ${o.prefix})`);
    if (seed) parts.push(`reproduce: sudo CONFORMANCE_SEED=${seed} CONFORMANCE_LABS=1 CONFORMANCE_MODES=${o.mode} npm run test:conformance`);
    if (o.error) parts.push(`error: ${o.error}`);
    if (o.unstable?.length) parts.push(`UNSTABLE in the kernel (differs between two builds): ${o.unstable.join('; ')}`);
    for (const d of o.disagreements) parts.push(`  ${d}`);
    parts.push('---- lab', o.lab.text.trimEnd(), `---- export-linux${o.mode === 'replay' ? ' (the base; then the lab commands)' : ''}`, (o.script ?? '(none)').trimEnd(), '');
  }
  return parts.join('\n');
}

describe.skipIf(missing.length > 0 && !ci)('kernel conformance (real network namespaces)', () => {
  if (missing.length) {
    it('has its prerequisites', () => {
      throw new Error(`kernel conformance needs ${missing.join(', ')} (CI=true, so this fails instead of skipping)`);
    });
    return;
  }

  let before = '';
  const limiter = new Limiter(PINGS);
  let seq = 0;
  const ours = () => existingNamespaces().filter((n) => n.startsWith(`k${process.pid}x`));

  beforeAll(async () => {
    const stale = await removeStaleRuns();
    if (stale.length) console.warn(`removed ${stale.length} namespaces left by a crashed earlier run`);
    before = await rootSnapshot();
  });

  afterAll(async () => {
    // Belt and braces: nothing of ours may outlive the suite.
    const left = ours();
    if (left.length) await deleteNamespaces(left);
  });

  const runLabs = async (labs: Lab[], mode: Mode) => {
    const t0 = Date.now();
    const outcomes = await pool(labs, PARALLEL, (lab) => check(lab, mode, labPrefix(seq++), limiter));
    // A disagreement must survive a second build of the lab (the first 25 such labs are
    // rebuilt: past that the simulator is plainly wrong, and time is better spent fixing it).
    const first = outcomes.filter((o) => !o.error && o.disagreements.length).slice(0, 25);
    const again = await pool(first, PARALLEL, (o) => check(o.lab, mode, labPrefix(seq++), limiter));
    first.forEach((o, i) => {
      const was = new Set(o.disagreements);
      const now = new Set(again[i]!.disagreements);
      const unstable = [...new Set([...was, ...now])].filter((k) => was.has(k) !== now.has(k));
      if (again[i]!.error) unstable.push(`rerun: ${again[i]!.error}`);
      if (unstable.length) o.unstable = unstable;
    });
    const bad = outcomes.filter((o) => o.error || o.disagreements.length);
    const probes = outcomes.reduce((a, o) => a + o.probes, 0);
    const ok = outcomes.reduce((a, o) => a + o.okCount, 0);
    console.log(
      `[${mode}] ${labs.length} labs, ${probes} probes (${ok} ok in the kernel), ${bad.length} labs disagree, ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (bad.length) {
      const file = join(tmpdir(), `conformance-${mode}-${process.pid}-${Date.now()}.txt`);
      const text = report(bad);
      writeFileSync(file, text);
      console.error(`${text.length > 60_000 ? `${report(bad.slice(0, 3))}\n... (${bad.length} labs in all)` : text}\nfull report: ${file}`);
    }
    expect(ours(), 'namespaces left behind').toEqual([]);
    expect(
      bad.map((o) => ({
        lab: o.lab.name,
        ...(o.error ? { error: o.error.split('\n').slice(0, 2).join(' ') } : {}),
        ...(o.unstable?.length ? { unstable: o.unstable } : {}),
        disagree: o.disagreements,
      })),
    ).toEqual([]);
    return { probes, ok };
  };

  for (const mode of MODES) {
    it(`[${mode}] agrees on the seed-001 lab`, async () => {
      const { ok } = await runLabs([{ name: 'seed-001', text: SEED_001_NETNS_LAB }], mode);
      expect(ok).toBeGreaterThan(0);
    });

    it.skipIf(LABS === 0)(`[${mode}] agrees on ${LABS} generated labs (seeds ${FIRST_SEED}..${FIRST_SEED + LABS - 1})`, async () => {
      const labs = Array.from({ length: LABS }, (_, i) => ({ name: `generateLab(${FIRST_SEED + i})`, text: generateLab(FIRST_SEED + i) }));
      const { probes, ok } = await runLabs(labs, mode);
      // The labs must exercise both verdicts.
      if (LABS >= 20) {
        expect(ok).toBeGreaterThan(probes * 0.1);
        expect(ok).toBeLessThan(probes * 0.9);
      }
    });
  }

  it("left the root namespace's links, addresses, routes and iptables as they were", async () => {
    expect(await rootSnapshot()).toBe(before);
  });
});

// The guard that keeps the suite's root commands inside its own namespaces: pure, runs anywhere.
describe('kernel runner guards', () => {
  const ok = exportLinux(SEED_001_NETNS_LAB, 'g1');

  it('accepts an export-linux script and lists its namespaces', () => {
    expect(scopedNamespaces(ok, 'g1')).toEqual(expect.arrayContaining(['g1-docker-node1', 'g1-test1', 'g1-test2']));
    for (let s = 1; s <= 20; s++) expect(() => scopedNamespaces(exportLinux(generateLab(s), 'g1'), 'g1')).not.toThrow();
  });

  it.each([
    ['an unscoped command', 'ip addr add 10.9.0.1/24 dev eth0'],
    ['iptables in the root namespace', 'iptables -A INPUT -j DROP'],
    ['a namespace outside the prefix', 'ip netns add other'],
    ['a move to the root namespace', 'ip -n g1-test1 link set dev veth-test1 netns 1'],
    ['a move to a foreign namespace', 'ip netns exec g1-test1 ip link set veth-test1 netns ipt-scratch'],
    ['a link created in the root namespace', 'ip link add name x type veth peer name y netns g1-test1'],
    ['shell syntax', 'ip -n g1-test1 link set lo up; ip addr flush dev eth0'],
    ['a namespace it did not create', 'ip netns exec g1-nope ip link'],
  ])('refuses %s', (_what, line) => {
    expect(() => scopedNamespaces(`${ok}${line}\n`, 'g1')).toThrow(/refusing/);
  });

  it('rewrites lab commands into the lab namespaces, and refuses escapes', () => {
    const cmds = replayCommands(parseScript(SEED_001_NETNS_LAB), 'g1');
    expect(cmds[0]!.argv).toEqual(['ip', 'netns', 'add', 'g1-test1']);
    expect(cmds[2]!.argv).toEqual(['ip', 'netns', 'exec', 'g1-docker-node1', 'ip', 'link', 'add', 'veth-test1', 'type', 'veth', 'peer', 'name', 'veth-test2']);
    expect(cmds[3]!.argv).toEqual(['ip', 'netns', 'exec', 'g1-docker-node1', 'ip', 'link', 'set', 'veth-test1', 'netns', 'g1-test1']);
    expect(cmds[5]!.argv).toEqual(['ip', 'netns', 'exec', 'g1-test1', 'ip', 'addr', 'add', '192.168.1.1/24', 'dev', 'veth-test1']);
    for (const c of cmds) expect(() => checkReplayArgv(c.argv, 'g1')).not.toThrow();
    expect(() => checkReplayArgv(['ip', 'addr', 'add', '10.9.0.1/24', 'dev', 'eth0'], 'g1')).toThrow(/refusing/);
    expect(() => checkReplayArgv(['ip', 'netns', 'exec', 'g1-a', 'ip', 'link', 'set', 'x', 'netns', '1'], 'g1')).toThrow(/refusing/);
    expect(() => replayCommands([{ command: 'ip netns exec a sh -c "ip addr flush dev eth0"' }], 'g1')).toThrow(/cannot replay/);
  });

  it('waits for linkwatch: carrier without operstate, ports not yet forwarding', () => {
    const settled = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default',
      '2: v1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT \\    bridge_slave state forwarding priority 32',
      '3: v2@if3: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT',
      '4: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT',
    ].join('\n');
    expect(unsettledLinks(settled)).toEqual([]);
    expect(unsettledLinks(settled.replace('master br0 state UP', 'master br0 state DOWN'))).toHaveLength(1);
    expect(unsettledLinks(settled.replace('state forwarding', 'state disabled'))).toHaveLength(1);
  });
});
