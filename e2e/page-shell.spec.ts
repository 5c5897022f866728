/**
 * The page around the graph: the empty state's first command, the help overlay and its shortcuts,
 * the themes, the PNG export, and panels that collapse and come back.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors';
import { PROMPT, transcript } from './terminal';

async function open(page: Page): Promise<void> {
  await page.goto('/');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await page.waitForFunction(() => window.__playground?.isReady());
}

test('the empty state invites the first command and runs it as a gesture', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page);
  const empty = page.getByTestId('empty-state');
  await expect(empty).toContainText('docker run -d --name c1 busybox sleep 1d');
  await page.getByTestId('empty-run').click();
  await expect(empty).toBeHidden();
  await expect.poll(() => transcript(page)).toContain(`${PROMPT}docker run -d --name c1 busybox sleep 1d\n`);
  const names = await page.evaluate(() => window.__playground!.cy!.nodes('[kind = "container"]').map((n) => n.data('name') as string));
  expect(names).toEqual(['c1']);
  expect(await page.evaluate(() => window.__playground!.getLog().map((e) => e.origin))).toEqual(['gesture']);
  expect(errors).toEqual([]);
});

test('shortcuts: ? opens the help, T switches the theme, P starts a ping pick, Esc cancels', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page);
  // Shortcuts do not fire while typing in the terminal: focus the page body first.
  await page.getByTestId('world-summary').click();

  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Export the graph as PNG');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  const theme = () => page.locator('.app').getAttribute('data-theme');
  const before = await theme();
  const canvasBefore = await page.evaluate(() => getComputedStyle(document.querySelector('.app')!).getPropertyValue('--canvas'));
  await page.keyboard.press('t');
  await expect.poll(theme).not.toBe(before);
  const canvasAfter = await page.evaluate(() => getComputedStyle(document.querySelector('.app')!).getPropertyValue('--canvas'));
  expect(canvasAfter).not.toBe(canvasBefore);
  // The choice survives a reload.
  const chosen = await theme();
  await page.reload();
  await expect.poll(theme).toBe(chosen);
  // The new page's terminal takes the focus when its prompt appears: move on after that.
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await page.waitForFunction(() => window.__playground?.isReady());

  await page.getByTestId('world-summary').click();
  await page.keyboard.press('p');
  await expect(page.getByTestId('probe-hint')).toContainText('source');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('probe-hint')).toBeHidden();

  // Typing a shortcut key in the terminal types it.
  await page.getByTestId('terminal').locator('.xterm-screen').click();
  await page.keyboard.type('t');
  await expect(help).toBeHidden();
  expect(await theme()).toBe(chosen);
  expect(errors).toEqual([]);
});

test('the graph exports as a PNG of the whole lab', async ({ page }) => {
  await open(page);
  await page.evaluate(() => window.__playground!.runCommand('docker run -d --name web nginx'));
  const download = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('docker-node1-1-commands.png');
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // A whole lab at scale 2 is bigger than the viewport's few kilobytes of nothing.
  expect(bytes.length).toBeGreaterThan(20_000);
});

test('panels collapse to rails and come back; the graph keeps its nodes', async ({ page }) => {
  await open(page);
  const nodes = () => page.evaluate(() => window.__playground!.cy!.nodes().length);
  const count = await nodes();
  const graph = page.getByTestId('graph');
  const width = (await graph.boundingBox())!.width;

  await page.getByTestId('close-palette').click();
  await page.getByTestId('close-inspector').click();
  await expect(page.getByTestId('open-palette')).toBeVisible();
  await expect.poll(async () => (await graph.boundingBox())!.width).toBeGreaterThan(width + 400);
  expect(await nodes()).toBe(count);

  await page.getByTestId('open-palette').click();
  await page.getByTestId('open-inspector').click();
  await expect(page.getByTestId('palette')).toBeVisible();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect.poll(async () => (await graph.boundingBox())!.width).toBeCloseTo(width, -1);
});
