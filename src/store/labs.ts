/**
 * The lab's life in the browser: opening the page (a shared link in the URL, else the lab open
 * last), autosaving as the lab changes, sharing it as a link, and the saved-labs list's actions.
 * The store's lab slice does the replaying; persist.ts does the storage; the codec does the URL.
 *
 * Invariants: no action loses work without a way back. Every completed line is in storage
 * before the task that ran it ends; opening another lab first saves the current one; a tab never
 * overwrites another tab's newer save of a lab (it keeps its own as a copy); a deleted lab can be
 * restored; a bad link or file leaves the current lab as it is and says why.
 */
import type { Lab } from '../sim/lab/lab';
import { encodeLab, readLabFragment, shareVerdict } from '../sim/lab/codec';
import { labFromJson, parseLab } from '../sim/lab/schema';
import { usePlayground } from './index';
import {
  clearCurrentLabId, currentLabId, deleteLab, displayName, duplicateLab, listLabs, newLabId, readLab, renameLab, restoreLab, saveLab,
  setCurrentLabId, type SavedLab,
} from './persist';
import { loadShell } from './shell';
import { slug } from './slug';

const AUTOSAVE_MS = 300;

const state = usePlayground.getState;
const info = (text: string, action?: { label: string; run: () => void }) =>
  state().setNotice({ kind: 'info', text, ...(action ? { action } : {}) });
const error = (text: string) => state().setNotice({ kind: 'error', text });
/** Tells views of the saved-labs list that it changed. */
const listChanged = <T,>(result: T): T => {
  usePlayground.setState((s) => ({ savedVersion: s.savedVersion + 1 }));
  return result;
};

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Set while this tab adopts another tab's save of its lab: that is no change of its own to save. */
let adopting = false;
/**
 * The saved stamp (`updated`) of each lab as this page last read or wrote it. A different stamp in
 * storage means another browser tab saved the lab meanwhile: this page then keeps its version as a
 * copy instead of overwriting the other's.
 */
const stamps = new Map<string, number>();
const noteOpened = (id: string) => {
  const entry = listLabs().find((l) => l.id === id);
  if (entry) stamps.set(id, entry.updated);
};
let warnedStorage = false;
let warnedInvalid = false;

/** Saves the current lab now (autosave calls it; see startAutosave). An empty new lab is not saved. */
export function saveNow(): boolean {
  const start = performance.now();
  try {
    return save();
  } finally {
    // User Timing: what the last save cost (the e2e tests read it); only the last one is kept.
    performance.clearMeasures('lab-save');
    performance.measure('lab-save', { start });
  }
}

function save(): boolean {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  const s = state();
  if (!s.labReady || !s.labId) return true;
  const lab = s.currentLab();
  if (lab.log.length === 0 && !lab.name && listLabs().every((l) => l.id !== s.labId)) return true;
  // Only a lab that can be opened again is saved (the last good save stays).
  const checked = parseLab(lab);
  if (!checked.ok) {
    if (!warnedInvalid) {
      warnedInvalid = true;
      error(`This lab can no longer be saved: ${checked.error} Undo the last line to keep saving it.`);
    }
    return false;
  }
  let id = s.labId;
  const stored = listLabs().find((l) => l.id === id);
  const known = stamps.get(id);
  if (stored && known !== undefined && stored.updated !== known) {
    id = newLabId();
    const name = `${displayName(checked.lab)} (this tab)`.slice(0, 120);
    checked.lab.name = name;
    usePlayground.setState({ labId: id, labName: name });
    info(`Another tab saved this lab meanwhile. This tab's version is kept as "${name}"; both are in Labs.`);
  }
  const now = Date.now();
  const ok = saveLab(id, checked.lab, now);
  if (ok) {
    stamps.set(id, now);
    setCurrentLabId(id);
    if (id !== s.labId) listChanged(true);
  }
  else if (!warnedStorage) {
    warnedStorage = true;
    error('This browser refused to save the lab (storage full or disabled). Use Share or Export to keep it.');
  }
  return ok;
}

/** Stops the autosave started last (a second start replaces the first). */
let stopAutosave = (): void => {};

/**
 * Saves the lab whenever it changes. A change of the log (a line completed, an undo), the machines
 * or the name is written before the page's current task ends (a microtask), so a page closed or
 * killed at any moment reopens with every completed line and no half one; the lines of one paste,
 * run in one task, are written once. Layout drags come many a second: they wait for a pause.
 * Another tab saving this lab is told at once (the `storage` event).
 */
export function startAutosave(): () => void {
  stopAutosave();
  let queued = false;
  const saveSoon = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      saveNow();
    });
  };
  const unsubscribe = usePlayground.subscribe((s, prev) => {
    if (adopting || s.labId !== prev.labId) return;
    if (s.log !== prev.log || s.labName !== prev.labName || s.hosts !== prev.hosts) saveSoon();
    else if (s.layout !== prev.layout) {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(saveNow, AUTOSAVE_MS);
    }
  });
  const flush = () => {
    if (saveTimer !== undefined) saveNow();
  };
  const hidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', hidden);
  window.addEventListener('storage', onStorage);
  stopAutosave = () => {
    unsubscribe();
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', hidden);
    window.removeEventListener('storage', onStorage);
    stopAutosave = () => {};
  };
  return stopAutosave;
}

/**
 * Another tab wrote (or deleted) the lab open here. This tab's next save keeps its version as a
 * copy (saveNow); the notice says so at once and offers the other tab's version.
 */
