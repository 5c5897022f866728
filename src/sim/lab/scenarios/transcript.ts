/**
 * Expectation files: a seed transcript cut into steps. A line opening with a prompt
 * (`[root@docker-node1 vagrant]# CMD`, `[vagrant@localhost ~]$ CMD`, `~]# CMD`) is a command; the
 * lines up to the next prompt are what the seed shows it printing. Lines opening with `@@` are
 * directives for the next command and never output:
 *
 *   @@ note: TEXT      why the step differs from the seed (kept with the step, printed on failure)
 *   @@ setup: TEXT     a step the seed implies but does not show (not compared; must exit 0)
 *   @@ match MODE      how the output is compared (normalize.ts; `exact` by default)
 *   @@ exit N|any      the exit status (0 by default)
 */
import {
  blockName,
  canonicalJson,
  isElision,
  isGoIndentedJson,
  maskText,
  missingInOrder,
  splitBlocks,
  tableCells,
  tableLayoutErrors,
  type MatchMode,
} from './normalize';

export interface ExpectedStep {
  command: string;
  /** The prompt as written, so a script can be rebuilt from the expectation. */
  prompt: string;
  output: string;
  mode: MatchMode;
  exit: number | 'any';
  setup?: string;
  notes: string[];
  /** 1-based line of the command in the file. */
  line: number;
  /** The body of a here-document (`cat > f <<EOF`), as script.ts passes it. */
  stdin?: string;
}

const PROMPT = /^(\[[^@\]\s]+@[^\s\]]+[^\]]*\][#$]\s?|~\]#\s?)(.*)$/;
const HEREDOC = /<<-?\s*(['"]?)(\w+)\1\s*$/;
const MODES: MatchMode[] = ['exact', 'prefix', 'lines', 'blocks', 'table', 'words', 'json', 'none'];

export function parseExpectations(text: string): ExpectedStep[] {
  const steps: ExpectedStep[] = [];
  let pending: Omit<ExpectedStep, 'command' | 'prompt' | 'output' | 'line'> = { mode: 'exact', exit: 0, notes: [] };
  let current: ExpectedStep | undefined;
  let body: { tag: string; lines: string[] } | undefined;
  text.split('\n').forEach((raw, i) => {
    if (body && current) {
      if (raw.trim() === body.tag) {
        current.stdin = body.lines.map((l) => `${l}\n`).join('');
        body = undefined;
      } else body.lines.push(raw);
      return;
    }
    const d = /^@@ (\w+):? ?(.*)$/.exec(raw);
    if (d) {
      current = undefined;
      const [, key, arg = ''] = d;
      if (key === 'note') pending.notes.push(arg);
      else if (key === 'setup') pending = { ...pending, setup: arg, mode: 'none' };
      else if (key === 'exit') pending.exit = arg === 'any' ? 'any' : Number(arg);
      else if (key === 'match' && MODES.includes(arg as MatchMode)) pending.mode = arg as MatchMode;
      else throw new Error(`line ${i + 1}: unknown directive ${raw}`);
      return;
    }
    const p = PROMPT.exec(raw);
    if (p) {
      current = { ...pending, prompt: p[1]!, command: p[2]!.trim(), output: '', line: i + 1 };
      steps.push(current);
      const h = HEREDOC.exec(current.command);
      if (h) body = { tag: h[2]!, lines: [] };
      pending = { mode: 'exact', exit: 0, notes: [] };
      return;
    }
    if (current) current.output += `${raw}\n`;
    else if (raw.trim() !== '') throw new Error(`line ${i + 1}: output before any command: ${raw}`);
  });
  return steps;
}

/** The commands of an expectation file as a lab script (prompts kept, so hosts are chosen alike). */
export function scriptOf(steps: ExpectedStep[]): string {
  return steps
    .map((s) => {
      const tag = HEREDOC.exec(s.command)?.[2];
      return `${s.prompt}${s.command}\n${tag !== undefined ? `${s.stdin ?? ''}${tag}\n` : ''}`;
    })
    .join('');
}

export interface Verdict {
  /** What the seed shows, and what the simulator printed, both masked: equal when the step passes. */
  want: string;
  got: string;
  /** Other breaches (the CLI table layout, JSON indentation). */
  problems: string[];
}

/** Compares one step's output with the seed's, in the step's mode. */
export function judge(step: ExpectedStep, actual: string): Verdict {
  const want = maskText(step.output).filter((l) => !isElision(l));
  const got = maskText(actual);
  const text = (lines: string[]) => lines.join('\n');
  switch (step.mode) {
    case 'none':
      return { want: '', got: '', problems: [] };
    case 'exact':
      return { want: text(want), got: text(got), problems: [] };
    case 'prefix':
      return { want: text(want), got: text(got.slice(0, want.length)), problems: [] };
    case 'lines': {
      const missing = missingInOrder(want, got);
      return { want: text(want), got: missing.length ? text(got) : text(want), problems: [] };
    }
    case 'words': {
      const squeeze = (ls: string[]) => text(ls.map((l) => l.trim().replace(/\s+/g, ' ')));
      return { want: squeeze(want), got: squeeze(got), problems: [] };
    }
    case 'blocks': {
      const mine = splitBlocks(got);
      const theirs = splitBlocks(want);
      const shown = theirs.map((b) => {
        const same = mine.find((m) => text(m) === text(b));
        return same ?? mine.find((m) => blockName(m) === blockName(b)) ?? [`<no ${blockName(b)} block>`];
      });
      return { want: theirs.map(text).join('\n'), got: shown.map(text).join('\n'), problems: [] };
    }
    case 'table': {
      const layout = tableLayoutErrors(actual);
      return { want: tableCells(step.output), got: tableCells(actual), problems: layout };
    }
    case 'json': {
      let got2: string;
      try {
        got2 = canonicalJson(actual);
      } catch {
        got2 = actual;
      }
      return {
        want: canonicalJson(step.output),
        got: got2,
        problems: isGoIndentedJson(actual) ? [] : ['not laid out as the CLI prints JSON (4-space indent)'],
      };
    }
  }
}
