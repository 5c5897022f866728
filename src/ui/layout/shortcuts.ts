/**
 * Keyboard shortcuts of the page, in one table so the help overlay lists exactly what works.
 * They never fire while the user types in the terminal or a form field.
 */
import { useEffect } from 'react';
import { usePlayground } from '../../store';
import { useLabsUi } from '../labs/labs-ui';
import { exportPng, fitGraph } from './graph-actions';

export interface Shortcut {
  keys: string;
  what: string;
  /** Matches a keydown (no modifier unless stated). */
  match: (e: Keys) => boolean;
  run: () => void;
}

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

const plain = (key: string) => (e: Keys) => e.key === key && !e.ctrlKey && !e.metaKey && !e.altKey;

/** macOS names the modifier Cmd; elsewhere it is Ctrl. Either works everywhere. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || '');
export const MOD = IS_MAC ? '⌘' : 'Ctrl';

/** Ctrl (or Cmd) with `key` (case-insensitive: Shift makes it a capital), Shift as `shift` says. */
const withMod = (key: string, shift: boolean) => (e: Keys) =>
  (e.ctrlKey || e.metaKey) && !e.altKey && e.shiftKey === shift && e.key.toLowerCase() === key;

export const isUndoKey = withMod('z', false);
export const isRedoKey = (e: Keys): boolean => withMod('z', true)(e) || withMod('y', false)(e);

export const SHORTCUTS: Shortcut[] = [
  { keys: '?', what: 'Show or hide this help', match: plain('?'), run: () => usePlayground.getState().setHelpOpen(!usePlayground.getState().helpOpen) },
  { keys: 'P', what: 'Ping: pick a source, then a target', match: plain('p'), run: () => usePlayground.getState().setProbe({ kind: 'pick-source', tool: 'ping' }) },
  { keys: 'C', what: 'Curl: pick a source, then a target (port 80)', match: plain('c'), run: () => usePlayground.getState().setProbe({ kind: 'pick-source', tool: 'curl', port: 80 }) },
  {
    keys: 'Esc',
    what: 'Cancel picking, close help, clear the selection',
    match: plain('Escape'),
    run: () => {
      const s = usePlayground.getState();
      if (s.helpOpen) s.setHelpOpen(false);
      else if (s.probe.kind !== 'idle') s.setProbe({ kind: 'idle' });
      else s.select(null);
    },
  },
  { keys: `${MOD}+Z`, what: 'Undo the last command (a gesture\'s commands together)', match: isUndoKey, run: () => usePlayground.getState().undo() },
  { keys: `${MOD}+Shift+Z`, what: `Redo what was undone (also ${MOD}+Y)`, match: isRedoKey, run: () => usePlayground.getState().redo() },
  { keys: 'L', what: 'Open the labs: saved labs, export, import', match: plain('l'), run: () => useLabsUi.getState().openDialog('saved') },
  { keys: 'F', what: 'Fit the graph to the view', match: plain('f'), run: () => fitGraph() },
  {
    keys: 'T',
    what: 'Switch between the dark and light theme',
    match: plain('t'),
    run: () => {
      const s = usePlayground.getState();
      s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
    },
  },
  { keys: 'E', what: 'Export the graph as PNG', match: plain('e'), run: () => exportPng() },
  { keys: '[', what: 'Show or hide the palette', match: plain('['), run: () => usePlayground.getState().togglePanel('palette') },
  { keys: ']', what: 'Show or hide the inspector', match: plain(']'), run: () => usePlayground.getState().togglePanel('inspector') },
  { keys: '`', what: 'Focus the terminal (shows it if hidden)', match: plain('`'), run: () => focusTerminal() },
];

function focusTerminal(): void {
  const s = usePlayground.getState();
  if (s.collapsed.dock) s.togglePanel('dock');
  // The terminal mounts lazily; focus its input once it is there.
  const tryFocus = (left: number) => {
    const input = document.querySelector<HTMLTextAreaElement>('[data-testid="terminal"] .terminal-screen.is-active .xterm-helper-textarea');
    if (input) input.focus();
    else if (left > 0) setTimeout(() => tryFocus(left - 1), 50);
  };
  tryFocus(20);
}

/** True when a keydown belongs to something the user is typing in (a field, the terminal). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.xterm') !== null;
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      const hit = SHORTCUTS.find((s) => s.match(e));
      if (!hit) return;
      e.preventDefault();
      hit.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

