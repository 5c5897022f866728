/**
 * `npm run bench`: medians of the core's hot paths, each also as a ratio against a baseline
 * measured in the same run (JSON.parse of a fixed lab), because these machines are noisy.
 * Aims (issue #2): replay of 1,000 commands < 500 ms; one ping trace < 1 ms at p95;
 * reach over 100 namespaces < 1 s. Issue #3: a 101-container Docker lab replays in < 1 s.
 * Issue #4: the browser part (browser.ts) builds the production bundle and measures it in
 * Chromium. `npm run bench -- --core` runs the core part only, `-- --browser` the browser part only.
 * Issue #5: a 50-container lab's share link (encode, decode + validate, replay), undo's fallback
 * (replaying 1,000 lines; undo itself restores a checkpoint) and the import of a real inspect dump.
 */
import { performance } from 'node:perf_hooks';
import { reachWorld } from '../src/cli/reach';
import { runScript } from '../src/sim/lab/script';
import { parseIp4 } from '../src/sim/net/ip4';
import { probe } from '../src/sim/packet/probe';
import { bridgeLab, commandsLab, dockerLab } from './labs';
import { userLab } from './lab-size';
import { decodeLab, encodeLab } from '../src/sim/lab/codec';
import { labFromScript, replay } from '../src/sim/lab/lab';
import { importInspect } from '../src/sim/lab/import-inspect';
import { readFileSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const core = !args.has('--browser');
const browser = !args.has('--core');
/** `--containers=N` and `--loads=N` shrink the browser part for a quick look. */
const option = (name: string, fallback: number): number => {
  const arg = [...args].find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};

function measure(fn: () => void, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const fixedLab = JSON.stringify(runScript(bridgeLab(20)).world);
const baseline = pct(measure(() => JSON.parse(fixedLab), 200), 0.5);

const rows: [string, number, string][] = [];
const report = (name: string, sorted: number[], aim?: string) => {
  const med = pct(sorted, 0.5);
  rows.push([name, med, aim ?? '']);
  return med;
};

async function benchCore(): Promise<void> {
  const lab1000 = commandsLab(1000);
  report('replay 1,000 commands', measure(() => runScript(lab1000), 7), '< 500 ms');

  const { world: w100 } = runScript(bridgeLab(100));
  const from = Object.values(w100.netns).find((n) => n.name === 'c1')!.id;
  const dst = parseIp4('10.200.0.52')!;
  const traces = measure(() => probe(w100, { from, dst, proto: 'icmp' }), 300);
  report('one ping trace (100-ns bridge)', traces);
  rows.push(['  same, p95', pct(traces, 0.95), '< 1 ms']);

  report('reach over 100 namespaces', measure(() => reachWorld(w100), 3), '< 1,000 ms');

  const docker100 = dockerLab(5, 20);
  report('docker lab: 5 networks, 101 containers', measure(() => runScript(docker100), 5), '< 1,000 ms');
  const { world: wd } = runScript(docker100);
  const c11 = Object.values(wd.netns).find((n) => n.name === 'c1-1')!.id;
  const dockerPings = measure(() => probe(wd, { from: c11, dst: parseIp4('172.18.0.21')!, proto: 'icmp' }), 300);
  report('one ping between containers', dockerPings);
  rows.push(['  same, p95', pct(dockerPings, 0.95), '< 1 ms']);

  const lab50 = userLab(50);
  let link = '';
  report('lab of 50 containers: replay', measure(() => replay(lab50), 7));
  rows.push(['lab of 1,000 lines: replay (undo fallback)', pct(measure(() => replay(labFromScript(lab1000)), 5), 0.5), '']);
  const dump = readFileSync(new URL('../src/sim/lab/__fixtures__/inspect-real-20.10.txt', import.meta.url), 'utf8');
  report('import a real inspect dump (14 containers)', measure(() => importInspect(dump), 5));
  const asyncRows = await (async () => {
    const times = async (fn: () => Promise<unknown>, runs: number) => {
      const t: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        t.push(performance.now() - t0);
      }
      return t.sort((a, b) => a - b);
    };
    link = await encodeLab(lab50);
    return [
      ['lab of 50 containers: encode a link', pct(await times(() => encodeLab(lab50), 21), 0.5)],
      ['lab of 50 containers: decode + validate', pct(await times(() => decodeLab(link), 21), 0.5)],
    ] as const;
  })();
  for (const [name, ms] of asyncRows) rows.push([name, ms, '']);
  console.log(`share link of the 50-container lab: ${link.length + '#lab='.length} characters after the page's address\n`);

  console.log(`baseline: JSON.parse of a 20-namespace World (${(fixedLab.length / 1024).toFixed(0)} KiB): ${baseline.toFixed(3)} ms\n`);
  console.log('benchmark                                median ms   x baseline   aim');
  for (const [name, ms, aim] of rows) {
    console.log(`${name.padEnd(40)} ${ms.toFixed(3).padStart(9)}   ${(ms / baseline).toFixed(1).padStart(10)}   ${aim}`);
  }
}

if (core) await benchCore();
if (browser) {
  // Imported only when asked: it loads Vite and Playwright.
  const { runBrowserBench } = await import('./browser');
  await runBrowserBench({ loads: option('loads', 5), networks: 20, containers: option('containers', 1000), baselineJson: fixedLab });
}
