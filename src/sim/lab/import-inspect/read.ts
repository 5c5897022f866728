/**
 * Finding the inspect JSON in pasted text: the values that start a line, between prompts and
 * messages, found by a scan without recursion; and the limits that bound the whole import.
 */

/** How much the import takes: input size, JSON depth, objects read, filler containers, report lines. */
export const IMPORT_LIMITS = { chars: 8_000_000, depth: 64, networks: 100, containers: 300, fillers: 64, report: 80 };

/** The JSON values found in the text (top-level arrays flattened), and what was skipped. */
export interface Extracted {
  values: unknown[];
  notes: string[];
}

/**
 * The JSON values that start a line, found by a bracket scan that tracks strings (no recursion,
 * so depth costs nothing); a value nested deeper than the limit is skipped unparsed. A line that
 * does not start a valid value (a prompt, `Error: No such object`) is skipped, so a broken array
 * still yields the objects inside it.
 */
export function extractJson(text: string): Extracted {
  const values: unknown[] = [];
  const notes: string[] = [];
  let skipped = 0;
  let pos = 0;
  const lineNo = (i: number) => text.slice(0, i).split('\n').length;
  while (pos < text.length) {
    const eol = text.indexOf('\n', pos);
    const end = eol < 0 ? text.length : eol;
    let start = pos;
    while (start < end && (text[start] === ' ' || text[start] === '\t' || text[start] === '\r')) start++;
    const ch = text[start];
    if (ch !== '[' && ch !== '{') {
      if (start < end) skipped++;
      pos = end + 1;
      continue;
    }
    let depth = 0;
    let maxDepth = 0;
    let inString = false;
    let close = -1;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '[' || c === '{') maxDepth = Math.max(maxDepth, ++depth);
      else if (c === ']' || c === '}') {
        if (--depth === 0) {
          close = i;
          break;
        }
      }
    }
    if (close < 0) {
      notes.push(`line ${lineNo(start)}: a JSON value that never ends (a cut paste?); its complete objects are used`);
      skipped++;
      pos = end + 1;
      continue;
    }
    if (maxDepth > IMPORT_LIMITS.depth) {
      notes.push(`line ${lineNo(start)}: JSON nested deeper than ${IMPORT_LIMITS.depth} levels, skipped`);
      pos = close + 1;
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(text.slice(start, close + 1));
    } catch {
      // Not JSON from here: skip this line only, and look inside (the objects of a broken array).
      if (text.slice(start, close + 1).includes('\n')) notes.push(`line ${lineNo(start)}: not valid JSON; its complete objects are used`);
      skipped++;
      pos = end + 1;
      continue;
    }
    if (Array.isArray(v)) values.push(...(v as unknown[]));
    else values.push(v);
    pos = close + 1;
  }
  if (skipped) notes.push(`${skipped} line(s) that are not inspect JSON were skipped (prompts, messages)`);
  return { values, notes };
}
