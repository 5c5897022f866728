/**
 * One tab's screen. The xterm.js terminal and everything that drives it (shell-view.ts) load on
 * demand, the first time a terminal is shown. Inactive tabs stay mounted but invisible, keeping
 * their screen, scrollback and the line being edited.
 */
import { useEffect, useRef } from 'react';
import { usePlayground, type TerminalId } from '../../store';
import { afterFirstPaint, loadShell } from '../../store/shell';
import type { ShellView } from './shell-view';

export function TerminalView({ id, active }: { id: TerminalId; active: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const view = useRef<ShellView | null>(null);

  useEffect(() => {
    let disposed = false;
    // The prompt appears once the shell's code is there too, so nothing typed is refused.
    // The prompt also waits for the lab to start with (store: labReady), so no line is typed into a
    // World about to be replaced.
    const labReady = new Promise<void>((resolve) => {
      if (usePlayground.getState().labReady) return resolve();
      const stop = usePlayground.subscribe((s) => {
        if (!s.labReady) return;
        stop();
        resolve();
      });
    });
    void afterFirstPaint()
      .then(() => Promise.all([import('./shell-view'), loadShell(), labReady]))
      .then(([{ mountShell }]) => {
        const el = ref.current;
        if (disposed || !el) return;
        view.current = mountShell(el, id);
        if (usePlayground.getState().activeTerminal === id) view.current.focus();
      });
    return () => {
      disposed = true;
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
