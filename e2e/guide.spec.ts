/**
 * Guided labs, as a learner meets them: open the gallery from the top bar, start the veth-pair
 * lab, follow each step with its hint's Run buttons and watch it ticked off, answer the challenge
 * by typing in the terminal, and see the lab finished. Also: the keyboard alone reaches all of it,
 * a `#guide=<id>` link starts a lab, and a reload keeps the lab and its guide.
 *
 * The challenge's answer is not in the page (the UI never shows it); it is copied here from
 * src/sim/lab/guided/labs/veth-pair.ts.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectErrors } from './page-errors';
import { PROMPT, transcript, typeCommand } from './terminal';

const VETH_PAIR_CHALLENGE = ['ip netns exec test1 ip link set dev lo up', 'ip netns exec test1 ping -c 1 192.168.1.1'];

let errors: string[] = [];

test.beforeEach(({ page }) => {
  errors = collectErrors(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

async function openPage(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect.poll(() => page.evaluate(() => window.__playground?.isReady() === true)).toBe(true);
}

const logLength = (page: Page) => page.evaluate(() => window.__playground!.getLog().length);

/** Opens the hint of one step and presses each of its Run buttons, waiting for each line to run. */
async function followHint(page: Page, step: Locator): Promise<string[]> {
  await step.getByRole('button', { name: 'Show a hint' }).click();
  const runs = step.getByTestId('guide-run');
  const lines = await step.locator('.guide-cmd').allTextContents();
  expect(lines.length).toBeGreaterThan(0);
  await expect(runs).toHaveCount(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const before = await logLength(page);
    await runs.nth(i).click();
    await expect.poll(() => logLength(page)).toBe(before + 1);
  }
  return lines;
}

