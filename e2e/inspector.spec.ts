/**
 * The inspector: tapping an element on the canvas shows its facts as the real tools print them;
 * tapping the background shows the host's. Taps are real mouse clicks at the element's rendered
 * position (Cytoscape has no DOM to click; the test hook gives the positions).
 */
import { expect, test, type Page } from '@playwright/test';
import type { EdgeSingular, NodeSingular } from 'cytoscape';
import { collectErrors } from './page-errors';

/** Runs lines through the test hook (as typed in the terminal), each must succeed. */
async function run(page: Page, ...lines: string[]): Promise<void> {
  for (const line of lines) {
    const r = await page.evaluate((l) => window.__playground!.runCommand(l), line);
    expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
  }
}

/** Graph id of a container's namespace box, and the host end of its first veth. */
async function containerIds(page: Page, name: string): Promise<{ node: string; hostVeth: string }> {
  return page.evaluate((n) => {
    const w = window.__playground!.getWorld();
    const d = w.hosts[w.hostOrder[0]!]!.docker!;
    const c = Object.values(d.containers).find((x) => x.name === n)!;
    const veth = w.ifaces[c.endpoints[0]!.endpoint.hostIface!]!;
    return { node: `ns:${c.ns}`, hostVeth: veth.name };
  }, name);
}

function selectedInCy(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__playground!.cy!.$(':selected').map((e) => e.id()));
}

/**
 * Page points inside element `id`, best first: its centre for a leaf; for a compound box (whose
 * centre is usually on its eth0), the points of a grid farthest from all of its children.
 */
async function tapPoints(page: Page, id: string): Promise<{ x: number; y: number }[]> {
  return page.evaluate((target) => {
    const cy = window.__playground!.cy!;
    const found = cy.getElementById(target);
    const canvas = cy.container()!.getBoundingClientRect();
    const toPage = (p: { x: number; y: number }) => ({ x: canvas.left + p.x, y: canvas.top + p.y });
    if (found.isEdge()) return [toPage((found as unknown as EdgeSingular).renderedMidpoint())];
    const ele = found as unknown as NodeSingular;
    const kids = ele.descendants().map((k) => k.renderedBoundingBox({ includeLabels: true }));
    if (kids.length === 0) return [toPage(ele.renderedPosition())];
    const bb = ele.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
    const gap = (x: number, y: number) =>
      Math.min(...kids.map((k) => Math.hypot(Math.max(k.x1 - x, 0, x - k.x2), Math.max(k.y1 - y, 0, y - k.y2))));
    const inset = 6;
    const points: { x: number; y: number; d: number }[] = [];
    for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) {
      const x = bb.x1 + inset + ((bb.x2 - bb.x1 - 2 * inset) * i) / 8;
      const y = bb.y1 + inset + ((bb.y2 - bb.y1 - 2 * inset) * j) / 8;
      if (x > 0 && y > 0 && x < canvas.width && y < canvas.height) points.push({ x, y, d: gap(x, y) });
    }
    return points.filter((p) => p.d > 4).sort((a, b) => b.d - a.d).map(toPage);
  }, id);
}

/** Clicks the element on the canvas, trying points until Cytoscape reports it selected. */
async function tap(page: Page, id: string): Promise<void> {
  const points = await tapPoints(page, id);
  expect(points.length, `no free point on ${id}`).toBeGreaterThan(0);
  for (const p of points) {
    await page.mouse.click(p.x, p.y);
    try {
      await expect.poll(() => selectedInCy(page), { timeout: 1000 }).toEqual([id]);
      return;
    } catch {
      // That point was on something else (an edge, a label): try the next one.
    }
  }
  throw new Error(`could not tap ${id}`);
}

