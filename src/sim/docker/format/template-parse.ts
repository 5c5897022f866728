/**
 * A parser for the subset of Go's text/template that `docker inspect -f` users write: fields and
 * chains (`.A.B`), variables (`$`, `$v.A`, `:=`), pipes, parenthesised pipelines, literals,
 * function calls, `if`/`else if`/`else`, `with`, `range` (with `$i, $e :=`), comments and trim
 * markers. Positions and error texts follow text/template/parse (Go 1.13–1.19, docker 20.10).
 */
import { SPACE, TemplateError, fail, lexAction, unquote, type Tok } from './template-lex';

export { TemplateError };

export interface Pipe {
  pos: number;
  decl: string[];
  cmds: Command[];
}

export interface Command {
  pos: number;
  args: Arg[];
}

export type Arg =
  | { t: 'field'; pos: number; names: string[] }
  | { t: 'var'; pos: number; name: string; names: string[] }
  | { t: 'dot'; pos: number }
  | { t: 'ident'; pos: number; name: string }
  | { t: 'string'; pos: number; value: string; quoted: string }
  | { t: 'number'; pos: number; value: number; text: string }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'nil'; pos: number }
  | { t: 'pipe'; pos: number; pipe: Pipe }
  | { t: 'chain'; pos: number; node: Arg; names: string[] };

export interface Control<K extends 'if' | 'with' | 'range'> {
  t: K;
  pos: number;
  pipe: Pipe;
  list: TNode[];
  elseList: TNode[] | null;
}

export type TNode =
  | { t: 'text'; text: string }
  | { t: 'action'; pos: number; pipe: Pipe }
  | Control<'if'>
  | Control<'with'>
  | Control<'range'>;

export interface Template {
  source: string;
  root: TNode[];
  /** Names the executor may call; checked at parse time as Go does. */
  funcs: ReadonlySet<string>;
}

interface Action {
  toks: Tok[];
  pos: number;
}

class Parser {
  private i = 0;
  private toks: Tok[] = [];
  constructor(
    private readonly src: string,
    private readonly items: (string | Action)[],
    private readonly funcs: ReadonlySet<string>,
  ) {}

  private peek(): Tok {
    return this.toks[this.i]!;
  }

  private next(): Tok {
    return this.toks[this.i++]!;
  }

  /** Parses nodes until `{{end}}`/`{{else}}` (returned as the stopper) or the end of input. */
  list(item = 0): { nodes: TNode[]; stop: string | null; at: number; rest: Tok[] } {
    const nodes: TNode[] = [];
    for (let n = item; n < this.items.length; n++) {
      const it = this.items[n]!;
      if (typeof it === 'string') {
        if (it !== '') nodes.push({ t: 'text', text: it });
        continue;
      }
      this.toks = it.toks;
      this.i = 0;
      const first = this.peek();
      if (first.k === 'ident' && (first.v === 'end' || first.v === 'else')) {
        this.next();
        return { nodes, stop: first.v, at: n, rest: this.toks.slice(this.i) };
      }
      if (first.k === 'ident' && (first.v === 'if' || first.v === 'with' || first.v === 'range')) {
        this.next();
        const { node, at } = this.control(first.v, first.pos, n);
        nodes.push(node);
        n = at;
        continue;
      }
      const pipe = this.pipeline('command', true);
      nodes.push({ t: 'action', pos: first.pos, pipe });
    }
    return { nodes, stop: null, at: this.items.length, rest: [] };
  }

