/**
 * Time text without `Date`: Go's RFC3339Nano and Time.String from epoch milliseconds, go-units'
 * HumanDuration, and a stable source for the nanosecond digits the daemon would print.
 */
import { fnv1a } from '../../net/rng';
import { utcFields } from '../../time';

/** Go's zero `time.Time` in RFC3339Nano (`FinishedAt` of a container that never stopped). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Nanoseconds within the second. */
  nanos: number;
}

function civil(ms: number, subMs: number): Civil {
  const t = utcFields(ms);
  return { year: t.y, month: t.mo, day: t.d, hour: t.h, minute: t.mi, second: t.s, nanos: t.ms * 1_000_000 + subMs };
}

/** `.999999999`: the fraction with trailing zeros dropped, nothing when it is zero. */
function fraction(nanos: number): string {
  return nanos === 0 ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`;
}

/** RFC3339Nano in UTC: `2026-11-22T12:04:26.48689263Z`. */
export function rfc3339Nano(ms: number, subMs = 0): string {
  const c = civil(ms, subMs);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${fraction(c.nanos)}Z`;
}

/** Go's Time.String for a UTC time: `2026-11-22 12:04:26.48689263 +0000 UTC`. */
export function goTimeString(ms: number, subMs = 0): string {
  const c = civil(ms, subMs);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${fraction(c.nanos)} +0000 UTC`;
}

/** FNV-1a, then a murmur finaliser: a stable, well-mixed 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = fnv1a(text);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** `chars` hex digits derived from `seed` (GraphDriver layer ids, volume names, ...). */
export function stableHex(seed: string, chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += hash32(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

/** The nanoseconds below the millisecond the daemon would have printed: stable per (id, ms). */
export function stableNanos(id: string, ms: number): number {
  return hash32(`${id}@${ms}`) % 1_000_000;
}

/**
 * go-units HumanDuration (`Less than a second`, `About a minute`, `3 hours`, `2 weeks`, ...).
 * Hours round half away from zero as time.Duration.Round does.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}
