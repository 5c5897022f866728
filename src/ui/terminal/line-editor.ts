/**
 * A tiny readline: turns the bytes xterm.js reports (`onData`) into edits of the current line and
 * effects for the terminal to carry out. Pure, so it is tested without a terminal.
 *
 * Keys: printable text, Backspace, Enter, Ctrl-C (`^C`), Ctrl-U (kill line), Ctrl-L (clear
 * screen), Up/Down (history, keeping the unfinished line as bash does).
 */

export interface LineState {
  buffer: string;
  history: readonly string[];
  /** Position in history while browsing; `history.length` means the line being typed. */
  index: number;
  /** The line being typed, saved while browsing history. */
  draft: string;
}

export type LineEffect =
  /** Bytes to write to the terminal as they are (echo, erase). */
  | { kind: 'echo'; text: string }
  /** Replace what follows the prompt with `text`. */
  | { kind: 'redraw'; text: string }
  /** Enter: run `line` (already echoed with its newline). */
  | { kind: 'submit'; line: string }
  /** Ctrl-C: `^C` was echoed, the abandoned line was `line`; print a fresh prompt. */
  | { kind: 'interrupt'; line: string }
  | { kind: 'clear-screen' };

export function initialLineState(history: readonly string[] = []): LineState {
  return { buffer: '', history, index: history.length, draft: '' };
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

/** Feeds one chunk of input; returns the new state and what the terminal should do, in order. */
export function feedLine(state: LineState, data: string): { state: LineState; effects: LineEffect[] } {
  let s = state;
  const effects: LineEffect[] = [];
  let lastWasCr = false;
  for (const key of splitKeys(data)) {
    const afterCr = lastWasCr;
    lastWasCr = key === '\r';
    if (key === '\r' || (key === '\n' && !afterCr)) {
      const line = s.buffer;
      const history = pushHistory(s.history, line);
      effects.push({ kind: 'echo', text: '\r\n' }, { kind: 'submit', line });
      s = { buffer: '', history, index: history.length, draft: '' };
    } else if (key === '\n') {
      continue;
    } else if (key === '\x7f' || key === '\b') {
      if (s.buffer.length === 0) continue;
      const chars = [...s.buffer];
      chars.pop();
      s = { ...s, buffer: chars.join('') };
      effects.push({ kind: 'echo', text: '\b \b' });
    } else if (key === '\x03') {
      effects.push({ kind: 'echo', text: '^C\r\n' }, { kind: 'interrupt', line: s.buffer });
      s = { ...s, buffer: '', index: s.history.length, draft: '' };
    } else if (key === '\x15') {
      s = { ...s, buffer: '' };
      effects.push({ kind: 'redraw', text: '' });
    } else if (key === '\x0c') {
      effects.push({ kind: 'clear-screen' });
    } else if (key === '\x1b[A' || key === '\x1bOA') {
      if (s.index === 0) continue;
      const draft = s.index === s.history.length ? s.buffer : s.draft;
      const index = s.index - 1;
      s = { ...s, index, draft, buffer: s.history[index] ?? '' };
      effects.push({ kind: 'redraw', text: s.buffer });
    } else if (key === '\x1b[B' || key === '\x1bOB') {
      if (s.index >= s.history.length) continue;
      const index = s.index + 1;
      s = { ...s, index, buffer: index === s.history.length ? s.draft : (s.history[index] ?? '') };
      effects.push({ kind: 'redraw', text: s.buffer });
    } else if (key.length > 0 && key >= ' ' && !key.startsWith('\x1b')) {
      s = { ...s, buffer: s.buffer + key };
      effects.push({ kind: 'echo', text: key });
    }
    // Anything else (Tab, other escape sequences, control keys) is ignored for now.
  }
  return { state: s, effects: mergeEchoes(effects) };
}

/** Pasted text would otherwise make one write per character. */
function mergeEchoes(effects: LineEffect[]): LineEffect[] {
  const out: LineEffect[] = [];
  for (const e of effects) {
    const last = out[out.length - 1];
    if (e.kind === 'echo' && last?.kind === 'echo') out[out.length - 1] = { kind: 'echo', text: last.text + e.text };
    else out.push(e);
  }
  return out;
}
