/**
 * The terminal slice: the plain-text transcript of the terminal (what the screen would show with
 * no control sequences). The xterm.js view draws the same text; the transcript feeds the page's
 * accessible mirror and the e2e tests.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';

/** Old lines are dropped past this many characters, like a terminal's scrollback. */
const MAX_TRANSCRIPT = 200_000;

export interface TerminalSlice {
  transcript: string;
  appendTranscript: (text: string) => void;
  clearTranscript: () => void;
}

export const createTerminalSlice: StateCreator<PlaygroundState, [], [], TerminalSlice> = (set) => ({
  transcript: '',
  appendTranscript: (text) =>
    set((s) => {
      const next = s.transcript + text;
      if (next.length <= MAX_TRANSCRIPT) return { transcript: next };
      const cut = next.indexOf('\n', next.length - MAX_TRANSCRIPT);
      return { transcript: next.slice(cut + 1) };
    }),
  clearTranscript: () => set({ transcript: '' }),
});

export const selectTranscript = (s: TerminalSlice): string => s.transcript;
