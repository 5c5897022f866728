/**
 * POSIX regular expressions for `grep` (basic and extended, GNU flavour), matched in linear time by
 * re2js, a port of Google's RE2. JavaScript's RegExp backtracks, and `grep -E '(a*)*b'` on a line of
 * 40 a's took minutes in it (found by the shell fuzz, issue 7). This file is only the POSIX layer:
 * it checks a pattern the way GNU grep does (same messages, exit 2) and translates it into RE2
 * syntax. RE2 has no back-references, so `\1` is refused.
 */
import { RE2JS, RE2JSException } from 're2js';
import { SimError } from '../net/errors';

/** GNU grep's RE_DUP_MAX is 32767; RE2 refuses repeat counts above 1000, and so do we. */
const RE2_DUP_MAX = 1000;

const fail = (msg: string) => new SimError(`grep: ${msg}`, 2);

/** POSIX classes, as RE2 spells them inside brackets; the letter classes are Unicode, as in a UTF-8 locale. */
const CLASSES: Record<string, string> = {
  alpha: '\\p{L}', alnum: '\\p{L}\\p{N}', upper: '\\p{Lu}', lower: '\\p{Ll}', digit: '0-9', space: '[:space:]',
  blank: '[:blank:]', punct: '[:punct:]', xdigit: '[:xdigit:]', print: '[:print:]', graph: '[:graph:]', cntrl: '[:cntrl:]',
};
const WORD = '\\p{L}\\p{N}_';

/** A character taken literally, escaped for RE2 (inside or outside brackets). */
const lit = (c: string) => (/[\\.+*?()|[\]{}^$-]/.test(c) ? `\\${c}` : c);

class Translator {
  private i = 0;
  private groups = 0;
  private readonly s: string[];
  constructor(src: string, private readonly ere: boolean) {
    // Code points, so that a bracket range over astral characters compares whole characters.
    this.s = [...src];
  }

  /** The next character is the operator `ch`: ERE spells it bare, BRE with a backslash. */
  private op(ch: string, at = this.i): boolean {
    if (this.ere) return this.s[at] === ch;
    return this.s[at] === '\\' && this.s[at + 1] === ch;
  }
  private skipOp(): void {
    this.i += this.ere ? 1 : 2;
  }

  translate(): string {
    const re = this.alt(0);
    if (this.i < this.s.length) throw fail('Unmatched ) or \\)');
    return re;
  }

  private alt(depth: number): string {
    const xs = [this.cat(depth)];
    while (this.op('|')) {
      this.skipOp();
      xs.push(this.cat(depth));
    }
    return xs.join('|');
  }

  private cat(depth: number): string {
    let out = '';
    // At the start of a branch, or after an anchor, a repetition operator has nothing to repeat.
    let start = true;
    while (this.i < this.s.length && !this.op('|') && !(this.op(')') && depth > 0)) {
      if (this.op(')')) {
        if (!this.ere) throw fail('Unmatched ) or \\)');
        // An unmatched `)` in an ERE is an ordinary character (GNU).
        this.i++;
        out += this.quantified('\\)');
        start = false;
        continue;
      }
      if (start && this.repetitionOp()) {
        // GNU: ERE ignores it (RE_CONTEXT_INDEP_OPS), BRE takes it literally.
        if (this.ere) this.i++;
        else {
          const c = this.s[this.i] === '\\' ? this.s[this.i + 1]! : this.s[this.i]!;
          this.i += this.s[this.i] === '\\' ? 2 : 1;
          out += this.quantified(lit(c));
          start = false;
        }
        continue;
      }
      const a = this.atom(depth, out === '' && start);
      if (a.anchor) {
        out += a.re;
        start = true;
      } else {
        out += this.quantified(a.re);
        start = false;
      }
    }
    return out;
  }

  private repetitionOp(): boolean {
    return this.s[this.i] === '*' || this.op('+') || this.op('?') || this.op('{');
  }

  /** Applies `*`, `+`, `?` and `{m,n}`; each wraps its operand, since RE2 reads `a*?` as lazy and refuses `a**`. */
  private quantified(x: string): string {
    for (;;) {
      const s = this.s;
      if (s[this.i] === '*') {
        this.i++;
        x = `(?:${x})*`;
      } else if (this.op('+') || this.op('?')) {
        const ch = this.op('+') ? '+' : '?';
        this.skipOp();
        x = `(?:${x})${ch}`;
      } else if (this.op('{')) {
        const start = this.i;
        this.skipOp();
        const m = /^(\d*)(,(\d*))?/.exec(s.slice(this.i).join(''))!;
        this.i += m[0].length;
        if (!this.op('}') || m[0] === '') {
          if (this.ere) {
            // `a{x` is literal in GNU ERE (RE_INVALID_INTERVAL_ORD).
            this.i = start + 1;
            return `${x}\\{`;
          }
          throw fail(this.op('}') ? 'Invalid content of \\{\\}' : 'Unmatched \\{');
        }
        this.skipOp();
        const min = m[1] === '' ? 0 : Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (min > RE2_DUP_MAX || (max !== Infinity && max > RE2_DUP_MAX)) throw fail('Regular expression too big');
        if (max < min) throw fail('Invalid content of \\{\\}');
        x = `(?:${x}){${min},${max === Infinity ? '' : max}}`;
      } else return x;
    }
  }

