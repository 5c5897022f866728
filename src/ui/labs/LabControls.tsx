/**
 * The labs' controls in the top bar: Undo and Redo, the lab's name (click to rename), the Labs
 * dialog button and Share. They load with the page, so they stay small: the share popover and the
 * dialog are separate chunks, loaded when opened.
 */
import { lazy, Suspense, useRef, useState, type KeyboardEvent } from 'react';
import { selectCanRedo, selectCanUndo, usePlayground } from '../../store';
import { MOD } from '../layout/shortcuts';
import { useLabsUi } from './labs-ui';
import { describeLines, lastGroup } from './history-label';
import './labs-bar.css';
import { Icon } from '../layout/Icon';

const SharePopover = lazy(() => import('./SharePopover'));

const UNDO = 'M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3';
const REDO = 'm15 14 5-5-5-5M20 9H9a5 5 0 0 0 0 10h3';
const SHARE = 'M4 13v6a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-6M16 7l-4-4-4 4M12 3v12';
const FOLDER = 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z';


export function UndoRedo() {
  const canUndo = usePlayground(selectCanUndo);
  const canRedo = usePlayground(selectCanRedo);
  const undoText = usePlayground((s) => describeLines(lastGroup(s.log)));
  const redoText = usePlayground((s) => describeLines(s.redoStack[s.redoStack.length - 1] ?? []));
  const undo = usePlayground((s) => s.undo);
  const redo = usePlayground((s) => s.redo);
  return (
    <span className="history-buttons" role="group" aria-label="History">
      <button
        type="button"
        className="btn btn-ghost"
        onClick={() => undo()}
        disabled={!canUndo}
        title={canUndo ? `Undo ${undoText} (${MOD}+Z)` : `Nothing to undo (${MOD}+Z)`}
        aria-label={canUndo ? `Undo ${undoText}` : 'Undo'}
        data-testid="undo"
      >
        <Icon d={UNDO} />
      </button>
      <button
        type="button"
        className="btn btn-ghost"
        onClick={() => redo()}
        disabled={!canRedo}
        title={canRedo ? `Redo ${redoText} (${MOD}+Shift+Z)` : `Nothing to redo (${MOD}+Shift+Z)`}
        aria-label={canRedo ? `Redo ${redoText}` : 'Redo'}
        data-testid="redo"
      >
        <Icon d={REDO} />
      </button>
    </span>
  );
}

const NAME_MAX = 120;

/** The lab's name; a click turns it into a field (Enter keeps, Esc cancels, leaving keeps). */
export function LabName() {
  const name = usePlayground((s) => s.labName);
  const setName = usePlayground((s) => s.setLabName);
  const [editing, setEditing] = useState(false);
  const cancelled = useRef(false);
  const commit = (value: string) => {
    if (!cancelled.current) setName(value.trim().slice(0, NAME_MAX));
    setEditing(false);
  };
  if (editing) {
    return (
      <input
        className="lab-name-input"
        defaultValue={name}
        maxLength={NAME_MAX}
        placeholder="Name this lab"
        aria-label="Lab name"
        data-testid="lab-name-input"
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onBlur={(e) => commit(e.currentTarget.value)}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          else if (e.key === 'Escape') {
            e.stopPropagation();
            cancelled.current = true;
            e.currentTarget.blur();
          }
        }}
      />
    );
  }
  return (
    <button
      type="button"
      className={`lab-name${name ? '' : ' lab-name-empty'}`}
      onClick={() => {
        cancelled.current = false;
        setEditing(true);
      }}
      title="Rename this lab"
      data-testid="lab-name"
    >
      {name || 'Untitled lab'}
    </button>
  );
}

export function LabsButton() {
  const openDialog = useLabsUi((s) => s.openDialog);
  return (
    <button type="button" className="btn btn-ghost" onClick={() => openDialog('saved')} title="Saved labs, export and import (L)" data-testid="labs-open">
      <Icon d={FOLDER} />
      <span>Labs</span>
    </button>
  );
}

export function ShareButton() {
  const open = useLabsUi((s) => s.shareOpen);
  const setOpen = useLabsUi((s) => s.setShareOpen);
  const ready = usePlayground((s) => s.labReady);
  const anchor = useRef<HTMLSpanElement>(null);
  return (
    <span className="share-anchor" ref={anchor}>
      <button
        type="button"
        className="btn btn-share"
        onClick={() => setOpen(!open)}
        disabled={!ready}
        aria-expanded={open}
        aria-haspopup="dialog"
        title="Copy a link that carries this lab"
        data-testid="share"
      >
        <Icon d={SHARE} />
        <span>Share</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <SharePopover anchor={anchor} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </span>
  );
}
