/**
 * Several hosts on the graph (issue 6): two VMs side by side joined by the LAN switch, a swarm
 * overlay drawn as one network spanning them with a VXLAN tunnel from each VTEP, and a ping
 * from a container on docker-node1 to one on docker-node2 that the packet overlay follows across
 * the hosts, encapsulated between the VTEPs. Screenshots in both themes, looked at by hand.
 */
import { expect, test, type Page } from '@playwright/test';
import { labFragment } from '../src/sim/lab/codec';
import { labFromScript, replay, type Lab } from '../src/sim/lab/lab';
import { collectErrors } from './page-errors';
import { clickNode, overlayState, playback } from './probe';

const HEAD = `[root@docker-node1 ~]# docker swarm init --advertise-addr 192.168.205.10
[root@docker-node1 ~]# docker swarm join-token -q worker
[root@docker-node2 ~]# hostname
`;

/** The swarm lab: the join token comes from replaying the init first, on the same two VMs (it is drawn from the World's seed). */
function swarmLab(): Lab {
  const token = replay(labFromScript(HEAD)).results[1]!.output.trim();
  return labFromScript(`${HEAD}[root@docker-node2 ~]# docker swarm join --token ${token} 192.168.205.10:2377
[root@docker-node1 ~]# docker network create -d overlay --attachable ov1
[root@docker-node1 ~]# docker run -d --name c1 --network ov1 busybox sleep 1d
[root@docker-node2 ~]# docker run -d --name c2 --network ov1 busybox sleep 1d
[root@docker-node2 ~]# docker run -d --name web -p 8080:80 nginx
`);
}

async function openLabLink(page: Page, lab: Lab): Promise<string[]> {
  const errors = collectErrors(page);
  await page.goto(`/#${await labFragment(lab)}`);
  await page.waitForFunction(() => window.__playground?.isReady());
  await expect.poll(() => page.evaluate(() => window.__playground!.cy!.nodes('[kind = "host"]').length)).toBe(2);
  await page.getByTestId('graph-fit').click();
  return errors;
}

type Bb = { x1: number; x2: number; y1: number; y2: number };

function boxes(page: Page): Promise<Record<string, Bb>> {
  return page.evaluate(() => {
    const cy = window.__playground!.cy!;
    const out: Record<string, Bb> = {};
    const bb = (sel: string) => {
      const b = cy.nodes(sel).first().boundingBox({ includeLabels: false });
      return { x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2 };
    };
    out.node1 = bb('[kind = "host"][name = "docker-node1"]');
    out.node2 = bb('[kind = "host"][name = "docker-node2"]');
    out.lan = bb('[kind = "lan"]');
    out.ov1 = bb('[kind = "overlay"][name = "ov1"]');
    return out;
  });
}

test('two VMs side by side, the LAN between them, one overlay across them with its tunnels', async ({ page }) => {
  const errors = await openLabLink(page, swarmLab());
  const b = await boxes(page);
  // Side by side, apart, on one row.
  expect(b.node2!.x1).toBeGreaterThan(b.node1!.x2 + 50);
  expect(Math.abs(b.node1!.y1 - b.node2!.y1)).toBeLessThan(60);
  // The LAN above the hosts, between their outer edges; the overlay above it.
  expect(b.lan!.y2).toBeLessThan(Math.min(b.node1!.y1, b.node2!.y1));
  expect(b.lan!.x1).toBeGreaterThan(b.node1!.x1);
  expect(b.lan!.x2).toBeLessThan(b.node2!.x2);
  expect(b.ov1!.y2).toBeLessThan(b.lan!.y1);
  const graph = await page.evaluate(() => {
    const cy = window.__playground!.cy!;
    const ov = cy.nodes('[kind = "overlay"][name = "ov1"]');
    return {
      label: ov.data('label') as string,
      tunnels: ov.connectedEdges('[kind = "tunnel"]').map((e) => `${e.source().data('name')}: ${e.data('label')}`).sort(),
      members: ov.connectedEdges('[kind = "veth"]').map((e) => e.source().parent().data('name') as string).sort(),
    };
  });
  expect(graph.label).toMatch(/^ov1 · overlay 10\.0\.1\.0\/24 · VNI \d+$/);
  expect(graph.tunnels).toEqual(['eth1: VTEP 192.168.205.10 · UDP 4789', 'eth1: VTEP 192.168.205.11 · UDP 4789']);
  expect(graph.members).toEqual(expect.arrayContaining(['c1', 'c2']));
  for (const theme of ['dark', 'light'] as const) {
    const current = () => page.evaluate(() => document.querySelector<HTMLElement>('.app')?.dataset.theme);
    if ((await current()) !== theme) await page.getByTestId('theme-toggle').click();
    await expect.poll(current).toBe(theme);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results-shots/multihost-${theme}.png` });
  }
  expect(errors).toEqual([]);
});

test('a ping from c1 on docker-node1 to c2 on docker-node2 animates across the hosts, encapsulated on the LAN', async ({ page }) => {
  const errors = await openLabLink(page, swarmLab());
  await page.getByTestId('probe-ping').click();
  await clickNode(page, '[kind = "container"][name = "c1"]');
  await expect(page.getByTestId('probe-hint')).toContainText('Now pick the target');
  // c2's eth0 on ov1: the probe pings its overlay address.
  await clickNode(page, '[kind = "container"][name = "c2"] > [name = "eth0"]');
  await expect(page.getByTestId('trace-panel')).toBeVisible();
  const pb = (await playback(page))!;
  expect(pb.ok, pb.headline).toBe(true);
  expect(pb.command).toMatch(/ping .*10\.0\.1\.\d+/);
  const enc = pb.steps.indexOf('vxlan-encap');
  const dec = pb.steps.indexOf('vxlan-decap');
  expect(enc).toBeGreaterThan(-1);
  expect(dec).toBeGreaterThan(enc);
  // The timeline names the encapsulation and the decapsulation.
  await expect(page.getByTestId(`trace-event-${enc}`)).toContainText(/VXLAN encap/);
  await expect(page.getByTestId(`trace-event-${dec}`)).toContainText(/VXLAN decap/);
  // Step to a LAN crossing between them: the overlay draws the capsule moving on the LAN.
  const crossing = pb.steps.findIndex((k, i) => i > enc && i < dec && k === 'veth-cross');
  await page.getByTestId(`trace-event-${crossing}`).click();
  await expect.poll(async () => (await overlayState(page)).step).toBe(crossing);
  await expect.poll(async () => (await overlayState(page)).dots).toBeGreaterThan(0);
  const active = await page.evaluate(() => window.__playground!.cy!.elements('.trace-active').map((e) => e.data('kind') as string));
  expect(active).toContain('lan');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results-shots/multihost-trace-dark.png' });
  await page.getByTestId(`trace-event-${enc}`).click();
  await expect.poll(async () => (await overlayState(page)).step).toBe(enc);
  const tunnel = await page.evaluate(() => window.__playground!.cy!.edges('.trace-active').map((e) => e.data('kind') as string));
  expect(tunnel).toContain('tunnel');
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results-shots/multihost-encap-dark.png' });
  expect(errors).toEqual([]);
});
