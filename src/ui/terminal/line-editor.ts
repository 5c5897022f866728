/**
 * A small readline: turns the bytes xterm.js reports (`onData`) into edits of the current line and
 * effects for the terminal to carry out. Pure, so it is tested without a terminal; completion comes
 * in as a function of the text before the cursor.
 *
 * Keys (readline's emacs defaults): printable text inserts at the cursor; Backspace, Delete;
 * Left/Right, Home/End, Ctrl-A/Ctrl-E, Ctrl-B/Ctrl-F, Ctrl-Left/Right (by word); Ctrl-U (kill to
 * the start), Ctrl-K (kill to the end), Ctrl-W (kill the word before); Up/Down and Ctrl-P/Ctrl-N
 * (history, keeping the unfinished line); Ctrl-C (`^C`); Ctrl-L (clear screen); Tab (complete:
 * one match is inserted with a space, several complete their common prefix, a second Tab lists them).
 *
 * Invariant: `0 <= cursor <= [...buffer].length` (the cursor counts code points).
 */
import { commonPrefix, type Completion } from './completion';

export interface LineState {
  buffer: string;
  /** Cursor position in code points from the start of the line. */
  cursor: number;
  history: readonly string[];
  /** Position in history while browsing; `history.length` means the line being typed. */
  index: number;
  /** The line being typed, saved while browsing history. */
  draft: string;
  /** Tabs pressed in a row (the second lists the candidates). */
  tabs: number;
}

export type LineEffect =
  /** The line now reads `text` with the cursor at `cursor`: the terminal redraws what changed. */
  | { kind: 'line'; text: string; cursor: number }
  /** Enter: run `line`; the terminal moves past the end of the line it shows. */
  | { kind: 'submit'; line: string }
  /** Ctrl-C: the abandoned line was `line`; the terminal prints `^C` and a fresh prompt. */
  | { kind: 'interrupt'; line: string }
  | { kind: 'clear-screen' }
  /** Nothing to do (no completion, no more history): the terminal may flash or beep. */
  | { kind: 'bell' }
  /** A second Tab with several candidates: list them under the line, then redraw it. */
  | { kind: 'list'; items: string[] };

export type Completer = (textBeforeCursor: string) => Completion;

export function initialLineState(history: readonly string[] = []): LineState {
  return { buffer: '', cursor: 0, history, index: history.length, draft: '', tabs: 0 };
}

/** Splits terminal input into keys: single characters and escape sequences (`\x1b[A`). */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch === '\x1b' && (data[i + 1] === '[' || data[i + 1] === 'O')) {
      let j = i + 2;
      // CSI parameters, then one final byte in @..~ (ECMA-48).
      while (j < data.length && /[0-9;?]/.test(data[j]!)) j++;
      keys.push(data.slice(i, j + 1));
      i = j + 1;
    } else {
      const cp = data.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      keys.push(s);
      i += s.length;
    }
  }
  return keys;
}

function pushHistory(history: readonly string[], line: string): readonly string[] {
  if (line.trim() === '' || history[history.length - 1] === line) return history;
  return [...history, line];
}

const KEYS = {
  left: ['\x1b[D', '\x1bOD', '\x02'],
  right: ['\x1b[C', '\x1bOC', '\x06'],
  home: ['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~', '\x01'],
  end: ['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~', '\x05'],
  up: ['\x1b[A', '\x1bOA', '\x10'],
  down: ['\x1b[B', '\x1bOB', '\x0e'],
  wordLeft: ['\x1b[1;5D', '\x1b[1;3D'],
  wordRight: ['\x1b[1;5C', '\x1b[1;3C'],
};

/** Start of the word before `at` (readline's backward-word: skip spaces, then the word). */
function wordStart(chars: readonly string[], at: number): number {
  let i = at;
  while (i > 0 && chars[i - 1] === ' ') i--;
  while (i > 0 && chars[i - 1] !== ' ') i--;
  return i;
}

function wordEnd(chars: readonly string[], at: number): number {
  let i = at;
  while (i < chars.length && chars[i] === ' ') i++;
  while (i < chars.length && chars[i] !== ' ') i++;
  return i;
}

