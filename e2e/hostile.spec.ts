/**
 * Hostile lab payloads in Chromium (issue 7), under the page's own Content-Security-Policy and a
 * trap set before the app loads: getters and setters on `window.__pwned` (and kin), alert, confirm,
 * prompt and open replaced, a `securitypolicyviolation` listener, and a MutationObserver counting
 * any <script>, <iframe>, <object>, <embed> or on* attribute added to the page.
 *
 * With a lab open, a seeded set of bad payloads arrives as `#lab=` links (a hashchange) and as
 * files through the real Open-a-lab-file input. For each: a clear notice, the current lab's log
 * and World unchanged, no trap fired, no CSP violation, no page error. The JS heap stays bounded
 * after the zip bomb and the oversized payloads. Then labs whose name and commands are markup (and
 * one carrying a `__proto__` key) open, and show their text as text.
 */
import { deflateRawSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors';
import { commands, openPlayground, shareUrl, worldJson } from './labs';
import { transcript, typeCommand } from './terminal';

declare global {
  interface Window {
    __trap?: { fired: string[]; violations: string[]; added: string[] };
  }
}

/** Installed before any script of the page runs. */
function installTrap(): void {
  const trap = { fired: [] as string[], violations: [] as string[], added: [] as string[] };
  Object.defineProperty(window, '__trap', { value: trap });
  for (const name of ['__pwned', 'pwned', 'xss', 'polluted']) {
    Object.defineProperty(window, name, {
      get: () => void trap.fired.push(`read ${name}`),
      set: () => void trap.fired.push(`write ${name}`),
    });
  }
  // A polluted Object.prototype shows as a setter firing on every object.
  Object.defineProperty(Object.prototype, 'polluted', {
    get: () => undefined,
    set: () => void trap.fired.push('Object.prototype.polluted written'),
  });
  for (const name of ['alert', 'confirm', 'prompt', 'open', 'print'] as const) {
    Object.defineProperty(window, name, { value: () => void trap.fired.push(`${name}()`) });
  }
  const onViolation = (e: SecurityPolicyViolationEvent) => void trap.violations.push(`${e.violatedDirective} ${e.blockedURI}`);
  document.addEventListener('securitypolicyviolation', onViolation, true);
  const BAD = 'script, iframe, frame, object, embed, base, meta[http-equiv]';
  const onAttrs = (el: Element) => {
    for (const a of el.getAttributeNames()) if (/^on/i.test(a)) trap.added.push(`${el.tagName} ${a}`);
  };
  const check = (n: Node) => {
    if (!(n instanceof Element)) return;
    for (const el of [n, ...n.querySelectorAll('*')]) {
      if (el.matches(BAD)) trap.added.push(el.outerHTML.slice(0, 80));
      onAttrs(el);
    }
  };
  let seenLoad = false;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element && /^on/i.test(r.attributeName ?? '')) onAttrs(r.target);
      // The page's own <script> and <meta> tags arrive with the document; count only later ones.
      if (r.type === 'childList' && seenLoad) r.addedNodes.forEach(check);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => (seenLoad = true));
}

/** A seeded PRNG (mulberry32): the same payloads every run. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

const pack = (data: string | Buffer): string => `1.${deflateRawSync(data).toString('base64url')}`;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const deep = (open: string, close: string, n = 100_000) => `${open.repeat(n)}1${close.repeat(n)}`;

/** A random JSON value of the wrong shape, from the seeded PRNG. */
function junk(rnd: (n: number) => number, depth = 0): unknown {
  const atoms = [null, true, 0, -1, 1e308, '', '<script>window.__pwned=1</script>', '__proto__', 'docker-node1', 't1', [], {}];
  if (depth > 3 || rnd(3) === 0) return atoms[rnd(atoms.length)];
  if (rnd(2) === 0) return Array.from({ length: rnd(4) }, () => junk(rnd, depth + 1));
  const keys = ['h', 'l', 'n', 'p', 'v', 'hosts', 'log', '__proto__', 'constructor'];
  return Object.fromEntries(Array.from({ length: rnd(4) }, () => [keys[rnd(keys.length)]!, junk(rnd, depth + 1)]));
}