  private control(kind: 'if' | 'with' | 'range', pos: number, n: number): { node: TNode; at: number } {
    const pipe = this.pipeline(kind, kind === 'range');
    const body = this.list(n + 1);
    if (body.stop === null) fail(this.src, this.src.length, 'unexpected EOF');
    let elseList: TNode[] | null = null;
    let at = body.at;
    if (body.stop === 'else') {
      const rest = body.rest;
      if (rest[0]?.k === 'ident' && rest[0].v === 'if' && kind !== 'range') {
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}{{end}}` sharing the outer end.
        this.toks = rest;
        this.i = 1;
        const inner = this.control('if', rest[0].pos, body.at);
        return { node: { t: kind, pos, pipe, list: body.nodes, elseList: [inner.node] }, at: inner.at };
      }
      if (rest[0]?.k !== 'close') fail(this.src, rest[0]?.pos ?? 0, `unexpected ${JSON.stringify(rest[0]?.v ?? '')} in else`);
      const tail = this.list(body.at + 1);
      if (tail.stop !== 'end') fail(this.src, this.src.length, tail.stop === null ? 'unexpected EOF' : 'unexpected {{else}}');
      elseList = tail.nodes;
      at = tail.at;
    }
    return { node: { t: kind, pos, pipe, list: body.nodes, elseList }, at };
  }

  /** A pipeline up to `}}` (or `)` when nested). */
  private pipeline(context: string, allowDecl: boolean, nested = false): Pipe {
    const pos = this.peek().pos;
    const decl: string[] = [];
    if (allowDecl && this.peek().k === 'var') {
      const save = this.i;
      const names = [this.next().v];
      if (this.peek().k === 'comma' && context === 'range') {
        this.next();
        if (this.peek().k === 'var') names.push(this.next().v);
      }
      if (this.peek().k === 'declare') {
        this.next();
        decl.push(...names);
      } else this.i = save;
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.peek();
      if (t.k === 'close' || (nested && t.k === 'rparen')) {
        if (t.k === 'close' && nested) fail(this.src, t.pos, 'unclosed left paren');
        if (cmds.length === 0) fail(this.src, t.pos, `missing value for ${context}`);
        if (nested) this.next();
        return { pos, decl, cmds };
      }
      if (t.k === 'pipe') {
        if (cmds.length === 0) fail(this.src, t.pos, 'missing value for command');
        this.next();
        continue;
      }
      cmds.push(this.command());
    }
  }

  private command(): Command {
    const pos = this.peek().pos;
    const args: Arg[] = [];
    while (!['close', 'pipe', 'rparen'].includes(this.peek().k)) args.push(this.operand());
    if (args.length === 0) fail(this.src, pos, 'missing value for command');
    return { pos, args };
  }

  private operand(): Arg {
    const t = this.next();
    let node: Arg;
    switch (t.k) {
      case 'dot': node = { t: 'dot', pos: t.pos }; break;
      case 'var': node = { t: 'var', pos: t.pos, name: t.v, names: [] }; break;
      case 'field': node = { t: 'field', pos: t.pos, names: [t.v] }; break;
      case 'string': {
        const value = t.v.startsWith('`') ? t.v.slice(1, -1) : unquote(this.src, t.pos, t.v);
        node = { t: 'string', pos: t.pos, value, quoted: t.v };
        break;
      }
      case 'number': node = { t: 'number', pos: t.pos, value: Number(t.v), text: t.v }; break;
      case 'lparen': node = { t: 'pipe', pos: t.pos, pipe: this.pipeline('parenthesized pipeline', true, true) }; break;
      case 'ident':
        if (t.v === 'true' || t.v === 'false') node = { t: 'bool', pos: t.pos, value: t.v === 'true' };
        else if (t.v === 'nil') node = { t: 'nil', pos: t.pos };
        else if (!this.funcs.has(t.v)) fail(this.src, t.pos, `function "${t.v}" not defined`);
        else node = { t: 'ident', pos: t.pos, name: t.v };
        break;
      default:
        fail(this.src, t.pos, `unexpected "${t.v}" in operand`);
    }
    if (this.peek().k !== 'field' || !this.peek().adj) return node;
    // Go builds a chain whose position is that of the first trailing field.
    const chainPos = this.peek().pos;
    const names: string[] = [];
    while (this.peek().k === 'field' && this.peek().adj) names.push(this.next().v);
    if (node.t === 'field') return { t: 'field', pos: chainPos, names: [...node.names, ...names] };
    if (node.t === 'var') return { t: 'var', pos: chainPos, name: node.name, names };
    if (node.t === 'dot' || node.t === 'pipe' || node.t === 'ident') return { t: 'chain', pos: chainPos, node, names };
    return fail(this.src, chainPos, `unexpected . after term "${t.v}"`);
  }
}

/** Parses `source`; throws TemplateError with Go's text (`template: :1: function "foo" not defined`). */
export function parseTemplate(source: string, funcs: ReadonlySet<string>): Template {
  const items: (string | Action)[] = [];
  let i = 0;
  let text = '';
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    let p = open + 2;
    if (source[p] === '-' && SPACE.test(source[p + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      p += 2;
    }
    if (source.startsWith('/*', p)) {
      const close = source.indexOf('*/', p + 2);
      if (close < 0) fail(source, p, 'unclosed comment');
      const after = source.slice(close + 2);
      const m = /^( -)?}}/.exec(after);
      if (!m) fail(source, close, 'comment ends before closing delimiter');
      items.push(text);
      text = '';
      i = close + 2 + m[0].length;
      if (m[1]) i += /^[ \t\r\n]*/.exec(source.slice(i))![0].length;
      continue;
    }
    const { toks, end, trimRight } = lexAction(source, p);
    items.push(text, { toks, pos: open });
    text = '';
    i = end;
    if (trimRight) i += /^[ \t\r\n]*/.exec(source.slice(i))![0].length;
  }
  items.push(text);
  const parser = new Parser(source, items, funcs);
  const { nodes, stop, at } = parser.list();
  if (stop !== null) {
    const a = items[at] as Action;
    fail(source, a.pos, `unexpected {{${stop}}}`);
  }
  return { source, root: nodes, funcs };
}

/** Go's Node.String() for error contexts (`.A.B`, `$v.A`, `json`). */
export function argString(a: Arg): string {
  switch (a.t) {
    case 'field': return a.names.map((n) => `.${n}`).join('');
    case 'var': return a.name + a.names.map((n) => `.${n}`).join('');
    case 'dot': return '.';
    case 'ident': return a.name;
    case 'string': return a.quoted;
    case 'number': return a.text;
    case 'bool': return String(a.value);
    case 'nil': return 'nil';
    case 'pipe': return `(${pipeString(a.pipe)})`;
    case 'chain': return argString(a.node) + a.names.map((n) => `.${n}`).join('');
  }
}

export function pipeString(p: Pipe): string {
  const decl = p.decl.length > 0 ? `${p.decl.join(', ')} := ` : '';
  return decl + p.cmds.map((c) => c.args.map(argString).join(' ')).join(' | ');
}
