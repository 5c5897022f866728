/**
 * The labs dialog: the saved labs (open, rename, duplicate, delete), a new lab, lab files, export
 * to real Docker and Linux, and import from `docker inspect`. A modal (useModal: focus inside, Esc
 * closes, focus returns), loaded only when opened; the exporters and the importer load on use.
 *
 * Everything a lab or an import names is rendered as text by React, never as HTML.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { usePlayground, type Notice } from '../../store';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { useLabsUi, type LabsTab } from './labs-ui';
import { SavedLabs } from './SavedLabs';
import { useModal } from '../layout/use-modal';
import './labs.css';

const TABS: { id: LabsTab; label: string }[] = [
  { id: 'saved', label: 'Saved labs' },
  { id: 'export', label: 'Export' },
  { id: 'import', label: 'Import' },
];

/** Notices raised while the dialog is open (a deletion's Undo, a bad file), shown inside it. */
function DialogNotice() {
  const notice = usePlayground((s) => s.notice);
  const setNotice = usePlayground((s) => s.setNotice);
  const before = useRef<Notice | null>(notice);
  if (!notice || notice === before.current) return null;
  const action = notice.action;
  return (
    <div className={`labs-notice labs-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="labs-notice">
      <span className="labs-notice-text">{notice.text}</span>
      {action && (
        <button
          type="button"
          className="btn"
          onClick={() => {
            setNotice(null);
            action.run();
          }}
          data-testid="labs-notice-action"
        >
          {action.label}
        </button>
      )}
      <button type="button" className="labs-icon-btn" onClick={() => setNotice(null)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

export default function LabsDialog() {
  const tab = useLabsUi((s) => s.dialog) ?? 'saved';
  const openDialog = useLabsUi((s) => s.openDialog);
  const close = useLabsUi((s) => s.closeDialog);
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = useModal(ref, close);
  const tabs = useRef<Partial<Record<LabsTab, HTMLButtonElement | null>>>({});
  const [moved, setMoved] = useState(false);

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); focus follows.
  useEffect(() => {
    if (moved) tabs.current[tab]?.focus();
  }, [tab, moved]);
  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    setMoved(true);
    openDialog(TABS[(i + step + TABS.length) % TABS.length]!.id);
  };

  return (
    <div className="labs-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        className="labs-dlg"
        role="dialog"
        aria-modal="true"
        aria-labelledby="labs-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="labs-dialog"
      >
        <header className="labs-header">
          <h2 id="labs-title">Labs</h2>
          <div className="labs-tabs" role="tablist" aria-label="Labs" onKeyDown={onTabKey}>
            {TABS.map((t) => (
              <button
                key={t.id}
                ref={(el) => {
                  tabs.current[t.id] = el;
                }}
                type="button"
                role="tab"
                id={`labs-tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls="labs-panel"
                tabIndex={tab === t.id ? 0 : -1}
                className="labs-tab"
                onClick={() => openDialog(t.id)}
                data-testid={`labs-tab-${t.id}`}
              >
                {t.label}
              </button>
            ))}
          </div>
          <button type="button" className="labs-icon-btn labs-close" onClick={close} aria-label="Close" data-testid="labs-close">
            ×
          </button>
        </header>
        <DialogNotice />
        <div className="labs-panel" id="labs-panel" role="tabpanel" aria-labelledby={`labs-tab-${tab}`}>
          {tab === 'saved' && <SavedLabs onDone={close} />}
          {tab === 'export' && <ExportPanel />}
          {tab === 'import' && <ImportPanel onDone={close} />}
        </div>
      </div>
    </div>
  );
}
