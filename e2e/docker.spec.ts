/**
 * Docker in the browser: `docker run` in the terminal puts containers on the graph, wired to their
 * bridge, and the tools inside them answer (BusyBox ping by name on a user network, curl of nginx).
 */
import { expect, test } from '@playwright/test';
import { PROMPT, transcript, typeCommand } from './terminal';

test('docker run draws containers on their bridges; ping by name and curl work', async ({ page }) => {
  await page.goto('/');
  const terminal = page.getByTestId('terminal');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await terminal.locator('.xterm-screen').click();

  await typeCommand(page, 'docker network create net1');
  await typeCommand(page, 'docker run -d --name c2 --network net1 busybox sleep 3600');
  await typeCommand(page, 'docker run -d --name c3 --network net1 busybox sleep 3600');
  await typeCommand(page, 'docker run -d --name web -p 8080:80 nginx');

  const containers = await page.evaluate(() =>
    window.__playground?.cy?.nodes('[kind = "container"]').map((n) => n.data('name') as string).sort() ?? [],
  );
  expect(containers).toEqual(['c2', 'c3', 'web']);
  // Each container's eth0 is a veth whose peer is a port of a bridge (br-<id> or docker0).
  const wired = await page.evaluate(() => {
    const cy = window.__playground!.cy!;
    return cy.nodes('[kind = "container"]').map((c) => {
      const eth0 = c.children('[name = "eth0"]');
      const peer = eth0.connectedEdges('[kind = "veth"]').connectedNodes().not(eth0);
      const bridge = peer.connectedEdges('[kind = "port"]').connectedNodes('[kind = "bridge"]');
      return `${c.data('name') as string}:${bridge.data('name') as string}`;
    });
  });
  expect(wired.sort()).toEqual([expect.stringMatching(/^c2:br-[0-9a-f]{12}$/), expect.stringMatching(/^c3:br-[0-9a-f]{12}$/), 'web:docker0']);

  await typeCommand(page, 'docker exec c2 ping -c 1 c3');
  expect(await transcript(page)).toContain('64 bytes from 172.18.0.3: seq=0 ttl=64');
  await typeCommand(page, 'curl -s 127.0.0.1:8080');
  expect(await transcript(page)).toContain('<h1>Welcome to nginx!</h1>');
});

test('docker exec -it opens a shell in the container: its prompt, its tools, exit returns', async ({ page }) => {
  await page.goto('/');
  const terminal = page.getByTestId('terminal');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await terminal.locator('.xterm-screen').click();
  await typeCommand(page, 'docker run -d --name test1 busybox sleep 3600');

  const before = (await transcript(page)).length;
  await page.keyboard.type('docker exec -it test1 sh');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await transcript(page)).endsWith('\n/ # ')).toBe(true);
  await page.keyboard.type('ip route');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await transcript(page)).slice(before)).toContain('172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n/ # ');
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await transcript(page)).endsWith(`exit\n${PROMPT}`)).toBe(true);
  await expect(terminal.locator('.xterm-rows')).toContainText('/ # ip route');
});
