/**
 * Labs in the browser (issue 5): a shared link rebuilds the same World and picture in a fresh
 * browser; a reload keeps the lab; undo and redo replay the log; a real `docker inspect` dump
 * becomes a lab; hostile links and names do nothing but say so; saved labs can be renamed,
 * duplicated, deleted and brought back.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors';
import { commands, containerNames, containerPositions, leaveTerminal, openPlayground, shareUrl, waitSaved, worldJson } from './labs';
import { transcript, typeCommand } from './terminal';

async function typeAll(page: Page, lines: string[]): Promise<void> {
  await page.getByTestId('terminal').locator('.xterm-screen:visible').click();
  for (const line of lines) await typeCommand(page, line);
}

const DUMP = readFileSync(new URL('../src/sim/lab/__fixtures__/inspect-real-20.10.txt', import.meta.url), 'utf8');

/**
 * Pastes `text` into a field as a user does (Ctrl+V): typing 100 kB through the protocol's
 * insertText takes Chromium some 40 s, a paste a fraction of a second.
 */
async function paste(page: Page, testId: string, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  const field = page.getByTestId(testId);
  await field.fill('');
  await field.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(field).toHaveValue(text);
}

/** Drags a container's box by (dx, dy) screen pixels with the mouse. */
async function dragContainer(page: Page, name: string, dx: number, dy: number): Promise<void> {
  const at = await page.evaluate((n) => {
    const cy = window.__playground!.cy!;
    const bb = cy.nodes(`[kind = "container"][name = "${n}"]`)[0]!.renderedBoundingBox({ includeLabels: false });
    const r = cy.container()!.getBoundingClientRect();
    // Near the top edge of the box: its own area, not a child's.
    return { x: r.left + (bb.x1 + bb.x2) / 2, y: r.top + bb.y1 + 6 };
  }, name);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + dx / 2, at.y + dy / 2, { steps: 4 });
  await page.mouse.move(at.x + dx, at.y + dy, { steps: 4 });
  await page.mouse.up();
}

test('Share: the link rebuilds the same World and the same picture in a fresh browser', async ({ page, browser, context }) => {
  const errors = collectErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPlayground(page);
  // A gesture (the empty state's button), typed commands, and a drag on the canvas.
  await page.getByTestId('empty-run').click();
  await typeAll(page, ['docker network create net1', 'docker run -d --name c2 --network net1 busybox sleep 3600', 'docker network connect net1 c1']);
  await expect.poll(() => containerNames(page)).toEqual(['c1', 'c2']);
  const before = await containerPositions(page);
  await dragContainer(page, 'c2', 140, 90);
  const placed = await containerPositions(page);
  const moved = Object.keys(placed).filter((id) => placed[id]![0] !== before[id]![0]);
  expect(moved.length).toBeGreaterThan(0);

  await page.getByTestId('lab-name').click();
  await page.getByTestId('lab-name-input').fill('Two containers on net1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lab-name')).toHaveText('Two containers on net1');

  const url = await shareUrl(page);
  expect(url).toMatch(/#lab=1\./);
  await expect(page.getByTestId('share-status')).toHaveText('Link copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByTestId('share-verdict')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('share-verdict')).toContainText(`${url.length} characters`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-popover')).toBeHidden();

  const world = await worldJson(page);
  const other = await browser.newContext();
  const fresh = await other.newPage();
  const freshErrors = collectErrors(fresh);
  await openPlayground(fresh, url);
  await expect.poll(() => containerNames(fresh)).toEqual(['c1', 'c2']);
  expect(await worldJson(fresh)).toBe(world);
  expect(await containerPositions(fresh)).toEqual(placed);
  expect(await commands(fresh)).toEqual(await commands(page));
  await expect(fresh.getByTestId('lab-name')).toHaveText('Two containers on net1');
  // The link leaves the address bar: a reload reopens the saved copy, not the link again.
  expect(new URL(fresh.url()).hash).toBe('');
  await other.close();
  expect(errors).toEqual([]);
  expect(freshErrors).toEqual([]);
});

