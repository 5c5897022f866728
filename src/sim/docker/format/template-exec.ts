/**
 * Executes a parsed template the way the docker CLI's TemplateInspector does: first over the typed
 * record (Go structs), and when that fails, again over the raw JSON with `missingkey=error`; the
 * raw run's error is the one printed. Functions: Go's builtins people use plus docker's `json`,
 * `join`, `split`, `lower`, `upper`, `title`, `pad`, `truncate`.
 */
import { goJson } from './go-json';
import { MISSING, goPrint, goTruth, goTypeName } from './go-print';
import { goMeta } from './go-value';
import { argString, pipeString, type Arg, type Command, type Pipe, type TNode, type Template } from './template-parse';

export const TEMPLATE_FUNCS: ReadonlySet<string> = new Set([
  'json', 'join', 'split', 'lower', 'upper', 'title', 'pad', 'truncate',
  'index', 'len', 'printf', 'print', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'not',
]);

export class ExecError extends Error {}

/** A function call's own failure, wrapped as `error calling NAME: ...` by the caller. */
class CallError extends Error {}

const NONE = Symbol('no final');

interface Scope {
  src: string;
  raw: boolean;
  vars: { name: string; value: unknown }[];
}

function errorAt(s: Scope, pos: number, context: string, msg: string): never {
  const before = s.src.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  const col = nl < 0 ? pos : pos - (nl + 1);
  // Go ≤1.19 (docker 20.10's toolchain) cuts the context at 20 bytes.
  const ctx = context.length > 20 ? `${context.slice(0, 20)}...` : context;
  throw new ExecError(`template: :${line}:${col}: executing "" at <${ctx}>: ${msg}`);
}

function field(s: Scope, recv: unknown, name: string, node: Arg): unknown {
  const where = (msg: string): never => errorAt(s, node.pos, argString(node), msg);
  if (recv === MISSING) return s.raw ? where(`nil data; no entry for key "${name}"`) : MISSING;
  if (recv === null || recv === undefined) return where(`nil pointer evaluating ${goTypeName(recv, s.raw)}.${name}`);
  if (typeof recv !== 'object' || Array.isArray(recv)) return where(`can't evaluate field ${name} in type ${goTypeName(recv, s.raw)}`);
  const obj = recv as Record<string, unknown>;
  if (s.raw) return Object.hasOwn(obj, name) ? obj[name] : where(`map has no entry for key "${name}"`);
  const meta = goMeta(recv);
  if (meta?.kind === 'nil') return MISSING;
  if (meta?.kind === 'map') return Object.hasOwn(obj, name) ? obj[name] : MISSING;
  if (meta?.kind === 'time') return where(`can't evaluate field ${name} in type time.Time`);
  const goNames = meta?.kind === 'struct' ? meta.goNames : {};
  const key = Object.keys(obj).find((k) => (goNames[k] ?? k) === name);
  return key === undefined ? where(`can't evaluate field ${name} in type ${goTypeName(recv, false)}`) : obj[key];
}

function chain(s: Scope, recv: unknown, names: string[], node: Arg): unknown {
  let v = recv;
  for (const n of names) v = field(s, v, n, node);
  return v;
}

function evalArg(s: Scope, dot: unknown, a: Arg): unknown {
  switch (a.t) {
    case 'dot': return dot;
    case 'field': return chain(s, dot, a.names, a);
    case 'var': return chain(s, variable(s, a), a.names, a);
    case 'string': case 'number': case 'bool': return a.value;
    case 'nil': return null;
    case 'pipe': return pipeline(s, dot, a.pipe);
    case 'chain': return chain(s, evalArg(s, dot, a.node), a.names, a);
    case 'ident': return call(s, dot, a, { pos: a.pos, args: [a] }, NONE);
  }
}

function variable(s: Scope, a: Extract<Arg, { t: 'var' }>): unknown {
  for (let i = s.vars.length - 1; i >= 0; i--) if (s.vars[i]!.name === a.name) return s.vars[i]!.value;
  return errorAt(s, a.pos, argString(a), `undefined variable: ${a.name}`);
}

function command(s: Scope, dot: unknown, cmd: Command, final: unknown): unknown {
  const first = cmd.args[0]!;
  if (first.t === 'ident') return call(s, dot, first, cmd, final);
  if (cmd.args.length > 1 || final !== NONE) {
    const names = first.t === 'field' || first.t === 'var' || first.t === 'chain' ? first.names : [];
    const last = names[names.length - 1];
    if (last === undefined) return errorAt(s, first.pos, argString(first), `can't give argument to non-function ${argString(first)}`);
    // Receivers first (their errors win), then the field that cannot take arguments.
    const base = first.t === 'field' ? dot : first.t === 'var' ? variable(s, first) : evalArg(s, dot, (first as Extract<Arg, { t: 'chain' }>).node);
    chain(s, base, names.slice(0, -1), first);
    return errorAt(s, first.pos, argString(first), `${last} is not a method but has arguments`);
  }
  return evalArg(s, dot, first);
}

