/**
 * The saved labs, the most recently changed first, the open one marked: open, rename (in place),
 * duplicate, delete (Undo in the notice). Above them: a new lab, a lab file in or out.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { usePlayground } from '../../store';
import { duplicate, labFile, newLab, openFile, openSaved, remove, rename, savedLabs } from '../../store/labs';
import { LAB_LIMITS } from '../../sim/lab/schema';
import { downloadText, readTextFile } from './files';
import { relativeTime } from './text';

interface Row {
  id: string;
  name: string;
  lines: number;
  /** null: the open lab is not saved yet (nothing in it). */
  updated: number | null;
  current: boolean;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The list as the store has it, with the open lab's live name and size (autosave lags a little). */
function useRows(tick: number): Row[] {
  const labId = usePlayground((s) => s.labId);
  const savedVersion = usePlayground((s) => s.savedVersion);
  const labName = usePlayground((s) => s.labName);
  const lines = usePlayground((s) => s.log.length);
  return useMemo(() => {
    void tick;
    const saved = savedLabs();
    const live = labName || (lines === 0 ? 'Empty lab' : `Untitled lab (${plural(lines, 'line')})`);
    const rows: Row[] = saved.map((l) => (l.id === labId ? { ...l, name: live, lines, current: true } : { ...l, current: false }));
    if (!rows.some((r) => r.current)) rows.unshift({ id: labId, name: live, lines, updated: null, current: true });
    return rows;
  }, [tick, labId, labName, lines, savedVersion]);
}

function RenameField({ row, onDone }: { row: Row; onDone: (name: string | null) => void }) {
  const [value, setValue] = useState(row.current ? usePlayground.getState().labName : row.name);
  return (
    <form
      className="lab-rename"
      onSubmit={(e) => {
        e.preventDefault();
        onDone(value);
      }}
    >
      <input
        value={value}
        maxLength={LAB_LIMITS.name}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onDone(null);
          }
        }}
        aria-label={`New name for ${row.name}`}
        placeholder="Name this lab"
        data-autofocus
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        data-testid="lab-rename-input"
      />
      <button type="submit" className="btn btn-primary" data-testid="lab-rename-save">
        Save
      </button>
      <button type="button" className="btn" onClick={() => onDone(null)}>
        Cancel
      </button>
    </form>
  );
}

export function SavedLabs({ onDone }: { onDone: () => void }) {
  const [tick, setTick] = useState(0);
  const refresh = () => setTick((t) => t + 1);
  const rows = useRows(tick);
  const [editing, setEditing] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const now = Date.now();

  // Another tab changed the list, or autosave caught up with the open lab.
  useEffect(() => {
    const onStorage = () => refresh();
    window.addEventListener('storage', onStorage);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = usePlayground.subscribe((s, prev) => {
      if (s.log === prev.log && s.labName === prev.labName && s.labId === prev.labId) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 500);
    });
    return () => {
      window.removeEventListener('storage', onStorage);
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);

  const done = (ok: boolean) => {
    refresh();
    if (ok) onDone();
  };
  const openPicked = async (picked: File | undefined) => {
    if (!picked) return;
    const r = await readTextFile(picked, LAB_LIMITS.file);
    if (!r.ok) usePlayground.getState().setNotice({ kind: 'error', text: `${r.error} Your current lab is unchanged.` });
    else done(openFile(r.text));
    if (file.current) file.current.value = '';
  };
  const download = () => {
    const f = labFile();
    downloadText(f.name, f.text, 'application/json');
  };

  return (
    <div className="labs-saved">
      <div className="labs-toolbar">
        <button type="button" className="btn btn-primary" onClick={() => done(newLab())} data-testid="labs-new">
          New lab
        </button>
        <button type="button" className="btn" onClick={() => done(newLab(['docker-node1', 'docker-node2']))} data-testid="labs-new-two" title="docker-node1 and docker-node2 on one private network, like the seeds' two Vagrant VMs">
          New lab with two VMs
        </button>
        <span className="labs-toolbar-gap" />
        <button type="button" className="btn" onClick={() => file.current?.click()} data-testid="labs-open-file">
          Open a lab file…
        </button>
        <input ref={file} type="file" accept=".json,application/json" hidden onChange={(e) => void openPicked(e.target.files?.[0])} data-testid="labs-file-input" />
        <button type="button" className="btn" onClick={download} data-testid="labs-download">
          Download the lab file
        </button>
      </div>
      <ul className="labs-list" ref={list} tabIndex={-1} aria-label="Saved labs" data-testid="labs-list">
        {rows.map((row) => (
          <li key={row.id} className={`lab-row${row.current ? ' is-current' : ''}`} data-testid="lab-row" data-lab-id={row.id} data-current={row.current || undefined}>
            {editing === row.id ? (
              <RenameField
                row={row}
                onDone={(name) => {
                  if (name !== null) rename(row.id, name);
                  setEditing(null);
                  refresh();
                }}
              />
            ) : (
              <>
                <div className="lab-main">
                  <span className="lab-title" data-testid="lab-row-name">
                    {row.name}
                  </span>
                  {row.current && <span className="lab-badge">open</span>}
                  <span className="lab-meta">
                    {plural(row.lines, 'line')} · {row.updated === null ? 'not saved yet' : relativeTime(row.updated, now)}
                  </span>
                </div>
                <div className="lab-actions">
                  <button type="button" className="btn btn-small" disabled={row.current} onClick={() => done(openSaved(row.id))} data-testid="lab-open">
                    Open
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setEditing(row.id)} data-testid="lab-rename">
                    Rename
                  </button>
                  <button type="button" className="btn btn-small" disabled={row.updated === null} onClick={() => {
                      if (!duplicate(row.id)) usePlayground.getState().setNotice({ kind: 'error', text: `"${row.name}" could not be duplicated (the browser refused to save).` });
                      refresh();
                    }} data-testid="lab-duplicate">
                    Duplicate
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={row.updated === null}
                    onClick={() => {
                      remove(row.id);
                      refresh();
                      list.current?.focus();
                    }}
                    data-testid="lab-delete"
                  >
                    Delete
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="labs-hint">Labs are saved in this browser as you work. Share or download one to keep it elsewhere.</p>
    </div>
  );
}
