/**
 * The shell (`execute` and every tool behind it) and the probe explainer are the largest part of
 * the core, and the first picture needs neither: they load in their own chunks right after the page
 * starts, and everything that runs commands or explains probes asks for them here. `shellNow()` and
 * `explainNow()` are null only for the first moments (`shellReady` in the store says when).
 */
import type { execute as ExecuteFn } from '../sim/shell/execute';
import type * as ExplainModule from '../sim/packet/explain';
import type * as LabModule from '../sim/lab/lab';

export type Execute = typeof ExecuteFn;
export type Explain = typeof ExplainModule;
/** runLine, replay, createLabWorld: the lab core, on top of the shell. */
export type LabCore = typeof LabModule;

let loaded: Execute | null = null;
let explain: Explain | null = null;
let labCore: LabCore | null = null;
let loading: Promise<Execute> | null = null;

/**
 * Resolves once the page is idle (the first picture is drawn), or after `timeout` ms at the latest:
 * what loads after it does not compete with the first render for the main thread.
 */
export function afterFirstPaint(timeout = 1500): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 0);
  });
}

export function loadShell(): Promise<Execute> {
  loading ??= afterFirstPaint()
    .then(() => Promise.all([import('../sim/shell/execute'), import('../sim/packet/explain'), import('../sim/lab/lab')]))
    .then(([m, e, l]) => {
      explain = e;
      labCore = l;
      loaded = m.execute;
      return m.execute;
    });
  return loading;
}

export function shellNow(): Execute | null {
  return loaded;
}

/** probeCommand, explainResult, joinTraces, ...: loaded with the shell. */
export function explainNow(): Explain | null {
  return explain;
}

/** The lab core (run a line in a shell, replay a log): loaded with the shell. */
export function labCoreNow(): LabCore | null {
  return labCore;
}