interface Payload {
  family: string;
  data: string;
}

/** The bad links: every family, generated around a real share link. */
function badLinks(good: string, rnd: (n: number) => number): Payload[] {
  const out: Payload[] = [];
  const add = (family: string, data: string) => out.push({ family, data });
  const [, data, check] = good.split('.');
  // Cut just before its check, the data is whole (and opens): cut anywhere else.
  for (let k = 0; k < 8; k++) {
    const cut = 2 + rnd(good.length - 3);
    add('truncated', good.slice(0, cut === good.lastIndexOf('.') ? cut - 1 : cut));
  }
  for (let k = 0; k < 8; k++) {
    const bytes = Buffer.from(data!, 'base64url');
    for (let f = 1 + rnd(4); f > 0; f--) bytes[rnd(bytes.length)]! ^= 1 << rnd(8);
    add('bit-flipped', `1.${bytes.toString('base64url')}.${check}`);
  }
  for (let k = 0; k < 5; k++) add('random base64url', `1.${Array.from({ length: 8 + rnd(300) }, () => B64[rnd(64)]).join('')}`);
  // Two machines from the junk are never a valid list (the only machine among it would repeat).
  for (let k = 0; k < 8; k++) {
    add('wrong types', pack(JSON.stringify({ l: ['ip a'], ...(junk(rnd) as object), ...(rnd(2) ? { l: junk(rnd) } : {}), h: [junk(rnd), junk(rnd)] })));
  }
  add('prototype key', pack('{"h":[1],"l":["ip a"],"p":["__proto__",1,2],"__proto__":{"polluted":1}}'));
  add('prototype key', pack('{"h":[1],"l":["ip a"],"p":["constructor",1,2]}'));
  add('markup, not a lab', pack('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'));
  add('markup, not a lab', '<script>window.__pwned=1</script>');
  add('markup, not a lab', encodeURIComponent('"><svg onload=window.__pwned=1>'));
  add('later version', `2.${data}.${check}`);
  add('later version', `999999.${data}.${check}`);
  add('huge command count', pack(JSON.stringify({ h: [1], l: Array(1_000_000).fill('ip a') })));
  add('huge command', pack(JSON.stringify({ h: [1], l: [`echo ${'A'.repeat(5_000_000)}`] })));
  add('nested 100,000 levels', pack(deep('[', ']')));
  add('nested 100,000 levels', pack(`{"h":[1],"n":${deep('{"a":', '}')},"l":[]}`));
  add('zip bomb', pack(Buffer.alloc(64 * 1024 * 1024, 0x20)));
  add('oversized', `1.${'A'.repeat(1_000_001)}`);
  return out;
}

/** The bad files: every family, generated around a valid lab file. */
function badFiles(good: string, rnd: (n: number) => number): Payload[] {
  const out: Payload[] = [];
  const add = (family: string, data: string) => out.push({ family, data });
  for (let k = 0; k < 5; k++) add('truncated', good.slice(0, 1 + rnd(good.length - 2)));
  for (let k = 0; k < 5; k++) {
    const bytes = Buffer.from(good);
    // Flips in the JSON's punctuation: a flip inside a command could leave a valid (other) lab.
    const marks = [...good].flatMap((c, i) => ('{}[]:,"'.includes(c) ? [i] : []));
    for (let f = 1 + rnd(4); f > 0; f--) bytes[marks[rnd(marks.length)]!]! ^= 1 << rnd(8);
    const text = bytes.toString('latin1');
    if (text !== good) out.push({ family: 'bit-flipped', data: text });
  }
  for (let k = 0; k < 5; k++) add('wrong types', JSON.stringify({ v: 1, log: [], ...(junk(rnd) as object), log2: junk(rnd), hosts: [junk(rnd), junk(rnd)] }).replace('"log2"', rnd(2) ? '"log"' : '"x"'));
  add('prototype key', '{"v":1,"hosts":["docker-node1"],"log":[],"layout":{"__proto__":[1,2]},"__proto__":{"polluted":1}}');
  add('markup, not a lab', '<html><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">');
  add('later version', JSON.stringify({ v: 2, hosts: ['docker-node1'], log: [] }));
  add('huge command count', JSON.stringify({ v: 1, hosts: ['docker-node1'], log: Array(1_000_000).fill(0) }));
  add('nested 100,000 levels', deep('[', ']'));
  add('nested 100,000 levels', `{"v":1,"hosts":["docker-node1"],"log":[{"t":"t1","h":"docker-node1","c":${deep('{"a":', '}')}}]}`);
  add('empty', '');
  // Past the 32 MiB cap: refused from its size, before it is read.
  add('oversized', ' '.repeat(33 * 1024 * 1024));
  return out;
}

