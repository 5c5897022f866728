/**
 * Go type information carried on plain JS values, so one record serves both `encoding/json` (inspect
 * output) and `text/template` (`-f`), which see different things: JSON sorts map keys and drops
 * `omitempty` fields; templates use Go field names (`.ID`, not `.Id`), print a nil slice as `[]`,
 * a nil map as `map[]`, a nested pointer as an address and a struct as `{a b c}`.
 *
 * The metadata sits under a symbol key: `Object.keys` and `JSON.stringify` ignore it.
 * An unbranded plain object is a Go struct with fields in insertion order; `null` is a nil pointer
 * or nil interface.
 */

const GO = Symbol('go');

export interface StructMeta {
  kind: 'struct';
  /** Reached through a pointer (`*ContainerState`): fmt prints it nested as an address. */
  ptr: boolean;
  /** `json:",omitempty"` fields: left out of JSON when empty, still visible to templates. */
  omitEmpty: readonly string[];
  /** JSON name -> Go field name where they differ (`Id` -> `ID`, `Dns` -> `DNS`). */
  goNames: Readonly<Record<string, string>>;
}

export interface MapMeta {
  kind: 'map';
  /** Go key type: `string`, or a named string type (`nat.Port`) that `index` with a string rejects. */
  keyType: string;
  /** What `index` returns for a missing key (the element type's zero value). */
  zero: unknown;
}

export interface NilMeta {
  kind: 'nil';
  /** How fmt prints it: `[]` (nil slice) or `map[]` (nil map). */
  text: string;
}

export interface TimeMeta {
  kind: 'time';
  ms: number;
  /** Nanoseconds below the millisecond, 0..999999. */
  subMs: number;
}

export type GoMeta = StructMeta | MapMeta | NilMeta | TimeMeta;

type Obj = Record<string, unknown>;

function brand<T extends object>(obj: T, meta: GoMeta): T {
  Object.defineProperty(obj, GO, { value: meta, enumerable: false });
  return obj;
}

/** The Go metadata of a value, if it has any (plain objects are structs without it). */
export function goMeta(v: unknown): GoMeta | undefined {
  return typeof v === 'object' && v !== null ? (v as { [GO]?: GoMeta })[GO] : undefined;
}

/** A nil slice: JSON `null`, printed `[]`. */
export const NIL_SLICE: Readonly<object> = Object.freeze(brand({}, { kind: 'nil', text: '[]' }));
/** A nil map: JSON `null`, printed `map[]`. */
export const NIL_MAP: Readonly<object> = Object.freeze(brand({}, { kind: 'nil', text: 'map[]' }));

/** Marks `obj` as a Go map (JSON keys sorted). `zero` is the element zero value (`null` = nil pointer). */
export function goMap<T extends Obj>(obj: T, opts: { keyType?: string; zero?: unknown } = {}): T {
  return brand(obj, { kind: 'map', keyType: opts.keyType ?? 'string', zero: opts.zero ?? null });
}

export interface StructOpts {
  ptr?: boolean;
  omitEmpty?: readonly string[];
  goNames?: Readonly<Record<string, string>>;
}

export function goStruct<T extends Obj>(obj: T, opts: StructOpts = {}): T {
  return brand(obj, { kind: 'struct', ptr: opts.ptr ?? false, omitEmpty: opts.omitEmpty ?? [], goNames: opts.goNames ?? {} });
}

/** A struct reached through a pointer (`*EndpointSettings`). */
export function goPtr<T extends Obj>(obj: T, opts: Omit<StructOpts, 'ptr'> = {}): T {
  return goStruct(obj, { ...opts, ptr: true });
}

/** A `time.Time`: JSON RFC3339Nano, template `2006-01-02 15:04:05.999999999 -0700 MST`. */
export function goTime(ms: number, subMs: number): object {
  return Object.freeze(brand({}, { kind: 'time', ms, subMs }));
}

/** Go's notion of an empty value for `omitempty`. */
export function isGoEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  const meta = goMeta(v);
  if (meta?.kind === 'nil') return true;
  if (meta?.kind === 'map') return Object.keys(v as object).length === 0;
  return false;
}
