/**
 * Undo as a property (issue 7): the store runs a lab's lines in its terminals, one shell per lab
 * shell, the last few as one gesture or typed; undo then gives exactly the World (and the shell
 * sessions) that replaying the log without those lines gives, and redo gives back the World undo
 * took away. Labs come from the conformance generators and the shell fuzz grammar; a failure prints
 * the shrunk lab as a transcript. UNDO_RUNS=200 for a longer run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzScript } from '../../sim/fuzz/grammar.test-util';
import { replay, type Lab } from '../../sim/lab/lab';
import { fuzzLab, generatedLab, transcript } from '../../sim/lab/labs.test-util';
import { usePlayground } from '../index';
import { loadShell } from '../shell';

const RUNS = Number(process.env['UNDO_RUNS'] ?? 10);
/** A property's time limit: generous, the machine may be busy. */
const TIMEOUT = 60_000 + RUNS * 4_000;
const initial = usePlayground.getState();
const state = usePlayground.getState;
const json = (x: unknown) => JSON.stringify(x);

beforeAll(async () => {
  await loadShell();
});

/**
 * Runs `lab` in a fresh store: its machines, then each line in the tab of its lab shell (a new tab
 * per shell), the last `gesture` lines as one gesture. Lines on a machine the store does not have
 * are skipped, as replay skips them.
 */
function runInStore(lab: Lab, gesture: number): void {
  usePlayground.setState(initial, true);
  usePlayground.setState({ shellReady: true, labReady: true });
  expect(state().openLab({ v: 1, hosts: lab.hosts, log: [] })).toBe(true);
  const tabs = new Map<string, string>();
  const group = state().newGroup();
  lab.log.forEach((e, i) => {
    let tab = tabs.get(e.t);
    if (tab === undefined) {
      const host = state().world.hostOrder.find((id) => state().world.hosts[id]!.hostname === e.h);
      if (host === undefined) return;
      tab = state().openTerminal(host);
      tabs.set(e.t, tab);
    }
    const inGesture = i >= lab.log.length - gesture;
    state().runCommand(e.c, { terminal: tab, ...(e.i !== undefined ? { stdin: e.i } : {}), ...(inGesture ? { origin: 'gesture', group } : {}) });
  });
}

/** The store's undo against replay of the log without the undone lines, then redo against the World before. */
function checkUndo(lab: Lab, gesture: number): void {
  runInStore(lab, gesture);
  const made = state().currentLab();
  if (made.log.length === 0) return;
  const before = json(state().world);
  // Undo takes back the last line, or every line of the last gesture.
  const last = state().log[state().log.length - 1]!;
  let cut = state().log.length - 1;
  while (last.group !== undefined && cut > 0 && state().log[cut - 1]!.group === last.group) cut--;
  const said = `undo of ${state().log.length - cut} line(s) of:\n${transcript(made)}`;
  expect(state().undo(), said).toBe(true);
  const rest = replay({ hosts: made.hosts, log: made.log.slice(0, cut) });
  if (json(state().world) !== json(rest.world)) throw new Error(`undo is not the replay of the rest: ${said}`);
  expect(state().world, said).toEqual(rest.world);
  for (const [id, shell] of rest.shells) {
    expect(state().terminals.find((t) => t.id === id)?.session ?? null, `${said}\n(tab ${id})`).toEqual(shell.session);
  }
  expect(state().log.map((e) => e.command), said).toEqual(made.log.slice(0, cut).map((e) => e.c));
  expect(state().redo(), said).toBe(true);
  if (json(state().world) !== before) throw new Error(`redo after undo is not the World before: ${said}`);
}

describe('undo', () => {
  it('the check can fail: the World before the last changing line is not the World after it', () => {
    runInStore({ v: 1, hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'ip netns add a' }] }, 0);
    const after = json(state().world);
    state().undo();
    expect(json(state().world)).not.toBe(after);
    expect(json(state().world)).toBe(json(replay({ hosts: ['docker-node1'], log: [] }).world));
  });

  it.each([
    ['generated labs (seed, prefix)', generatedLab],
    ['fuzz scripts', fuzzScript.map(fuzzLab)],
  ] as const)('undo of the last line or gesture of %s equals the replay of the rest; redo restores it', (_, arb) => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 3 }), (lab, gesture) => checkUndo(lab, gesture)),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});
