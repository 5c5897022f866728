/**
 * Loads the guided labs (start.ts and every lab's data) in a chunk of their own, the first time
 * the gallery or the panel needs them: the first page load does not carry them. Also the panel's
 * live evaluation, scheduled off the typing path.
 */
import { useEffect, useState } from 'react';
import { usePlayground } from '../../store';
import type * as StartModule from './start';
import type { GuidedLab, Progress } from './start';

export type GuideCore = typeof StartModule;

let core: GuideCore | null = null;
let loading: Promise<GuideCore> | null = null;

/** Loads the guided labs; a failed load (network) may be tried again. */
export function loadGuideCore(): Promise<GuideCore> {
  loading ??= import('./start').then(
    (m) => (core = m),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The loaded guided labs, or null while they load; `failed` when the chunk could not be fetched. */
export function useGuideCore(wanted = true): { core: GuideCore | null; failed: boolean; retry: () => void } {
  const [loaded, setLoaded] = useState<GuideCore | null>(core);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!wanted || loaded) return;
    let live = true;
    loadGuideCore().then(
      (m) => live && setLoaded(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [wanted, loaded, attempt]);
  return {
    core: loaded,
    failed,
    retry: () => {
      setFailed(false);
      setAttempt((n) => n + 1);
    },
  };
}

/** Set when a guided lab is started from the gallery: the panel takes the focus when it shows it. */
export const focusRequest = { panel: false };

/** Runs `fn` when the browser is idle (within `timeout` ms); returns a cancel function. */
function whenIdle(fn: () => void, timeout: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const h = requestIdleCallback(fn, { timeout });
    return () => cancelIdleCallback(h);
  }
  const t = setTimeout(fn, 0);
  return () => clearTimeout(t);
}

/** User Timing name of one evaluation of a guided lab's checks (`performance.getEntriesByName`). */
export const EVALUATE_MEASURE = 'guide-evaluate';

/**
 * The lab's checks, evaluated on the store's World and log whenever either changes. The checks
 * run probes through the simulator, so they run when the browser is idle, at most once per burst
 * of lines, never inside the keystroke or the gesture that changed the World.
 */
export function useGuideProgress(c: GuideCore | null, lab: GuidedLab | undefined): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!c || !lab) return;
    let cancel: (() => void) | null = null;
    const run = () => {
      cancel = null;
      const { world, log } = usePlayground.getState();
      const t0 = performance.now();
      const p = c.progressOf(lab, world, log);
      performance.measure(EVALUATE_MEASURE, { start: t0, end: performance.now() });
      setProgress(p);
    };
    const schedule = () => {
      cancel ??= whenIdle(run, 250);
    };
    schedule();
    const stop = usePlayground.subscribe((s, prev) => {
      if (s.log !== prev.log || s.world !== prev.world) schedule();
    });
    return () => {
      stop();
      cancel?.();
    };
  }, [c, lab]);
  return progress;
}
