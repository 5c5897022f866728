/**
 * Click-to-ping and curl: pick a source and a target on the graph; the probe runs as the shell
 * line it stands for (echoed in the terminal), its trace plays on the packet overlay, and the
 * timeline explains the outcome in plain words, with a fix that can be run from the panel.
 */
import { expect, test } from '@playwright/test';
import { transcript } from './terminal';

/** The README's pictures are refreshed on request (UPDATE_SCREENSHOT=1), not by every run. */
function readmeShot(name: string): string {
  return process.env.UPDATE_SCREENSHOT === '1' ? `docs/${name}` : test.info().outputPath(name);
}
import { consoleErrors, containerNode, openLab, overlayInk, overlayState, playback, probe, readmeLayout } from './probe';

test('ping between two containers on a user network: the packet travels and the panel says why it worked', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLab(page, [
    'docker network create net1',
    'docker run -d --name c1 --network net1 busybox sleep 3600',
    'docker run -d --name c2 --network net1 busybox sleep 3600',
    'docker run -d --name c3 --network net1 busybox sleep 3600',
    'docker run -d --name web -p 8080:80 nginx',
  ]);
  await page.getByTestId('probe-ping').click();
  await expect(page.getByTestId('probe-hint')).toContainText('Pick the source: a container, namespace or host');
  // Esc cancels the pick; the button starts over.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('probe-hint')).toBeHidden();

  await probe(page, 'ping', containerNode('c1'), containerNode('c2'));
  const pb = (await playback(page))!;
  expect(pb.command).toMatch(/^docker exec c1 ping /);
  expect(pb.ok).toBe(true);
  expect(pb.outcome).toBe('reply');
  expect(pb.steps).toContain('veth-cross');
  // The gesture is logged and the terminal echoes it with the tool's output.
  const log = await page.evaluate(() => window.__playground!.getLog().map((e) => `${e.origin}:${e.command}`));
  expect(log).toContain(`gesture:${pb.command}`);
  await expect.poll(() => transcript(page)).toContain(pb.command);
  await expect.poll(() => transcript(page)).toContain('1 packets received');

  await expect(page.getByTestId('trace-outcome')).toContainText('OK');
  await expect(page.getByTestId('trace-explanation')).not.toBeEmpty();
  expect(pb.headline).not.toBe('');
  await expect(page.getByTestId('probe-hint')).toBeHidden();

  // The overlay animates: frames go by, packet dots are drawn, and the current event moves on.
  const first = await overlayState(page);
  await expect.poll(async () => (await overlayState(page)).frames).toBeGreaterThan(first.frames + 20);
  await expect.poll(async () => (await overlayState(page)).dots, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => overlayInk(page)).toBeGreaterThan(50);
  await expect.poll(async () => (await playback(page))!.index).toBeGreaterThan(2);
  // The source and the target stay marked, and the current event's element is active.
  const classes = await page.evaluate(() => {
    const cy = window.__playground!.cy!;
    return {
      source: cy.$('.probe-source').map((n) => n.data('name') as string),
      target: cy.$('.probe-target').map((n) => n.data('name') as string),
      active: cy.$('.trace-active').length,
    };
  });
  expect(classes).toEqual({ source: ['c1'], target: ['c2'], active: expect.any(Number) });
  expect(classes.active).toBeGreaterThan(0);

  // A ping in flight, for the README: pause on the bridge forwarding the echo request.
  await readmeLayout(page);
  const hop = pb.steps.indexOf('bridge-forward');
  await page.getByTestId(`trace-event-${hop}`).click();
  await expect(page.getByTestId('trace-headers')).toContainText('FDB entry');
  await expect.poll(async () => (await overlayState(page)).dots).toBeGreaterThan(0);
  await page.waitForTimeout(250);
  await page.screenshot({ path: readmeShot('ping-in-flight.png') });

  await page.getByTestId('trace-close').click();
  await expect(page.getByTestId('trace-panel')).toBeHidden();
  await expect.poll(() => page.evaluate(() => window.__playground!.cy!.$('.probe-source, .probe-target, .trace-active').length)).toBe(0);
  expect(consoleErrors(page)).toEqual([]);
});

test('ping across two bridge networks fails; the panel explains the isolation rule and its fix works', async ({ page }) => {
  await openLab(page, [
    'docker network create net1',
    'docker run -d --name c1 busybox sleep 3600',
    'docker run -d --name c3 --network net1 busybox sleep 3600',
  ]);
  await probe(page, 'ping', containerNode('c1'), containerNode('c3'));
  const pb = (await playback(page))!;
  expect(pb.command).toMatch(/^docker exec c1 ping /);
  expect(pb.ok).toBe(false);
  expect(pb.steps[pb.steps.length - 1]).toBe('drop');
  await expect(page.getByTestId('trace-outcome')).toContainText('FAILED');
  const explanation = page.getByTestId('trace-explanation');
  await expect(explanation).toContainText('DOCKER-ISOLATION-STAGE-2');
  await expect(page.getByTestId('trace-fix-command')).toHaveText('docker network connect net1 c1');

  // The drop is red where it happened once the playback reaches it.
  await page.getByTestId(`trace-event-${pb.steps.length - 1}`).click();
  await expect.poll(() => page.evaluate(() => window.__playground!.cy!.$('.trace-drop').length)).toBeGreaterThan(0);
  await expect(page.getByTestId('trace-headers')).toContainText('DOCKER-ISOLATION-STAGE-2');

  await page.getByTestId('trace-run-fix').click();
  await expect(page.getByTestId('trace-fix-result')).toContainText('Done');
  await expect.poll(() => transcript(page)).toContain('docker network connect net1 c1');
  const log = await page.evaluate(() => window.__playground!.getLog().map((e) => `${e.origin}:${e.command}`));
  expect(log).toContain('gesture:docker network connect net1 c1');

  await probe(page, 'ping', containerNode('c1'), containerNode('c3'));
  await expect.poll(async () => (await playback(page))?.ok).toBe(true);
  expect((await playback(page))!.outcome).toBe('reply');
  await expect(page.getByTestId('trace-outcome')).toContainText('OK');
  expect(consoleErrors(page)).toEqual([]);
});

test('curl to a port nobody listens on: refused, and the panel says so', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLab(page, [
    'docker network create net1',
    'docker run -d --name web --network net1 nginx',
    'docker run -d --name c1 --network net1 busybox sleep 3600',
  ]);
  await page.getByTestId('probe-port').fill('8080');
  await probe(page, 'curl', containerNode('c1'), containerNode('web'));
  const pb = (await playback(page))!;
  expect(pb.command).toContain('8080');
  expect(pb.ok).toBe(false);
  expect(pb.outcome).toBe('tcp-refused');
  await expect(page.getByTestId('trace-outcome')).toContainText('FAILED');
  await expect(page.getByTestId('trace-explanation')).toContainText('8080');
  await expect.poll(() => transcript(page)).toContain(pb.command);

  // Let it play to the end, then show the failure for the README.
  await page.getByTestId('trace-speed').selectOption('4');
  await expect.poll(async () => (await playback(page))!.playing, { timeout: 15_000 }).toBe(false);
  await readmeLayout(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: readmeShot('curl-explained.png') });
  expect(consoleErrors(page)).toEqual([]);
});
