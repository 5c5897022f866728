#!/usr/bin/env node
// `npm run fuzz`: the shell fuzz (src/sim/fuzz) at nightly size, and the other property tests
// (invariants, determinism, undo, hostile payloads) ten to twenty times larger, on a fresh random
// seed printed first. FUZZ_LINES (default 2,000,000), FUZZ_SEED, FUZZ_SLOW_MS (default 1000) override it.
// A failure prints the shrunk lab script, the file it was saved to and the line that replays it.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31 - 1));
const lines = process.env.FUZZ_LINES ?? '2000000';
const slow = process.env.FUZZ_SLOW_MS ?? '1000';
console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_LINES=${lines} FUZZ_SLOW_MS=${slow}`);
// The other properties, at ten to twenty times their `npm test` size, on the same seed.
const bigger = { DETERMINISM_RUNS: '200', UNDO_RUNS: '150', INVARIANT_SEEDS: '100', INVARIANT_RUNS: '600', HOSTILE_SCALE: '10' };
const files = ['src/sim/fuzz', 'src/sim/lab/invariants.test.ts', 'src/sim/lab/determinism.test.ts', 'src/store/slices/undo-property.test.ts', 'src/sim/lab/hostile.test.ts'];
const r = spawnSync('npx', ['vitest', 'run', ...(process.argv.length > 2 ? process.argv.slice(2) : files)], {
  stdio: 'inherit',
  env: { ...bigger, ...process.env, FUZZ_SEED: seed, FUZZ_LINES: lines, FUZZ_SLOW_MS: slow },
});
console.log(`fuzz: seed ${seed} ${r.status === 0 ? 'passed' : 'FAILED'}`);
process.exit(r.status ?? 1);