  private atom(depth: number, first: boolean): { re: string; anchor?: true } {
    const s = this.s;
    if (this.op('(')) {
      this.skipOp();
      const inner = this.alt(depth + 1);
      if (!this.op(')')) throw fail('Unmatched ( or \\(');
      this.skipOp();
      this.groups++;
      return { re: `(?:${inner})` };
    }
    const c = s[this.i++]!;
    if (c === '^' && (this.ere || first)) return { re: '^', anchor: true };
    if (c === '$' && (this.ere || this.i === s.length || this.op('|') || this.op(')'))) return { re: '$', anchor: true };
    if (c === '.') return { re: '.' };
    if (c === '[') return { re: this.bracket() };
    if (c === '\\') {
      const e = s[this.i++];
      if (e === undefined) throw fail('Trailing backslash');
      if (/[1-9]/.test(e)) {
        if (Number(e) > this.groups) throw fail('Invalid back reference');
        throw fail('back-references are not supported by the playground');
      }
      if (e === 'w') return { re: `[${WORD}]` };
      if (e === 'W') return { re: `[^${WORD}]` };
      if (e === 's') return { re: '[[:space:]]' };
      if (e === 'S') return { re: '[^[:space:]]' };
      // RE2's \b is ASCII; `\<` is a boundary after a non-word, `\>` one after a word (lookbehinds).
      if (e === 'b' || e === 'B') return { re: `\\${e}`, anchor: true };
      if (e === '<') return { re: '(?<!\\w)\\b', anchor: true };
      if (e === '>') return { re: '(?<=\\w)\\b', anchor: true };
      if (e === '`') return { re: '\\A', anchor: true };
      if (e === "'") return { re: '\\z', anchor: true };
      return { re: lit(e) };
    }
    return { re: lit(c) };
  }

  /** A bracket expression; backslash is an ordinary character inside it (POSIX). */
  private bracket(): string {
    const s = this.s;
    const unmatched = () => fail('Unmatched [, [^, [:, [., or [=');
    let neg = false;
    if (s[this.i] === '^') {
      neg = true;
      this.i++;
    }
    let out = '';
    let firstItem = true;
    for (;;) {
      if (this.i >= s.length) throw unmatched();
      let c = s[this.i]!;
      if (c === ']' && !firstItem) {
        this.i++;
        break;
      }
      firstItem = false;
      if (c === '[' && (s[this.i + 1] === ':' || s[this.i + 1] === '.' || s[this.i + 1] === '=')) {
        const kind = s[this.i + 1]!;
        const end = this.find(`${kind}]`, this.i + 2);
        if (end < 0) throw unmatched();
        const name = s.slice(this.i + 2, end).join('');
        this.i = end + 2;
        if (kind === ':') {
          const cls = Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined;
          if (cls === undefined) throw fail('Invalid character class name');
          out += cls;
          continue;
        }
        // Collating symbols and equivalence classes: only single characters exist in this locale.
        if ([...name].length !== 1) throw fail('Invalid collation character');
        c = name;
      } else this.i++;
      if (s[this.i] === '-' && s[this.i + 1] !== undefined && s[this.i + 1] !== ']') {
        const hi = s[this.i + 1]!;
        this.i += 2;
        if (hi.codePointAt(0)! < c.codePointAt(0)!) throw fail('Invalid range end');
        out += `${lit(c)}-${lit(hi)}`;
      } else out += lit(c);
    }
    // Grep's lines hold no newline, so `[^a]` need not exclude it as GNU's RE_HAT_LISTS_NOT_NEWLINE does.
    return `[${neg ? '^' : ''}${out}]`;
  }

  /** Index of `needle` (two characters) in the pattern from `from`, or -1. */
  private find(needle: string, from: number): number {
    for (let k = from; k + 1 < this.s.length; k++) if (this.s[k] === needle[0] && this.s[k + 1] === needle[1]) return k;
    return -1;
  }
}

/** A compiled pattern: `test(line)` says whether it matches anywhere in the line. */
export interface PosixRegex {
  test(line: string): boolean;
}

/**
 * Compiles a grep pattern (BRE, or ERE with `extended`) to RE2; a bad one throws grep's message, exit 2.
 * @example compilePosix('\\(eth\\|veth\\)[0-9]\\+', { extended: false, ignoreCase: false }).test('veth3') // true
 */
export function compilePosix(pattern: string, opts: { extended: boolean; ignoreCase: boolean; whole?: 'word' | 'line' }): PosixRegex {
  let re2 = new Translator(pattern, opts.extended).translate();
  // grep -x: the whole line; grep -w: a match with no word character on either side.
  if (opts.whole === 'line') re2 = `^(?:${re2})$`;
  else if (opts.whole === 'word') re2 = `(?:^|\\W)(?:${re2})(?:\\W|$)`;
  const flags = RE2JS.LOOKBEHINDS | (opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(re2, flags);
  } catch (e) {
    // RE2 bounds nested repetition ((a{100}){100}) and program size; GNU's word for that is this one.
    if (e instanceof RE2JSException && /repeat|too (big|large)/.test(e.message)) throw fail('Regular expression too big');
    // Anything else means the translation above let through what RE2 cannot read: still exit 2, not a crash.
    if (e instanceof RE2JSException) throw fail(`Invalid regular expression (${e.message})`);
    throw e;
  }
  return { test: (line) => compiled.test(line) };
}
