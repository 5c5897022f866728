/**
 * Issue 4's load budgets, on the production build in headless Chromium (pixel ratio 1, no GPU):
 * - first-load JavaScript (the entry chunk and its static imports) at most 250 kB gzip, with
 *   xterm.js in a lazy chunk (the terminal is open on load, so it is fetched at once, but by a
 *   dynamic `import()` that the graph does not wait for);
 * - Total Blocking Time under 150 ms (Lighthouse's: long tasks from FCP, over a 5 s window);
 * - the graph drawn under 1 s after navigation.
 * Times are the median of five cold loads (fresh contexts). Wall-clock budgets cannot be judged on
 * a machine busy with other work (several sessions share these): when the load average exceeds
 * 1.5 per CPU (this run's own build and browser stay under 1), the timing test is skipped with the
 * figures in its reason; the byte budget is always asserted.
 * Frame rates are asserted in graph.spec.ts, not here. Definitions: bench/page-metrics.ts.
 */
import { cpus, loadavg } from 'node:os';
import { expect, test, type Browser } from '@playwright/test';
import { kB, measureLoad, type LoadFigures } from '../bench/page-metrics';
import { collectErrors } from './page-errors';

const BUDGET_KB = 250;
const TBT_MS = 150;
const FIRST_RENDER_MS = 1000;
const LOADS = 5;
const BUSY_PER_CPU = 1.5;

/** Runnable processes per CPU (1-minute load average). */
const busy = (): number => loadavg()[0]! / cpus().length;

async function coldLoad(browser: Browser, baseURL: string): Promise<{ load: LoadFigures; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, baseURL });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    return { load: await measureLoad(page, '/'), errors };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test.describe('load budgets', () => {
  // Not serial: a failed budget must not hide the others (the loads are taken again after it).
  const loads: LoadFigures[] = [];
  let busiest = 0;

  test.beforeAll(async ({ browser }, info) => {
    test.setTimeout(120_000);
    const baseURL = info.project.use.baseURL ?? 'http://localhost:4173';
    for (let i = 0; i < LOADS; i++) {
      busiest = Math.max(busiest, busy());
      const { load, errors } = await coldLoad(browser, baseURL);
      expect(errors, 'console errors on load').toEqual([]);
      loads.push(load);
    }
    busiest = Math.max(busiest, busy());
  });

  test('the first load ships at most 250 kB gzip of JavaScript, and xterm.js is a lazy chunk', async () => {
    const { chunks, firstLoadGzip } = loads[0]!;
    const lines = chunks.map((c) => `${c.file} ${kB(c.gzipBytes).toFixed(1)} kB gzip ${c.firstLoad ? 'first load' : 'lazy'}`);
    test.info().annotations.push({ type: 'chunks', description: lines.join('; ') });
    console.log(`first load ${kB(firstLoadGzip).toFixed(1)} kB gzip\n  ${lines.join('\n  ')}`);

    expect(chunks.some((c) => c.firstLoad), 'the entry chunk was fetched').toBe(true);
    expect(kB(firstLoadGzip)).toBeLessThanOrEqual(BUDGET_KB);
    // The terminal is open on load, so xterm.js is fetched, but never in the entry's static graph.
    const xterm = chunks.filter((c) => c.xterm);
    expect(xterm.length, 'xterm.js was fetched for the open terminal').toBeGreaterThan(0);
    expect(xterm.filter((c) => c.firstLoad).map((c) => c.file)).toEqual([]);
    // Every load ships the same chunks.
    for (const l of loads) expect(l.firstLoadGzip).toBe(firstLoadGzip);
  });

  test('the graph is drawn under 1 s and Total Blocking Time stays under 150 ms', async () => {
    const row = (name: string, xs: number[]) => `${name}: median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
    const report = [
      row('first contentful paint', loads.map((l) => l.fcp ?? NaN)),
      row('first render', loads.map((l) => l.firstRender)),
      row('TBT from FCP', loads.map((l) => l.tbtFromFcp)),
      row('TBT from navigation', loads.map((l) => l.tbtFromNavigation)),
    ];
    report.push(`load average per CPU: up to ${busiest.toFixed(1)}`);
    console.log(report.join('\n'));
    test.info().annotations.push({ type: 'timings', description: report.join('; ') });
    test.skip(busiest > BUSY_PER_CPU, `the machine is busy (load ${busiest.toFixed(1)} per CPU): ${report.join('; ')}`);

    for (const l of loads) expect(l.graphNodes, 'the default host is on the canvas').toBeGreaterThan(0);
    expect.soft(median(loads.map((l) => l.firstRender)), 'first render, ms').toBeLessThan(FIRST_RENDER_MS);
    expect.soft(median(loads.map((l) => l.tbtFromFcp)), 'TBT from FCP, ms').toBeLessThan(TBT_MS);
  });
});
