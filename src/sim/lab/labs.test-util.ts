/**
 * For property tests: labs as fast-check values (from the conformance generators and the shell
 * fuzz grammar), and a lab as the transcript a failure prints.
 */
import fc from 'fast-check';
import type { FuzzStep } from '../fuzz/grammar.test-util';
import { generateLab } from './generate';
import { generateDockerLab, generateMultiHostDockerLab } from './generate-docker';
import { generateMultiHostLab } from './generate-multihost';
import { labFromScript, type Lab } from './lab';

/** The longest line the store takes (store/slices/world.ts MAX_LINE; sim does not import the store). */
const MAX_LINE = 4096;

const GENERATORS: ((seed: number) => string)[] = [generateLab, generateDockerLab, generateMultiHostLab, generateMultiHostDockerLab];

/** A generated lab, cut after some line (fast-check shrinks toward the shortest prefix and seed 1). */
export const generatedLab: fc.Arbitrary<Lab> = fc
  .tuple(fc.integer({ min: 0, max: GENERATORS.length - 1 }), fc.integer({ min: 1, max: 100_000 }), fc.nat({ max: 200 }))
  .map(([g, seed, cut]) => {
    const lab = labFromScript(GENERATORS[g]!(seed), `generator ${g}, seed ${seed}, ${cut} lines`);
    return { ...lab, log: lab.log.slice(0, cut) };
  });

/**
 * A lab-script transcript of fuzz steps (each line behind its machine's prompt), as a lab, with the
 * lines as the store keeps them: NULs dropped, blank lines and lines over MAX_LINE characters refused.
 */
export function fuzzLab(steps: readonly FuzzStep[]): Lab {
  const lab = labFromScript(steps.map((s) => `[root@${s.host} ~]# ${s.line}\n`).join(''), 'fuzz');
  const log = lab.log.map((e) => ({ ...e, c: e.c.replaceAll('\0', '') })).filter((e) => e.c.trim() !== '' && e.c.length <= MAX_LINE);
  return { ...lab, log };
}

/** A lab as the transcript a failure prints: one line per entry behind its shell and machine. */
export function transcript(lab: Pick<Lab, 'hosts' | 'log'>): string {
  const lines = lab.log.map((e) => `${e.t} [root@${e.h} ~]# ${e.c}${e.i !== undefined ? `  <<< ${JSON.stringify(e.i)}` : ''}`);
  return `machines: ${lab.hosts.join(' ')}\n${lines.join('\n')}`;
}

