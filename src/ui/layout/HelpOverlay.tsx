/** The help overlay: what the playground is, how to start, and every keyboard shortcut. */
import { useEffect, useRef } from 'react';
import { usePlayground } from '../../store';
import { SHORTCUTS } from './shortcuts';

export function HelpOverlay() {
  const open = usePlayground((s) => s.helpOpen);
  const setOpen = usePlayground((s) => s.setHelpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay" role="presentation" onClick={() => setOpen(false)}>
      <div
        className="help-card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help-overlay"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      >
        <header className="help-header">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="pane-close" onClick={() => setOpen(false)} aria-label="Close help" data-testid="help-close">
            ×
          </button>
        </header>
        <table className="help-keys">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>Tab</kbd>
              </td>
              <td>In the terminal: complete commands, flags and names</td>
            </tr>
            <tr>
              <td>
                <kbd>Ctrl</kbd>+<kbd>C</kbd>
              </td>
              <td>In the terminal: abandon the line</td>
            </tr>
            <tr>
              <td>
                <kbd>Space</kbd> <kbd>←</kbd> <kbd>→</kbd>
              </td>
              <td>In the timeline: play or pause, step back, step forward</td>
            </tr>
          </tbody>
        </table>
        <p className="help-note help-note-labs">
          Your lab saves itself in this browser as you work; <b>Labs</b> lists the saved ones and exports a lab to real Docker, and{' '}
          <b>Share</b> copies a link that carries the whole lab.
        </p>
        <p className="help-note">
          Every gesture runs the shell command it stands for, and the terminal shows it: drag, right-click and click-to-ping are ways to type.
          The simulation follows Docker Engine 20.10, iproute2 and busybox on a CentOS 7 VM.
        </p>
      </div>
    </div>
  );
}
