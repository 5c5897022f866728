import { beforeEach, describe, expect, it } from 'vitest';
import type { Lab } from '../sim/lab/lab';
import {
  currentLabId, deleteLab, displayName, duplicateLab, listLabs, newLabId, readLab, renameLab, restoreLab, saveLab,
  setCurrentLabId,
} from './persist';
import { MemoryStorage } from './memory-storage.test-util';


let store: MemoryStorage;
beforeEach(() => {
  store = new MemoryStorage();
  (globalThis as { localStorage?: Storage }).localStorage = store;
});

const lab = (name?: string, lines = 1): Lab => ({
  v: 1,
  ...(name ? { name } : {}),
  hosts: ['docker-node1'],
  log: Array.from({ length: lines }, (_, i) => ({ t: 't1', h: 'docker-node1', c: `ip netns add n${i}` })),
});

describe('saved labs', () => {
  it('saves, lists the most recent first, reads back validated', () => {
    expect(saveLab('a', lab('first'), 1000)).toBe(true);
    expect(saveLab('b', lab(undefined, 3), 2000)).toBe(true);
    expect(listLabs()).toEqual([
      { id: 'b', name: 'Untitled lab (3 lines)', updated: 2000, lines: 3 },
      { id: 'a', name: 'first', updated: 1000, lines: 1 },
    ]);
    expect(readLab('a')).toEqual({ ok: true, lab: lab('first') });
    saveLab('a', lab('first', 2), 3000);
    expect(listLabs().map((l) => l.id)).toEqual(['a', 'b']);
  });

  it('a stored lab is untrusted: garbage, a future version or a hostile index are refused, not thrown', () => {
    store.setItem('dnp-lab:x', '{not json');
    expect(readLab('x').ok).toBe(false);
    store.setItem('dnp-lab:y', JSON.stringify({ ...lab(), v: 9 }));
    const r = readLab('y');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/newer version/);
    store.setItem('dnp-labs', JSON.stringify([{ id: '../../etc', name: 1 }, 'x', null, { id: 'ok', name: 'n', updated: 1, lines: 0 }]));
    expect(listLabs().map((l) => l.id)).toEqual(['ok']);
    store.setItem('dnp-labs', '"just a string"');
    expect(listLabs()).toEqual([]);
    expect(readLab('missing')).toEqual({ ok: false, error: expect.stringMatching(/gone/) });
  });

  it('rename, duplicate, delete and restore: nothing is lost without a way back', () => {
    saveLab('a', lab('one', 2));
    expect(renameLab('a', '  renamed  ')).toBe(true);
    expect(listLabs()[0]!.name).toBe('renamed');
    const copy = duplicateLab('a');
    expect(copy).not.toBeNull();
    expect(listLabs().find((l) => l.id === copy)!.name).toBe('renamed (copy)');
    expect(deleteLab('a')).toBe(true);
    expect(listLabs().map((l) => l.id)).toEqual([copy]);
    expect(readLab('a').ok).toBe(false);
    expect(restoreLab()).toBe('a');
    expect(readLab('a')).toEqual({ ok: true, lab: { ...lab('one', 2), name: 'renamed' } });
    expect(restoreLab()).toBeNull();
  });

  it('restoring a deleted lab that another tab saved again meanwhile keeps both', () => {
    saveLab('a', lab('old', 1));
    deleteLab('a');
    saveLab('a', lab('theirs', 3));
    const back = restoreLab();
    expect(back).not.toBe('a');
    expect(readLab('a')).toEqual({ ok: true, lab: lab('theirs', 3) });
    expect(readLab(back!)).toEqual({ ok: true, lab: lab('old', 1) });
  });

  it('a full storage makes writes return false, never throw', () => {
    store.refuse = true;
    expect(saveLab('a', lab())).toBe(false);
    setCurrentLabId('a');
    expect(currentLabId()).toBeNull();
    store.refuse = false;
    setCurrentLabId('a');
    expect(currentLabId()).toBe('a');
  });

  it('ids are fresh and names fall back sensibly', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newLabId(123)));
    expect(ids.size).toBe(50);
    expect(displayName({ log: [] })).toBe('Empty lab');
    expect(displayName({ name: 'x', log: [] })).toBe('x');
  });
});
