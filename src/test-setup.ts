/**
 * Vitest setup: every fast-check property runs from one seed, fixed in `npm test` so that CI checks
 * what a developer ran (the shell fuzz, src/sim/fuzz, uses the same default); FUZZ_SEED picks
 * another, and `npm run fuzz` passes a fresh one, printed first.
 */
import fc from 'fast-check';
import { DEFAULT_SEED } from './sim/fuzz/seed.test-util';

const seed = Number(process.env['FUZZ_SEED'] ?? DEFAULT_SEED);
fc.configureGlobal({ seed: Number.isFinite(seed) ? seed | 0 : DEFAULT_SEED });
