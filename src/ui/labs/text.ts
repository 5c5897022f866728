/**
 * Words the labs dialog and the share popover show, as pure functions of data (tested beside): how
 * long ago a lab changed, a file name for a lab, what a share link's length means.
 */
import type { ShareVerdict } from '../../sim/lab/codec';

/** "just now", "5 minutes ago", "yesterday", "3 days ago"; past a month, the date. */
export function relativeTime(then: number, now: number): string {
  const s = Math.round((now - then) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? 'a minute ago' : `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 24) return h === 1 ? 'an hour ago' : `${h} hours ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 30) return `${d} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export { slug } from '../../store/slug';

/** What the share popover says about a link of `length` characters (`max`: the codec's limit). */
export function shareMessage(verdict: ShareVerdict, length: number, max: number): string {
  const n = length.toLocaleString('en-US');
  if (verdict === 'ok') return `${n} characters: fits anywhere.`;
  if (verdict === 'long') return `${n} characters: some chat apps cut links this long. The lab file always works.`;
  return `${n} characters: too long to share as a link (browsers and apps cut links past ${max.toLocaleString('en-US')}). Download the lab file and send that instead.`;
}
