/**
 * The UI slice: what is selected, which panels are open, the theme, and the click-to-probe mode.
 * Nothing here touches the World; gestures turn into commands through the world slice.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import type { ProbeEndpoint, ProbeTool } from '../../sim';

export type Theme = 'dark' | 'light';
export type PanelName = 'palette' | 'inspector' | 'dock';

/** Click-to-probe: pick a source, then a target. */
export type ProbeMode =
  | { kind: 'idle' }
  | { kind: 'pick-source'; tool: ProbeTool; port?: number }
  | { kind: 'pick-target'; tool: ProbeTool; port?: number; source: ProbeEndpoint };

/** A short message shown over the canvas (a gesture's error, with the real error text). */
export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** The graph element it is about, if any (drawn next to it). */
  at?: string;
  /** A button beside the text (e.g. Undo after a lab was deleted). */
  action?: { label: string; run: () => void };
}

export interface UiSlice {
  /** The selected graph element id (`ns:…`, `if:…`, `host:…`), or null. */
  selected: string | null;
  theme: Theme;
  collapsed: Record<PanelName, boolean>;
  helpOpen: boolean;
  probe: ProbeMode;
  notice: Notice | null;
  select: (id: string | null) => void;
  setTheme: (theme: Theme) => void;
  togglePanel: (panel: PanelName) => void;
  setHelpOpen: (open: boolean) => void;
  setProbe: (mode: ProbeMode) => void;
  setNotice: (notice: Notice | null) => void;
}

function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem('dnp-theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export const createUiSlice: StateCreator<PlaygroundState, [], [], UiSlice> = (set) => ({
  selected: null,
  theme: initialTheme(),
  collapsed: { palette: false, inspector: false, dock: false },
  helpOpen: false,
  probe: { kind: 'idle' },
  notice: null,
  select: (id) => set({ selected: id }),
  setTheme: (theme) => {
    try {
      globalThis.localStorage?.setItem('dnp-theme', theme);
    } catch {
      // Storage may be disabled; the theme still applies to this page.
    }
    set({ theme });
  },
  togglePanel: (panel) => set((s) => ({ collapsed: { ...s.collapsed, [panel]: !s.collapsed[panel] } })),
  setHelpOpen: (open) => set({ helpOpen: open }),
  setProbe: (mode) => set({ probe: mode }),
  setNotice: (notice) => set({ notice }),
});

export const selectSelected = (s: UiSlice): string | null => s.selected;
export const selectTheme = (s: UiSlice): Theme => s.theme;
