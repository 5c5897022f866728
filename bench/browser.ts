/**
 * The browser half of `npm run bench`: builds the production bundle into a temporary directory,
 * serves it with a small static server on a free port, and measures it in headless Chromium
 * (/usr/bin/chromium, no GPU, 1280x720, pixel ratio 1, as DESIGN.md measures) against issue 4's
 * budgets: first-load JS <= 250 kB gzip (xterm lazy), TBT < 150 ms, first render < 1 s, and the
 * big lab (1,000 containers on 20 networks) panning at >= 40 fps.
 *
 * Times are also given as ratios against a baseline measured in the same page (JSON.parse of a
 * fixed World), frame rates against the page's idle frame rate, because these machines are noisy.
 * Page definitions are in page-metrics.ts.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { graphShape, type GraphShape } from '../e2e/graph-perf';
import {
  bigLabCommands,
  buildLab,
  countFrames,
  dragFrames,
  installPerfProbes,
  kB,
  measureLoad,
  pageBaseline,
  type FrameFigures,
  type LoadFigures,
} from './page-metrics';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
};

/** Serves `dir` on a free port, uncompressed (gzip sizes are computed, not served). */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

export interface BrowserOptions {
  /** Cold loads to take the median of. */
  loads: number;
  networks: number;
  containers: number;
  /** A fixed JSON text for the in-page baseline. */
  baselineJson: string;
}

