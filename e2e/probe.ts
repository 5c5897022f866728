/**
 * Shared by the click-to-probe specs: setting up a lab through the test hook, clicking graph
 * nodes where Cytoscape drew them, and reading the playback and the packet overlay.
 */
import { expect, type Page } from '@playwright/test';
import { PROMPT, transcript } from './terminal';
import { collectErrors } from './page-errors';

const errorsOf = new WeakMap<Page, string[]>();

/** Opens the page and runs setup lines through the test hook (they are not part of the test). */
export async function openLab(page: Page, lines: string[]): Promise<void> {
  const errors = collectErrors(page);
  errorsOf.set(page, errors);
  await page.goto('/');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  for (const line of lines) {
    const code = await page.evaluate((l) => window.__playground!.runCommand(l).exitCode, line);
    expect(code, line).toBe(0);
  }
  await page.getByTestId('graph-fit').click();
}

/** Page errors and console errors since `openLab`. */
export function consoleErrors(page: Page): string[] {
  return errorsOf.get(page) ?? [];
}

/**
 * Clicks a node where it is drawn: a box (host, namespace, container) at a point of the box that
 * no node inside it covers, so the click lands on the box; a leaf in its middle.
 */
export async function clickNode(page: Page, selector: string): Promise<void> {
  const at = await page.evaluate((sel) => {
    const cy = window.__playground!.cy!;
    const n = cy.nodes(sel).first();
    if (n.empty()) return null;
    if (!n.isParent()) return n.renderedPosition();
    const bb = n.renderedBoundingBox({ includeLabels: false });
    const kids = n.descendants().map((k) => k.renderedBoundingBox({ includeLabels: false }));
    const free = (x: number, y: number) => kids.every((k) => x < k.x1 - 1 || x > k.x2 + 1 || y < k.y1 - 1 || y > k.y2 + 1);
    const mid = (bb.y1 + bb.y2) / 2;
    // Off the middle of the top and bottom sides, where links come in.
    const candidates = [
      { x: bb.x1 + 3, y: mid },
      { x: bb.x2 - 3, y: mid },
      { x: bb.x1 + 8, y: bb.y1 + 5 },
      { x: bb.x2 - 8, y: bb.y2 - 4 },
    ];
    return candidates.find((p) => free(p.x, p.y)) ?? null;
  }, selector);
  expect(at, `a free point of ${selector}`).not.toBeNull();
  const box = (await page.getByTestId('graph').boundingBox())!;
  await page.mouse.click(box.x + at!.x, box.y + at!.y);
}

/** The container box of a container, by name. */
export const containerNode = (name: string) => `[kind = "container"][name = "${name}"]`;

/** Picks a probe on the graph: the tool's button, the source, then the target. */
export async function probe(page: Page, tool: 'ping' | 'curl', source: string, target: string): Promise<void> {
  await page.getByTestId(`probe-${tool}`).click();
  await expect(page.getByTestId('probe-hint')).toContainText('Pick the source');
  await clickNode(page, source);
  await expect(page.getByTestId('probe-hint')).toContainText('Now pick the target');
  await clickNode(page, target);
  await expect(page.getByTestId('probe-hint')).toBeHidden();
  await expect(page.getByTestId('trace-panel')).toBeVisible();
}

export interface PlaybackView {
  command: string;
  ok: boolean;
  headline: string;
  index: number;
  playing: boolean;
  speed: number;
  steps: string[];
  outcome: string;
}

export function playback(page: Page): Promise<PlaybackView | null> {
  return page.evaluate(() => {
    const p = window.__playground!.getPlayback();
    if (!p) return null;
    return {
      command: p.command,
      ok: p.explanation.ok,
      headline: p.explanation.headline,
      index: p.index,
      playing: p.playing,
      speed: p.speed,
      steps: p.trace.steps.map((s) => s.kind),
      outcome: p.trace.outcome.kind,
    };
  });
}

/** How many packet dots the overlay drew in its last frame, and how many frames it drew. */
export function overlayState(page: Page): Promise<{ dots: number; frames: number; step: number }> {
  return page.getByTestId('packet-overlay').evaluate((el) => ({
    dots: Number((el as HTMLElement).dataset.dots ?? 0),
    frames: Number((el as HTMLElement).dataset.frames ?? 0),
    step: Number((el as HTMLElement).dataset.step ?? -2),
  }));
}

/** Opaque pixels on the overlay canvas (something is painted). */
export function overlayInk(page: Page): Promise<number> {
  return page.getByTestId('packet-overlay').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
}

/**
 * A roomier page for the README screenshots: a 1600x1000 window, a taller dock and a wider
 * timeline (events and headers side by side). Call with the trace panel open.
 */
export async function readmeLayout(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1600, height: 1000 });
  const drag = async (handle: ReturnType<Page['getByTestId']>, dx: number, dy: number) => {
    const b = (await handle.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2 + dx, b.y + b.height / 2 + dy, { steps: 4 });
    await page.mouse.up();
  };
  await drag(page.getByTestId('splitter'), 0, -150);
  await drag(page.getByRole('separator', { name: 'Resize the timeline' }), -260, 0);
  await page.getByTestId('graph-fit').click();
}
