/**
 * Building by hand: palette items dragged onto the canvas, a container dragged onto a network, a
 * context menu, and an error shown in place. Every gesture must run the exact command it stands
 * for (the command log and the terminal's echo) and the graph must follow the World.
 */
import { expect, test, type Page } from '@playwright/test';
import { PROMPT, transcript } from './terminal';
import { collectErrors } from './page-errors';

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A graph node's box in page coordinates. */
function nodeBox(page: Page, id: string): Promise<Box> {
  return page.evaluate((nodeId) => {
    const cy = window.__playground!.cy!;
    const bb = cy.getElementById(nodeId).renderedBoundingBox({ includeLabels: false });
    const r = cy.container()!.getBoundingClientRect();
    return { x1: r.left + bb.x1, y1: r.top + bb.y1, x2: r.left + bb.x2, y2: r.top + bb.y2 };
  }, id);
}

const center = (b: Box) => ({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 });

/** Graph node ids read from the World: a network's bridge, a container's box or leaf node. */
function bridgeOf(page: Page, network: string): Promise<string> {
  return page.evaluate((name) => {
    const w = window.__playground!.getWorld();
    const d = w.hosts[w.hostOrder[0]!]!.docker!;
    return `if:${Object.values(d.networks).find((n) => n.name === name)!.bridge!}`;
  }, network);
}

function containerNode(page: Page, name: string): Promise<string> {
  return page.evaluate((n) => {
    const w = window.__playground!.getWorld();
    const c = Object.values(w.hosts[w.hostOrder[0]!]!.docker!.containers).find((x) => x.name === n)!;
    return c.ns ? `ns:${c.ns}` : `ctr:${c.id}`;
  }, name);
}

function networksOf(page: Page, name: string): Promise<string[]> {
  return page.evaluate((n) => {
    const w = window.__playground!.getWorld();
    const d = w.hosts[w.hostOrder[0]!]!.docker!;
    const c = Object.values(d.containers).find((x) => x.name === n);
    return c ? c.endpoints.map((e) => d.networks[e.network]!.name) : [];
  }, name);
}

function lastGesture(page: Page): Promise<{ command: string; exitCode: number; origin: string } | undefined> {
  return page.evaluate(() => {
    const e = window.__playground!.getLog().at(-1);
    return e && { command: e.command, exitCode: e.exitCode, origin: e.origin };
  });
}

/** Drags a palette item onto the canvas at a page point (HTML5 drag and drop). */
async function dropPaletteItem(page: Page, item: string, at: { x: number; y: number }): Promise<void> {
  const graph = await page.getByTestId('graph').boundingBox();
  await page.getByTestId(`palette-item-${item}`).dragTo(page.getByTestId('graph'), {
    targetPosition: { x: at.x - graph!.x, y: at.y - graph!.y },
  });
}

/** A point inside the host box that is on no network, namespace or container. */
async function emptyHostPoint(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const cy = window.__playground!.cy!;
    const host = cy.nodes('[kind = "host"]').first();
    const bb = host.boundingBox({ includeLabels: false });
    const busy = cy.nodes('[kind = "bridge"], [kind = "netns"], [kind = "container"]').map((n) => n.boundingBox({ includeLabels: false }));
    const r = cy.container()!.getBoundingClientRect();
    for (let y = bb.y1 + 10; y < bb.y2; y += 10) {
      for (let x = bb.x1 + 10; x < bb.x2; x += 10) {
        if (busy.some((b) => x >= b.x1 - 4 && x <= b.x2 + 4 && y >= b.y1 - 4 && y <= b.y2 + 4)) continue;
        const p = cy.zoom();
        const pan = cy.pan();
        return { x: r.left + x * p + pan.x, y: r.top + y * p + pan.y };
      }
    }
    throw new Error('no free point in the host box');
  });
}

/** A point on a container's box itself: its left padding, beside its eth0 and below the edge labels. */
async function grabPoint(page: Page, name: string): Promise<{ x: number; y: number }> {
  const box = await nodeBox(page, await containerNode(page, name));
  return { x: box.x1 + 3, y: (box.y1 + box.y2) / 2 };
}

