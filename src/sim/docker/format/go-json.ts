/**
 * Go's encoding/json as the docker CLI prints it: `docker inspect` is MarshalIndent with a 4-space
 * indent and HTML escaping; the template function `json` is compact without HTML escaping.
 */
import { goMeta, isGoEmpty } from './go-value';
import { rfc3339Nano } from './go-time';

export interface GoJsonOptions {
  /** `<`, `>`, `&` as `\u003c`... (json.Marshal's default; docker's `{{json}}` turns it off). */
  escapeHTML?: boolean;
  /** Sort every object's keys, as when the value was decoded into `map[string]interface{}`. */
  sortAll?: boolean;
}

const HEX = '0123456789abcdef';

/** A Go JSON string literal (encoding/json's appendString, Go ≤1.21: `\b`, `\f` as `\u0008`, `\u000c`). */
export function goJsonString(s: string, escapeHTML = true): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) {
      out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\\ufffd';
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += s[i]!;
  }
  return `${out}"`;
}

function encode(v: unknown, indent: string, depth: number, opts: Required<GoJsonOptions>): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, opts.escapeHTML);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v !== 'object') return 'null';
  const meta = goMeta(v);
  if (meta?.kind === 'nil') return 'null';
  if (meta?.kind === 'time') return `"${rfc3339Nano(meta.ms, meta.subMs)}"`;
  let items: string[];
  let open: string;
  let close: string;
  if (Array.isArray(v)) {
    items = v.map((x) => encode(x, indent, depth + 1, opts));
    [open, close] = ['[', ']'];
  } else {
    const obj = v as Record<string, unknown>;
    let keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (meta?.kind === 'struct') keys = keys.filter((k) => !(meta.omitEmpty.includes(k) && isGoEmpty(obj[k])));
    if (meta?.kind === 'map' || opts.sortAll) keys.sort(byteOrder);
    const colon = indent === '' ? ':' : ': ';
    items = keys.map((k) => goJsonString(k, opts.escapeHTML) + colon + encode(obj[k], indent, depth + 1, opts));
    [open, close] = ['{', '}'];
  }
  if (items.length === 0) return open + close;
  if (indent === '') return open + items.join(',') + close;
  const inner = '\n' + indent.repeat(depth + 1);
  return open + inner + items.join(',' + inner) + '\n' + indent.repeat(depth) + close;
}

/** Go's sort.Strings order (bytewise; UTF-16 order agrees for the BMP). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * json.MarshalIndent(value, "", indent); `indent = ''` gives json.Marshal's compact form.
 * Key order is insertion order for structs, sorted for Go maps (see go-value.ts).
 *
 * @example goJson({ A: [], B: goMap({ z: 1, a: '<' }) })
 * // {
 * //     "A": [],
 * //     "B": {
 * //         "a": "\u003c",
 * //         "z": 1
 * //     }
 * // }
 */
export function goJson(value: unknown, indent = '    ', opts: GoJsonOptions = {}): string {
  return encode(value, indent, 0, { escapeHTML: opts.escapeHTML ?? true, sortAll: opts.sortAll ?? false });
}
