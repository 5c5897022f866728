/**
 * Saved labs, in the browser's localStorage: an index of labs (`dnp-labs`), each lab's JSON
 * (`dnp-lab:ID`) and the one open last (`dnp-current`). Everything read back is validated like a
 * lab from a URL (a stored lab is untrusted too: another tab, an older version, a user's edits).
 *
 * Invariants: no function here throws (storage may be full, disabled or hold garbage); a write
 * that fails returns false and the caller says so. Deleting keeps the lab in a small trash, so a
 * deletion can be undone.
 */
import type { Lab } from '../sim/lab/lab';
import { parseLab } from '../sim/lab/schema';

export interface SavedLab {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  updated: number;
  /** Lines in its log. */
  lines: number;
}

const INDEX = 'dnp-labs';
const CURRENT = 'dnp-current';
const TRASH = 'dnp-trash';
const labKey = (id: string) => `dnp-lab:${id}`;
const TRASH_SIZE = 10;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function readJson(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function isSaved(x: unknown): x is SavedLab {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.id === 'string' && /^[\w-]{1,64}$/.test(o.id) && typeof o.name === 'string'
    && typeof o.updated === 'number' && typeof o.lines === 'number';
}

/** The saved labs, the most recently changed first. */
export function listLabs(): SavedLab[] {
  const raw = readJson(INDEX);
  const list = Array.isArray(raw) ? raw.filter(isSaved) : [];
  return list.sort((a, b) => b.updated - a.updated);
}

let counter = 0;
/** A fresh id for a saved lab. */
export function newLabId(now = Date.now()): string {
  counter = (counter + 1) % 1296;
  return `lab-${now.toString(36)}-${counter.toString(36).padStart(2, '0')}`;
}

/** The name a lab without one is listed under. */
export function displayName(lab: Pick<Lab, 'name' | 'log'>): string {
  if (lab.name) return lab.name;
  return lab.log.length === 0 ? 'Empty lab' : `Untitled lab (${lab.log.length} line${lab.log.length === 1 ? '' : 's'})`;
}

export function saveLab(id: string, lab: Lab, now = Date.now()): boolean {
  if (!writeJson(labKey(id), lab)) return false;
  const others = listLabs().filter((l) => l.id !== id);
  return writeJson(INDEX, [{ id, name: displayName(lab), updated: now, lines: lab.log.length }, ...others]);
}

export type ReadResult = { ok: true; lab: Lab } | { ok: false; error: string };

export function readLab(id: string): ReadResult {
  const raw = readJson(labKey(id));
  if (raw === null) return { ok: false, error: 'This saved lab is gone (it may have been deleted in another tab).' };
  return parseLab(raw);
}

/** Moves a lab to the trash; `restoreLab` brings back the last one deleted. */
export function deleteLab(id: string): boolean {
  const raw = readJson(labKey(id));
  const entry = listLabs().find((l) => l.id === id);
  if (raw !== null && entry) {
    const trash = (Array.isArray(readJson(TRASH)) ? (readJson(TRASH) as unknown[]) : []).slice(-(TRASH_SIZE - 1));
    writeJson(TRASH, [...trash, { entry, lab: raw }]);
  }
  try {
    storage()?.removeItem(labKey(id));
  } catch {
    return false;
  }
  return writeJson(INDEX, listLabs().filter((l) => l.id !== id));
}

/** Restores the lab deleted last; returns its id, or null when the trash is empty. */
export function restoreLab(): string | null {
  const trash = readJson(TRASH);
  if (!Array.isArray(trash) || trash.length === 0) return null;
  const last = trash[trash.length - 1] as { entry?: unknown; lab?: unknown };
  writeJson(TRASH, trash.slice(0, -1));
  if (!isSaved(last.entry)) return null;
  const parsed = parseLab(last.lab);
  if (!parsed.ok) return null;
  // A tab that still had it open may have saved it again since: that version stays, this comes back beside it.
  const id = readJson(labKey(last.entry.id)) === null ? last.entry.id : newLabId();
  return saveLab(id, parsed.lab, last.entry.updated) ? id : null;
}

export function renameLab(id: string, name: string): boolean {
  const r = readLab(id);
  if (!r.ok) return false;
  const trimmed = name.trim().slice(0, 120);
  const lab: Lab = { ...r.lab };
  if (trimmed) lab.name = trimmed;
  else delete lab.name;
  return saveLab(id, lab);
}

/** Copies a saved lab under a new id ("NAME (copy)"); returns the new id. */
export function duplicateLab(id: string): string | null {
  const r = readLab(id);
  if (!r.ok) return null;
  const copy = newLabId();
  const name = `${displayName(r.lab)} (copy)`.slice(0, 120);
  return saveLab(copy, { ...r.lab, name }) ? copy : null;
}

export function currentLabId(): string | null {
  try {
    return storage()?.getItem(CURRENT) ?? null;
  } catch {
    return null;
  }
}

export function setCurrentLabId(id: string): void {
  try {
    storage()?.setItem(CURRENT, id);
  } catch {
    // Storage refused: the lab still works, it just is not reopened after a reload.
  }
}

/** Forgets which lab was open (it was deleted): the next page load starts a new one. */
export function clearCurrentLabId(): void {
  try {
    storage()?.removeItem(CURRENT);
  } catch {
    // Storage refused: the next load says the lab is gone, which is true.
  }
}
