/**
 * A pane that fails to draw (issue 7): its error boundary shows "This panel failed to draw: WHY",
 * "Try again" and "Export the lab"; the terminal keeps running lines into the lab meanwhile. A
 * failure of the whole page keeps a terminal and the export. The failure is made by the test hook
 * (`window.__playground.failRender(pane)`), in the production build.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors';
import { commands, openPlayground } from './labs';
import { typeCommand } from './terminal';

const shots = (name: string) => test.info().outputPath(`${name}.png`);

let errors: string[] = [];
test.beforeEach(({ page }) => {
  errors = collectErrors(page);
});
test.afterEach(() => {
  // React reports each error a boundary caught on the console; nothing else may be there.
  expect(errors.filter((e) => !e.includes('was made to fail (test hook)'))).toEqual([]);
});

async function typeLines(page: Page, lines: string[]): Promise<void> {
  await page.getByTestId('terminal').locator('.xterm-screen:visible').click();
  for (const line of lines) await typeCommand(page, line);
}

/** Clicks the failed pane's "Export the lab" and returns the downloaded file's name and parsed JSON. */
async function exportFrom(page: Page, pane: string): Promise<{ name: string; lab: { v: number; hosts: string[]; log: { c: string }[] } }> {
  const download = page.waitForEvent('download');
  await page.getByTestId(`failed-${pane}`).getByRole('button', { name: 'Export the lab' }).click();
  const file = await download;
  const text = readFileSync((await file.path())!, 'utf8');
  return { name: file.suggestedFilename(), lab: JSON.parse(text) as never };
}

const netnsNames = (page: Page) =>
  page.evaluate(() => window.__playground!.cy?.nodes('[kind = "netns"]').map((n) => n.data('name') as string).sort() ?? null);

test('the graph fails to draw: it says why, the terminal goes on, the lab exports, Try again redraws it', async ({ page }) => {
  await openPlayground(page);
  await typeLines(page, ['ip netns add red']);
  expect(await page.evaluate(() => window.__playground!.failRender('graph'))).toBe(true);

  const failed = page.getByTestId('failed-graph');
  await expect(failed).toContainText('This panel failed to draw: the graph was made to fail (test hook)');
  await expect(failed.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(await page.evaluate(() => window.__playground!.cy)).toBeNull();
  // The other panes are still drawn.
  await expect(page.getByRole('region', { name: 'Inspector' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Palette' })).toBeVisible();
  await page.screenshot({ path: shots('graph-failed') });

  // The terminal still runs lines, and they land in the lab.
  await typeLines(page, ['ip netns add blue', 'ip -n blue link set lo up']);
  expect(await commands(page)).toEqual(['ip netns add red', 'ip netns add blue', 'ip -n blue link set lo up']);

  const { name, lab } = await exportFrom(page, 'graph');
  expect(name).toMatch(/\.dnp\.json$/);
  expect(lab.v).toBe(1);
  expect(lab.hosts).toEqual(['docker-node1']);
  expect(lab.log.map((e) => e.c)).toEqual(['ip netns add red', 'ip netns add blue', 'ip -n blue link set lo up']);

  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toHaveCount(0);
  await expect.poll(() => netnsNames(page)).toEqual(['blue', 'red']);
});

test('the inspector fails: the graph and the terminal go on; Try again brings it back', async ({ page }) => {
  await openPlayground(page);
  expect(await page.evaluate(() => window.__playground!.failRender('inspector'))).toBe(true);
  const failed = page.getByTestId('failed-inspector');
  await expect(failed).toContainText('This panel failed to draw: the inspector was made to fail (test hook)');
  await page.getByRole('region', { name: 'Inspector' }).screenshot({ path: shots('inspector-failed') });

  await typeLines(page, ['ip netns add green']);
  await expect.poll(() => netnsNames(page)).toEqual(['green']);
  const { lab } = await exportFrom(page, 'inspector');
  expect(lab.log.map((e) => e.c)).toEqual(['ip netns add green']);

  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Inspector' }).locator('.pane-body')).not.toBeEmpty();
});

test('the whole page fails: the message, the export and a working terminal remain', async ({ page }) => {
  await openPlayground(page);
  await typeLines(page, ['ip netns add kept']);
  expect(await page.evaluate(() => window.__playground!.failRender('app'))).toBe(true);
  const failed = page.getByTestId('failed-app');
  await expect(failed).toContainText('The playground failed to draw: the app was made to fail (test hook)');
  await expect(page.getByTestId('topbar')).toHaveCount(0);
  await page.screenshot({ path: shots('app-failed') });

  // The terminal under the message is a live one, on the same lab.
  await expect(failed.getByTestId('terminal')).toBeVisible();
  await typeLines(page, ['ip netns add after']);
  expect(await commands(page)).toEqual(['ip netns add kept', 'ip netns add after']);
  const { lab } = await exportFrom(page, 'app');
  expect(lab.log.map((e) => e.c)).toEqual(['ip netns add kept', 'ip netns add after']);

  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('topbar')).toBeVisible();
  await expect.poll(() => netnsNames(page)).toEqual(['after', 'kept']);
});

test('a dialog fails: a box in the corner says so; Try again brings the Labs dialog back, Close closes it', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('labs-open').click();
  await expect(page.getByTestId('labs-dialog')).toBeVisible();
  expect(await page.evaluate(() => window.__playground!.failRender('labs-dialog'))).toBe(true);
  const failed = page.getByTestId('failed-labs-dialog');
  await expect(failed).toContainText('This panel failed to draw: the labs-dialog was made to fail (test hook)');
  await expect(page.getByTestId('labs-dialog')).toHaveCount(0);
  await page.screenshot({ path: shots('dialogs-failed') });
  await typeLines(page, ['ip netns add still']);
  expect(await commands(page)).toEqual(['ip netns add still']);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByTestId('labs-dialog')).toBeVisible();

  // A dialog that fails again can be closed; the canvas' gestures (their own boundary) never stopped.
  expect(await page.evaluate(() => window.__playground!.failRender('labs-dialog'))).toBe(true);
  await failed.getByRole('button', { name: 'Close' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByTestId('labs-dialog')).toHaveCount(0);
  await expect(page.getByTestId('failed-gestures')).toHaveCount(0);
  await page.getByTestId('labs-open').click();
  await expect(page.getByTestId('labs-dialog')).toBeVisible();
});

test('a pane that is not on the page cannot be made to fail', async ({ page }) => {
  await openPlayground(page);
  expect(await page.evaluate(() => window.__playground!.failRender('trace'))).toBe(false);
  expect(await page.evaluate(() => window.__playground!.failRender('no-such-pane'))).toBe(false);
});
