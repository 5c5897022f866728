/**
 * The live Cytoscape instance, for the features that attach their own handlers to it (gestures,
 * click-to-probe, the packet overlay, the inspector's selection). GraphView owns its life.
 */
import { useSyncExternalStore } from 'react';
import type { Core } from 'cytoscape';

let current: Core | null = null;
const listeners = new Set<() => void>();

export function setCy(cy: Core | null): void {
  current = cy;
  for (const l of listeners) l();
}

export function getCy(): Core | null {
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The Cytoscape instance (null before the graph mounts); re-renders when it changes. */
export function useCy(): Core | null {
  return useSyncExternalStore(subscribe, getCy, getCy);
}