/** What a Tab does with the completion of the text before the cursor. */
function tab(s: LineState, chars: string[], complete: Completer | undefined): { state: LineState; effect: LineEffect } {
  const tabs = s.tabs + 1;
  const before = chars.slice(0, s.cursor).join('');
  const { start, candidates } = complete ? complete(before) : { start: before.length, candidates: [] };
  const word = before.slice(start);
  const replace = (by: string): { state: LineState; effect: LineEffect } => {
    const head = [...before.slice(0, start)].length;
    const next = [...chars.slice(0, head), ...by, ...chars.slice(s.cursor)];
    const cursor = head + [...by].length;
    return { state: { ...s, buffer: next.join(''), cursor, tabs }, effect: { kind: 'line', text: next.join(''), cursor } };
  };
  if (candidates.length === 1) {
    const only = candidates[0]!;
    return replace(/[/=]$/.test(only) ? only : `${only} `);
  }
  const prefix = commonPrefix(candidates);
  if (prefix.length > word.length) return replace(prefix);
  if (candidates.length > 1 && s.tabs > 0) {
    // bash lists the part after the directory (or `--flag=`) being completed.
    const cut = Math.max(word.lastIndexOf('/'), word.lastIndexOf('=')) + 1;
    return { state: { ...s, tabs }, effect: { kind: 'list', items: candidates.map((c) => c.slice(cut)) } };
  }
  return { state: { ...s, tabs }, effect: { kind: 'bell' } };
}

/** Feeds one chunk of input; returns the new state and what the terminal should do, in order. */
export function feedLine(
  state: LineState,
  data: string,
  complete?: Completer,
): { state: LineState; effects: LineEffect[] } {
  let s = state;
  const effects: LineEffect[] = [];
  let lastWasCr = false;
  const edit = (chars: string[], cursor: number) => {
    s = { ...s, buffer: chars.join(''), cursor };
    effects.push({ kind: 'line', text: s.buffer, cursor });
  };
  const move = (cursor: number) => {
    if (cursor === s.cursor) return;
    s = { ...s, cursor };
    effects.push({ kind: 'line', text: s.buffer, cursor });
  };
  const recall = (index: number, buffer: string) => {
    const cursor = [...buffer].length;
    s = { ...s, index, buffer, cursor };
    effects.push({ kind: 'line', text: buffer, cursor });
  };
  for (const key of splitKeys(data)) {
    const afterCr = lastWasCr;
    lastWasCr = key === '\r';
    const chars = [...s.buffer];
    const at = s.cursor;
    if (key !== '\t') s = { ...s, tabs: 0 };
    if (key === '\r' || (key === '\n' && !afterCr)) {
      const line = s.buffer;
      const history = pushHistory(s.history, line);
      effects.push({ kind: 'submit', line });
      s = { ...initialLineState(history) };
    } else if (key === '\n') {
      continue;
    } else if (key === '\t') {
      const r = tab(s, chars, complete);
      s = r.state;
      effects.push(r.effect);
    } else if (key === '\x7f' || key === '\b') {
      if (at > 0) edit([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
    } else if (key === '\x1b[3~' || key === '\x04') {
      if (at < chars.length) edit([...chars.slice(0, at), ...chars.slice(at + 1)], at);
    } else if (key === '\x03') {
      effects.push({ kind: 'interrupt', line: s.buffer });
      s = { ...s, buffer: '', cursor: 0, index: s.history.length, draft: '' };
    } else if (key === '\x15') {
      if (at > 0) edit(chars.slice(at), 0);
    } else if (key === '\x0b') {
      if (at < chars.length) edit(chars.slice(0, at), at);
    } else if (key === '\x17') {
      const from = wordStart(chars, at);
      if (from < at) edit([...chars.slice(0, from), ...chars.slice(at)], from);
    } else if (key === '\x0c') {
      effects.push({ kind: 'clear-screen' });
    } else if (KEYS.left.includes(key)) {
      move(Math.max(0, at - 1));
    } else if (KEYS.right.includes(key)) {
      move(Math.min(chars.length, at + 1));
    } else if (KEYS.home.includes(key)) {
      move(0);
    } else if (KEYS.end.includes(key)) {
      move(chars.length);
    } else if (KEYS.wordLeft.includes(key)) {
      move(wordStart(chars, at));
    } else if (KEYS.wordRight.includes(key)) {
      move(wordEnd(chars, at));
    } else if (KEYS.up.includes(key)) {
      if (s.index === 0) continue;
      const draft = s.index === s.history.length ? s.buffer : s.draft;
      s = { ...s, draft };
      recall(s.index - 1, s.history[s.index - 1] ?? '');
    } else if (KEYS.down.includes(key)) {
      if (s.index >= s.history.length) continue;
      const index = s.index + 1;
      recall(index, index === s.history.length ? s.draft : (s.history[index] ?? ''));
    } else if (key.length > 0 && key >= ' ' && !key.startsWith('\x1b')) {
      edit([...chars.slice(0, at), key, ...chars.slice(at)], at + 1);
    }
    // Anything else (other escape sequences and control keys) is ignored.
  }
  return { state: s, effects: mergeLines(effects) };
}

/** Pasted text would otherwise redraw once per character: only the last of a run of line updates counts. */
function mergeLines(effects: LineEffect[]): LineEffect[] {
  const out: LineEffect[] = [];
  for (const e of effects) {
    const last = out[out.length - 1];
    if (e.kind === 'line' && last?.kind === 'line') out[out.length - 1] = e;
    else out.push(e);
  }
  return out;
}