test('a reload keeps the lab', async ({ page }) => {
  const errors = collectErrors(page);
  await openPlayground(page);
  await typeAll(page, ['docker network create front', 'docker run -d --name web --network front -p 8080:80 nginx', 'ip netns add blue']);
  await waitSaved(page, 3);
  const world = await worldJson(page);
  await page.reload();
  await page.waitForFunction(() => window.__playground?.isReady());
  await expect.poll(() => commands(page)).toEqual(['docker network create front', 'docker run -d --name web --network front -p 8080:80 nginx', 'ip netns add blue']);
  expect(await worldJson(page)).toBe(world);
  await expect.poll(() => transcript(page)).toContain('ip netns add blue');
  expect(errors).toEqual([]);
});

test('undo and redo replay the log: keys and buttons, World and terminal follow', async ({ page }) => {
  const errors = collectErrors(page);
  await openPlayground(page);
  await typeAll(page, ['docker network create net1', 'docker run -d --name a1 --network net1 busybox sleep 1d']);
  const shorter = await worldJson(page);
  await typeCommand(page, 'docker run -d --name a2 --network net1 busybox sleep 1d');
  const longer = await worldJson(page);
  expect(longer).not.toBe(shorter);
  const undo = page.getByTestId('undo');
  const redo = page.getByTestId('redo');
  await expect(undo).toHaveAttribute('title', /^Undo docker run -d --name a2 .*\(Ctrl\+Z\)$/);
  await expect(redo).toBeDisabled();

  // In the terminal Ctrl+Z is the shell's; on the page it undoes.
  await leaveTerminal(page);
  await page.keyboard.press('Control+z');
  await expect.poll(() => worldJson(page)).toBe(shorter);
  await expect.poll(() => transcript(page)).not.toContain('--name a2');
  expect(await transcript(page)).toContain('--name a1');
  await expect(redo).toBeEnabled();
  await expect(redo).toHaveAttribute('title', /^Redo docker run -d --name a2 /);

  // The terminal remounts after an undo and takes the focus (TerminalView); leave it again.
  await leaveTerminal(page);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(() => worldJson(page)).toBe(longer);
  await expect.poll(() => transcript(page)).toContain('--name a2');
  await expect(redo).toBeDisabled();

  await undo.click();
  await expect.poll(() => worldJson(page)).toBe(shorter);
  await redo.click();
  await expect.poll(() => worldJson(page)).toBe(longer);
  await undo.click();
  await expect.poll(() => worldJson(page)).toBe(shorter);
  await leaveTerminal(page);
  await page.keyboard.press('Control+y');
  await expect.poll(() => worldJson(page)).toBe(longer);
  await expect(redo).toBeDisabled();

  // Undo everything; a new line after an undo forks history (nothing left to redo).
  await undo.click();
  await undo.click();
  await undo.click();
  await expect(undo).toBeDisabled();
  await expect.poll(() => commands(page)).toEqual([]);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(redo).toBeEnabled();
  await page.getByTestId('empty-run').click();
  await expect(redo).toBeDisabled();
  expect(errors).toEqual([]);
});

test('import a real docker inspect dump: its containers are in the World and on the graph', async ({ page }) => {
  const errors = collectErrors(page);
  const inDump = [...DUMP.matchAll(/^ {8}"Name": "\/([\w.-]+)",$/gm)].map((m) => m[1]!).sort();
  expect(inDump.length).toBeGreaterThan(5);
  await openPlayground(page);
  await typeAll(page, ['docker run -d --name mine busybox sleep 1d']);
  await waitSaved(page, 1);

  await page.getByTestId('labs-open').click();
  await page.getByTestId('labs-tab-import').click();
  // Not inspect output: refused in place, the lab untouched.
  await page.getByTestId('import-text').fill('{"hello": "world"}');
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-error')).toContainText('Your current lab is unchanged.');
  expect(await containerNames(page)).toEqual(['mine']);

  await paste(page, 'import-text', DUMP);
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-report')).toContainText('as a new lab');
  const world = await page.evaluate(() => {
    const w = window.__playground!.getWorld();
    return w.hostOrder.flatMap((h) => Object.values(w.hosts[h]!.docker?.containers ?? {}).map((c) => c.name)).sort();
  });
  expect(world).toEqual(inDump);
  await page.getByTestId('import-look').click();
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect.poll(() => containerNames(page)).toEqual(inDump);
  // The previous lab is kept among the saved labs.
  await page.getByTestId('labs-open').click();
  await expect(page.getByTestId('lab-row')).toHaveCount(2);
  expect(errors).toEqual([]);
});

