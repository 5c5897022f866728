/**
 * The trace timeline: stepping forward and back moves the highlighted event and the frame headers
 * with it (on the graph too), play and pause run the clock, and the speed changes its pace.
 */
import { expect, test, type Page } from '@playwright/test';
import { consoleErrors, containerNode, openLab, overlayState, playback, probe } from './probe';

const index = async (page: Page) => (await playback(page))!.index;

async function currentEvent(page: Page): Promise<string | null> {
  return page.getByTestId('trace-events').locator('[aria-current="step"]').getAttribute('data-testid');
}

test('step, play, pause and speed drive the events, the headers and the graph', async ({ page }) => {
  test.setTimeout(60_000);
  await openLab(page, [
    'docker network create net1',
    'docker run -d --name c1 --network net1 busybox sleep 3600',
    'docker run -d --name c2 --network net1 busybox sleep 3600',
  ]);
  await probe(page, 'ping', containerNode('c1'), containerNode('c2'));
  const { steps } = (await playback(page))!;
  expect(steps.length).toBeGreaterThan(8);

  // Pause; then pick the first event: it is highlighted, and its headers show.
  await page.getByTestId('trace-pause').click();
  await expect(page.getByTestId('trace-play')).toBeVisible();
  await page.getByTestId('trace-event-0').click();
  expect(await index(page)).toBe(0);
  expect(await currentEvent(page)).toBe('trace-event-0');
  const headers = page.getByTestId('trace-headers');
  await expect(headers).toContainText('Event 1');
  await expect(headers).toContainText('Route');

  // Forward to the ARP request: a broadcast frame, and the flood is drawn on the graph.
  const arp = steps.indexOf('arp-request');
  for (let i = 0; i < arp; i++) await page.getByTestId('trace-step-forward').click();
  expect(await index(page)).toBe(arp);
  expect(await currentEvent(page)).toBe(`trace-event-${arp}`);
  await expect(headers).toContainText(`Event ${arp + 1}`);
  await expect(headers).toContainText('ff:ff:ff:ff:ff:ff');
  await expect(headers).toContainText('1 (request)');
  await expect.poll(async () => (await overlayState(page)).step).toBe(arp);
  // Every hop of the flood lights up: the bridge and both ports are active at once.
  const active = await page.evaluate(() =>
    window.__playground!.cy!.$('.trace-active').map((e) => (e.isNode() ? (e.data('kind') as string) : `edge:${e.data('kind') as string}`)),
  );
  expect(active).toEqual(expect.arrayContaining(['bridge', 'edge:port', 'edge:veth']));
  expect(active.filter((k) => k === 'edge:port').length).toBe(2);

  // Back one: the route lookup again.
  const before = await headers.textContent();
  await page.getByTestId('trace-step-back').click();
  expect(await index(page)).toBe(arp - 1);
  expect(await currentEvent(page)).toBe(`trace-event-${arp - 1}`);
  await expect(headers).not.toHaveText(before ?? '');

  // The bridge forwarding shows the FDB entry that decided it.
  const fwd = steps.indexOf('bridge-forward');
  await page.getByTestId(`trace-event-${fwd}`).click();
  await expect(headers).toContainText('FDB entry');
  await expect.poll(async () => (await overlayState(page)).dots).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('trace-timeline-light.png') });

  // Keyboard on the panel: arrows step, Space plays and pauses.
  await page.getByTestId('trace-event-2').click();
  await page.getByTestId('trace-panel').focus();
  await page.keyboard.press('ArrowRight');
  expect(await index(page)).toBe(3);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await index(page)).toBe(1);
  await page.keyboard.press(' ');
  expect((await playback(page))!.playing).toBe(true);
  await page.keyboard.press(' ');
  expect((await playback(page))!.playing).toBe(false);

  // Speed: at 4x about five events a second go by, at 0.5x at most one.
  await page.getByTestId('trace-event-0').click();
  await page.getByTestId('trace-speed').selectOption('4');
  expect((await playback(page))!.speed).toBe(4);
  await page.getByTestId('trace-play').click();
  await page.waitForTimeout(1000);
  const fast = await index(page);
  expect(fast).toBeGreaterThanOrEqual(3);
  await page.getByTestId('trace-pause').click();
  const paused = await index(page);
  await page.getByTestId('trace-speed').selectOption('0.5');
  await page.getByTestId('trace-play').click();
  await page.waitForTimeout(1000);
  expect((await index(page)) - paused).toBeLessThanOrEqual(1);

  // Back to 4x: it plays to the end and stops on the last event.
  await page.getByTestId('trace-speed').selectOption('4');
  await expect.poll(async () => (await playback(page))!.playing, { timeout: 15_000 }).toBe(false);
  expect(await index(page)).toBe(steps.length - 1);
  await expect(page.getByTestId('trace-step-forward')).toBeDisabled();
  await expect(page.getByTestId('trace-counter')).toHaveText(`${steps.length} / ${steps.length}`);

  // Restart plays from the top; Esc on the panel closes it.
  await page.getByTestId('trace-restart').click();
  expect((await playback(page))!.playing).toBe(true);
  await expect.poll(() => index(page)).toBeLessThan(steps.length - 1);
  await page.getByTestId('trace-panel').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('trace-panel')).toBeHidden();
  expect(await playback(page)).toBeNull();
  expect(consoleErrors(page)).toEqual([]);
});