/** Screenshots in both themes: the page, then the inspector scrolled to `slug`'s section. */
async function shoot(page: Page, name: string, slug: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    const current = await page.locator('.app').getAttribute('data-theme');
    if (current !== theme) await page.getByTestId('theme-toggle').click();
    await expect(page.locator('.app')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: test.info().outputPath(`inspector-${name}-${theme}.png`) });
    await page.getByTestId(`inspector-section-${slug}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`inspector-${name}-${slug}-${theme}.png`) });
    await page.getByTestId('inspector').evaluate((el) => el.parentElement?.scrollTo(0, 0));
  }
}

test('tapping a container, docker0 and the background shows their facts', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = collectErrors(page);
  await page.goto('/');
  await expect.poll(() => page.evaluate(() => window.__playground?.cy?.nodes('[kind = "bridge"]').length ?? 0)).toBe(1);
  await page.waitForFunction(() => window.__playground?.isReady());

  // Nothing selected: the host's summary and the hint.
  const inspector = page.getByTestId('inspector');
  await expect(page.getByTestId('inspector-title')).toHaveText('docker-node1');
  await expect(page.getByTestId('inspector-hint')).toContainText('Select a container, bridge or namespace on the graph');

  await run(page, 'docker run -d --name c1 busybox sleep 1000', 'docker run -d --name web -p 8080:80 nginx');
  await expect(page.getByTestId('inspector-section-containers')).toContainText('c1');
  const c1 = await containerIds(page, 'c1');
  await expect.poll(() => page.evaluate((id) => window.__playground!.cy!.getElementById(id).nonempty(), c1.node)).toBe(true);

  // A container: its ip a (172.17.0.x) and its docker inspect networking.
  await tap(page, c1.node);
  await expect(page.getByTestId('inspector-title')).toHaveText('c1');
  await expect(page.getByTestId('inspector-hint')).toHaveCount(0);
  const ipa = page.getByTestId('inspector-section-ip-a');
  await expect(ipa.getByTestId('inspector-command-ip-a')).toHaveText('docker exec c1 ip a');
  await expect(ipa).toContainText(/inet 172\.17\.0\.\d+\/16 brd 172\.17\.255\.255 scope global eth0/);
  const net = page.getByTestId('inspector-section-networking');
  await expect(net).toContainText('"NetworkSettings": {');
  await expect(net).toContainText('"IPAddress": "172.17.0.2"');
  await expect(page.getByTestId('inspector-section-routes')).toContainText('default via 172.17.0.1 dev eth0');
  await expect(page.getByTestId('inspector-section-resolv-conf')).toContainText('nameserver');
  await expect(page.getByTestId('inspector-section-hosts')).toContainText('localhost');
  await shoot(page, 'container', 'ip-a');

  // Copy puts exactly the output on the clipboard; the log did not grow from inspecting.
  const logBefore = await page.evaluate(() => window.__playground!.getLog().length);
  const copyIndex = await inspector.locator('section.fact').evaluateAll((els) => els.findIndex((e) => e.getAttribute('data-testid') === 'inspector-section-ip-a'));
  await page.getByTestId(`inspector-copy-${copyIndex}`).click();
  await expect(page.getByTestId(`inspector-copy-${copyIndex}`)).toHaveText('Copied');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  const typed = await page.evaluate(() => window.__playground!.runCommand('docker exec c1 ip a').output);
  expect(clip).toBe(typed);
  expect(await page.evaluate(() => window.__playground!.getLog().length)).toBe(logBefore + 1);

  // Collapsing a section hides its output; it stays collapsed.
  await page.getByTestId('inspector-toggle-hosts').click();
  await expect(page.getByTestId('inspector-output-hosts')).toHaveCount(0);
  await expect(page.getByTestId('inspector-toggle-hosts')).toHaveAttribute('aria-expanded', 'false');

  // Long lines wrap unless Wrap is off; tables (the hosts file) never wrap.
  const whiteSpace = (slug: string) => page.getByTestId(`inspector-output-${slug}`).evaluate((el) => getComputedStyle(el).whiteSpace);
  await page.getByTestId('inspector-toggle-hosts').click();
  expect(await whiteSpace('ip-a')).toBe('pre-wrap');
  expect(await whiteSpace('hosts')).toBe('pre');
  await page.getByTestId('inspector-wrap').click();
  await expect(page.getByTestId('inspector-wrap')).toHaveAttribute('aria-pressed', 'false');
  expect(await whiteSpace('ip-a')).toBe('pre');
  await page.getByTestId('inspector-wrap').click();

  // Live: connecting c1 to a second network shows eth1 without a new tap.
  await run(page, 'docker network create net1', 'docker network connect net1 c1');
  await expect(ipa).toContainText(/inet 172\.18\.0\.2\/16 .* eth1/);

  // nginx has no ip: the real exec error and a note, docker inspect still has its address.
  const web = await containerIds(page, 'web');
  await tap(page, web.node);
  await expect(page.getByTestId('inspector-title')).toHaveText('web');
  await expect(page.getByTestId('inspector-section-ip-a')).toContainText('OCI runtime exec failed');
  await expect(page.getByTestId('inspector-section-ip-a')).toContainText('nginx has no ip tool');
  await expect(page.getByTestId('inspector-section-networking')).toContainText('"IPAddress": "172.17.0.3"');
  await expect(page.getByTestId('inspector-section-ports')).toContainText('80/tcp -> 0.0.0.0:8080');
  await shoot(page, 'nginx', 'ip-a');

  // docker0: its ports (brctl show) list c1's veth.
  const docker0 = await page.evaluate(() => window.__playground!.cy!.nodes('[kind = "bridge"][name = "docker0"]').first().id());
  await tap(page, docker0);
  await expect(page.getByTestId('inspector-title')).toHaveText('docker0');
  const ports = page.getByTestId('inspector-section-ports');
  await expect(ports.getByTestId('inspector-command-ports')).toHaveText('brctl show docker0');
  await expect(ports).toContainText(c1.hostVeth);
  await expect(ports).toContainText(web.hostVeth);
  await shoot(page, 'bridge', 'ports');

  // While click-to-ping picks its source, a tap picks and does not select.
  await page.getByTestId('probe-ping').click();
  await expect(page.getByTestId('probe-hint')).toBeVisible();
  const [onC1] = await tapPoints(page, c1.node);
  await page.mouse.click(onC1!.x, onC1!.y);
  await expect(page.getByTestId('probe-hint')).toContainText('Now pick the target from c1');
  await expect(page.getByTestId('inspector-title')).toHaveText('docker0');
  await expect.poll(() => selectedInCy(page)).toEqual([docker0]);
  await page.getByTestId('probe-cancel').click();
  await expect(page.getByTestId('probe-hint')).toHaveCount(0);

  // The background: nothing selected, the host's iptables.
  const bg = await page.evaluate(() => {
    const cy = window.__playground!.cy!;
    const r = cy.container()!.getBoundingClientRect();
    const bb = cy.elements().renderedBoundingBox();
    // Below or right of everything drawn, inside the canvas.
    const y = Math.min(r.height - 12, bb.y2 + 20);
    const x = bb.y2 + 20 < r.height - 12 ? r.width / 2 : Math.min(r.width - 12, bb.x2 + 20);
    return { x: r.left + x, y: r.top + y };
  });
  await page.mouse.click(bg.x, bg.y);
  await expect.poll(() => selectedInCy(page)).toEqual([]);
  await expect(page.getByTestId('inspector-title')).toHaveText('docker-node1');
  await expect(page.getByTestId('inspector-hint')).toBeVisible();
  await expect(page.getByTestId('inspector-section-nat')).toContainText('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
  await expect(page.getByTestId('inspector-section-filter')).toContainText('-A FORWARD -j DOCKER-ISOLATION-STAGE-1');
  await shoot(page, 'host', 'nat');

  // Removing the selected container clears the selection.
  await tap(page, web.node);
  await run(page, 'docker rm -f web');
  await expect(page.getByTestId('inspector-title')).toHaveText('docker-node1');
  await expect(page.getByTestId('inspector-hint')).toBeVisible();

  expect(errors).toEqual([]);
});