/** Runnable processes per CPU (1-minute load average). */
const busyness = (): number => loadavg()[0]! / cpus().length;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runBrowserBench(opts: BrowserOptions): Promise<void> {
  const root = new URL('..', import.meta.url).pathname;
  const outDir = await mkdtemp(join(tmpdir(), 'dnp-bench-'));
  // The config's plugin imports TypeScript without extensions, which Vite 8 warns about at length.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const tBuild = performance.now();
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const buildMs = performance.now() - tBuild;
  const { server, url } = await serve(outDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    const loads: LoadFigures[] = [];
    const loadBefore = busyness();
    for (let i = 0; i < opts.loads; i++) {
      const page = await context.newPage();
      loads.push(await measureLoad(page, url));
      await page.close();
    }

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await installPerfProbes(page);
    await page.goto(url);
    await page.waitForFunction(() => window.__playground?.isReady() === true);
    await page.waitForLoadState('networkidle');
    const baseline = await pageBaseline(page, opts.baselineJson);
    const idle = await countFrames(page, 'idle', 2000);
    const smallPan = await countFrames(page, 'panBy', 2000);
    const lab = await buildLab(page, bigLabCommands(opts.networks, opts.containers));
    const shape = await graphShape(page);
    const bigPan = await countFrames(page, 'panBy', 2000);
    const bigDrag = await dragFrames(page, 2000);
    const baselineAfter = await pageBaseline(page, opts.baselineJson);
    await page.close();

    report({ buildMs, loadBefore, loads, baseline: (baseline + baselineAfter) / 2, idle, smallPan, lab, shape, bigPan, bigDrag, errors, opts });
  } finally {
    await browser.close();
    server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

interface Figures {
  buildMs: number;
  loadBefore: number;
  loads: LoadFigures[];
  baseline: number;
  idle: FrameFigures;
  smallPan: FrameFigures;
  lab: Awaited<ReturnType<typeof buildLab>>;
  shape: GraphShape;
  bigPan: FrameFigures;
  bigDrag: (FrameFigures & { panned: number }) | null;
  errors: string[];
  opts: BrowserOptions;
}

function report(f: Figures): void {
  const first = f.loads[0]!;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const x = (v: number) => `${(v / f.baseline).toFixed(0)}x`;
  console.log(`\nbrowser (headless Chromium, 1280x720, pixel ratio 1, no GPU); build ${(f.buildMs / 1000).toFixed(1)} s`);
  const load = Math.max(f.loadBefore, busyness());
  console.log(`load average: up to ${load.toFixed(1)} per CPU${load > 1.5 ? ' (a busy machine: times are inflated, the ratios less so)' : ''}`);
  console.log(`page baseline: JSON.parse of the same World in the page: ${f.baseline.toFixed(3)} ms\n`);

  console.log('JavaScript the page fetched (gzip -9 of the built files):');
  for (const c of first.chunks) {
    const kind = c.firstLoad ? 'first load' : 'lazy';
    console.log(`  ${c.file.padEnd(36)} ${kB(c.gzipBytes).toFixed(1).padStart(7)} kB gzip  ${kB(c.bytes).toFixed(1).padStart(7)} kB raw   ${kind.padEnd(10)} requested at ${c.requestedAt.toFixed(0)} ms`);
  }
  const xterm = first.chunks.filter((c) => c.xterm);
  console.log(`  first load: ${kB(first.firstLoadGzip).toFixed(1)} kB gzip (aim <= 250); lazy: ${kB(first.lazyGzip).toFixed(1)} kB gzip`);
  const xtermState = xterm.length === 0 ? 'not fetched' : xterm.every((c) => !c.firstLoad) ? 'a lazy chunk' : 'IN THE FIRST LOAD';
  console.log(`  xterm.js: ${xtermState}; the graph was first drawn at ${first.firstRender.toFixed(0)} ms in this load\n`);

  const rows: [string, number[], string, boolean][] = [
    ['first contentful paint', f.loads.map((l) => l.fcp ?? NaN), '', true],
    ['first render (graph drawn)', f.loads.map((l) => l.firstRender), '< 1,000 ms', true],
    ['TBT, navigation + 5 s', f.loads.map((l) => l.tbtFromNavigation), '< 150 ms', false],
    ['TBT, FCP to 5 s (Lighthouse)', f.loads.map((l) => l.tbtFromFcp), '< 150 ms', false],
    ['longest task on load', f.loads.map((l) => Math.max(0, ...l.longTasks.map((t) => t.duration))), '', false],
  ];
  console.log(`load (median of ${f.loads.length} cold loads)      median       runs                     x baseline   aim`);
  for (const [name, xs, aim, ratio] of rows) {
    const runs = xs.map((v) => v.toFixed(0)).join(' ');
    console.log(`  ${name.padEnd(32)} ${ms(median(xs)).padStart(10)}   ${runs.padEnd(24)} ${(ratio ? x(median(xs)) : '').padStart(9)}   ${aim}`);
  }

  const { lab } = f;
  console.log(`\nbig lab: ${f.opts.networks} networks, ${f.opts.containers} containers, through window.__playground.runCommand`);
  console.log(`  ${lab.commands} commands (${lab.failed} failed): ${ms(lab.commandsMs)} (${(lab.commandsMs / lab.commands).toFixed(2)} ms each, ${x(lab.commandsMs)} baseline)`);
  console.log(`  graph update after the batch: ${ms(lab.graphMs)} (${x(lab.graphMs)} baseline)`);
  const { shape } = f;
  console.log(`  canvas: ${shape.nodes} nodes (${shape.compounds} compound), ${shape.edges} edges, zoom ${shape.zoom.toFixed(2)}; textureOnViewport ${shape.textureOnViewport}, hideEdgesOnViewport ${shape.hideEdgesOnViewport}`);

  console.log('\nframes (2 s each)                          fps   p95 frame   x idle fps   aim');
  const fr = (name: string, v: FrameFigures | null, aim = '') =>
    console.log(
      `  ${name.padEnd(38)} ${v ? v.fps.toFixed(1).padStart(5) : '  n/a'}   ${v ? ms(v.p95FrameMs).padStart(9) : ''.padStart(9)}   ${v ? (v.fps / f.idle.fps).toFixed(2).padStart(10) : ''.padStart(10)}   ${aim}`,
    );
  fr('idle page (the baseline)', f.idle);
  fr('default lab, cy.panBy each frame', f.smallPan);
  fr(`big lab, cy.panBy each frame`, f.bigPan);
  fr('big lab, mouse drag of the background', f.bigDrag, '>= 40 fps');
  if (f.bigDrag) console.log(`    (the drag moved the view by ${f.bigDrag.panned.toFixed(0)} px${f.bigDrag.panned === 0 ? ': NOT A PAN, the figure does not count' : ''})`);
  else console.log('    (no empty background to start a drag on)');
  if (f.errors.length > 0) console.log(`\nconsole errors: ${f.errors.length}\n  ${f.errors.slice(0, 5).join('\n  ')}`);
}
