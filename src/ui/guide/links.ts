/**
 * Guided labs at page level, light enough for the startup path: `#guide=<id>` links (on load and
 * on hashchange; the guided labs load only when a link names one), and which guided lab each saved
 * lab follows, so a reload or reopening a lab from Labs brings its guide back, and opening
 * another lab puts the guide away.
 *
 * Invariants: storage is untrusted (anything but an object of short strings is ignored) and may
 * be unavailable; nothing here throws.
 */
import { usePlayground } from '../../store';

const KEY = 'dnp-guides';
/** Labs remembered at most (the oldest entry goes first). */
const KEEP = 50;

type Memory = Record<string, string>;

function readMemory(): Memory {
  try {
    const o: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}');
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return {};
    const out: Memory = {};
    for (const [lab, guide] of Object.entries(o)) {
      if (/^[\w-]{1,64}$/.test(lab) && typeof guide === 'string' && /^[\w-]{1,64}$/.test(guide)) out[lab] = guide;
    }
    return out;
  } catch {
    return {};
  }
}

function remember(labId: string, guideId: string | null): void {
  const m = readMemory();
  if ((m[labId] ?? null) === guideId) return;
  delete m[labId];
  if (guideId !== null) m[labId] = guideId;
  const entries = Object.entries(m);
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(Object.fromEntries(entries.slice(-KEEP))));
  } catch {
    // Storage full or disabled: the guide just will not come back after a reload.
  }
}

/** The guided lab a saved lab follows, if any. */
export function guideOfLab(labId: string): string | null {
  return readMemory()[labId] ?? null;
}

function openLink(hash: string): void {
  if (!hash.startsWith('#guide=')) return;
  void import('./start').then(
    (m) => m.guideFromHash(hash),
    () => usePlayground.getState().setNotice({ kind: 'error', text: 'The guided labs could not be loaded. Check the connection and reload.' }),
  );
}

/**
 * Call once the lab to start with is open (after store/labs.ts `startLabs()`): restores the
 * current lab's guide, opens a `#guide=` link, and keeps both in step from then on.
 */
export function startGuides(): () => void {
  const s = usePlayground.getState();
  const restored = guideOfLab(s.labId);
  if (restored !== null && s.guideId === null) s.setGuide(restored);
  const stop = usePlayground.subscribe((now, prev) => {
    if (now.labId !== prev.labId) now.setGuide(guideOfLab(now.labId));
    else if (now.guideId !== prev.guideId) remember(now.labId, now.guideId);
  });
  openLink(location.hash);
  const onHash = () => openLink(location.hash);
  window.addEventListener('hashchange', onHash);
  return () => {
    stop();
    window.removeEventListener('hashchange', onHash);
  };
}
