/** What a formatter hands back: the text to print, or the CLI's error line and exit status. */
export type FormatResult = { ok: true; text: string } | { ok: false; error: string; exitCode: number };

export const ok = (text: string): FormatResult => ({ ok: true, text });
export const failed = (error: string, exitCode = 1): FormatResult => ({ ok: false, error, exitCode });

/** Options shared by the inspect builders. */
export interface InspectOptions {
  /**
   * The nanoseconds below the millisecond of a timestamp (0..999999). The daemon prints
   * nanosecond times; by default they are derived from the id and ms (stableNanos).
   */
  subMsNanos?: (id: string, ms: number) => number;
}
