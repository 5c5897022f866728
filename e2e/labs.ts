/**
 * Shared by the labs specs: opening the page ready to type, the World as text (to compare two
 * pages byte for byte), where the graph put the containers, and the share link.
 */
import { expect, type Page } from '@playwright/test';
import { PROMPT, transcript } from './terminal';

/** Opens `url` and waits until the lab to start with is open and the graph drawn. */
export async function openPlayground(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.__playground?.isReady());
  await expect.poll(() => transcript(page)).toContain(PROMPT);
}

export function worldJson(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify(window.__playground!.getWorld()));
}

export function commands(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__playground!.getLog().map((e) => e.command));
}

/** Every node inside a container's box, by id, at its model position (rounded like the lab's layout). */
export function containerPositions(page: Page): Promise<Record<string, [number, number]>> {
  return page.evaluate(() => {
    const out: Record<string, [number, number]> = {};
    for (const n of window.__playground!.cy!.nodes('[kind = "container"]').descendants().toArray()) {
      const p = n.position();
      out[n.id()] = [Math.round(p.x), Math.round(p.y)];
    }
    return out;
  });
}

export function containerNames(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__playground!.cy!.nodes('[kind = "container"]').map((n) => n.data('name') as string).sort());
}

/**
 * Moves the focus off the terminal (where Ctrl+Z belongs to the shell) onto the page. A terminal
 * screen rebuilt after an undo or a lab opened focuses itself once mounted (TerminalView), a
 * moment later: wait until the focus stays off it.
 */
export async function leaveTerminal(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const inTerminal = () => document.activeElement?.closest('.xterm') != null;
          (document.activeElement as HTMLElement | null)?.blur();
          await new Promise((r) => setTimeout(r, 500));
          return !inTerminal() && document.querySelectorAll('.terminal-screen:not(:has(.xterm))').length === 0;
        }),
      { timeout: 8000 },
    )
    .toBe(true);
}

/** Clicks Share and returns the link the popover shows (and copied). */
export async function shareUrl(page: Page): Promise<string> {
  await page.getByTestId('share').click();
  const field = page.getByTestId('share-url');
  await expect(field).toBeVisible();
  return field.inputValue();
}

/** The saved lab is written a moment after a change (autosave); wait until it has `lines` lines. */
export async function waitSaved(page: Page, lines: number): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const id = localStorage.getItem('dnp-current');
        const raw = id ? localStorage.getItem(`dnp-lab:${id}`) : null;
        return raw ? (JSON.parse(raw) as { log: unknown[] }).log.length : -1;
      }),
    )
    .toBe(lines);
}
