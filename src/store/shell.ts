/**
 * The shell (`execute` and every tool behind it) is the largest part of the core, and the first
 * picture does not need it: it loads in its own chunk right after the page starts, and everything
 * that runs commands asks for it here. `shellNow()` is null only for the first moments.
 */
import type { execute as ExecuteFn } from '../sim/shell/execute';

export type Execute = typeof ExecuteFn;

let loaded: Execute | null = null;
let loading: Promise<Execute> | null = null;

export function loadShell(): Promise<Execute> {
  loading ??= import('../sim/shell/execute').then((m) => {
    loaded = m.execute;
    return m.execute;
  });
  return loading;
}

export function shellNow(): Execute | null {
  return loaded;
}