const HOSTILE = '<img src=x onerror=window.__pwned=1>';

test('hostile links and names: a clear notice, the lab unchanged, nothing runs', async ({ page, browser }) => {
  const errors = collectErrors(page);
  await openPlayground(page);
  await typeAll(page, ['docker run -d --name keep busybox sleep 1d']);
  const world = await worldJson(page);

  for (const [hash, says] of [
    ['#lab=1.garbage', 'This lab link cannot be opened'],
    ['#lab=9.AAAA', 'This lab link cannot be opened'],
    ['#lab=', 'This lab link cannot be opened'],
  ] as const) {
    await page.evaluate((h) => (location.hash = h), hash);
    await expect(page.getByTestId('notice')).toContainText(says);
    await expect(page.getByTestId('notice')).toContainText('Your current lab is unchanged.');
    expect(await worldJson(page)).toBe(world);
    await page.getByTestId('notice-close').click();
  }

  // A lab whose name is HTML: made here, shared, opened elsewhere; shown as text everywhere.
  await page.getByTestId('lab-name').click();
  await page.getByTestId('lab-name-input').fill(HOSTILE);
  await page.keyboard.press('Enter');
  const url = await shareUrl(page);
  await page.keyboard.press('Escape');

  // The same link cut short, as a chat app would: refused.
  await page.evaluate((h) => (location.hash = h), new URL(url).hash.slice(0, 40));
  await expect(page.getByTestId('notice')).toContainText('cannot be opened');
  expect(await worldJson(page)).toBe(world);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const freshErrors = collectErrors(fresh);
  await openPlayground(fresh, url);
  await expect(fresh.getByTestId('lab-name')).toHaveText(HOSTILE);
  await expect(fresh.getByTestId('notice')).toContainText(`Opened the shared lab "${HOSTILE}"`);
  await fresh.getByTestId('labs-open').click();
  await expect(fresh.getByTestId('lab-row-name').first()).toHaveText(HOSTILE);
  expect(await fresh.locator('img[src="x"]').count()).toBe(0);
  expect(await fresh.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await other.close();

  // The same name in a lab file.
  await page.getByTestId('labs-open').click();
  await page.getByTestId('labs-file-input').setInputFiles({
    name: 'hostile.dnp.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ v: 1, name: `${HOSTILE}2`, hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'docker run -d --name f1 busybox sleep 1d' }] })),
  });
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect(page.getByTestId('lab-name')).toHaveText(`${HOSTILE}2`);
  await expect.poll(() => containerNames(page)).toEqual(['f1']);
  // Files that are not labs (not JSON; a later format): a notice in the dialog, the lab unchanged.
  const opened = await worldJson(page);
  await page.getByTestId('labs-open').click();
  for (const [text, says] of [
    ['<html><script>window.__pwned=1</script>', 'cannot be opened'],
    ['{"v": 2, "hosts": []}', 'newer version'],
  ] as const) {
    await page.getByTestId('labs-file-input').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.getByTestId('labs-notice')).toContainText(says);
    await expect(page.getByTestId('labs-notice')).toContainText('Your current lab is unchanged.');
    expect(await worldJson(page)).toBe(opened);
  }
  await page.keyboard.press('Escape');

  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
  expect(freshErrors).toEqual([]);
});

