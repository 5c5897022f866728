/**
 * One tab's screen. The xterm.js terminal and everything that drives it (shell-view.ts) load on
 * demand, the first time a terminal is shown. Inactive tabs stay mounted but invisible, keeping
 * their screen, scrollback and the line being edited.
 */
import { useEffect, useRef } from 'react';
import { usePlayground, whenLabReady, type TerminalId } from '../../store';
import { afterFirstPaint, loadShell } from '../../store/shell';
import type { ShellView } from './shell-view';

/** Tabs that have had a screen, and those whose screen had the focus when it was replaced. */
const seen = new Set<TerminalId>();
const hadFocus = new Set<TerminalId>();

/**
 * A tab's first screen takes the focus when its tab is active; a screen drawn anew (a lab opened,
 * undo) only when the one it replaces had it, so Ctrl+Z then Ctrl+Shift+Z stay with the page.
 */
export function TerminalView({ id, active }: { id: TerminalId; active: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const view = useRef<ShellView | null>(null);

  useEffect(() => {
    let disposed = false;
    // The prompt appears once the shell's code is there too, so nothing typed is refused.
    // The prompt also waits for the lab to start with (store: labReady), so no line is typed into a
    // World about to be replaced.
    void afterFirstPaint()
      .then(() => Promise.all([import('./shell-view'), loadShell(), whenLabReady()]))
      .then(([{ mountShell }]) => {
        const el = ref.current;
        if (disposed || !el) return;
        view.current = mountShell(el, id);
        const focus = !seen.has(id) || hadFocus.has(id);
        seen.add(id);
        hadFocus.delete(id);
        if (focus && usePlayground.getState().activeTerminal === id) view.current.focus();
      });
    const el = ref.current;
    return () => {
      disposed = true;
      if (view.current && el?.contains(document.activeElement)) hadFocus.add(id);
      view.current?.dispose();
      view.current = null;
    };
  }, [id]);

  useEffect(() => {
    if (!active) return;
    view.current?.fit();
    view.current?.focus();
  }, [active]);

  return (
    <div
      className={`terminal-screen${active ? ' is-active' : ''}`}
      ref={ref}
      role="tabpanel"
      aria-hidden={!active}
      data-testid={`terminal-screen-${id}`}
    />
  );
}
