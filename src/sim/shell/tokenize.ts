/**
 * A POSIX-shell-like tokenizer: words with '…', "…" and \ escapes, `#` comments, and the
 * separators `;`, `&&`, `||`, `|`, with `>`/`>>` redirections kept as their own tokens.
 */
export type Token = { kind: 'word'; value: string } | { kind: 'op'; value: ';' | '&&' | '||' | '|' | '>' | '>>' };

export class ParseError extends Error {}

export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = () => {
    if (word !== null) out.push({ kind: 'word', value: word });
    word = null;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      flush();
      i++;
    } else if (c === '#' && word === null) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ParseError("unexpected EOF while looking for matching `''");
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) {
          s += line[j + 1];
          j += 2;
        } else {
          s += line[j];
          j++;
        }
      }
      if (j >= line.length) throw new ParseError('unexpected EOF while looking for matching `"\'');
      word = (word ?? '') + s;
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < line.length) word = (word ?? '') + line[i + 1];
      i += 2;
    } else if (c === ';') {
      flush();
      out.push({ kind: 'op', value: ';' });
      i++;
    } else if (c === '&' && line[i + 1] === '&') {
      flush();
      out.push({ kind: 'op', value: '&&' });
      i += 2;
    } else if (c === '|') {
      flush();
      if (line[i + 1] === '|') {
        out.push({ kind: 'op', value: '||' });
        i += 2;
      } else {
        out.push({ kind: 'op', value: '|' });
        i++;
      }
    } else if (c === '>') {
      flush();
      if (line[i + 1] === '>') {
        out.push({ kind: 'op', value: '>>' });
        i += 2;
      } else {
        out.push({ kind: 'op', value: '>' });
        i++;
      }
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return out;
}

export interface SimpleCommand {
  argv: string[];
  /** How this command joins the previous one. */
  join: ';' | '&&' | '||' | '|';
}

/** Splits tokens into simple commands. Redirections are returned on the command for the caller. */
export function splitCommands(tokens: Token[]): SimpleCommand[] {
  const cmds: SimpleCommand[] = [];
  let cur: SimpleCommand = { argv: [], join: ';' };
  for (const t of tokens) {
    if (t.kind === 'word') cur.argv.push(t.value);
    else if (t.value === '>' || t.value === '>>') cur.argv.push(t.value);
    else {
      if (cur.argv.length === 0) throw new ParseError(`syntax error near unexpected token \`${t.value}'`);
      cmds.push(cur);
      cur = { argv: [], join: t.value };
    }
  }
  if (cur.argv.length) cmds.push(cur);
  else if (cmds.length && cur.join !== ';') throw new ParseError('syntax error: unexpected end of file');
  return cmds;
}
