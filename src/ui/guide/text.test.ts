import { describe, expect, it } from 'vitest';
import { plainText, splitCode, stringsFor } from './text';

describe('splitCode', () => {
  it.each([
    ['plain text', [{ code: false, text: 'plain text' }]],
    ['run `ip netns add test1` now', [
      { code: false, text: 'run ' },
      { code: true, text: 'ip netns add test1' },
      { code: false, text: ' now' },
    ]],
    ['`a``b`', [{ code: true, text: 'a' }, { code: true, text: 'b' }]],
    ['`eth0@ifN`: N is the peer', [{ code: true, text: 'eth0@ifN' }, { code: false, text: ': N is the peer' }]],
    // An unpaired backtick stays a character instead of swallowing the rest.
    ['a ` b', [{ code: false, text: 'a ` b' }]],
    ['`x` and ` y', [{ code: true, text: 'x' }, { code: false, text: ' and ` y' }]],
    // An empty pair is dropped, the text around it joined.
    ['a `` b', [{ code: false, text: 'a  b' }]],
    ['', []],
  ])('%j', (text, spans) => {
    expect(splitCode(text)).toEqual(spans);
  });

  it('loses no character but the paired backticks', () => {
    const text = 'use `docker network create --subnet 172.20.16.0/16 net1` then `ping` ` (one left)';
    expect(splitCode(text).map((s) => s.text).join('')).toBe('use docker network create --subnet 172.20.16.0/16 net1 then ping ` (one left)');
  });
});

describe('stringsFor', () => {
  it('counts steps in both languages', () => {
    expect(stringsFor('en').progress(3, 5)).toBe('3 of 5 steps done');
    expect(stringsFor('en').steps(1)).toBe('1 step and a challenge');
    expect(stringsFor('zh').progress(3, 5)).toBe('已完成 3/5 步');
  });

  it('has every string in Chinese too', () => {
    const en = stringsFor('en');
    const zh = stringsFor('zh');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      const a = en[k];
      const b = zh[k];
      if (typeof a === 'string') expect(b, k).not.toBe(a);
    }
  });
});

describe('plainText', () => {
  it('drops the backticks of code spans only', () => {
    expect(plainText('`--link`: a name, one way')).toBe('--link: a name, one way');
    expect(plainText('a ` b')).toBe('a ` b');
  });
});
