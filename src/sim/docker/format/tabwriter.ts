/**
 * Go's text/tabwriter as the docker CLI configures it for tables: `NewWriter(out, 10, 1, 3, ' ', 0)`.
 * Cells end at a tab; the text after a line's last tab is not part of any column. A column is sized
 * per block of consecutive lines that have it: max(minwidth, widest cell + padding), widths counted
 * in code points.
 */

export interface TabwriterOptions {
  minwidth?: number;
  padding?: number;
}

const width = (s: string): number => [...s].length;

/** Aligns tab-separated `text` (lines end with `\n`). */
export function tabwrite(text: string, opts: TabwriterOptions = {}): string {
  const minwidth = opts.minwidth ?? 10;
  const padding = opts.padding ?? 3;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === '' && text === '') return '';
  const lines = body.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let n = from; n < to; n++) {
      const cells = lines[n]!;
      out.push(cells.map((c, j) => (j < widths.length ? c + ' '.repeat(Math.max(0, widths[j]! - width(c))) : c)).join('') + '\n');
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let n = line0; n < line1; n++) {
      if (column >= lines[n]!.length - 1) continue;
      writeLines(start, n);
      start = n;
      let w = minwidth;
      for (; n < line1; n++) {
        const cells = lines[n]!;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]!) + padding);
      }
      widths.push(w);
      format(start, n);
      widths.pop();
      start = n;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('');
}
