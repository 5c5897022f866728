/**
 * For tests in src/sim that need the machine (src/sim itself stays pure): a clock, the
 * environment, and a temporary directory to save a failing script in.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const nodeIo = {
  now: () => performance.now(),
  env: process.env,
  /** Writes `text` to `name` in the temporary directory; returns its path. */
  save: (name: string, text: string): string => {
    const file = join(tmpdir(), name);
    writeFileSync(file, text);
    return file;
  },
};
