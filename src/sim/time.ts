/**
 * Calendar fields of the lab clock (ms since the epoch, UTC): the core has no Date (it is banned
 * in src/sim), so the tools that print dates (iptables-save, HTTP headers, docker inspect) share
 * this conversion (Howard Hinnant's civil_from_days).
 */

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface UtcFields {
  y: number;
  /** 1..12 */
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** Milliseconds within the second. */
  ms: number;
  /** 0 = Sunday. */
  wday: number;
}

export function utcFields(time: number): UtcFields {
  const whole = Math.floor(time);
  const days = Math.floor(whole / 86_400_000);
  const rest = whole - days * 86_400_000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  return {
    y: yoe + era * 400 + (mo <= 2 ? 1 : 0), mo, d,
    h: Math.floor(rest / 3_600_000), mi: Math.floor(rest / 60_000) % 60, s: Math.floor(rest / 1000) % 60, ms: rest % 1000,
    wday: (((days + 4) % 7) + 7) % 7,
  };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');
