import { beforeEach, describe, expect, it, vi } from 'vitest';
import { usePlayground } from './index';
import { MemoryStorage } from './memory-storage.test-util';
import { openAsNew, remove, saveNow, startLabs } from './labs';
import { readLab } from './persist';
import { currentLabId, listLabs, saveLab } from './persist';
import type { Lab } from '../sim/lab/lab';

const initial = usePlayground.getState();
const state = usePlayground.getState;
let replaced: string[];

function page(hash: string) {
  replaced = [];
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('location', { hash, pathname: '/', search: '' });
  vi.stubGlobal('history', { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) });
  listeners.clear();
  vi.stubGlobal('window', events);
  vi.stubGlobal('document', { ...events, visibilityState: 'visible' });
  usePlayground.setState(initial, true);
}

/** The page's event listeners (window and document), to fire `storage` or `pagehide` by hand. */
const listeners = new Map<string, Set<(e: unknown) => void>>();
const events = {
  addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, (listeners.get(type) ?? new Set()).add(fn)),
  removeEventListener: (type: string, fn: (e: unknown) => void) => listeners.get(type)?.delete(fn),
};
const fire = (type: string, e: unknown = {}) => listeners.get(type)?.forEach((fn) => fn(e));
/** The lab as saved in storage (its commands), or null. */
const savedLines = (id: string) => {
  const raw = storage.getItem(`dnp-lab:${id}`);
  return raw ? (JSON.parse(raw) as Lab).log.map((e) => e.c) : null;
};

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
});

const lab = (lines: string[], name?: string): Lab => ({
  v: 1, ...(name ? { name } : {}), hosts: ['docker-node1'], log: lines.map((c) => ({ t: 't1', h: 'docker-node1', c })),
});

describe('the lab to start with', () => {
  it('reopens the lab open last', async () => {
    page('');
    saveLab('lab-a', lab(['ip netns add kept'], 'kept'));
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    expect(state().labReady).toBe(true);
    expect(state().labId).toBe('lab-a');
    expect(state().log.map((e) => e.command)).toEqual(['ip netns add kept']);
  });

  it('a damaged link leaves the last lab open, says so, and leaves the address bar', async () => {
    page('#lab=1.garbage!!');
    saveLab('lab-a', lab(['ip netns add kept'], 'kept'));
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    expect(state().labId).toBe('lab-a');
    expect(state().log.map((e) => e.command)).toEqual(['ip netns add kept']);
    expect(state().notice?.kind).toBe('error');
    expect(state().notice?.text).toMatch(/^This lab link cannot be opened\. .* Your current lab is unchanged\.$/);
    expect(replaced).toEqual(['/']);
  });

  it('a good link opens as a new saved lab; the one open before stays saved', async () => {
    const { labFragment } = await import('../sim/lab/codec');
    page(`#${await labFragment(lab(['ip netns add shared'], 'shared'))}`);
    saveLab('lab-a', lab(['ip netns add kept'], 'kept'));
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    expect(state().labId).not.toBe('lab-a');
    expect(state().labName).toBe('shared');
    expect(listLabs().map((l) => l.name).sort()).toEqual(['kept', 'shared']);
    expect(currentLabId()).toBe(state().labId);
  });
});

describe('lab actions', () => {
  it('a lab that could not be reopened is refused before it replaces anything', async () => {
    page('');
    await startLabs();
    state().runCommand('ip netns add mine');
    expect(openAsNew({ ...lab([]), hosts: ['docker-node2'] })).toBe(false);
    expect(openAsNew(lab(['x'.repeat(5000)]))).toBe(false);
    expect(state().log.map((e) => e.command)).toEqual(['ip netns add mine']);
    expect(state().notice?.text).toMatch(/cannot be opened/);
  });

  it('deleting the open lab starts a new one that a reload does not complain about', async () => {
    page('');
    await startLabs();
    state().runCommand('ip netns add doomed');
    saveNow();
    const id = state().labId;
    expect(currentLabId()).toBe(id);
    remove(id);
    expect(state().log).toEqual([]);
    expect(currentLabId()).toBeNull();
    state().notice?.action?.run();
    expect(listLabs().map((l) => l.id)).toContain(id);
    page('');
    await startLabs();
    expect(state().notice).toBeNull();
  });
});

describe('two browser tabs on one lab', () => {
  it('a tab never overwrites what another tab saved: it keeps its own version as a copy', async () => {
    page('');
    saveLab('lab-a', lab(['ip netns add base'], 'shared'), 1000);
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    // The other tab saves its own line to the same lab.
    saveLab('lab-a', lab(['ip netns add base', 'ip netns add theirs'], 'shared'), 2000);
    state().runCommand('ip netns add mine');
    expect(saveNow()).toBe(true);
    expect(state().labId).not.toBe('lab-a');
    expect(state().labName).toBe('shared (this tab)');
    const theirs = JSON.parse(storage.getItem('dnp-lab:lab-a')!) as Lab;
    expect(theirs.log.map((e) => e.c)).toEqual(['ip netns add base', 'ip netns add theirs']);
    const mine = JSON.parse(storage.getItem(`dnp-lab:${state().labId}`)!) as Lab;
    expect(mine.log.map((e) => e.c)).toEqual(['ip netns add base', 'ip netns add mine']);
    // From then on this tab saves its copy as usual.
    state().runCommand('ip netns add more');
    expect(saveNow()).toBe(true);
    expect(listLabs()).toHaveLength(2);
  });
});

