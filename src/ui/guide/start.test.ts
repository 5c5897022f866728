import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GUIDED_LABS } from '../../sim/lab/guided';
import { usePlayground } from '../../store';
import { loadShell } from '../../store/shell';
import { checkLog, findGuide, guideFromHash, guideIdFromHash, hintsOf, progressOf, runHint, startGuide } from './start';
import { MemoryStorage } from '../../store/memory-storage.test-util';


const initial = usePlayground.getState();
const state = usePlayground.getState;
const progressNow = (id: string) => progressOf(findGuide(id)!, state().world, state().log);

beforeAll(async () => {
  await loadShell();
});

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  usePlayground.setState(initial, true);
  usePlayground.setState({ shellReady: true, labReady: true, labId: 'before' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startGuide', () => {
  it('an unknown id only says so: same lab, same log, no guide', () => {
    state().runCommand('ip netns add mine');
    const before = { labId: state().labId, log: state().log, world: state().world };
    expect(startGuide('no-such-lab')).toBe(false);
    expect(state().notice).toMatchObject({ kind: 'error' });
    expect(state().notice?.text).toMatch(/^No guided lab called "no-such-lab"/);
    expect(state().guideId).toBeNull();
    expect({ labId: state().labId, log: state().log, world: state().world }).toEqual(before);
  });

  it('opens the starting lab as a new lab, follows it, closes the gallery; nothing is done yet', () => {
    state().runCommand('ip netns add mine');
    state().setGalleryOpen(true);
    expect(startGuide('docker0')).toBe(true);
    expect(state().guideId).toBe('docker0');
    expect(state().galleryOpen).toBe(false);
    expect(state().labId).not.toBe('before');
    expect(state().log.map((e) => e.command)).toEqual((findGuide('docker0')!.setup ?? []).map((l) => l.replace(/^\[[^\]]*\][#$]\s*/, '')));
    expect(Object.values(state().world.netns).some((n) => n.name === 'mine')).toBe(false);
    expect(state().notice?.text).toMatch(/Started the guided lab .*Your previous lab is in Labs/);
    const p = progressNow('docker0');
    expect(p.steps.every((d) => !d)).toBe(true);
    expect(p.challenge).toBe(false);
  });
});

describe('following a guided lab with its hints', () => {
  it.each(GUIDED_LABS.map((l) => [l.id]))('%s: each step turns done after its hint lines run as gestures, the challenge with its answer', (id) => {
    expect(startGuide(id)).toBe(true);
    const lab = findGuide(id)!;
    const hints = hintsOf(lab);
    lab.steps.forEach((step, i) => {
      expect(progressNow(id).steps[i], `${step.id} before its hint`).toBe(false);
      const logged = state().log.length;
      for (const line of hints[i]!) runHint(line);
      const ran = state().log.slice(logged);
      expect(ran.map((e) => e.origin)).toEqual(hints[i]!.map(() => 'gesture'));
      expect(ran.map((e) => state().world.hosts[e.host]!.hostname)).toEqual(hints[i]!.map((l) => l.host));
      expect(progressNow(id).steps.slice(0, i + 1), `${step.id} after its hint`).toEqual(lab.steps.slice(0, i + 1).map(() => true));
    });
    expect(progressNow(id).challenge).toBe(false);
    const [answer] = hintsOf({ ...lab, steps: [{ ...lab.steps[0]!, solution: lab.challenge.solution }] });
    for (const line of answer!) runHint(line);
    expect(progressNow(id)).toEqual({ steps: lab.steps.map(() => true), challenge: true });
  });

  it('a line for a machine the lab does not have is refused with a notice', () => {
    startGuide('veth-pair');
    const log = state().log;
    expect(runHint({ command: 'docker ps', host: 'docker-node7' })).toBe(false);
    expect(state().notice?.text).toBe('This line runs on docker-node7, which is not in this lab.');
    expect(state().log).toBe(log);
  });

  it("a failing line is logged and its error shows as a notice with the tool's text", () => {
    startGuide('veth-pair');
    expect(runHint({ command: 'ip link set nosuch up', host: 'docker-node1' })).toBe(false);
    expect(state().log.at(-1)?.command).toBe('ip link set nosuch up');
    expect(state().notice).toMatchObject({ kind: 'error' });
    expect(state().notice?.text).toContain('nosuch');
  });
});

describe('checkLog', () => {
  it('gives checks the lab entries: hostname, shell, gesture flag, output and exit code', () => {
    state().runCommand('ip netns add a');
    state().runCommand('ip link set nosuch up', { origin: 'gesture' });
    const log = checkLog(state().log, state().world);
    expect(log.map((l) => l.entry)).toEqual([
      { t: 't1', h: 'docker-node1', c: 'ip netns add a' },
      { t: 't1', h: 'docker-node1', c: 'ip link set nosuch up', g: 1 },
    ]);
    expect(log.map((l) => l.exitCode)).toEqual([0, state().log[1]!.exitCode]);
    expect(log[1]!.exitCode).not.toBe(0);
    expect(log[1]!.output).toBe(state().log[1]!.output);
    // Mapped once: the same objects come back for the same entries.
    expect(checkLog(state().log, state().world)[0]).toBe(log[0]);
  });
});

describe('guide links', () => {
  it.each([
    ['#guide=docker0', 'docker0'],
    ['#guide=two%2Dvms', 'two-vms'],
    ['#guide=%E0%A4%A', '%E0%A4%A'],
    ['#guide=', ''],
    ['#lab=1.abc', null],
    ['', null],
    ['#guides=docker0', null],
  ])('%j names %j', (hash, id) => {
    expect(guideIdFromHash(hash)).toBe(id);
  });

  it('#guide=docker0 starts that lab and leaves the address bar', async () => {
    const replaceState = vi.fn();
    vi.stubGlobal('history', { replaceState });
    vi.stubGlobal('location', { pathname: '/play/', search: '?x=1', hash: '#guide=docker0' });
    expect(await guideFromHash('#guide=docker0')).toBe(true);
    expect(state().guideId).toBe('docker0');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/play/?x=1');
  });

  it('an unknown one says so and changes nothing, the link included', async () => {
    const replaceState = vi.fn();
    vi.stubGlobal('history', { replaceState });
    vi.stubGlobal('location', { pathname: '/', search: '', hash: '#guide=nope' });
    const log = state().log;
    expect(await guideFromHash('#guide=nope')).toBe(true);
    expect(state().notice?.text).toMatch(/^No guided lab called "nope"/);
    expect(state().guideId).toBeNull();
    expect(state().labId).toBe('before');
    expect(state().log).toBe(log);
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('waits for the lab to start with before opening the guide over it', async () => {
    vi.stubGlobal('history', { replaceState: vi.fn() });
    vi.stubGlobal('location', { pathname: '/', search: '', hash: '' });
    usePlayground.setState({ labReady: false });
    const done = guideFromHash('#guide=link');
    await new Promise((r) => setTimeout(r, 20));
    expect(state().guideId).toBeNull();
    usePlayground.setState({ labReady: true });
    await done;
    expect(state().guideId).toBe('link');
  });

  it('quotes a hostile id short and printable', () => {
    startGuide(`${'x'.repeat(100)}\u0000<b>`);
    expect(state().notice?.text).toMatch(/^No guided lab called "x{60}…"/);
  });
});
