/**
 * A transcript pasted into a terminal: lines that start with a prompt, as lab scripts have them
 * (sim/lab/script.ts, the one rule): `[root@docker-node2 ~]# CMD` runs CMD on docker-node2's shell
 * and picks that machine for the next lines of the paste, `/ # CMD` or `~]# CMD` runs CMD where
 * the paste is. A line without a prompt is the line itself.
 */
import { parseScript } from '../../sim/lab/script';

export interface RoutedLine {
  /** The machine a `[user@HOST …]#` prompt names. */
  host?: string;
  /** The line without its prompt. */
  command: string;
}

/** The line without its transcript prompt, and the machine the prompt names; undefined when it has no prompt. */
export function routeLine(text: string): RoutedLine | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('#')) return undefined;
  const [l, ...more] = parseScript(trimmed);
  if (!l || more.length > 0) return undefined;
  if (l.host === undefined && l.command === trimmed) return undefined;
  return { ...(l.host !== undefined ? { host: l.host } : {}), command: l.command };
}
