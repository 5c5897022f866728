/**
 * fmt's `%v` as text/template prints values. Two views of the same record:
 * - typed: the daemon's Go structs (`{0.0.0.0 8080}`, `map[80/tcp:[]]`, nil slice `[]`, nested
 *   pointer `0xc000...`);
 * - raw: the JSON decoded into `map[string]interface{}` (what the CLI falls back to when the typed
 *   run fails): every object is a sorted `map[...]`, `null` is `<nil>`.
 */
import { goMeta } from './go-value';
import { goTimeString, hash32 } from './go-time';
import { byteOrder, goJson } from './go-json';

/** reflect's invalid Value (a missing map key in the typed view): printed `<no value>`. */
export const MISSING: unique symbol = Symbol('no value');

/** A heap address for a nested pointer, stable for equal contents. */
function address(v: object): string {
  const h = hash32(goJson(v, ''));
  return `0xc000${((h & 0x3ffff) * 16).toString(16).padStart(6, '0')}`;
}

/**
 * Prints `v` like fmt.Sprint. `depth` 0 is the template's own print, which dereferences a pointer
 * first; `amp` prints a top-level pointer as `&{...}` (fmt with a pointer argument, e.g. printf).
 */
export function goPrint(v: unknown, raw: boolean, depth = 0, amp = false): string {
  if (v === MISSING) return '<no value>';
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => goPrint(x, raw, depth + 1)).join(' ')}]`;
  const meta = goMeta(v);
  if (meta?.kind === 'nil') return meta.text;
  if (meta?.kind === 'time') return goTimeString(meta.ms, meta.subMs);
  const obj = v as Record<string, unknown>;
  if (raw || meta?.kind === 'map') {
    const keys = Object.keys(obj).sort(byteOrder);
    return `map[${keys.map((k) => `${k}:${goPrint(obj[k], raw, depth + 1)}`).join(' ')}]`;
  }
  if (meta?.kind === 'struct' && meta.ptr && depth > 0) return address(v);
  const body = `{${Object.keys(obj).map((k) => goPrint(obj[k], raw, depth + 1)).join(' ')}}`;
  return amp && meta?.kind === 'struct' && meta.ptr ? `&${body}` : body;
}

/** Go's truth for `if`/`and`/`or`/`not`: zero values, nil and empty collections are false. */
export function goTruth(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  const meta = goMeta(v);
  if (meta?.kind === 'nil') return false;
  if (meta?.kind === 'map') return Object.keys(v as object).length > 0;
  return true;
}

/** The Go type name used in error texts. */
export function goTypeName(v: unknown, raw: boolean): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return raw ? 'json.Number' : 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return raw ? '[]interface {}' : '[]string';
  if (v === null || v === undefined) return 'interface {}';
  const meta = goMeta(v);
  if (raw) return 'map[string]interface {}';
  if (meta?.kind === 'map') return `map[${meta.keyType}]interface {}`;
  if (meta?.kind === 'time') return 'time.Time';
  return 'struct';
}
