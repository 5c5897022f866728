/**
 * Several machines (issue 6): `lab host add` boots one more VM on the private network, with a
 * terminal tab of its own and a box on the graph; the palette's VM item does the same; a reload
 * keeps them; undo takes the last one back, and its tab.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors';
import { openPlayground, waitSaved } from './labs';
import { transcript, typeCommand } from './terminal';

const hostBoxes = (page: Page) =>
  page.evaluate(() => window.__playground!.cy!.nodes('[kind = "host"]').map((n) => n.data('name') as string).sort());
const tabLabels = (page: Page) => page.locator('.terminal-tab-label').allTextContents();

test('lab host add: a second tab and a second host; ping across the LAN; the palette VM; reload; undo', async ({ page }) => {
  const errors = collectErrors(page);
  await openPlayground(page);
  await page.getByTestId('terminal').locator('.xterm-screen').click();

  await typeCommand(page, 'lab host add docker-node2');
  expect(await transcript(page)).toContain('docker-node2: eth1 192.168.205.11/24, eth0 10.0.2.15/24 (NAT), Docker running\n');
  await expect.poll(() => tabLabels(page)).toEqual(['docker-node1', 'docker-node2']);
  await expect.poll(() => hostBoxes(page)).toEqual(['docker-node1', 'docker-node2']);

  await typeCommand(page, 'ping -c 1 -W 1 192.168.205.11');
  expect(await transcript(page)).toContain('1 packets transmitted, 1 received, 0% packet loss');

  // docker-node2's tab: its own prompt and shell.
  await page.getByTestId('terminal-tab-t2').click();
  await expect.poll(() => transcript(page)).toContain('[root@docker-node2 ~]# ');
  await page.screenshot({ path: 'test-results/hosts-two-tabs.png' });

  // The palette's VM item runs `lab host add docker-node3`, echoed in docker-node1's terminal.
  await page.getByTestId('palette-item-vm').click();
  await expect.poll(() => hostBoxes(page)).toEqual(['docker-node1', 'docker-node2', 'docker-node3']);
  await expect.poll(() => tabLabels(page)).toEqual(['docker-node1', 'docker-node2', 'docker-node3']);
  await expect.poll(() => transcript(page)).toContain('[root@docker-node1 ~]# lab host add docker-node3\ndocker-node3: eth1 192.168.205.12/24');
  await page.screenshot({ path: 'test-results/hosts-three.png' });

  // A reload reopens the lab: the same machines and tabs.
  await waitSaved(page, 3);
  await page.reload();
  await page.waitForFunction(() => window.__playground?.isReady());
  await expect.poll(() => hostBoxes(page)).toEqual(['docker-node1', 'docker-node2', 'docker-node3']);
  await expect.poll(() => tabLabels(page)).toEqual(['docker-node1', 'docker-node2', 'docker-node3']);

  // Undo takes the last machine back, and its tab.
  await page.getByTestId('undo').click();
  await expect.poll(() => hostBoxes(page)).toEqual(['docker-node1', 'docker-node2']);
  await expect.poll(() => tabLabels(page)).toEqual(['docker-node1', 'docker-node2']);
  await page.screenshot({ path: 'test-results/hosts-after-undo.png' });
  expect(errors).toEqual([]);
});

test('a pasted two-machine transcript runs each line on the machine its prompt names', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('terminal').locator('.xterm-screen').click();
  await typeCommand(page, 'lab host add docker-node2');
  const text = '[root@docker-node2 ~]# docker run -d --name b2 busybox sleep 1d\n[root@docker-node2 ~]# hostname\n[root@docker-node1 ~]# hostname\n';
  // A paste as the browser delivers it to xterm.js: a paste event on its (focused) text area.
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await expect
    .poll(() => page.evaluate(() => window.__playground!.getLog().map((e) => `${e.terminal} ${e.command} ${e.output.split('\n')[0]}`)))
    .toEqual([
      't1 lab host add docker-node2 docker-node2: eth1 192.168.205.11/24, eth0 10.0.2.15/24 (NAT), Docker running',
      expect.stringMatching(/^t2 docker run -d --name b2 busybox sleep 1d [0-9a-f]{64}$/),
      't2 hostname docker-node2',
      't1 hostname docker-node1',
    ]);
  await page.getByTestId('terminal-tab-t2').click();
  await expect.poll(() => transcript(page)).toContain('[root@docker-node2 ~]# hostname\ndocker-node2\n');
});
