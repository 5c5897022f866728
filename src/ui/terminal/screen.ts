/**
 * The escape sequences that keep the terminal's input line in step with the line editor, for a
 * line that may wrap over several rows: move from where the cursor is to the prompt's start,
 * erase, draw the prompt and the text, put the cursor back where the editor has it. Pure, so the
 * arithmetic is tested without a terminal.
 *
 * Positions count columns from the start of the prompt's row; text is taken one column per code
 * point (the shells print ASCII). After drawing, the cursor is never left in xterm's pending-wrap
 * state at the right margin: like readline, a space and a carriage return push it to the next row.
 */

export interface Shown {
  text: string;
  cursor: number;
}

const width = (s: string): number => [...s].length;

/** Moves the cursor from column offset `from` to `to` (both counted from the prompt's start). */
export function moveCursor(from: number, to: number, cols: number): string {
  const rowDelta = Math.floor(to / cols) - Math.floor(from / cols);
  const vertical = rowDelta < 0 ? `\x1b[${-rowDelta}A` : rowDelta > 0 ? `\x1b[${rowDelta}B` : '';
  return `${vertical}\x1b[${(to % cols) + 1}G`;
}

/** After writing up to offset `end`: leave the pending-wrap state at the right margin. */
const unwrap = (end: number, cols: number): string => (end > 0 && end % cols === 0 ? ' \r' : '');

/** From the cursor in `shown` back to the prompt's start, erasing the line and everything below. */
export function eraseLine(prompt: string, shown: Shown, cols: number): string {
  const at = width(prompt) + shown.cursor;
  const up = Math.floor(at / cols);
  return `${up > 0 ? `\x1b[${up}A` : ''}\r\x1b[J`;
}

/** Draws prompt and text from the start of an empty row, leaving the cursor at `cursor`. */
export function drawLine(prompt: string, next: Shown, cols: number): string {
  const p = width(prompt);
  const end = p + width(next.text);
  const at = p + next.cursor;
  return `${prompt}${next.text}${unwrap(end, cols)}${at === end ? '' : moveCursor(end, at, cols)}`;
}

/** Updates the line on screen from `shown` to `next`; typing at the end just appends. */
export function updateLine(prompt: string, shown: Shown, next: Shown, cols: number): string {
  const p = width(prompt);
  const appended = shown.cursor === width(shown.text) && next.cursor === width(next.text) && next.text.startsWith(shown.text);
  if (appended) return `${next.text.slice(shown.text.length)}${unwrap(p + next.cursor, cols)}`;
  return eraseLine(prompt, shown, cols) + drawLine(prompt, next, cols);
}

/** Moves the cursor past the end of the line shown (before Enter's newline). */
export function toLineEnd(prompt: string, shown: Shown, cols: number): string {
  const p = width(prompt);
  const end = p + width(shown.text);
  const at = p + shown.cursor;
  return at === end ? '' : moveCursor(at, end, cols);
}
