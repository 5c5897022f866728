/**
 * A step's hint: its solution lines as the panel shows and runs them. The lines are lab-script
 * lines (src/sim/lab/script.ts): a transcript prompt picks the machine and is stripped, a
 * here-document's body becomes the line's standard input. A line without a prompt runs on the
 * machine of the line before it in the same step, or the lab's first machine, as the guided labs'
 * own `linesToEntries` reads a solution: pressing Run on every hint in turn does what the
 * reference solution does.
 */
import { parseScript } from '../../sim/lab/script';

export interface HintLine {
  /** The command, its prompt stripped: what the hint shows and runs. */
  command: string;
  /** The machine it runs on (a hostname). */
  host: string;
  /** The body of a here-document, given to the command as standard input. */
  stdin?: string;
  /**
   * The line was copied from inside a container or namespace shell (`/ # ping c2`): it is shown
   * but not run as a gesture, which always types into a host shell.
   */
  inShell?: true;
}

/** Prompts of shells inside containers (BusyBox `/ # `, Debian `root@abc:/# `), as script.ts reads them. */
const CONTAINER_PROMPT = /^(?:\/ #|root@[\w.-]+:[^#]*#)\s?/;

/** The hints of a guided lab's steps (each step's solution lines); `firstHost` is the lab's first machine. */
export function hintLines(steps: readonly (readonly string[])[], firstHost: string): HintLine[][] {
  return steps.map((lines) => {
    let host = firstHost;
    const text = lines.join('\n');
    const raw = text.split(/\r?\n/);
    return parseScript(text).map((l) => {
      if (l.host !== undefined) host = l.host;
      return {
        command: l.command,
        host,
        ...(l.stdin !== undefined ? { stdin: l.stdin } : {}),
        ...(CONTAINER_PROMPT.test((raw[l.line - 1] ?? '').trim()) ? { inShell: true as const } : {}),
      };
    });
  });
}
