/**
 * Shell fuzz, part 1 of 3: generated lab scripts never crash the shell (harness.test-util.ts has
 * the rules each line must keep). Three files split FUZZ_LINES so that vitest can run them in
 * parallel; `npm run fuzz` runs a nightly-sized share.
 */
import { describe } from 'vitest';
import { nodeIo } from '../../test-io';
import { fuzzTest } from './harness.test-util';

describe('shell fuzz', () => {
  fuzzTest('part 0', { share: 1 / 3, seedOffset: 0, file: 'src/sim/fuzz/shell-a.fuzz.test.ts' }, nodeIo);
});
