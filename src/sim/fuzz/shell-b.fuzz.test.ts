/**
 * Shell fuzz, part 2 of 3: generated lab scripts never crash the shell (harness.test-util.ts has the rules each line must keep). Three files split
 * FUZZ_LINES so that vitest runs them in parallel; `npm run fuzz` runs a nightly-sized share.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe } from 'vitest';
import { fuzzTest } from './harness.test-util';

describe('shell fuzz', () => {
  fuzzTest('part 1', { share: 1 / 3, seedOffset: 1, file: 'src/sim/fuzz/shell-b.fuzz.test.ts' }, {
    now: () => performance.now(),
    env: process.env,
    save: (name, text) => {
      const file = join(tmpdir(), name);
      writeFileSync(file, text);
      return file;
    },
  });
});
