/**
 * Determinism as a property (issue 7): a lab is its log, so replaying any lab twice gives the same
 * World (deep-equal and byte for byte, same ids), and a lab that goes through the share link
 * (encode -> URL payload -> decode) replays to the same World and the same transcript.
 *
 * Labs come from the conformance generators (a seed and a prefix of the script) and from the shell
 * fuzz grammar. A failure prints the shrunk lab as a transcript. DETERMINISM_RUNS=500 for a longer run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzScript } from '../fuzz/grammar.test-util';
import { decodeLab, encodeLab } from './codec';
import { generateDockerLab } from './generate-docker';
import { labFromScript, replay, type Lab, type Replay } from './lab';
import { fuzzLab, generatedLab, transcript } from './labs.test-util';

const RUNS = Number(process.env['DETERMINISM_RUNS'] ?? 12);
/** A property's time limit: generous, the machine may be busy (a lab replays in 20-500 ms). */
const TIMEOUT = 60_000 + RUNS * 3_000;

/** What a replay shows: each line's prompt, output and exit code, and where each shell ended. */
const seen = (r: Replay) => ({
  lines: r.results.map((x) => [x.prompt, x.output, x.exitCode, x.promptAfter]),
  shells: [...r.shells],
  skipped: r.skipped,
});

function sameReplay(a: Replay, b: Replay, lab: Pick<Lab, 'hosts' | 'log'>): void {
  const ja = JSON.stringify(a.world);
  const jb = JSON.stringify(b.world);
  if (ja !== jb) throw new Error(`two replays of this lab differ (${firstDiff(ja, jb)}):\n${transcript(lab)}`);
  expect(b.world, transcript(lab)).toEqual(a.world);
  expect(seen(b), transcript(lab)).toEqual(seen(a));
}

/** Where two JSON texts first differ, with a little context. */
function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at character ${i}: …${a.slice(Math.max(0, i - 60), i + 40)}… vs …${b.slice(Math.max(0, i - 60), i + 40)}…`;
}

const labs: [string, fc.Arbitrary<Lab>][] = [
  ['generated labs (seed, prefix)', generatedLab],
  ['fuzz scripts', fuzzScript.map(fuzzLab)],
];

describe('determinism', () => {
  it('the comparison can fail: a lab without its last changing line is another World', () => {
    const lab = labFromScript(generateDockerLab(3));
    const full = replay(lab);
    const last = full.results.map((x) => x.changed).lastIndexOf(true);
    const cut = replay({ ...lab, log: lab.log.slice(0, last) });
    expect(() => sameReplay(full, cut, lab)).toThrow(/two replays of this lab differ/);
  });

  it.each(labs)('replaying %s twice gives the same World, ids and transcript', (_, arb) => {
    fc.assert(
      fc.property(arb, (lab) => {
        sameReplay(replay(lab), replay(lab), lab);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it.each(labs)('%s survive encode -> URL -> decode -> replay unchanged', async (_, arb) => {
    await fc.assert(
      fc.asyncProperty(arb, async (lab) => {
        const payload = await encodeLab(lab);
        const back = await decodeLab(payload);
        if (!back.ok) throw new Error(`the link of this lab does not open (${back.error}):\n${transcript(lab)}`);
        expect(back.lab, transcript(lab)).toEqual(lab);
        sameReplay(replay(lab), replay(back.lab), lab);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});
