/**
 * Test hook: `window.__playground`, installed in development AND production builds so Playwright
 * can read the canvas graph, which has no DOM to query (Cytoscape's own e2e tests read
 * `window.cy` the same way). Not an API for users; see docs/testing.md.
 *
 * - `getWorld()`: the current World (plain data).
 * - `runCommand(line)`: runs a line as the terminal would (without echoing it in the terminal).
 * - `cy`: the live Cytoscape instance, or null before the graph mounts.
 */
import type { Core } from 'cytoscape';
import type { World } from '../sim';
import { usePlayground, type CommandOutcome } from '../store';

export interface PlaygroundTestHook {
  getWorld: () => World;
  runCommand: (line: string) => CommandOutcome;
  readonly cy: Core | null;
}

declare global {
  interface Window {
    __playground?: PlaygroundTestHook;
  }
}

let currentCy: Core | null = null;

/** GraphView registers its Cytoscape instance here (and null when it unmounts). */
export function registerCy(cy: Core | null): void {
  currentCy = cy;
}

export function installTestHook(target: Window = window): void {
  target.__playground = {
    getWorld: () => usePlayground.getState().world,
    runCommand: (line) => usePlayground.getState().runCommand(line),
    get cy() {
      return currentCy;
    },
  };
}
