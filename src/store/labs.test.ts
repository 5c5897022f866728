import { beforeEach, describe, expect, it, vi } from 'vitest';
import { usePlayground } from './index';
import { MemoryStorage } from './memory-storage.test-util';
import { openAsNew, remove, saveNow, startLabs } from './labs';
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
  vi.stubGlobal('window', { addEventListener: () => {}, removeEventListener: () => {} });
  usePlayground.setState(initial, true);
}

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
