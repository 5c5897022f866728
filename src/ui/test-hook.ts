/**
 * Test hook: `window.__playground`, installed in development AND production builds so Playwright
 * can read the canvas graph, which has no DOM to query (Cytoscape's own e2e tests read
 * `window.cy` the same way). Not an API for users; see docs/testing.md.
 *
 * - `getWorld()`: the current World (plain data).
 * - `isReady()`: the shell's code has loaded, the lab to start with is open and the graph is drawn
 *   (wait for it after `goto`).
 * - `runCommand(line)`: runs a line as the terminal would (without echoing it in the terminal).
 * - `runGesture(line)`: runs a line as a UI gesture does (the terminal echoes it).
 * - `getLog()`: the command log; `getPlayback()`: the trace on the graph and its explanation.
 * - `cy`: the live Cytoscape instance, or null before the graph mounts.
 * - `failRender(pane)`: makes a pane throw when it next draws, until its "Try again" is clicked,
 *   to test the error boundaries (layout/ErrorBoundary.tsx). Panes: `graph`, `inspector`,
 *   `palette`, `terminal`, `trace`, `guide`, `help`, `gallery`, `labs-dialog`, `gestures`, and `app` (the whole page). False when
 *   that pane is not on the page (hidden, or not opened yet).
 */
import type { Core } from 'cytoscape';
import type { World } from '../sim';
import { usePlayground, type CommandOutcome, type LogEntry, type Playback } from '../store';
import { getCy } from './graph/cy-context';
import { failRender } from './layout/ErrorBoundary';

export interface PlaygroundTestHook {
  getWorld: () => World;
  /** The shell has loaded and the graph is drawn: commands and clicks work. */
  isReady: () => boolean;
  runCommand: (line: string) => CommandOutcome;
  /** Runs a line as a UI gesture would (the active terminal echoes it). */
  runGesture: (line: string) => CommandOutcome;
  /** The command log (typed lines and gestures). */
  getLog: () => LogEntry[];
  /** The trace being played (the last click-to-probe), with its explanation. */
  getPlayback: () => Playback | null;
  readonly cy: Core | null;
  /** Makes `pane` throw when it next draws (until "Try again"); false when it is not on the page. */
  failRender: (pane: string) => boolean;
}

declare global {
  interface Window {
    __playground?: PlaygroundTestHook;
  }
}


export function installTestHook(target: Window = window): void {
  target.__playground = {
    getWorld: () => usePlayground.getState().world,
    isReady: () => usePlayground.getState().shellReady && usePlayground.getState().labReady && getCy() !== null,
    runCommand: (line) => usePlayground.getState().runCommand(line),
    runGesture: (line) => usePlayground.getState().runCommand(line, { origin: 'gesture' }),
    getLog: () => usePlayground.getState().log,
    getPlayback: () => usePlayground.getState().playback,
    failRender,
    get cy() {
      return getCy();
    },
  };
}