function onStorage(e: StorageEvent): void {
  const id = state().labId;
  if (e.key !== `dnp-lab:${id}` || e.newValue === e.oldValue) return;
  if (e.newValue === null) {
    info('This lab was deleted in another tab. It is saved again here if you change it.');
    return;
  }
  info('This lab was changed in another tab. Your next change here is kept as a copy.', {
    label: 'Open their version',
    run: () => {
      // A layout change not saved yet is kept as a copy (saveNow forks); lines are saved already.
      if (saveTimer !== undefined) saveNow();
      const r = readLab(id);
      if (!r.ok) return error(r.error);
      adopting = true;
      try {
        state().openLab(r.lab, { id });
      } finally {
        adopting = false;
      }
      noteOpened(id);
      setCurrentLabId(id);
    },
  });
}

/** Makes `lab` the current lab under a new saved id (after saving the current one). */
export function openAsNew(lab: Lab): boolean {
  const checked = parseLab(lab);
  if (!checked.ok) {
    error(`This lab cannot be opened: ${checked.error} Your current lab is unchanged.`);
    return false;
  }
  saveNow();
  const id = newLabId();
  if (!state().openLab(checked.lab, { id })) return false;
  saveNow();
  return true;
}

/**
 * Opens the lab a link carries (`#lab=1.…`) as a new saved lab. The link leaves the address bar
 * first, so a reload reopens the saved copy, and a link that cannot be opened is not tried again.
 */
export async function openFromHash(hash: string): Promise<'none' | 'opened' | 'failed'> {
  const r = await readLabFragment(hash);
  if (r === null) return 'none';
  history.replaceState(null, '', location.pathname + location.search);
  if (!r.ok) {
    error(`This lab link cannot be opened. ${r.error} Your current lab is unchanged.`);
    return 'failed';
  }
  if (!openAsNew(r.lab)) return 'failed';
  info(`Opened the shared lab "${displayName(r.lab)}". Your previous lab is in Labs.`);
  return 'opened';
}

/** On page load: a shared lab in the URL, else the lab open last, else a new one. */
export async function startLabs(): Promise<void> {
  try {
    await loadShell();
    usePlayground.setState({ labId: newLabId() });
    // The lab open last comes first, so a link that fails leaves it open, as the message says.
    const id = currentLabId();
    const last = id ? readLab(id) : null;
    if (id && last?.ok) {
      state().openLab(last.lab, { id });
      noteOpened(id);
    }
    usePlayground.setState({ labReady: true });
    // Lines typed while a big link decodes are saved too.
    startAutosave();
    const link = await openFromHash(location.hash);
    if (link === 'none' && last && !last.ok) error(`Your last lab could not be reopened: ${last.error}`);
    window.addEventListener('hashchange', () => void openFromHash(location.hash));
  } catch (e) {
    // Whatever went wrong, the terminals get their prompt.
    usePlayground.setState({ labReady: true });
    error(`The saved labs could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface ShareLink {
  url: string;
  /** 'ok'; 'long': some chat apps cut it; 'too-long': use the file instead. */
  verdict: ReturnType<typeof shareVerdict>;
}

/** A link to the current lab; a lab the link could not carry (a line past the limits) is refused. */
export async function shareLink(): Promise<ShareLink> {
  const checked = parseLab(state().currentLab());
  if (!checked.ok) throw new Error(`This lab cannot be shared: ${checked.error}`);
  const payload = await encodeLab(checked.lab);
  const url = `${location.origin}${location.pathname}#lab=${payload}`;
  return { url, verdict: shareVerdict(url) };
}

/** The lab as a file's text (pretty JSON), and a name for the file. */
export function labFile(): { name: string; text: string } {
  const lab = state().currentLab();
  return { name: `${slug(displayName(lab))}.dnp.json`, text: `${JSON.stringify(lab, null, 1)}\n` };
}

/** Opens a lab file's text as a new saved lab, or says why not. */
export function openFile(text: string): boolean {
  const r = labFromJson(text);
  if (!r.ok) {
    error(`This file cannot be opened. ${r.error} Your current lab is unchanged.`);
    return false;
  }
  return openAsNew(r.lab);
}

export function savedLabs(): SavedLab[] {
  return listLabs();
}

export function openSaved(id: string): boolean {
  if (id === state().labId) return true;
  const r = readLab(id);
  if (!r.ok) {
    error(r.error);
    return false;
  }
  saveNow();
  if (!state().openLab(r.lab, { id })) return false;
  noteOpened(id);
  setCurrentLabId(id);
  return true;
}

/** Starts an empty lab (the current one stays in the list). */
export function newLab(hosts?: string[]): boolean {
  return openAsNew({ v: 1, hosts: hosts ?? ['docker-node1'], log: [] });
}

export function rename(id: string, name: string): boolean {
  if (id === state().labId) {
    state().setLabName(name.trim().slice(0, 120));
    return saveNow();
  }
  return listChanged(renameLab(id, name));
}

export function duplicate(id: string): string | null {
  if (id === state().labId) saveNow();
  return listChanged(duplicateLab(id));
}

/** Deletes a saved lab, with Undo in the notice. Deleting the open lab starts a new one. */
export function remove(id: string): boolean {
  const wasOpen = id === state().labId;
  if (wasOpen) saveNow();
  const name = listLabs().find((l) => l.id === id)?.name ?? 'the lab';
  if (!listChanged(deleteLab(id))) return false;
  if (wasOpen) {
    state().openLab({ v: 1, hosts: ['docker-node1'], log: [] }, { id: newLabId() });
    clearCurrentLabId();
  }
  info(`Deleted "${name}".`, {
    label: 'Undo',
    run: () => {
      const back = listChanged(restoreLab());
      // The lab comes back to the list; it opens again only if it was the one open.
      if (back && wasOpen) openSaved(back);
    },
  });
  return true;
}
