import { describe, expect, it } from 'vitest';
import { drawLine, eraseLine, toLineEnd, updateLine, type Shown } from './screen';

/**
 * A minimal VT model, enough for what screen.ts writes: printable text with autowrap and xterm's
 * pending-wrap at the right margin, CR, LF, CUU/CUD (A/B), CHA (G) and ED 0 (J).
 */
class Vt {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pending = false;
  constructor(readonly cols: number) {}

  write(data: string): this {
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const m = /^\[(\d*)([ABGJ])/.exec(data.slice(i + 1))!;
        const n = Number(m[1] || '1');
        if (m[2] === 'A') this.row = Math.max(0, this.row - n);
        if (m[2] === 'B') this.row += n;
        if (m[2] === 'G') this.col = n - 1;
        if (m[2] === 'J') {
          this.line().length = this.col;
          this.rows.length = this.row + 1;
        }
        this.pending = false;
        i += m[0].length;
      } else if (ch === '\r') {
        this.col = 0;
        this.pending = false;
      } else if (ch === '\n') {
        this.row++;
        this.pending = false;
      } else {
        if (this.pending) {
          this.row++;
          this.col = 0;
          this.pending = false;
        }
        this.line()[this.col] = ch;
        if (this.col === this.cols - 1) this.pending = true;
        else this.col++;
      }
    }
    return this;
  }

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row]!;
  }

  get text(): string[] {
    return this.rows.map((r) => Array.from(r, (c) => c ?? ' ').join('').trimEnd());
  }
}

const PROMPT = '$ ';

/** Draws `shown` on a fresh terminal, as the view would have it. */
function screenWith(shown: Shown, cols: number): Vt {
  return new Vt(cols).write(drawLine(PROMPT, shown, cols));
}

describe('screen', () => {
  it('draws a line that wraps, and leaves the cursor where the editor has it', () => {
    const vt = screenWith({ text: 'abcdefghij', cursor: 3 }, 5);
    expect(vt.text).toEqual(['$ abc', 'defgh', 'ij']);
    expect([vt.row, vt.col]).toEqual([1, 0]);
  });

  it('does not leave the cursor pending at the margin when the line fills a row', () => {
    const vt = screenWith({ text: 'abc', cursor: 3 }, 5);
    expect([vt.row, vt.col]).toEqual([1, 0]);
    vt.write(updateLine(PROMPT, { text: 'abc', cursor: 3 }, { text: 'abcd', cursor: 4 }, 5));
    expect(vt.text).toEqual(['$ abc', 'd']);
  });

  it('appends typed text without redrawing', () => {
    expect(updateLine(PROMPT, { text: 'ip', cursor: 2 }, { text: 'ip a', cursor: 4 }, 80)).toBe(' a');
  });

  it('redraws an edit in the middle of a wrapped line', () => {
    const cols = 6;
    const before = { text: 'abcdefghijk', cursor: 11 };
    const after = { text: 'abXcdefghijk', cursor: 3 };
    const vt = screenWith(before, cols).write(updateLine(PROMPT, before, after, cols));
    expect(vt.text).toEqual(['$ abXc', 'defghi', 'jk']);
    expect([vt.row, vt.col]).toEqual([0, 5]);
  });

  it('erases a shorter line completely, rows below included', () => {
    const cols = 6;
    const before = { text: 'abcdefghijk', cursor: 4 };
    const vt = screenWith(before, cols).write(updateLine(PROMPT, before, { text: 'ab', cursor: 2 }, cols));
    expect(vt.text).toEqual(['$ ab']);
  });

  it('moves to the end of the line before Enter', () => {
    const cols = 6;
    const shown = { text: 'abcdefghijk', cursor: 1 };
    const vt = screenWith(shown, cols).write(toLineEnd(PROMPT, shown, cols));
    expect([vt.row, vt.col]).toEqual([2, 1]);
  });

  it('erases back to the prompt from anywhere in the line', () => {
    const cols = 6;
    const shown = { text: 'abcdefghijk', cursor: 9 };
    const vt = screenWith(shown, cols).write(eraseLine(PROMPT, shown, cols));
    expect(vt.text).toEqual(['']);
    expect([vt.row, vt.col]).toEqual([0, 0]);
  });
});