const MARKUP_NAME = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
const MARKUP_COMMAND = 'echo "<img src=x onerror=alert(1)><iframe src=javascript:alert(1)>"';

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

async function expectNoHarm(page: Page, errors: string[], label: string): Promise<void> {
  const trap = await page.evaluate(() => window.__trap!);
  expect(trap, label).toEqual({ fired: [], violations: [], added: [] });
  expect(errors, label).toEqual([]);
  expect(await page.locator('img[src="x"], iframe').count(), label).toBe(0);
}

test('hostile links and files: a notice, the lab unchanged, no script runs, memory bounded', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  await page.addInitScript(installTrap);
  await openPlayground(page);
  await page.getByTestId('terminal').locator('.xterm-screen:visible').click();
  for (const line of ['docker network create net1', 'docker run -d --name web --network net1 nginx', 'ip link add br9 type bridge']) {
    await typeCommand(page, line);
  }
  await expect.poll(() => commands(page)).toHaveLength(3);
  const log = await page.evaluate(() => JSON.stringify(window.__playground!.getLog()));
  const world = await worldJson(page);
  const unchanged = async (label: string) => {
    expect(await page.evaluate(() => JSON.stringify(window.__playground!.getLog())), label).toBe(log);
    expect(await worldJson(page), label).toBe(world);
  };

  const link = await shareUrl(page);
  await page.keyboard.press('Escape');
  const good = new URL(link).hash.slice('#lab='.length);
  const rnd = prng(7);
  const links = badLinks(good, rnd);
  const heap0 = await heapUsed(page);
  let heapPeak = heap0;

  for (const [k, p] of links.entries()) {
    const label = `link ${k} (${p.family}, ${p.data.length.toLocaleString('en-US')} characters)`;
    if (await page.getByTestId('notice').isVisible()) await page.getByTestId('notice-close').click();
    await expect(page.getByTestId('notice')).toBeHidden();
    await page.evaluate((h) => (location.hash = h), `#lab=${p.data}`);
    const notice = page.getByTestId('notice');
    await expect(notice, label).toContainText('This lab link cannot be opened.');
    await expect(notice, label).toContainText('Your current lab is unchanged.');
    expect(await notice.textContent(), label).not.toMatch(/undefined|\[object |at \w+ \(|Error:/);
    // The link leaves the address bar, so a reload does not try it again.
    expect(await page.evaluate(() => location.hash), label).toBe('');
    await unchanged(label);
    await expectNoHarm(page, errors, label);
    if (/zip bomb|oversized|huge/.test(p.family)) heapPeak = Math.max(heapPeak, await heapUsed(page));
  }
  await page.getByTestId('notice-close').click();

  const fileText = `${JSON.stringify({ v: 1, name: 'good', hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'docker network create n2' }] }, null, 1)}\n`;
  const files = badFiles(fileText, rnd);
  for (const [k, p] of files.entries()) {
    const label = `file ${k} (${p.family}, ${p.data.length.toLocaleString('en-US')} characters)`;
    await page.getByTestId('labs-open').click();
    await expect(page.getByTestId('labs-notice')).toBeHidden();
    await page.getByTestId('labs-file-input').setInputFiles({ name: `${p.family}<b>.json`, mimeType: 'application/json', buffer: Buffer.from(p.data, 'latin1') });
    const notice = page.getByTestId('labs-notice');
    await expect(notice, label).toContainText(p.family === 'oversized' ? 'a lab file is far smaller' : 'This file cannot be opened.');
    await expect(notice, label).toContainText('Your current lab is unchanged.');
    expect(await notice.textContent(), label).not.toMatch(/undefined|\[object |at \w+ \(|Error:/);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('labs-dialog')).toBeHidden();
    await unchanged(label);
    await expectNoHarm(page, errors, label);
    if (/oversized|huge/.test(p.family)) heapPeak = Math.max(heapPeak, await heapUsed(page));
  }
  const heapGrowth = (heapPeak - heap0) / 1024 / 1024;
  console.log(
    `hostile payloads tried in Chromium: ${links.length} links + ${files.length} files = ${links.length + files.length}; ` +
      `JS heap after GC: ${(heap0 / 1024 / 1024).toFixed(1)} MB at start, at most +${heapGrowth.toFixed(1)} MB after the oversized ones`,
  );
  expect(heapGrowth).toBeLessThan(50);

  // Labs with markup in their name and commands open; their text shows as text.
  const markupLab = { h: [1], n: MARKUP_NAME, l: [MARKUP_COMMAND, 'docker run -d --name x busybox sleep 1d'] };
  const withProto = JSON.stringify(markupLab).replace(/^\{/, '{"__proto__":{"polluted":1,"isAdmin":true},');
  // Made by zlib, without the check (as links were before it): such links still open.
  await page.evaluate((h) => (location.hash = h), `#lab=${pack(withProto)}`);
  await expect(page.getByTestId('lab-name')).toHaveText(MARKUP_NAME);
  await expect(page.getByTestId('notice')).toContainText(`Opened the shared lab "${MARKUP_NAME}"`);
  await expect.poll(() => commands(page)).toEqual([MARKUP_COMMAND, 'docker run -d --name x busybox sleep 1d']);
  await expect.poll(() => transcript(page)).toContain('<img src=x onerror=alert(1)><iframe src=javascript:alert(1)>');
  await expectNoHarm(page, errors, 'markup lab from a link');

  const markupFile = JSON.stringify({ v: 1, name: `${MARKUP_NAME}2`, hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: MARKUP_COMMAND }], layout: { '<b>x</b>': [1, 2] } });
  await page.getByTestId('labs-open').click();
  await page.getByTestId('labs-file-input').setInputFiles({ name: '<img src=x onerror=alert(1)>.json', mimeType: 'application/json', buffer: Buffer.from(markupFile) });
  await expect(page.getByTestId('labs-dialog')).toBeHidden();
  await expect(page.getByTestId('lab-name')).toHaveText(`${MARKUP_NAME}2`);
  await page.getByTestId('labs-open').click();
  await expect(page.getByTestId('lab-row-name').filter({ hasText: `${MARKUP_NAME}2` })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expectNoHarm(page, errors, 'markup lab from a file');
  expect(await page.evaluate(() => Object.getOwnPropertyNames(Object.prototype).includes('isAdmin'))).toBe(false);

  // The control: what the payloads did not do, the trap and the CSP do see.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = 2';
    document.body.append(s);
    document.body.insertAdjacentHTML('beforeend', '<b onclick="x()"></b>');
    (window as { __pwned?: number }).__pwned = 3;
  });
  // The inline script (script-src-elem) and the inline handler (script-src-attr).
  await expect.poll(() => page.evaluate(() => window.__trap!.violations.length)).toBe(2);
  const trap = await page.evaluate(() => window.__trap!);
  expect(trap.violations.sort()).toEqual(['script-src-attr inline', 'script-src-elem inline']);
  expect(trap.fired).toEqual(['write __pwned']);
  expect(trap.added).toEqual(['<script>window.__pwned = 2</script>', 'B onclick']);
  await expect.poll(() => errors.some((e) => /Content Security Policy/.test(e))).toBe(true);
});
