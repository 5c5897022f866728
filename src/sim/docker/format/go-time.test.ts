import { describe, expect, it } from 'vitest';
import { goTimeString, humanDuration, rfc3339Nano, stableNanos } from './go-time';
import { at } from './fixtures.test-util';

describe('time text', () => {
  it.each([
    ['2026-11-22T12:04:26.486Z', 892630, '2026-11-22T12:04:26.48689263Z'],
    ['2019-10-10T12:08:29.903Z', 989770, '2019-10-10T12:08:29.90398977Z'],
    ['2000-02-29T00:00:00Z', 0, '2000-02-29T00:00:00Z'],
    ['1999-12-31T23:59:59.100Z', 0, '1999-12-31T23:59:59.1Z'],
    ['2024-03-01T08:09:10.000Z', 5, '2024-03-01T08:09:10.000000005Z'],
  ])('RFC3339Nano of %s + %i ns', (iso, ns, out) => {
    expect(rfc3339Nano(at(iso), ns)).toBe(out);
  });

  it('prints Go Time.String', () => {
    expect(goTimeString(at('2026-11-22T12:04:26.486Z'), 892630)).toBe('2026-11-22 12:04:26.48689263 +0000 UTC');
  });

  it('derives stable sub-millisecond digits', () => {
    const a = stableNanos('abc', 1000);
    expect(a).toBe(stableNanos('abc', 1000));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1_000_000);
    expect(stableNanos('abd', 1000)).not.toBe(a);
  });

  it.each([
    [0, 'Less than a second'], [999, 'Less than a second'], [1000, '1 second'], [13_500, '13 seconds'],
    [59_999, '59 seconds'], [60_000, 'About a minute'], [119_000, 'About a minute'], [120_000, '2 minutes'],
    [3_599_000, '59 minutes'], [3_600_000, 'About an hour'], [5_399_000, 'About an hour'], [5_400_000, '2 hours'],
    [47 * 3_600_000, '47 hours'], [48 * 3_600_000, '2 days'], [14 * 86_400_000, '2 weeks'],
    [60 * 86_400_000, '2 months'], [730 * 86_400_000, '2 years'], [-5000, 'Less than a second'],
  ])('HumanDuration(%i ms) = %s', (ms, out) => {
    expect(humanDuration(ms)).toBe(out);
  });
});

describe('calendar arithmetic', () => {
  it('agrees with Date for ms across 1970..2100', () => {
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor((i * 2_147_483_647_123) % 4_102_444_800_000);
      const iso = new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
      expect(rfc3339Nano(ms)).toBe(iso);
    }
  });
});
