import { describe, expect, it } from 'vitest';
import { describeLines, lastGroup, shorten } from './history-label';

describe('undo labels', () => {
  it('cuts long lines with an ellipsis and folds whitespace', () => {
    expect(shorten('docker  run -d\t--name c1 busybox', 100)).toBe('docker run -d --name c1 busybox');
    const cut = shorten('docker run -d --name web --network front -p 8080:80 nginx', 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith('…')).toBe(true);
  });
  it('names a gesture by its first line and counts the others', () => {
    expect(describeLines([{ command: 'docker rm -f web' }, { command: 'docker run -d -p 80:80 nginx' }])).toBe('docker rm -f web (+1 more)');
    expect(describeLines([])).toBe('');
  });
  it('takes the last gesture whole, or the last typed line alone', () => {
    const log = [{ c: 'a' }, { c: 'b', group: 1 }, { c: 'c', group: 2 }, { c: 'd', group: 2 }];
    expect(lastGroup(log).map((e) => e.c)).toEqual(['c', 'd']);
    expect(lastGroup([...log, { c: 'e' }]).map((e) => e.c)).toEqual(['e']);
    expect(lastGroup([])).toEqual([]);
  });
});