function pipeline(s: Scope, dot: unknown, pipe: Pipe): unknown {
  let v: unknown = NONE;
  for (const cmd of pipe.cmds) v = command(s, dot, cmd, v);
  for (const name of pipe.decl) s.vars.push({ name, value: v });
  return v;
}

const cmdString = (c: Command): string => c.args.map(argString).join(' ');

function call(s: Scope, dot: unknown, id: Extract<Arg, { t: 'ident' }>, cmd: Command, final: unknown): unknown {
  const args = cmd.args.slice(1).map((a) => evalArg(s, dot, a));
  if (final !== NONE) args.push(final);
  const arity: Record<string, [number, number]> = {
    json: [1, 1], join: [2, 2], split: [2, 2], lower: [1, 1], upper: [1, 1], title: [1, 1], pad: [3, 3],
    truncate: [2, 2], len: [1, 1], not: [1, 1], eq: [1, 99], ne: [2, 2], lt: [2, 2], le: [2, 2], gt: [2, 2],
    ge: [2, 2], and: [1, 99], or: [1, 99], index: [1, 99], printf: [1, 99], print: [0, 99], println: [0, 99],
  };
  const [lo, hi] = arity[id.name]!;
  if (args.length < lo || args.length > hi) {
    const want = lo === hi ? String(lo) : `at least ${lo}`;
    errorAt(s, id.pos, id.name, `wrong number of args for ${id.name}: want ${want} got ${args.length}`);
  }
  try {
    return callBuiltin(s, id.name, args.map((a) => (a === MISSING ? null : a)));
  } catch (e) {
    if (e instanceof CallError) errorAt(s, cmd.pos, cmdString(cmd), `error calling ${id.name}: ${e.message}`);
    throw e;
  }
}

function str(s: Scope, v: unknown): string {
  if (typeof v !== 'string') throw new CallError(`wrong type for value; expected string; got ${goTypeName(v, s.raw)}`);
  return v;
}

function int(s: Scope, v: unknown): number {
  if (typeof v !== 'number') throw new CallError(`wrong type for value; expected int; got ${goTypeName(v, s.raw)}`);
  return v;
}

function basic(a: unknown, b: unknown): void {
  if (typeof a !== typeof b || (typeof a === 'object' && a !== null)) throw new CallError('incompatible types for comparison');
}

