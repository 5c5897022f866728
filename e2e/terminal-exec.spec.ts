/**
 * The terminal as a user meets it: `docker exec -it` into a container and back, tab completion of
 * commands and names, several tabs each with its own shell, and a UI gesture echoed in the terminal
 * with its output above the line being typed.
 */
import { expect, test, type Page } from '@playwright/test';
import { PROMPT, transcript, typeCommand } from './terminal';
import { collectErrors } from './page-errors';

/** The text an xterm screen shows, row by row (its DOM renderer keeps one element per row), blank rows left out. */
function screenRows(page: Page, tab: string): Promise<string[]> {
  return page
    .getByTestId(`terminal-screen-${tab}`)
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).filter((r) => r.length > 0));
}

/** The last row with text: the prompt and the line being edited. */
async function lastRow(page: Page, tab = 't1'): Promise<string> {
  return (await screenRows(page, tab)).at(-1) ?? '';
}

/** Console errors and uncaught exceptions of the page under test: there must be none. */
let errors: string[] = [];

test.beforeEach(({ page }) => {
  errors = collectErrors(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

async function openPage(page: Page): Promise<void> {
  await page.goto('/');
  await expect.poll(() => transcript(page)).toContain(PROMPT);
  await page.getByTestId('terminal-screen-t1').locator('.xterm-screen').click();
}

/** Types a line and waits until the transcript ends with `prompt`. */
async function typeUntil(page: Page, line: string, prompt: string): Promise<void> {
  const before = (await transcript(page)).length;
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => {
    const t = await transcript(page);
    return t.length > before && t.endsWith(prompt);
  }).toBe(true);
}

test('docker exec -it enters the container: its prompt, ip a, exit returns; the tab follows', async ({ page }) => {
  await openPage(page);
  await typeCommand(page, 'docker run -d --name c1 busybox sleep 1d');
  expect(await transcript(page)).toMatch(/sleep 1d\n[0-9a-f]{64}\n/);

  await typeUntil(page, 'docker exec -it c1 sh', '\n/ # ');
  await expect(page.getByTestId('terminal-tab-t1')).toHaveText('c1');
  const before = (await transcript(page)).length;
  await typeUntil(page, 'ip a', '\n/ # ');
  const out = (await transcript(page)).slice(before);
  expect(out).toMatch(/\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP/);
  expect(out).toContain('inet 172.17.0.2/16');
  await page.screenshot({ path: test.info().outputPath('terminal-exec.png') });

  await typeUntil(page, 'exit', `exit\n${PROMPT}`);
  await expect(page.getByTestId('terminal-tab-t1')).toHaveText('docker-node1');
  const rows = await screenRows(page, 't1');
  expect(rows).toContain('/ # exit');
  expect(rows.at(-1)).toBe(PROMPT.trimEnd());
});

test('Tab completes commands, subcommands and container names; a second Tab lists them', async ({ page }) => {
  await openPage(page);
  await typeCommand(page, 'docker run -d --name c1 busybox sleep 1d');
  await typeCommand(page, 'docker run -d --name c2 busybox sleep 1d');

  await page.keyboard.type('dock');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ex');
  await page.keyboard.press('Tab');
  await expect.poll(() => lastRow(page)).toBe(`${PROMPT}docker exec`);

  await page.keyboard.type('-it c');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(() => transcript(page)).toContain(`${PROMPT}docker exec -it c\nc1  c2\n${PROMPT}`);
  await expect.poll(async () => (await screenRows(page, 't1')).includes('c1  c2')).toBe(true);
  await page.keyboard.press('Control+U');
  await page.keyboard.type('docker network ');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(() => transcript(page)).toContain(`${PROMPT}docker network \nconnect     create      disconnect  inspect     ls          prune       rm\n`);
  await page.screenshot({ path: test.info().outputPath('terminal-complete.png') });
  await page.keyboard.press('Control+U');
  await page.keyboard.type('docker exec -it c');

  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await page.keyboard.type('s');
  await page.keyboard.press('Tab');
  // busybox has sh but the simulator runs no nested shell: `s` completes nothing, so type it out.
  await typeUntil(page, 'h', '\n/ # ');
  expect(await transcript(page)).toContain(`${PROMPT}docker exec -it c2 sh\n/ # `);
  await expect(page.getByTestId('terminal-tab-t1')).toHaveText('c2');

  // Inside the container: its commands, and history brings back the line.
  await page.keyboard.type('ifc');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => transcript(page)).toContain('/ # ifconfig \neth0      Link encap:Ethernet');
});

test('each tab is its own shell; closing one keeps the others', async ({ page }) => {
  await openPage(page);
  await typeCommand(page, 'docker run -d --name c1 busybox sleep 1d');
  await typeUntil(page, 'docker exec -it c1 sh', '\n/ # ');

  await page.getByTestId('terminal-new').click();
  await expect(page.getByTestId('terminal-tab-t2')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('terminal-tab-t2')).toHaveText('docker-node1');
  await expect.poll(() => transcript(page)).toMatch(/^# A simulated Linux host.*\n\[root@docker-node1 ~\]# $/);
  // The new tab has the keyboard.
  await expect(page.getByTestId('terminal-screen-t2').locator('.xterm-helper-textarea')).toBeFocused();
  await typeCommand(page, 'ip netns add blue');
  await typeCommand(page, 'hostname');
  expect(await transcript(page)).toContain('hostname\ndocker-node1\n');
  await page.screenshot({ path: test.info().outputPath('terminal-tabs.png') });

  await page.getByTestId('terminal-tab-t1').click();
  await expect.poll(() => transcript(page)).toMatch(/\n\/ # $/);
  expect(await transcript(page)).not.toContain('ip netns add blue');
  await expect(page.getByTestId('terminal-screen-t1').locator('.xterm-helper-textarea')).toBeFocused();
  await typeUntil(page, 'hostname', '\n/ # ');
  expect(await transcript(page)).toMatch(/hostname\n[0-9a-f]{12}\n\/ # $/);

  await page.getByTestId('terminal-close-t2').click();
  await expect(page.getByTestId('terminal-tab-t2')).toHaveCount(0);
  await expect(page.getByTestId('terminal-close-t1')).toHaveCount(0);
  await expect(page.getByTestId('terminal-tab-t1')).toHaveText('c1');
});

test('a gesture shows in the terminal as if typed, above the line being edited', async ({ page }) => {
  await openPage(page);
  await page.keyboard.type('ip li');
  await expect.poll(() => lastRow(page)).toBe(`${PROMPT}ip li`);

  const exit = await page.evaluate(() => window.__playground!.runGesture('docker network create net1').exitCode);
  expect(exit).toBe(0);
  await expect.poll(() => transcript(page)).toMatch(/\n\[root@docker-node1 ~\]# docker network create net1\n[0-9a-f]{64}\n\[root@docker-node1 ~\]# $/);
  const rows = await screenRows(page, 't1');
  expect(rows.at(-3)).toBe(`${PROMPT}docker network create net1`);
  expect(rows.at(-2)).toMatch(/^[0-9a-f]{64}$/);
  expect(rows.at(-1)).toBe(`${PROMPT}ip li`);
  expect(rows.filter((r) => r.includes('ip li'))).toHaveLength(1);

  // A failing gesture shows its error too; the line being edited still works.
  await page.evaluate(() => window.__playground!.runGesture('docker network create net1'));
  await expect.poll(() => transcript(page)).toContain('Error response from daemon: network with name net1 already exists\n');
  await page.keyboard.type('nk show docker0');
  await page.keyboard.press('Enter');
  await expect.poll(() => transcript(page)).toMatch(/ip link show docker0\n\d+: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP>/);
  const log = await page.evaluate(() => window.__playground!.getLog().map((e) => `${e.origin}:${e.command}`));
  expect(log).toEqual(['gesture:docker network create net1', 'gesture:docker network create net1', 'typed:ip link show docker0']);
  await page.screenshot({ path: test.info().outputPath('terminal-gesture.png') });

  // The tab bar follows the page's theme; the screen stays a dark terminal in both.
  const theme = await page.locator('.app').getAttribute('data-theme');
  const other = theme === 'dark' ? 'light' : 'dark';
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('.app')).toHaveAttribute('data-theme', other);
  await page.getByTestId('terminal-new').click();
  await expect(page.getByTestId('terminal-tab-t2')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('terminal-tab-t1').click();
  await page.screenshot({ path: test.info().outputPath(`terminal-${other}.png`) });
});

test('a hidden terminal comes back with its tabs, their history, and the gestures run meanwhile', async ({ page }) => {
  await openPage(page);
  await typeCommand(page, 'ip netns add red');
  await page.getByTestId('terminal-new').click();
  await typeCommand(page, 'ip netns add blue');

  await page.getByTestId('close-dock').click();
  await expect(page.getByTestId('terminal')).toHaveCount(0);
  await page.evaluate(() => window.__playground!.runGesture('docker network create net9'));
  await page.getByTestId('open-dock').click();

  await expect(page.getByTestId('terminal-tab-t2')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => transcript(page)).toMatch(
    /ip netns add blue\n\[root@docker-node1 ~\]# docker network create net9\n[0-9a-f]{64}\n\[root@docker-node1 ~\]# $/,
  );
  await expect.poll(async () => (await screenRows(page, 't2')).includes(`${PROMPT}docker network create net9`)).toBe(true);

  await page.getByTestId('terminal-tab-t1').click();
  expect(await transcript(page)).toContain('ip netns add red');
  expect(await transcript(page)).not.toContain('net9');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => lastRow(page, 't1')).toBe(`${PROMPT}ip netns add red`);
  await page.keyboard.press('Control+U');
  await typeCommand(page, 'ip netns list');
  expect(await transcript(page)).toMatch(/ip netns list\n(blue|red)\n(blue|red)\n/);
});