test('follow the veth-pair lab from the gallery to the end', async ({ page }, info) => {
  await openPage(page);
  await page.getByTestId('open-guides').click();
  const gallery = page.getByRole('dialog', { name: 'Guided labs' });
  await expect(gallery).toBeVisible();
  await expect(gallery.getByTestId('guide-card-veth-pair')).toContainText('Two namespaces and a veth pair');
  await expect(gallery.getByTestId('guide-card-docker0')).toBeVisible();
  expect(await gallery.locator('.guide-card').count()).toBeGreaterThanOrEqual(10);
  await page.screenshot({ path: info.outputPath('guide-gallery.png') });

  await gallery.getByTestId('guide-start-veth-pair').click();
  await expect(gallery).toBeHidden();
  const panel = page.getByTestId('guide-panel');
  await expect(panel).toHaveAttribute('data-guide', 'veth-pair');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Two namespaces and a veth pair');
  const steps = panel.locator('.guide-step');
  const n = await steps.count();
  expect(n).toBeGreaterThanOrEqual(3);
  await expect(panel.getByTestId('guide-progress')).toHaveText(`0 of ${n} steps done`);
  // Text with `code` spans renders them as code.
  await expect(steps.first().locator('.guide-text code').first()).toBeVisible();

  // The panel floats over the canvas' top-left corner, narrow, never over the whole canvas.
  const pane = await page.getByTestId('graph').boundingBox();
  const box = await panel.boundingBox();
  expect(pane && box).toBeTruthy();
  expect(box!.width).toBeLessThanOrEqual(330);
  expect(box!.x).toBeGreaterThanOrEqual(pane!.x);
  expect(box!.y).toBeGreaterThanOrEqual(pane!.y);
  expect(box!.x + box!.width).toBeLessThan(pane!.x + pane!.width);
  expect(box!.y + box!.height).toBeLessThan(pane!.y + pane!.height);

  for (let i = 0; i < n; i++) {
    const step = steps.nth(i);
    await expect(step).toHaveAttribute('data-done', 'false');
    const lines = await followHint(page, step);
    await expect(step).toHaveAttribute('data-done', 'true');
    await expect(panel.getByTestId('guide-progress')).toHaveText(`${i + 1} of ${n} steps done`);
    // A Run is a gesture: the terminal echoes the line.
    expect(await transcript(page)).toContain(lines.at(-1)!);
    if (i === 1) await page.screenshot({ path: info.outputPath('guide-panel-hint.png') });
  }
  const log = await page.evaluate(() => window.__playground!.getLog().map((e) => e.origin));
  expect(log.every((o) => o === 'gesture')).toBe(true);

  // The challenge: no hint, typed in the terminal.
  const challenge = panel.getByTestId('guide-challenge');
  await expect(challenge).toHaveAttribute('data-done', 'false');
  await expect(challenge.getByRole('button')).toHaveCount(0);
  await expect(panel.getByTestId('guide-complete')).toHaveCount(0);
  await expect.poll(() => transcript(page)).toMatch(/\[root@docker-node1 ~\]# $/);
  await page.getByTestId('terminal').locator('.xterm-screen').click();
  for (const line of VETH_PAIR_CHALLENGE) await typeCommand(page, line);
  await expect(challenge).toHaveAttribute('data-done', 'true');
  await expect(panel.getByTestId('guide-complete')).toBeVisible();
  await page.screenshot({ path: info.outputPath('guide-panel-done.png') });

  // The checks ran off the typing path, each quickly.
  const took = await page.evaluate(() => performance.getEntriesByName('guide-evaluate').map((e) => e.duration));
  expect(took.length).toBeGreaterThan(0);
  expect(Math.max(...took)).toBeLessThan(100);
  info.annotations.push({ type: 'guide-evaluate ms (max)', description: Math.max(...took).toFixed(1) });

  // 中文, then back.
  await panel.getByRole('button', { name: '中文 (Chinese)' }).click();
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('用 veth pair 连接两个 network namespace');
  await expect(panel.getByTestId('guide-progress')).toHaveText(`已完成 ${n}/${n} 步`);
  await page.screenshot({ path: info.outputPath('guide-panel-zh.png') });
  await panel.getByRole('button', { name: 'English' }).click();

  // Collapsed, the panel is its header with the count.
  await panel.getByTestId('guide-collapse').click();
  await expect(panel.locator('.guide-body')).toHaveCount(0);
  await expect(panel.locator('.guide-count')).toHaveText(`${n}/${n}`);
  expect((await panel.boundingBox())!.height).toBeLessThan(60);
  await page.screenshot({ path: info.outputPath('guide-panel-collapsed.png') });
  await panel.getByTestId('guide-collapse').click();

  // A reload keeps the lab, and its guide with it.
  await page.waitForTimeout(500); // autosave (300 ms)
  await openPage(page);
  await expect(panel).toHaveAttribute('data-guide', 'veth-pair');
  await expect(panel.getByTestId('guide-complete')).toBeVisible();

  // Closing the guide leaves the lab as it is.
  const lines = await logLength(page);
  await panel.getByTestId('guide-close').click();
  await expect(panel).toHaveCount(0);
  expect(await logLength(page)).toBe(lines);
});

test('the keyboard alone opens the gallery, starts a lab and runs a hint', async ({ page }) => {
  await openPage(page);
  const open = page.getByTestId('open-guides');
  await open.focus();
  await page.keyboard.press('Enter');
  const gallery = page.getByRole('dialog', { name: 'Guided labs' });
  await expect(gallery).toBeVisible();
  await expect(page.getByTestId('guide-start-veth-pair')).toBeFocused();
  // Tab stays in the dialog; one-key shortcuts do not fire behind it (T switches the theme).
  const theme = await page.locator('.app').getAttribute('data-theme');
  for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
  expect(await gallery.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('t');
  expect(await page.locator('.app').getAttribute('data-theme')).toBe(theme);
  // Esc closes and gives the focus back.
  await page.keyboard.press('Escape');
  await expect(gallery).toBeHidden();
  await expect(open).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('guide-start-veth-pair')).toBeFocused();
  await page.keyboard.press('Tab');
  const second = page.getByTestId('guide-start-docker0');
  await expect(second).toBeFocused();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('guide-panel');
  await expect(panel).toHaveAttribute('data-guide', 'docker0');
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();

  // Tab to the first hint, open it, Tab to its first Run, press it.
  const hint = panel.getByRole('button', { name: 'Show a hint' }).first();
  for (let i = 0; i < 10 && !(await hint.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(hint).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('button', { name: 'Hide the hint' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByTestId('guide-run').first()).toBeFocused();
  const before = await logLength(page);
  await page.keyboard.press('Enter');
  await expect.poll(() => logLength(page)).toBe(before + 1);
});

test('#guide=docker0 opens that lab; an unknown one says so', async ({ page }) => {
  await openPage(page, '/#guide=docker0');
  const panel = page.getByTestId('guide-panel');
  await expect(panel).toHaveAttribute('data-guide', 'docker0');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('docker0 and the veth pairs of containers');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
  await expect(panel.getByTestId('guide-progress')).toHaveText(/^0 of \d+ steps done$/);

  await page.evaluate(() => {
    location.hash = '#guide=no-such-lab';
  });
  await expect(page.getByTestId('notice')).toContainText('No guided lab called "no-such-lab"');
  await expect(panel).toHaveAttribute('data-guide', 'docker0');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
});
