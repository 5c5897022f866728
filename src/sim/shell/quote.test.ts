import { describe, expect, it } from 'vitest';
import { shellQuote } from './quote';
import { tokenize } from './tokenize';

describe('shellQuote', () => {
  it('leaves plain words bare and quotes the rest so the tokenizer reads back one word', () => {
    expect(shellQuote('172.20.0.0/16')).toBe('172.20.0.0/16');
    expect(shellQuote('')).toBe("''");
    for (const w of ['a b', "it's", '$(reboot)', '`x`', 'a;b', '<img src=x>', 'tab\there', '*', '~root', '"q"']) {
      const q = shellQuote(w);
      expect(q).not.toBe(w);
      expect(tokenize(`echo ${q}`)).toEqual([{ kind: 'word', value: 'echo' }, { kind: 'word', value: w }]);
    }
  });
});
