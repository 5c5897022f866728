/**
 * The terminal slice: each terminal tab's plain-text transcript (what its screen would show with
 * no control sequences, the line being edited left out). The xterm.js views draw the same text;
 * the transcripts feed the page's accessible mirror, the e2e tests, and a view re-created after
 * its pane was closed.
 *
 * Gesture echo: a UI gesture runs in a tab (world slice, `origin: 'gesture'`) and its terminal
 * shows it as if typed. `echoGestures(tab)` appends to the tab's transcript every gesture entry of
 * that tab the transcript does not hold yet and returns them, so the view draws them too; a view
 * that was not mounted catches up when it is.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import type { LogEntry, TerminalId } from './world';

/** What a new tab prints before its first prompt. */
export const GREETING = '# A simulated Linux host with Docker. Try: docker run -d --name c1 busybox sleep 1d\n';

/** Old lines are dropped past this many characters, like a terminal's scrollback. */
const MAX_TRANSCRIPT = 200_000;

export interface TerminalSlice {
  transcripts: Record<TerminalId, string>;
  /** Per tab, how much of the command log its transcript accounts for (an index into `log`). */
  echoed: Record<TerminalId, number>;
  /** Appends to a tab's transcript (the active tab's by default). */
  appendTranscript: (text: string, terminal?: TerminalId) => void;
  clearTranscript: (terminal?: TerminalId) => void;
  /** Writes the tab's gesture entries (and lines typed for it in another tab) not echoed yet into its transcript and returns them. */
  echoGestures: (terminal: TerminalId) => LogEntry[];
  /** Drops a closed tab's transcript. */
  forgetTerminal: (terminal: TerminalId) => void;
}

export function capped(text: string): string {
  if (text.length <= MAX_TRANSCRIPT) return text;
  const cut = text.indexOf('\n', text.length - MAX_TRANSCRIPT);
  return text.slice(cut + 1);
}

/** What a gesture adds to a transcript that ends at its prompt: the command, its output, the next prompt. */
export const gestureText = (e: LogEntry): string => `${e.command}\n${e.output}${e.promptAfter}`;

export const createTerminalSlice: StateCreator<PlaygroundState, [], [], TerminalSlice> = (set, get) => ({
  transcripts: {},
  echoed: {},
  appendTranscript: (text, terminal) =>
    set((s) => {
      const id = terminal ?? s.activeTerminal;
      return { transcripts: { ...s.transcripts, [id]: capped((s.transcripts[id] ?? '') + text) } };
    }),
  clearTranscript: (terminal) => set((s) => ({ transcripts: { ...s.transcripts, [terminal ?? s.activeTerminal]: '' } })),
  echoGestures: (terminal) => {
    const { log, echoed, transcripts } = get();
    const from = echoed[terminal] ?? 0;
    if (from >= log.length) return [];
    const entries = log.slice(from).filter((e) => e.terminal === terminal && (e.origin === 'gesture' || e.echo));
    const text = entries.map(gestureText).join('');
    set({
      echoed: { ...echoed, [terminal]: log.length },
      ...(text ? { transcripts: { ...transcripts, [terminal]: capped((transcripts[terminal] ?? '') + text) } } : {}),
    });
    return entries;
  },
  forgetTerminal: (terminal) =>
    set((s) => {
      const transcripts = { ...s.transcripts };
      const echoed = { ...s.echoed };
      delete transcripts[terminal];
      delete echoed[terminal];
      return { transcripts, echoed };
    }),
});

/** The active tab's transcript. */
export const selectTranscript = (s: PlaygroundState): string => s.transcripts[s.activeTerminal] ?? '';

export const selectTabTranscript =
  (terminal: TerminalId) =>
  (s: PlaygroundState): string =>
    s.transcripts[terminal] ?? '';