describe('autosave: the saved lab keeps up with every completed line', () => {
  it('a line is on disk before the task that ran it ends (no timer to wait for)', async () => {
    vi.useFakeTimers();
    try {
      page('');
      await startLabs();
      const id = state().labId;
      state().runCommand('ip netns add one');
      await Promise.resolve();
      expect(savedLines(id)).toEqual(['ip netns add one']);
      state().runCommand('ip link add v0 type veth peer name v1');
      await Promise.resolve();
      expect(savedLines(id)).toEqual(['ip netns add one', 'ip link add v0 type veth peer name v1']);
      // Undo is a change of the log too.
      state().undo();
      await Promise.resolve();
      expect(savedLines(id)).toEqual(['ip netns add one']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the lines of one paste (one task) are written once, all of them', async () => {
    page('');
    await startLabs();
    const id = state().labId;
    const writes: string[] = [];
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (k, v) => {
      if (k === `dnp-lab:${id}`) writes.push(v);
      setItem(k, v);
    };
    for (let i = 0; i < 50; i++) state().runCommand(`ip netns add n${i}`);
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    expect(savedLines(id)).toHaveLength(50);
  });

  it('a layout drag waits for a pause, and pagehide writes it at once', async () => {
    vi.useFakeTimers();
    try {
      page('');
      await startLabs();
      state().runCommand('ip netns add one');
      await Promise.resolve();
      const id = state().labId;
      state().setLayout({ n1: [10, 20] });
      await Promise.resolve();
      expect(readLab(id).ok && readLab(id)).toMatchObject({ lab: { log: [{ c: 'ip netns add one' }] } });
      expect((JSON.parse(storage.getItem(`dnp-lab:${id}`)!) as Lab).layout).toBeUndefined();
      fire('pagehide');
      expect((JSON.parse(storage.getItem(`dnp-lab:${id}`)!) as Lab).layout).toEqual({ n1: [10, 20] });
      state().setLayout({ n1: [30, 40] });
      vi.advanceTimersByTime(299);
      expect((JSON.parse(storage.getItem(`dnp-lab:${id}`)!) as Lab).layout).toEqual({ n1: [10, 20] });
      vi.advanceTimersByTime(1);
      expect((JSON.parse(storage.getItem(`dnp-lab:${id}`)!) as Lab).layout).toEqual({ n1: [30, 40] });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('another tab changes the open lab', () => {
  it('this tab is told at once and can open their version; its own lines are not lost', async () => {
    page('');
    saveLab('lab-a', lab(['ip netns add base'], 'shared'), 1000);
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    const theirs = lab(['ip netns add base', 'ip netns add theirs'], 'shared');
    const oldValue = storage.getItem('dnp-lab:lab-a');
    saveLab('lab-a', theirs, 2000);
    fire('storage', { key: 'dnp-lab:lab-a', oldValue, newValue: storage.getItem('dnp-lab:lab-a') });
    expect(state().notice?.text).toBe('This lab was changed in another tab. Your next change here is kept as a copy.');
    expect(state().notice?.action?.label).toBe('Open their version');
    const written = storage.getItem('dnp-lab:lab-a');
    state().notice?.action?.run();
    await Promise.resolve();
    // Adopting their version is no change of this tab's: nothing is written, so their tab's stamp stays good.
    expect(storage.getItem('dnp-lab:lab-a')).toBe(written);
    expect(listLabs()[0]!.updated).toBe(2000);
    expect(state().labId).toBe('lab-a');
    expect(state().log.map((e) => e.command)).toEqual(['ip netns add base', 'ip netns add theirs']);
    expect(listLabs()).toHaveLength(1);
    // Their version is now this tab's: the next line goes on it, in place.
    state().runCommand('ip netns add mine');
    await Promise.resolve();
    expect(savedLines('lab-a')).toEqual(['ip netns add base', 'ip netns add theirs', 'ip netns add mine']);
  });

  it('ignoring the notice, the next line here forks a copy: both versions stay', async () => {
    page('');
    saveLab('lab-a', lab(['ip netns add base'], 'shared'), 1000);
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    saveLab('lab-a', lab(['ip netns add base', 'ip netns add theirs'], 'shared'), 2000);
    fire('storage', { key: 'dnp-lab:lab-a', oldValue: 'x', newValue: storage.getItem('dnp-lab:lab-a') });
    state().runCommand('ip netns add mine');
    await Promise.resolve();
    expect(state().labId).not.toBe('lab-a');
    expect(savedLines('lab-a')).toEqual(['ip netns add base', 'ip netns add theirs']);
    expect(savedLines(state().labId)).toEqual(['ip netns add base', 'ip netns add mine']);
    expect(state().notice?.text).toMatch(/^Another tab saved this lab meanwhile\. This tab's version is kept as "shared \(this tab\)"/);
  });

  it('another lab changed, or this one deleted elsewhere', async () => {
    page('');
    saveLab('lab-a', lab(['ip netns add base'], 'shared'), 1000);
    storage.setItem('dnp-current', 'lab-a');
    await startLabs();
    fire('storage', { key: 'dnp-lab:lab-b', oldValue: null, newValue: '{}' });
    expect(state().notice).toBeNull();
    fire('storage', { key: 'dnp-lab:lab-a', oldValue: '{}', newValue: null });
    expect(state().notice?.text).toBe('This lab was deleted in another tab. It is saved again here if you change it.');
  });
});
