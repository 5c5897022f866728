/**
 * What Undo and Redo would take back, in words for the top bar's buttons (pure; tested beside).
 * Apart from the dialog's words (text.ts) because it loads with the page.
 */

/** A command line cut to `max` characters, with an ellipsis when cut. */
export function shorten(line: string, max = 48): string {
  const one = line.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
}

/** What a group of lines is called in "Undo …": its first line, and how many more. */
export function describeLines(lines: readonly { command: string }[]): string {
  const first = lines[0];
  if (!first) return '';
  const more = lines.length - 1;
  return more > 0 ? `${shorten(first.command, 40)} (+${more} more)` : shorten(first.command);
}

/**
 * The lines Undo takes back: the last line, or every line of the last gesture (lines of one
 * gesture share a `group`), as the lab slice's undo does.
 */
export function lastGroup<T extends { group?: number }>(log: readonly T[]): T[] {
  const last = log[log.length - 1];
  if (!last) return [];
  let cut = log.length - 1;
  while (last.group !== undefined && cut > 0 && log[cut - 1]!.group === last.group) cut--;
  return log.slice(cut);
}
