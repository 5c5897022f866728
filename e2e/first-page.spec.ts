/**
 * The first page: the default host is drawn, and commands typed in the terminal change the graph.
 * The canvas is read through the `window.__playground` test hook (docs/testing.md).
 */
import { expect, test, type Page } from '@playwright/test';
import { PROMPT, transcript, typeCommand } from './terminal';

/** Names of the graph's nodes of one kind, read from Cytoscape. */
function nodeNames(page: Page, kind: string): Promise<string[]> {
  return page.evaluate(
    (k) => window.__playground?.cy?.nodes(`[kind = "${k}"]`).map((n) => n.data('name') as string) ?? [],
    kind,
  );
}

test('typing ip commands draws namespaces and veth pairs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('topbar')).toContainText('Docker Network Playground');

  await expect.poll(() => nodeNames(page, 'host')).toEqual(['docker-node1']);
  expect(await nodeNames(page, 'bridge')).toContain('docker0');

  const terminal = page.getByTestId('terminal');
  await expect(terminal.locator('.xterm-helper-textarea')).toBeAttached();
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await terminal.locator('.xterm-screen').click();
  await expect(terminal.locator('.xterm-helper-textarea')).toBeFocused();

  await typeCommand(page, 'ip netns add test1');
  await expect.poll(() => nodeNames(page, 'netns')).toEqual(['test1']);
  expect(await transcript(page)).toMatch(/# ip netns add test1\n\[root@docker-node1 ~\]# $/);
  // The xterm screen shows it too.
  await expect(terminal.locator('.xterm-rows')).toContainText('ip netns add test1');

  await typeCommand(page, 'ip link add veth-a type veth peer name veth-b');
  await typeCommand(page, 'ip link set veth-a netns test1');

  const link = await page.evaluate(() => {
    const cy = window.__playground?.cy;
    const a = cy?.nodes('[name = "veth-a"]');
    const b = cy?.nodes('[name = "veth-b"]');
    if (!cy || !a || !b) return null;
    const edge = a.edgesWith(b);
    return {
      edges: edge.length,
      label: edge.data('label') as string,
      parentOfA: a.parent().data('name') as string,
    };
  });
  expect(link).toMatchObject({ edges: 1, parentOfA: 'test1' });
  expect(link?.label).toMatch(/veth-a@if\d+/);

  // The World behind the page agrees with the picture.
  const namespaces = await page.evaluate(() => {
    const w = window.__playground!.getWorld();
    return Object.values(w.netns).filter((n) => n.kind === 'named').map((n) => n.name);
  });
  expect(namespaces).toEqual(['test1']);

});

test('two namespaces on docker0 ping each other', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await page.getByTestId('terminal').locator('.xterm-screen').click();
  for (const [ns, inner, outer, ip] of [
    ['test1', 'veth-a', 'veth-b', '172.17.0.10/16'],
    ['test2', 'veth-c', 'veth-d', '172.17.0.11/16'],
  ] as const) {
    await typeCommand(page, `ip netns add ${ns}`);
    await typeCommand(page, `ip link add ${inner} type veth peer name ${outer}`);
    await typeCommand(page, `ip link set ${inner} netns ${ns}`);
    await typeCommand(page, `ip link set ${outer} master docker0 && ip link set ${outer} up`);
    await typeCommand(page, `ip netns exec ${ns} ip link set ${inner} up`);
    await typeCommand(page, `ip netns exec ${ns} ip addr add ${ip} dev ${inner}`);
  }
  const ports = await page.evaluate(() =>
    window.__playground?.cy?.nodes('[name = "docker0"]').connectedEdges('[kind = "port"]').length,
  );
  expect(ports).toBe(2);
  await typeCommand(page, 'ip netns exec test1 ping -c 2 172.17.0.11');
  expect(await transcript(page)).toContain('bytes from 172.17.0.11');
  await page.getByTestId('graph-fit').click();
  await page.screenshot({ path: test.info().outputPath('two-namespaces.png') });
});

test('the terminal edits lines: history, Ctrl-C and clear', async ({ page }) => {
  await page.goto('/');
  const terminal = page.getByTestId('terminal');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await terminal.locator('.xterm-screen').click();

  await typeCommand(page, 'ip netns add blue');
  await page.keyboard.type('ip netns add oops');
  await page.keyboard.press('Control+C');
  await expect.poll(() => transcript(page)).toContain('ip netns add oops^C\n' + PROMPT);
  expect(await nodeNames(page, 'netns')).toEqual(['blue']);

  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('red');
  await page.keyboard.press('Enter');
  await expect.poll(() => nodeNames(page, 'netns')).toEqual(['blue', 'red']);

  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await expect.poll(() => transcript(page)).toBe(PROMPT);
});

test('the splitter resizes the terminal', async ({ page }) => {
  await page.goto('/');
  const splitter = page.getByTestId('splitter');
  const terminal = page.getByTestId('terminal');
  const before = (await terminal.boundingBox())!.height;
  const box = (await splitter.boundingBox())!;
  await page.mouse.move(box.x + 200, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y - 100, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await terminal.boundingBox())!.height).toBeCloseTo(before + 100, -1);
  await splitter.focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await terminal.boundingBox())!.height).toBeCloseTo(before + 76, -1);
});
