/**
 * "Publish a port…": Docker sets published ports when it creates a container and cannot add one
 * to an existing container, so the gesture is two commands, stated before they run:
 * `docker rm -f NAME` then `docker run ... -p HOST:CTR IMAGE ...` (publishCommands).
 * A modal in the page (never window.prompt): Enter runs, Esc cancels.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { usePlayground } from '../../store';
import { defaultContainerPort, findContainer, freeHostPort, publishCommands } from './commands';
import { useGestureUi, type OpenDialog } from './gesture-ui';
import { runGesture } from './run-gesture';

function validPort(text: string): number | undefined {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= 1 && n <= 65535 ? n : undefined;
}

function PublishForm({ dialog, onClose }: { dialog: OpenDialog; onClose: () => void }) {
  const world = usePlayground((s) => s.world);
  const c = findContainer(world, dialog.host, dialog.container);
  const [hostPort, setHostPort] = useState(() => String(freeHostPort(world, dialog.host)));
  const [ctrPort, setCtrPort] = useState(() => (c ? String(defaultContainerPort(c)) : '80'));
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.select(), []);

  const h = validPort(hostPort);
  const p = validPort(ctrPort);
  const g = c && h !== undefined && p !== undefined ? publishCommands(world, dialog.host, c.id, h, p) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!g) return;
    onClose();
    runGesture(g);
  };

  if (!c) {
    return (
      <div className="dlg-body">
        <p>That container no longer exists.</p>
        <div className="dlg-actions">
          <button type="button" className="dlg-btn" onClick={onClose} data-testid="dialog-cancel">Close</button>
        </div>
      </div>
    );
  }
  return (
    <form className="dlg-body" onSubmit={submit}>
      <p className="dlg-text">
        Docker publishes ports when it <em>creates</em> a container; it cannot add one to <code>{c.name}</code> now.
        The playground will remove it and run it again with the same image, command, network and environment, plus{' '}
        <code>-p</code>. Its other networks and its files are not kept.
      </p>
      <div className="dlg-fields">
        <label>
          <span>Host port</span>
          <input ref={first} inputMode="numeric" value={hostPort} onChange={(e) => setHostPort(e.target.value)} data-testid="publish-host-port" aria-invalid={h === undefined} />
        </label>
        <span className="dlg-arrow" aria-hidden="true">→</span>
        <label>
          <span>Container port</span>
          <input inputMode="numeric" value={ctrPort} onChange={(e) => setCtrPort(e.target.value)} data-testid="publish-container-port" aria-invalid={p === undefined} />
        </label>
      </div>
      <p className="dlg-text">These commands will run:</p>
      <pre className="dlg-cmds" data-testid="publish-commands">{g ? g.lines.join('\n') : 'Ports are numbers from 1 to 65535.'}</pre>
      <div className="dlg-actions">
        <button type="button" className="dlg-btn" onClick={onClose} data-testid="dialog-cancel">Cancel</button>
        <button type="submit" className="dlg-btn dlg-primary" disabled={!g} data-testid="dialog-confirm">Recreate with -p</button>
      </div>
    </form>
  );
}

export function GestureDialog({ portal }: { portal: Element }) {
  const dialog = useGestureUi((s) => s.dialog);
  const setDialog = useGestureUi((s) => s.setDialog);
  useEffect(() => {
    if (!dialog) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDialog(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dialog, setDialog]);
  if (!dialog) return null;
  const name = findContainer(usePlayground.getState().world, dialog.host, dialog.container)?.name ?? '';
  return createPortal(
    <div className="dlg-backdrop" onPointerDown={(e) => e.target === e.currentTarget && setDialog(null)}>
      <div className="dlg" role="dialog" aria-modal="true" aria-labelledby="dlg-title" data-testid="dialog">
        <h2 id="dlg-title" className="dlg-title">Publish a port of {name}</h2>
        <PublishForm dialog={dialog} onClose={() => setDialog(null)} />
      </div>
    </div>,
    portal,
  );
}
