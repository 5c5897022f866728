/**
 * The lexer of template-parse.ts: one action's tokens (`{{` ... `}}`), with text/template's error
 * texts (`unclosed action`, `bad number syntax: "-b"`, `unrecognized character in action: ...`).
 */
export class TemplateError extends Error {}

export type TokKind = 'field' | 'var' | 'dot' | 'ident' | 'string' | 'number' | 'lparen' | 'rparen' | 'pipe' | 'declare' | 'comma' | 'close';
export interface Tok {
  k: TokKind;
  v: string;
  pos: number;
  /** Starts where the previous token ended (`(x).A`, `$v.A`): a field chains only then. */
  adj: boolean;
}

const ALNUM = /[\p{L}\p{N}_]/u;
export const SPACE = /[ \t\r\n]/;

function lineOf(src: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < src.length; i++) if (src[i] === '\n') n++;
  return n;
}

export function fail(src: string, pos: number, msg: string): never {
  throw new TemplateError(`template: :${lineOf(src, pos)}: ${msg}`);
}

function charName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** Unquotes a Go interpreted string literal. */
export function unquote(src: string, pos: number, lit: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', "'": "'" };
  return lit.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    const r = map[e];
    return r ?? fail(src, pos, `invalid syntax`);
  });
}

/** Splits one action's text (`{{` ... `}}`) into tokens; returns them and the index after `}}`. */
export function lexAction(src: string, start: number): { toks: Tok[]; end: number; trimRight: boolean } {
  const raw: Omit<Tok, 'adj'>[] = [];
  const ends: number[] = [];
  const toks = {
    push(t: Omit<Tok, 'adj'>): void {
      raw.push(t);
      ends.push(t.pos + (t.k === 'field' ? t.v.length + 1 : t.v.length));
    },
  };
  const done = (end: number, trimRight: boolean): { toks: Tok[]; end: number; trimRight: boolean } => ({
    toks: raw.map((t, n) => ({ ...t, adj: n > 0 && ends[n - 1] === t.pos })),
    end,
    trimRight,
  });
  let i = start;
  for (;;) {
    while (i < src.length && SPACE.test(src[i]!)) {
      if (src.startsWith('-}}', i + 1) && src[i + 1] === '-') {
        toks.push({ k: 'close', v: '', pos: i });
        return done(i + 4, true);
      }
      i++;
    }
    if (i >= src.length) fail(src, i, 'unclosed action');
    if (src.startsWith('}}', i)) {
      toks.push({ k: 'close', v: '', pos: i });
      return done(i + 2, false);
    }
    const c = src[i]!;
    const pos = i;
    if (c === '.' || c === '$') {
      let j = i + 1;
      if (c === '$') while (j < src.length && ALNUM.test(src[j]!)) j++;
      if (c === '$') toks.push({ k: 'var', v: src.slice(i, j), pos });
      else if (j < src.length && ALNUM.test(src[j]!) && !/[0-9]/.test(src[j]!)) j = i;
      else toks.push({ k: 'dot', v: '.', pos });
      while (src[j] === '.' && j + 1 < src.length && ALNUM.test(src[j + 1]!)) {
        let k = j + 1;
        while (k < src.length && ALNUM.test(src[k]!)) k++;
        toks.push({ k: 'field', v: src.slice(j + 1, k), pos: j });
        j = k;
      }
      i = j;
    } else if (c === '"' || c === '`') {
      const m = c === '"' ? /^"(?:[^"\\\n]|\\.)*"/.exec(src.slice(i)) : /^`[^`]*`/.exec(src.slice(i));
      if (!m) fail(src, i, c === '"' ? 'unterminated quoted string' : 'unterminated raw quoted string');
      toks.push({ k: 'string', v: m[0], pos });
      i += m[0].length;
    } else if (/[0-9+-]/.test(c)) {
      const m = /^[+-]?[0-9]*(\.[0-9]+)?/.exec(src.slice(i))![0];
      let j = i + m.length;
      if (j < src.length && ALNUM.test(src[j]!)) j++;
      if (j !== i + m.length || !/[0-9]/.test(m)) fail(src, i, `bad number syntax: "${src.slice(i, Math.max(j, i + 1))}"`);
      toks.push({ k: 'number', v: m, pos });
      i = j;
    } else if (ALNUM.test(c)) {
      let j = i;
      while (j < src.length && ALNUM.test(src[j]!)) j++;
      toks.push({ k: 'ident', v: src.slice(i, j), pos });
      i = j;
    } else if (c === ':' && src[i + 1] === '=') {
      toks.push({ k: 'declare', v: ':=', pos });
      i += 2;
    } else if (c === '(' || c === ')' || c === '|' || c === ',') {
      toks.push({ k: c === '(' ? 'lparen' : c === ')' ? 'rparen' : c === '|' ? 'pipe' : 'comma', v: c, pos });
      i++;
    } else fail(src, i, `unrecognized character in action: ${charName(c)}`);
  }
}