test('saved labs: open, rename, duplicate, delete and undo the delete', async ({ page }) => {
  const errors = collectErrors(page);
  await openPlayground(page);
  await typeAll(page, ['docker run -d --name alpha busybox sleep 1d']);
  await page.getByTestId('lab-name').click();
  await page.getByTestId('lab-name-input').fill('Alpha');
  await page.keyboard.press('Enter');
  await waitSaved(page, 1);

  await leaveTerminal(page);
  await page.keyboard.press('l');
  const dialog = page.getByTestId('labs-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('labs-new-two').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => page.evaluate(() => window.__playground!.getWorld().hostOrder.length)).toBe(2);
  await typeAll(page, ['docker run -d --name beta busybox sleep 1d']);
  await waitSaved(page, 1);

  await page.getByTestId('labs-open').click();
  const rows = page.getByTestId('lab-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-current', 'true');
  await expect(rows.nth(1).getByTestId('lab-row-name')).toHaveText('Alpha');
  const alpha = rows.filter({ hasText: 'Alpha' });
  /** The row of the lab called exactly `name`. */
  const row = (name: string) => rows.filter({ has: page.getByTestId('lab-row-name').getByText(name, { exact: true }) });

  await alpha.getByTestId('lab-rename').click();
  await page.getByTestId('lab-rename-input').fill('Alpha renamed');
  await page.keyboard.press('Enter');
  await expect(rows.filter({ hasText: 'Alpha renamed' })).toHaveCount(1);

  await rows.filter({ hasText: 'Alpha renamed' }).getByTestId('lab-duplicate').click();
  await expect(rows).toHaveCount(3);
  const copy = rows.filter({ hasText: 'Alpha renamed (copy)' });
  await expect(copy).toHaveCount(1);

  await copy.getByTestId('lab-delete').click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('labs-notice')).toContainText('Deleted "Alpha renamed (copy)"');
  await page.getByTestId('labs-notice-action').click();
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Alpha renamed (copy)' })).toHaveCount(1);

  // Open the original: its World comes back (one host, the alpha container).
  await row('Alpha renamed').getByTestId('lab-open').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => containerNames(page)).toEqual(['alpha']);
  await expect(page.getByTestId('lab-name')).toHaveText('Alpha renamed');
  expect(await page.evaluate(() => window.__playground!.getWorld().hostOrder.length)).toBe(1);

  // Esc closes the dialog and gives the focus back to the Labs button.
  await page.getByTestId('labs-open').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('labs-open')).toBeFocused();

  // Deleting the open lab starts an empty one; the notice over the canvas offers Undo too.
  await page.getByTestId('labs-open').click();
  await row('Alpha renamed').getByTestId('lab-delete').click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(() => commands(page)).toEqual([]);
  await expect(page.getByTestId('notice')).toContainText('Deleted "Alpha renamed"');
  await page.getByTestId('notice-action').click();
  await expect.poll(() => containerNames(page)).toEqual(['alpha']);
  await expect(page.getByTestId('lab-name')).toHaveText('Alpha renamed');
  expect(errors).toEqual([]);
});

for (const theme of ['dark', 'light'] as const) {
  test(`screenshots of the share popover and the labs dialog (${theme})`, async ({ page, context }) => {
    const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}-${theme}.png`) });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.addInitScript((t) => localStorage.setItem('dnp-theme', t), theme);
    await openPlayground(page);
    await page.getByTestId('empty-run').click();
    await typeAll(page, ['docker network create net1', 'docker run -d --name web --network net1 -p 8080:80 nginx']);
    await page.getByTestId('lab-name').click();
    await page.getByTestId('lab-name-input').fill('nginx behind net1');
    await page.keyboard.press('Enter');
    await shareUrl(page);
    await expect(page.getByTestId('share-status')).toBeVisible();
    await shot('share');
    await page.keyboard.press('Escape');
    await waitSaved(page, 3);

    await page.getByTestId('labs-open').click();
    await page.getByTestId('labs-new').click();
    await typeAll(page, ['docker run -d --name solo busybox sleep 1d']);
    await page.getByTestId('labs-open').click();
    await expect(page.getByTestId('lab-row')).toHaveCount(2);
    await shot('labs-saved');
    await page.getByTestId('lab-row').filter({ hasText: 'nginx behind net1' }).getByTestId('lab-open').click();
    await expect.poll(() => containerNames(page)).toEqual(['c1', 'web']);

    await page.getByTestId('labs-open').click();
    await page.getByTestId('labs-tab-export').click();
    await expect(page.getByTestId('export-preview')).toContainText('docker');
    await shot('labs-export-docker');
    await page.getByTestId('export-compose').click();
    await expect(page.getByTestId('export-leftout')).toBeVisible();
    await shot('labs-export-compose');
    await page.getByTestId('labs-tab-import').click();
    await paste(page, 'import-text', DUMP);
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-report')).toBeVisible();
    await shot('labs-import');
  });
}