/** Presses on a container box (not on its eth0) and drags it to `to`. */
async function dragContainerTo(page: Page, name: string, to: { x: number; y: number }, beforeRelease?: () => Promise<void>) {
  const from = await grabPoint(page, name);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, from.y + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  if (beforeRelease) await beforeRelease();
  await page.mouse.up();
}

async function setTheme(page: Page, theme: 'dark' | 'light') {
  const current = await page.locator('.app').getAttribute('data-theme');
  if (current !== theme) await page.getByRole('button', { name: `Switch to the ${theme} theme` }).click();
  await expect(page.locator('.app')).toHaveAttribute('data-theme', theme);
}

test('build by dragging: palette drops, drop on a network, context menu, errors in place', async ({ page }) => {
  // One story, many gestures: longer than the default 30 s on a 2-core machine.
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await page.goto('/');
  await expect.poll(() => page.evaluate(() => window.__playground?.cy?.nodes('[kind = "bridge"]').length ?? 0)).toBeGreaterThan(0);
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await setTheme(page, 'dark');

  // 1. An image dropped on the host.
  await dropPaletteItem(page, 'busybox', await emptyHostPoint(page));
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker run -d --name c1 busybox sleep 1d', exitCode: 0, origin: 'gesture' });
  await expect.poll(() => page.evaluate(() => window.__playground!.cy!.nodes('[kind = "container"]').map((n) => n.data('name') as string))).toEqual(['c1']);
  await expect.poll(() => transcript(page)).toContain('docker run -d --name c1 busybox sleep 1d');

  // 2. A network, then nginx dropped on its bridge.
  await dropPaletteItem(page, 'network', await emptyHostPoint(page));
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker network create net1', exitCode: 0, origin: 'gesture' });
  const net1 = await bridgeOf(page, 'net1');
  await expect.poll(() => page.evaluate((id) => window.__playground!.cy!.getElementById(id).nonempty(), net1)).toBe(true);
  await dropPaletteItem(page, 'nginx', center(await nodeBox(page, net1)));
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker run -d --name c2 --network net1 nginx', exitCode: 0, origin: 'gesture' });
  expect(await networksOf(page, 'c2')).toEqual(['net1']);
  // c2's eth0 is drawn wired to net1's bridge.
  await expect.poll(() => page.evaluate((bridge) => {
    const cy = window.__playground!.cy!;
    const c2 = cy.nodes('[kind = "container"][name = "c2"]');
    const eth0 = c2.children('[name = "eth0"]');
    const peer = eth0.connectedEdges('[kind = "veth"]').connectedNodes().not(eth0);
    return peer.connectedEdges('[kind = "port"]').connectedNodes().map((n) => n.id()).includes(bridge);
  }, net1)).toBe(true);

  // 3. The existing c1 dragged onto net1: the bridge lights up as the drop target, the command
  //    is previewed, then it runs and c1 goes back to its place.
  const before = await nodeBox(page, await containerNode(page, 'c1'));
  await dragContainerTo(page, 'c1', center(await nodeBox(page, net1)), async () => {
    expect(await page.evaluate((id) => window.__playground!.cy!.getElementById(id).hasClass('drop-target'), net1)).toBe(true);
    await expect(page.getByTestId('drag-preview')).toContainText('docker network connect net1 c1');
    await page.screenshot({ path: test.info().outputPath('palette-drag-dark.png') });
  });
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker network connect net1 c1', exitCode: 0, origin: 'gesture' });
  expect(await networksOf(page, 'c1')).toEqual(['bridge', 'net1']);
  expect(await page.evaluate(() => window.__playground!.cy!.nodes('.drop-target').length)).toBe(0);
  const after = await nodeBox(page, await containerNode(page, 'c1'));
  expect(Math.abs(after.x1 - before.x1)).toBeLessThan(80);
  await expect(page.getByTestId('drag-preview')).toHaveCount(0);
  await expect.poll(() => transcript(page)).toContain('docker network connect net1 c1');

  // 4. The same drop again: the daemon's real error, in place next to c1 and in the terminal.
  await dragContainerTo(page, 'c1', center(await nodeBox(page, net1)));
  const error = 'Error response from daemon: endpoint with name c1 already exists in network net1';
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker network connect net1 c1', exitCode: 1, origin: 'gesture' });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(error);
  await expect(notice).toHaveAttribute('data-at', await containerNode(page, 'c1'));
  await expect.poll(() => transcript(page)).toContain(error);
  // In place: the callout sits just under (or, at the canvas' bottom, just over) c1's box.
  const c1Box = await nodeBox(page, await containerNode(page, 'c1'));
  const nBox = (await notice.boundingBox())!;
  const gap = nBox.y >= c1Box.y2 - 2 ? nBox.y - c1Box.y2 : c1Box.y1 - (nBox.y + nBox.height);
  expect(gap).toBeGreaterThanOrEqual(-2);
  expect(gap).toBeLessThan(30);
  expect(nBox.x < c1Box.x2 && nBox.x + nBox.width > c1Box.x1).toBe(true);
  const pane = (await page.locator('.graph-pane').boundingBox())!;
  expect(nBox.y + nBox.height).toBeLessThanOrEqual(pane.y + pane.height);
  await page.screenshot({ path: test.info().outputPath('palette-error-dark.png') });
  await page.getByTestId('notice-close').click();
  await expect(notice).toHaveCount(0);

  // 5. Context menu: stop, then start.
  const c1 = await grabPoint(page, 'c1');
  await page.mouse.click(c1.x, c1.y, { button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  // c1 is on every bridge network already: nothing to connect to; it can leave either.
  await expect(page.getByTestId('ctx-connect')).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('ctx-disconnect').hover();
  await expect(page.getByTestId('context-submenu-disconnect')).toBeVisible();
  await expect(page.getByTestId('ctx-disconnect-net1')).toHaveAttribute('title', 'docker network disconnect net1 c1');
  await page.screenshot({ path: test.info().outputPath('palette-menu-dark.png') });
  await page.getByTestId('ctx-stop').click();
  await expect(menu).toHaveCount(0);
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker stop c1', exitCode: 0, origin: 'gesture' });
  await expect.poll(() => page.evaluate(() => {
    const w = window.__playground!.getWorld();
    return Object.values(w.hosts[w.hostOrder[0]!]!.docker!.containers).find((c) => c.name === 'c1')!.state;
  })).toBe('exited');

  const stopped = center(await nodeBox(page, await containerNode(page, 'c1')));
  await page.mouse.click(stopped.x, stopped.y, { button: 'right' });
  await expect(page.getByTestId('ctx-start')).toBeVisible();
  // Keyboard: the menu has the focus; Esc closes it, and it opens again.
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await page.mouse.click(stopped.x, stopped.y, { button: 'right' });
  await expect(page.getByTestId('ctx-start')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker start c1', exitCode: 0, origin: 'gesture' });
  await expect.poll(() => networksOf(page, 'c1')).toEqual(['bridge', 'net1']);

  // 6. c1's end of the net1 veth dragged out of its box: unplugged with docker network disconnect.
  const eth1 = await page.evaluate(() => {
    const w = window.__playground!.getWorld();
    const d = w.hosts[w.hostOrder[0]!]!.docker!;
    const c = Object.values(d.containers).find((x) => x.name === 'c1')!;
    return `if:${c.endpoints.find((e) => d.networks[e.network]!.name === 'net1')!.endpoint.ctrIface!}`;
  });
  await expect.poll(() => page.evaluate((id) => window.__playground!.cy!.getElementById(id).nonempty(), eth1)).toBe(true);
  const end = center(await nodeBox(page, eth1));
  const ctrBox = await nodeBox(page, await containerNode(page, 'c1'));
  await page.mouse.move(end.x, end.y);
  await page.mouse.down();
  await page.mouse.move(end.x + 4, end.y + 4, { steps: 2 });
  await expect(page.getByTestId('drag-preview')).toContainText('Drag out of the box to unplug');
  await page.mouse.move(ctrBox.x1 - 60, end.y + 10, { steps: 10 });
  await expect(page.getByTestId('drag-preview')).toContainText('docker network disconnect net1 c1');
  await page.screenshot({ path: test.info().outputPath('palette-unplug-dark.png') });
  await page.mouse.up();
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker network disconnect net1 c1', exitCode: 0, origin: 'gesture' });
  expect(await networksOf(page, 'c1')).toEqual(['bridge']);
  await expect.poll(() => page.evaluate((id) => window.__playground!.cy!.getElementById(id).empty(), eth1)).toBe(true);

  // 7. Keyboard on the palette: Enter adds a namespace to the host.
  await page.getByTestId('palette-item-netns').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'ip netns add ns1', exitCode: 0, origin: 'gesture' });
  await expect.poll(() => page.evaluate(() => window.__playground!.cy!.nodes('[kind = "netns"]').length)).toBe(1);

  // 8. Publish a port: the dialog states both commands, then runs them.
  const c2 = await grabPoint(page, 'c2');
  await page.mouse.click(c2.x, c2.y, { button: 'right' });
  await page.getByTestId('ctx-publish').click();
  const dialog = page.getByTestId('dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('publish-commands')).toHaveText('docker rm -f c2\ndocker run -d --name c2 --network net1 -p 8080:80 nginx');
  await page.screenshot({ path: test.info().outputPath('palette-publish-dark.png') });
  await page.getByTestId('dialog-confirm').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker run -d --name c2 --network net1 -p 8080:80 nginx', exitCode: 0, origin: 'gesture' });

  // Light theme: the palette, a menu and an error callout.
  await setTheme(page, 'light');
  await dragContainerTo(page, 'c1', center(await nodeBox(page, net1)));
  await expect.poll(() => networksOf(page, 'c1')).toEqual(['bridge', 'net1']);
  await dragContainerTo(page, 'c1', center(await nodeBox(page, net1)));
  await expect(notice).toContainText(error);
  const c1Light = await grabPoint(page, 'c1');
  await page.mouse.click(c1Light.x, c1Light.y, { button: 'right' });
  await page.getByTestId('ctx-disconnect').hover();
  await page.screenshot({ path: test.info().outputPath('palette-light.png') });
  await page.keyboard.press('Escape');

  expect(errors).toEqual([]);
});

test('context menu by keyboard; exec a shell opens a tab in the container; ping from here picks the source', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await page.getByTestId('palette-item-alpine').click();
  await expect.poll(() => lastGesture(page)).toEqual({ command: 'docker run -d --name c1 alpine sleep 1d', exitCode: 0, origin: 'gesture' });
  const c1 = await containerNode(page, 'c1');
  await expect.poll(() => page.evaluate((id) => window.__playground!.cy!.getElementById(id).nonempty(), c1)).toBe(true);

  // Select c1 with a click, then Shift+F10 opens its menu with the focus on the first item.
  const p = await grabPoint(page, 'c1');
  await page.mouse.click(p.x, p.y);
  await page.keyboard.press('Shift+F10');
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await expect(page.getByTestId('ctx-stop')).toBeFocused();
  // Arrow keys walk the items; Enter on "Exec a shell".
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('ctx-exec')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => {
    const e = window.__playground!.getLog().at(-1)!;
    return `${e.terminal} ${e.command} -> ${e.promptAfter}`;
  })).toBe('t2 docker exec -it c1 sh -> / # ');
  await expect(page.getByTestId('terminal-tab-t2')).toBeVisible();

  // A gesture never types into that container shell: the next one runs on a host shell (t1).
  await page.getByTestId('palette-item-network').click();
  await expect.poll(() => page.evaluate(() => {
    const e = window.__playground!.getLog().at(-1)!;
    return `${e.terminal} ${e.command} ${e.exitCode}`;
  })).toBe('t1 docker network create net1 0');

  // Ping from here: the probe now waits for a target, c1 marked as the source.
  await page.mouse.click(p.x, p.y, { button: 'right' });
  await page.getByTestId('ctx-ping').click();
  await expect.poll(() => page.evaluate((id) => window.__playground!.cy!.getElementById(id).hasClass('probe-source'), c1)).toBe(true);
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});