function callBuiltin(s: Scope, name: string, a: unknown[]): unknown {
  switch (name) {
    case 'json': return goJson(a[0], '', { escapeHTML: false, sortAll: s.raw });
    case 'join': {
      const list = a[0];
      if (goMeta(list)?.kind === 'nil') return '';
      if (s.raw || !Array.isArray(list)) throw new CallError(`wrong type for value; expected []string; got ${goTypeName(list, s.raw)}`);
      return list.map(String).join(str(s, a[1]));
    }
    case 'split': return str(s, a[0]).split(str(s, a[1]));
    case 'lower': return str(s, a[0]).toLowerCase();
    case 'upper': return str(s, a[0]).toUpperCase();
    case 'title': return str(s, a[0]).replace(/(^|[^\p{L}\p{N}_'])(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase());
    case 'pad': return ' '.repeat(int(s, a[1])) + str(s, a[0]) + ' '.repeat(int(s, a[2]));
    case 'truncate': { const t = str(s, a[0]); const n = int(s, a[1]); return t.length < n ? t : t.slice(0, n); }
    case 'len': {
      const v = a[0];
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (typeof v === 'object' && v !== null && (s.raw || goMeta(v)?.kind !== 'struct')) return Object.keys(v).length;
      throw new CallError(`len of type ${goTypeName(v, s.raw)}`);
    }
    case 'index': return index(s, a[0], a.slice(1));
    case 'not': return !goTruth(a[0]);
    case 'and': { for (const v of a) if (!goTruth(v)) return v; return a[a.length - 1]; }
    case 'or': { for (const v of a) if (goTruth(v)) return v; return a[a.length - 1]; }
    case 'eq': return a.slice(1).some((b) => { basic(a[0], b); return a[0] === b; });
    case 'ne': basic(a[0], a[1]); return a[0] !== a[1];
    case 'lt': case 'le': case 'gt': case 'ge': {
      basic(a[0], a[1]);
      const [x, y] = a as [number | string, number | string];
      return name === 'lt' ? x < y : name === 'le' ? x <= y : name === 'gt' ? x > y : x >= y;
    }
    case 'print': return a.map((v, i) => (i > 0 && typeof v !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + goPrint(v, s.raw, 0, true)).join('');
    case 'println': return `${a.map((v) => goPrint(v, s.raw, 0, true)).join(' ')}\n`;
    case 'printf': return sprintf(s, str(s, a[0]), a.slice(1));
  }
  throw new CallError(`function "${name}" not defined`);
}

function index(s: Scope, item: unknown, keys: unknown[]): unknown {
  let v = item;
  for (const k of keys) {
    if (v === null || v === undefined) throw new CallError('index of untyped nil');
    const meta = goMeta(v);
    if (Array.isArray(v)) {
      const i = int(s, k);
      if (i < 0 || i >= v.length) throw new CallError(`index out of range: ${i}`);
      v = v[i];
    } else if (meta?.kind === 'nil') {
      if (meta.text === '[]') throw new CallError(`index out of range: ${String(k)}`);
      v = null;
    } else if (typeof v === 'object' && (s.raw || meta?.kind === 'map')) {
      if (typeof k !== 'string') throw new CallError(`value has type ${goTypeName(k, s.raw)}; should be string`);
      if (!s.raw && meta?.kind === 'map' && meta.keyType !== 'string') {
        throw new CallError(`value has type string; should be ${meta.keyType}`);
      }
      const obj = v as Record<string, unknown>;
      v = Object.hasOwn(obj, k) ? obj[k] : s.raw || meta?.kind !== 'map' ? null : meta.zero;
    } else throw new CallError(`can't index item of type ${goTypeName(v, s.raw)}`);
  }
  return v;
}

function sprintf(s: Scope, format: string, args: unknown[]): string {
  let n = 0;
  return format.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([%vsdqtx])/g, (m, flags: string, width: string, _prec, verb: string) => {
    if (verb === '%') return '%';
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const v = args[n++];
    let out: string;
    if (verb === 'q') out = JSON.stringify(typeof v === 'string' ? v : goPrint(v, s.raw, 0, true));
    else if (verb === 'd' && typeof v !== 'number') out = `%!d(${goTypeName(v, s.raw)}=${goPrint(v, s.raw, 0, true)})`;
    else if (verb === 'x' && typeof v === 'number') out = v.toString(16);
    else out = goPrint(v, s.raw, 0, true);
    const w = Number(width || 0);
    return flags.includes('-') ? out.padEnd(w) : out.padStart(w, flags.includes('0') && verb === 'd' ? '0' : ' ');
  });
}

function walk(s: Scope, dot: unknown, nodes: TNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.t === 'text') {
      out.push(node.text);
      continue;
    }
    const mark = s.vars.length;
    if (node.t === 'action') {
      const v = pipeline(s, dot, node.pipe);
      if (node.pipe.decl.length === 0) out.push(goPrint(v, s.raw));
      continue;
    }
    const decl = node.t === 'range' ? node.pipe.decl : [];
    const v = pipeline(s, dot, { ...node.pipe, decl: [] });
    if (node.t === 'range') {
      const entries = rangeEntries(s, v, node);
      for (const [k, e] of entries) {
        if (decl.length === 1) s.vars.push({ name: decl[0]!, value: e });
        if (decl.length === 2) s.vars.push({ name: decl[0]!, value: k }, { name: decl[1]!, value: e });
        walk(s, e, node.list, out);
        s.vars.length = mark;
      }
      if (entries.length === 0 && node.elseList) walk(s, dot, node.elseList, out);
    } else {
      for (const name of node.pipe.decl) s.vars.push({ name, value: v });
      if (goTruth(v)) walk(s, node.t === 'with' ? v : dot, node.list, out);
      else if (node.elseList) walk(s, dot, node.elseList, out);
    }
    s.vars.length = mark;
  }
}

function rangeEntries(s: Scope, v: unknown, node: Extract<TNode, { t: 'range' }>): [unknown, unknown][] {
  if (Array.isArray(v)) return v.map((e, i) => [i, e]);
  if (v === null || v === undefined || v === MISSING || goMeta(v)?.kind === 'nil') return [];
  if (typeof v === 'object' && (s.raw || goMeta(v)?.kind === 'map')) {
    const obj = v as Record<string, unknown>;
    return Object.keys(obj).sort().map((k) => [k, obj[k]]);
  }
  return errorAt(s, node.pipe.pos, `{{range ${pipeString(node.pipe)}}}`, `range can't iterate over ${goPrint(v, s.raw)}`);
}

function run(tpl: Template, value: unknown, raw: boolean): string {
  const s: Scope = { src: tpl.source, raw, vars: [{ name: '$', value }] };
  const out: string[] = [];
  walk(s, value, tpl.root, out);
  return out.join('');
}

/**
 * Runs `tpl` over the typed record; on failure reruns over its raw JSON (`missingkey=error`).
 * Throws ExecError with the raw run's Go text.
 */
export function executeTemplate(tpl: Template, value: unknown): string {
  try {
    return run(tpl, value, false);
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    const raw: unknown = JSON.parse(goJson(value, '', { escapeHTML: false }));
    return run(tpl, raw, true);
  }
}
