/**
 * The guided labs' runtime in the browser: starting one (its starting lab opens as a new saved
 * lab; the one open before stays in Labs), links that start one (`#guide=docker0`), running a
 * hint's line as a gesture, and evaluating the steps' checks on the store's World and log.
 *
 * This module holds every guided lab, so nothing on the first page load imports it: the gallery
 * and the panel load it with `import()` (see core.ts), and so should the page's startup.
 */
import { evaluate, GUIDED_LABS, guidedLabStart } from '../../sim/lab/guided';
import type { CheckContext, GuidedLab } from '../../sim/lab/guided/types';
import type { World } from '../../sim';
import { usePlayground, whenLabReady, type LogEntry } from '../../store';
import { openAsNew } from '../../store/labs';
import { toLabEntries } from '../../store/slices/lab';
import { labCoreNow, loadShell } from '../../store/shell';
import { hintLines, type HintLine } from './hint';
import { plainText } from './text';

export { GUIDED_LABS };
export type { GuidedLab, HintLine };

export interface Progress {
  /** Each step's check, in order. */
  steps: boolean[];
  challenge: boolean;
}

const state = usePlayground.getState;

export function findGuide(id: string): GuidedLab | undefined {
  return GUIDED_LABS.find((l) => l.id === id);
}

/** How an id read from a link or storage is quoted back to the user: short and printable. */
const quoted = (id: string) => `"${id.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?').slice(0, 60)}${id.length > 60 ? '…' : ''}"`;

/**
 * Starts the guided lab `id`: opens its starting lab as a new saved lab (after saving the current
 * one) and follows it in the guide panel. An unknown id, or a shell still loading, only says so.
 */
export function startGuide(id: string): boolean {
  const lab = findGuide(id);
  if (!lab) {
    state().setNotice({ kind: 'error', text: `No guided lab called ${quoted(id)}. Open Guided labs to see them all.` });
    return false;
  }
  if (!labCoreNow()) {
    state().setNotice({ kind: 'error', text: 'The shell is still loading; try again in a moment.' });
    return false;
  }
  const hadWork = state().log.length > 0;
  if (!openAsNew(guidedLabStart(lab))) return false;
  const s = state();
  s.setGuide(lab.id);
  s.setGalleryOpen(false);
  const title = plainText(lab.title[s.guideLang]);
  s.setNotice({ kind: 'info', text: `Started the guided lab "${title}".${hadWork ? ' Your previous lab is in Labs.' : ''}` });
  return true;
}

const GUIDE_HASH = /^#guide=(.*)$/;

/** The guided lab a link names (`#guide=<id>`), or null when the hash is not such a link. */
export function guideIdFromHash(hash: string): string | null {
  const m = GUIDE_HASH.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

/**
 * Starts the guided lab a `#guide=<id>` link names; the link then leaves the address bar, so a
 * reload reopens the saved lab instead of a fresh copy. Returns false when the hash is not such a
 * link; an unknown id is reported (and the link left as it is).
 */
export async function guideFromHash(hash: string): Promise<boolean> {
  const id = guideIdFromHash(hash);
  if (id === null) return false;
  await loadShell();
  // After the lab to start with (startLabs), so the guide is not overwritten by it.
  await whenLabReady();
  if (startGuide(id)) history.replaceState(null, '', location.pathname + location.search);
  return true;
}

/** Each step's hint lines (the machine each runs on, its here-document). */
export function hintsOf(lab: GuidedLab): HintLine[][] {
  return hintLines(
    lab.steps.map((s) => s.solution),
    lab.hosts[0] ?? 'docker-node1',
  );
}

/**
 * Runs a hint's line as a gesture: in a host shell on its machine (the terminal echoes it). A
 * failure also shows as a notice with the tool's text, as other gestures' do.
 */
export function runHint(line: HintLine): boolean {
  const s = state();
  const host = s.world.hostOrder.find((h) => s.world.hosts[h]?.hostname === line.host);
  if (host === undefined) {
    s.setNotice({ kind: 'error', text: `This line runs on ${line.host}, which is not in this lab.` });
    return false;
  }
  s.setNotice(null);
  const out = s.runCommand(line.command, {
    origin: 'gesture',
    terminal: s.hostTerminal(host),
    ...(line.stdin !== undefined ? { stdin: line.stdin } : {}),
  });
  if (out.exitCode !== 0) {
    state().setNotice({ kind: 'error', text: out.output.trim() || `${line.command}: exit status ${out.exitCode}` });
    return false;
  }
  return true;
}

/** Log entries as checks see them; each is mapped once (the log only grows or is replaced). */
const mapped = new WeakMap<LogEntry, CheckContext['log'][number]>();

export function checkLog(log: readonly LogEntry[], world: World): CheckContext['log'] {
  return log.map((e) => {
    let m = mapped.get(e);
    if (!m) {
      const [entry] = toLabEntries([e], (x) => world.hosts[x.host]?.hostname ?? x.host);
      m = { entry: entry!, output: e.output, exitCode: e.exitCode };
      mapped.set(e, m);
    }
    return m;
  });
}

/** The lab's checks on the World and log now (a check that throws counts as not done). */
export function progressOf(lab: GuidedLab, world: World, log: readonly LogEntry[]): Progress {
  return evaluate(lab, world, checkLog(log, world));
}
