/**
 * The playground's store: one zustand store built from slices (zustand's slices pattern), so each
 * slice stays small and testable. Components select what they need with the `selectX` helpers.
 *
 * Invariants: the store never computes networking; it hands lines to `execute` and keeps the
 * World it gets back. Actions are imperative (`runCommand`), selectors are `selectX`.
 */
import { create } from 'zustand';
import { createGuideSlice, type GuideSlice } from './slices/guide';
import { createLabSlice, type LabSlice } from './slices/lab';
import { createTerminalSlice, type TerminalSlice } from './slices/terminal';
import { createTraceSlice, type TraceSlice } from './slices/trace';
import { createUiSlice, type UiSlice } from './slices/ui';
import { createWorldSlice, type WorldSlice } from './slices/world';

export type PlaygroundState = WorldSlice & TerminalSlice & UiSlice & TraceSlice & LabSlice & GuideSlice;

export const usePlayground = create<PlaygroundState>()((...a) => ({
  ...createWorldSlice(...a),
  ...createTerminalSlice(...a),
  ...createUiSlice(...a),
  ...createTraceSlice(...a),
  ...createLabSlice(...a),
  ...createGuideSlice(...a),
}));

/** Resolves once the lab to start with is open (store/labs.ts startLabs): typing or a guide may begin. */
export function whenLabReady(): Promise<void> {
  if (usePlayground.getState().labReady) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = usePlayground.subscribe((s) => {
      if (!s.labReady) return;
      stop();
      resolve();
    });
  });
}

export { selectWorld, selectLog, selectPromptHost, selectPrompt } from './slices/world';
export type { LogEntry, CommandOutcome, RunOptions, TerminalId, TerminalTab } from './slices/world';
export { selectTranscript, GREETING } from './slices/terminal';
export { selectCanUndo, selectCanRedo } from './slices/lab';

export type { Position } from './slices/lab';
export type { GuideLang } from './slices/guide';
export { selectSelected, selectTheme } from './slices/ui';
export type { Theme, PanelName, ProbeMode, Notice } from './slices/ui';
export { selectPlayback } from './slices/trace';
export type { Playback } from './slices/trace';
