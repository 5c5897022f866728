import { describe, expect, it } from 'vitest';
import { relativeTime, shareMessage, slug } from './text';

describe('relativeTime', () => {
  const now = Date.UTC(2026, 0, 31, 12, 0, 0);
  it.each([
    [0, 'just now'],
    [30_000, 'just now'],
    [60_000, 'a minute ago'],
    [5 * 60_000, '5 minutes ago'],
    [60 * 60_000, 'an hour ago'],
    [3 * 3600_000, '3 hours ago'],
    [24 * 3600_000, 'yesterday'],
    [4 * 24 * 3600_000, '4 days ago'],
  ])('%i ms ago is %s', (ago, text) => {
    expect(relativeTime(now - ago, now)).toBe(text);
  });
  it('gives the date past a month', () => {
    expect(relativeTime(Date.UTC(2025, 10, 2, 9), now)).toBe('2025-11-02');
  });
});

describe('slug and share text', () => {
  it('makes a file name of any lab name', () => {
    expect(slug('My Lab: two VMs!')).toBe('my-lab-two-vms');
    expect(slug('<img src=x onerror=alert(1)>')).toBe('img-src-x-onerror-alert-1');
    expect(slug('网络')).toBe('lab');
  });
  it('says why a long link is a problem', () => {
    expect(shareMessage('ok', 812, 8000)).toBe('812 characters: fits anywhere.');
    expect(shareMessage('long', 2345, 8000)).toContain('some chat apps cut links this long');
    expect(shareMessage('too-long', 9001, 8000)).toMatch(/^9,001 characters: too long .*past 8,000.*Download the lab file/);
  });
});
