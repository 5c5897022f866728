/**
 * The vitest side of the shell fuzz: one test runs its share of FUZZ_LINES generated lines
 * (run.test-util.ts checks each), and a failure prints the shrunk script as a transcript. The
 * clock, the environment and the file system come from the test file (src/sim stays pure).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { scriptOf, type ScriptShape } from './grammar.test-util';
import { newStats, runChecked, setupLength, show, transcriptOf } from './run.test-util';
import { DEFAULT_SEED } from './seed.test-util';

/** What the test file provides: a clock, the environment, a place to save a failing script. */
export interface FuzzIo {
  now(): number;
  env: Record<string, string | undefined>;
  /** Writes `text` to a file named `name` in a temporary directory; returns its path. */
  save(name: string, text: string): string;
}

export interface FuzzOptions {
  /** This file's share of FUZZ_LINES (the files split the total between them). */
  share: number;
  /** Added to FUZZ_SEED so that the files fuzz different scripts. */
  seedOffset: number;
  /** The test file, for the replay command a failure prints. */
  file: string;
  shape?: ScriptShape;
}

/** Generated lines per `npm test` run, all files together; FUZZ_LINES overrides it. */
export const DEFAULT_LINES = 102_000;

const num = (s: string | undefined, d: number) => (s !== undefined && s !== '' && Number.isFinite(Number(s)) ? Number(s) : d);

/**
 * One vitest test fuzzing `share` of FUZZ_LINES lines. On a failure it prints the shrunk script as
 * a pasteable transcript, saves it, and says how to replay the counterexample.
 */
export function fuzzTest(title: string, opts: FuzzOptions, io: FuzzIo): void {
  const env = io.env;
  const seed = (num(env.FUZZ_SEED, DEFAULT_SEED) + opts.seedOffset) | 0;
  const target = Math.ceil(num(env.FUZZ_LINES, DEFAULT_LINES) * opts.share);
  const slowMs = num(env.FUZZ_SLOW_MS, 3000);
  const path = env.FUZZ_PATH;
  const timeout = num(env.FUZZ_TIMEOUT_MS, Math.max(120_000, target * 3));
  it(title, () => {
    const stats = newStats();
    const arb = scriptOf(opts.shape);
    // How many scripts make `target` lines: their mean length, from a sample of the same seed.
    const sample = fc.sample(arb, { seed, numRuns: 200 });
    const mean = sample.reduce((a, s) => a + s.length - setupLength(s), 0) / sample.length;
    let runs = num(env.FUZZ_RUNS, Math.ceil(target / mean));
    const t0 = io.now();
    for (let round = 0; round < 50 && runs > 0; round++) {
      const roundSeed = (seed + round * 7919) | 0;
      const r = fc.check(fc.property(arb, (steps) => void runChecked(steps, stats, io.now, slowMs)), {
        seed: roundSeed, numRuns: runs, ...(path !== undefined && round === 0 ? { path } : {}),
      });
      if (r.failed) {
        const steps = r.counterexample?.[0] ?? [];
        const text = transcriptOf(steps);
        const file = io.save(`dnp-fuzz-${roundSeed}.txt`, `# fuzz counterexample (seed ${roundSeed}, path ${r.counterexamplePath})\n${text}`);
        const err = r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
        const msg = `fuzz failed after ${stats.lines} lines: ${err}\n\n` +
          `Shrunk script (${steps.length} lines), saved to ${file}; run it with \`npm run -s cli -- run ${file}\`:\n${text}\n` +
          `Replay: FUZZ_SEED=${roundSeed - opts.seedOffset} FUZZ_PATH=${r.counterexamplePath} npx vitest run ${opts.file}\n`;
        console.log(msg);
        expect.fail(msg);
      }
      if (path !== undefined || env.FUZZ_RUNS !== undefined) break;
      // The sample's mean is an estimate: top up until the share is reached.
      runs = stats.lines >= target ? 0 : Math.ceil((target - stats.lines) / mean) + 1;
    }
    const secs = (io.now() - t0) / 1000;
    console.log(`fuzz ${title}: ${stats.lines} generated lines in ${stats.scripts} scripts (+${stats.setupLines} setup lines), ${secs.toFixed(1)} s ` +
      `(seed ${seed - opts.seedOffset}, slowest line ${Math.round(stats.slowest.ms)} ms: ${show(stats.slowest.line, 80)})`);
    if (env.FUZZ_RUNS === undefined && path === undefined) expect(stats.lines).toBeGreaterThanOrEqual(target);
  }, timeout);
}
