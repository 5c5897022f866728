/**
 * The inspector's data: an element's facts as titled sections, each the output of one command
 * run in the host's shell (or a fact in words), plus a few header fields.
 *
 * Facts come in two steps: a plan, cheap and read straight from the World (what the element is,
 * which commands tell about it), and each section's `run`, which executes its command. The UI
 * runs only the sections that are open, so a folded `docker ps` on a big lab costs nothing.
 */
import type { Host, World } from '../../sim';
import { runOn } from './places';

export type FactKind = 'host' | 'container' | 'netns' | 'bridge' | 'iface' | 'link' | 'port' | 'internet' | 'lan' | 'overlay';

/** What running a section's command gave. */
export interface FactResult {
  output: string;
  exitCode: number;
  /** A note that depends on the output (`docker port` printed nothing). */
  note?: string;
}

export interface SectionPlan {
  /** Stable per kind of element: `ip-a`, `routes`, `nat`, ... (test ids and fold state). */
  slug: string;
  title: string;
  /** The exact line that prints the output in the host's terminal; absent for a fact in words. */
  command?: string;
  /** Why the output looks the way it does (a tool missing in the image, where a peer lives). */
  note?: string;
  /** The output is a table aligned with tabs or spaces: never wrapped, so its columns stay. */
  table?: boolean;
  /** Starts folded: long, or slow to run on a big lab (the user opens it on demand). */
  folded?: boolean;
  run: () => FactResult;
}

/** A section with its command run. */
export interface FactSection extends Omit<SectionPlan, 'run'> {
  output: string;
  exitCode: number;
}

export interface FactField {
  label: string;
  value: string;
}

interface FactsHead {
  kind: FactKind;
  title: string;
  /** What the element is, in a few words (`container`, `bridge of Docker network net1`). */
  subtitle: string;
  fields: FactField[];
  /** The selection did not resolve (its element is gone): these are its host's facts. */
  stale?: boolean;
}

export interface FactsPlan extends FactsHead {
  sections: SectionPlan[];
}

export interface InspectorFacts extends FactsHead {
  sections: FactSection[];
}

/** Tools whose output is a column table (brctl(8), docker CLI tables, hosts(5)). */
const TABLES = /(^| )(brctl show|docker ps|docker network ls|cat \/etc\/hosts)( |$)/;

/**
 * A section from one command run in `host`'s shell; `finish` may reshape what it printed (cut
 * the part of `docker inspect` that matters, add a note about an empty output).
 */
export function section(
  world: World,
  host: Host,
  slug: string,
  title: string,
  line: string,
  note?: string,
  finish?: (r: FactResult) => FactResult,
): SectionPlan {
  const run = (): FactResult => {
    const { output, exitCode } = runOn(world, host, line);
    return finish ? finish({ output, exitCode }) : { output, exitCode };
  };
  return { slug, title, command: line, ...(note ? { note } : {}), ...(TABLES.test(line) ? { table: true } : {}), run };
}

/** A section with no command: a fact in words. */
export function wordsSection(slug: string, title: string, note: string): SectionPlan {
  return { slug, title, note, run: () => ({ output: '', exitCode: 0 }) };
}

/** Runs a planned section's command. */
export function runSection(plan: SectionPlan): FactSection {
  const { run, ...rest } = plan;
  const r = run();
  const note = [rest.note, r.note].filter(Boolean).join(' ');
  return { ...rest, output: r.output, exitCode: r.exitCode, ...(note ? { note } : {}) };
}
