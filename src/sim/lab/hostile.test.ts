/**
 * Hostile lab payloads, generated (issue 7): whatever arrives as a `#lab=` link or a lab file,
 * `decodeLab` and `labFromJson` never throw, never pollute a prototype, finish in bounded time,
 * and return either a lab that `parseLab` accepts again unchanged or one clear sentence.
 *
 * Families: every prefix of links and files, bit flips of deflated payloads and of files, random
 * base64url, random JSON in the link's compact form and as a file, wrong types at every place of
 * a valid lab, prototype keys anywhere, markup in names and commands, later versions, payloads past
 * each cap, 100,000 levels of nesting, huge command counts. The number tried is printed at the end.
 *
 *     HOSTILE_SCALE=20 npx vitest run src/sim/lab/hostile.test.ts    (a longer run)
 */
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { userLab } from '../../../bench/lab-size';
import { decodeLab, encodeLab, LAB_LINK_LIMITS, readLabFragment } from './codec';
import type { Lab } from './lab';
import { LAB_LIMITS, labFromJson, parseLab, type ParseResult } from './schema';

const SCALE = Math.max(1, Number(process.env.HOSTILE_SCALE ?? 1));
const runs = (n: number) => Math.round(n * SCALE);

/** A call that takes longer than this (on a loaded 2-CPU machine) fails the test. */
const TIME_BOUND_MS = 2000;

const tried = new Map<string, number>();
let slowest = 0;
afterAll(() => {
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  const lines = [...tried].map(([family, n]) => `  ${family}: ${n.toLocaleString('en-US')}`);
  console.log(`hostile lab payloads tried: ${total.toLocaleString('en-US')} (slowest ${slowest.toFixed(0)} ms)\n${lines.join('\n')}`);
});

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join();
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort().join();

/** Quoted input ("…", as messages quote values) may say anything; the words around it may not. */
const unquoted = (s: string) => s.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'[^']*'/g, "''");

/** What every result must be; returns it for more checks. */
function expectSound(r: ParseResult, family: string, ms: number): ParseResult {
  tried.set(family, (tried.get(family) ?? 0) + 1);
  slowest = Math.max(slowest, ms);
  expect(ms, `${family}: took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_BOUND_MS);
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(PROTO_NAMES);
  expect(Object.getOwnPropertyNames(Array.prototype).sort().join()).toBe(ARRAY_PROTO_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (r.ok) {
    expect(Object.getPrototypeOf(r.lab)).toBe(Object.prototype);
    for (const e of r.lab.log) expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    if (r.lab.layout) {
      expect(Object.getPrototypeOf(r.lab.layout)).toBe(Object.prototype);
      expect(Object.keys(r.lab.layout).filter((k) => ['__proto__', 'constructor', 'prototype'].includes(k))).toEqual([]);
    }
    // What was accepted is accepted again, unchanged: it is as safe as a lab typed on the page.
    expect(parseLab(JSON.parse(JSON.stringify(r.lab)))).toEqual({ ok: true, lab: r.lab });
  } else {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(10);
    expect(r.error.length).toBeLessThan(400);
    expect(r.error).toMatch(/^[A-Z]/);
    expect(r.error).toMatch(/[.)]$/);
    expect(r.error).not.toMatch(/\n\s*at |Error:|TypeError|RangeError|\[object |[^\w]NaN[^\w]/);
    expect(unquoted(r.error)).not.toMatch(/undefined|null null/);
  }
  return r;
}

async function link(payload: string, family: string): Promise<ParseResult> {
  const t0 = performance.now();
  const r = await decodeLab(payload);
  return expectSound(r, `link: ${family}`, performance.now() - t0);
}

function file(text: string, family: string): ParseResult {
  const t0 = performance.now();
  const r = labFromJson(text);
  return expectSound(r, `file: ${family}`, performance.now() - t0);
}

/** A link payload made without the codec's encoder (node's zlib), from any text or bytes. */
const pack = (data: string | Uint8Array): string => `1.${Buffer.from(deflateRawSync(data)).toString('base64url')}`;

// --- generators -------------------------------------------------------------------------------

const MARKUP = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  "javascript:window.__pwned=1",
  '{{constructor.constructor("window.__pwned=1")()}}',
  '</textarea><iframe src="javascript:window.__pwned=1">',
  '${window.__pwned=1}',
  '\u202e\u0000'.slice(0, 1),
  '__proto__',
  'constructor',
];

/** Text a user could put in a name or command: any characters but NUL, often with markup. */
const userText = (max: number) =>
  fc
    .oneof(
      fc.string({ maxLength: Math.min(max, 60), unit: 'grapheme' }),
      fc.constantFrom(...MARKUP),
      fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...MARKUP), fc.string({ maxLength: 20 })).map((p) => p.join(' ')),
    )
    .map((s) => s.replace(/\0/g, '').slice(0, max));

const HOSTS = ['docker-node1', 'docker-node2', 'docker-node3', 'docker-node4', 'docker-node9'];

/** A valid lab (per the schema), with markup and reserved words as text in every string. */
const validLab: fc.Arbitrary<Lab> = fc
  .record({
    more: fc.subarray(HOSTS.slice(1)),
    name: fc.option(userText(LAB_LIMITS.name), { nil: undefined }),
    entries: fc.array(
      fc.record({
        t: fc.integer({ min: 1, max: 4 }).map((n) => `t${n}`),
        hi: fc.nat(),
        c: userText(LAB_LIMITS.command),
        i: fc.option(userText(200), { nil: undefined }),
        g: fc.option(fc.constantFrom(1 as const, 2 as const), { nil: undefined }),
      }),
      { maxLength: 12 },
    ),
    layout: fc.option(
      fc.dictionary(
        fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)),
        fc.tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: -1e7, max: 1e7 })),
        { maxKeys: 5 },
      ),
      { nil: undefined },
    ),
  })
  .map(({ more, name, entries, layout }) => {
    const hosts = ['docker-node1', ...more];
    const lab: Lab = {
      v: 1,
      ...(name !== undefined ? { name } : {}),
      hosts,
      log: entries.map((e) => ({
        t: e.t,
        h: hosts[e.hi % hosts.length]!,
        c: e.c,
        ...(e.i !== undefined ? { i: e.i } : {}),
        ...(e.g !== undefined ? { g: e.g } : {}),
      })),
    };
    if (layout !== undefined) lab.layout = layout;
    return lab;
  });

/** Any JSON value; strings often reserved words or markup. */
const jsonValue = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -0, 1, 2, 1.5, -1, 1e308, 2 ** 53, ...MARKUP, '', 'docker-node1', 't1'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 30 }),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'v', 'h', 'l', 'n', 'p')), tie('v'), {
      maxKeys: 5,
    }),
  ),
})).v;

/** Every place (path) in a JSON value. */
function places(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...places(x, [...path, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...places(x, [...path, k]));
  return out;
}

/** A copy of `v` with the value at `path` replaced (path [] replaces the whole). */
function replaced(v: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = JSON.parse(JSON.stringify(v)) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = by;
  return copy;
}

/**
 * JSON text of `v` with a prototype key inserted in one object, as text (JSON.parse then makes an
 * own property called `__proto__`, as it would from a file).
 */
function withProtoKey(v: unknown, at: number, key: string, value: unknown): string {
  const text = JSON.stringify(v);
  // The braces of objects, not those inside strings.
  const opens: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && inString) i++;
    else if (text[i] === '"') inString = !inString;
    else if (text[i] === '{' && !inString) opens.push(i);
  }
  if (opens.length === 0) return text;
  const i = opens[at % opens.length]! + 1;
  const empty = text[i] === '}';
  return `${text.slice(0, i)}${JSON.stringify(key)}:${JSON.stringify(value)}${empty ? '' : ','}${text.slice(i)}`;
}

const POLLUTER = { polluted: 1, v: 1, hosts: ['docker-node9'], log: [], isAdmin: true, toString: 'x' };

// --- link payloads ----------------------------------------------------------------------------

describe('hostile links', { timeout: 60_000 * SCALE }, () => {
  it('valid generated labs survive the link, markup and reserved words as plain text', async () => {
    await fc.assert(
      fc.asyncProperty(validLab, async (lab) => {
        const r = await link(await encodeLab(lab), 'valid lab round trip');
        expect(r).toEqual({ ok: true, lab });
      }),
      { numRuns: runs(300) },
    );
  });

  it('every prefix of a link is refused or a valid lab, never a crash', async () => {
    // Cut just before its check, a link's data is whole: it opens the same lab, unchecked.
    const refusedOrSame = (r: ParseResult, lab: Lab, cut: number, payload: string) =>
      expect(r).toEqual(cut === payload.lastIndexOf('.') ? { ok: true, lab } : { ok: false, error: expect.any(String) as unknown });
    for (const lab of [userLab(20), userLab(3)]) {
      const payload = await encodeLab(lab);
      for (let cut = 0; cut < payload.length; cut++) refusedOrSame(await link(payload.slice(0, cut), 'truncated (every prefix)'), lab, cut, payload);
    }
    await fc.assert(
      fc.asyncProperty(validLab, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (lab, where) => {
        const payload = await encodeLab(lab);
        const cut = Math.floor(where * payload.length);
        refusedOrSame(await link(payload.slice(0, cut), 'truncated (generated lab)'), lab, cut, payload);
      }),
      { numRuns: runs(300) },
    );
  });

  it('bit flips in the deflated bytes', async () => {
    const labs = [userLab(20), userLab(5)];
    const payloads = await Promise.all(labs.map(encodeLab));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: labs.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), async (which, flips) => {
        const [, data, check] = payloads[which]!.split('.');
        const bytes = Buffer.from(data!, 'base64url');
        for (const [at, bit] of flips) bytes[at % bytes.length]! ^= 1 << bit;
        // The link's check catches what raw deflate does not: no changed lab opens. (A flip in the
        // padding bits after the last block changes nothing: the same lab opens.)
        const r = await link(`1.${bytes.toString('base64url')}.${check}`, 'bit-flipped deflate');
        if (r.ok) expect(r.lab).toEqual(labs[which]);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('random base64url, random characters and random hashes', async () => {
    const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 400 });
    await fc.assert(fc.asyncProperty(b64, async (s) => void (await link(`1.${s}`, 'random base64url'))), { numRuns: runs(800) });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200, unit: 'binary' }), async (s) => void (await link(s, 'random text'))), {
      numRuns: runs(400),
    });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200, unit: 'binary' }), async (s) => {
        const t0 = performance.now();
        const r = await readLabFragment(`#lab=${s}`);
        expectSound(r!, 'link: random #lab= fragment (escapes included)', performance.now() - t0);
      }),
      { numRuns: runs(400) },
    );
  });

  it('random bytes and random JSON, deflated', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (b) => void (await link(pack(b), 'deflated random bytes'))), {
      numRuns: runs(400),
    });
    await fc.assert(fc.asyncProperty(jsonValue, async (v) => void (await link(pack(JSON.stringify(v)), 'deflated random JSON'))), {
      numRuns: runs(800),
    });
    // Random JSON shaped like the compact form: h, l, n, p present, of any kind.
    const compact = fc.record({ h: jsonValue, l: fc.array(jsonValue, { maxLength: 6 }), n: jsonValue, p: jsonValue }, { requiredKeys: ['l'] });
    await fc.assert(fc.asyncProperty(compact, async (v) => void (await link(pack(JSON.stringify(v)), 'deflated compact form of random parts'))), {
      numRuns: runs(800),
    });
  });

  it('wrong types at every place of a valid compact form', async () => {
    const compact = { h: [1, 2, 'web.lab'], n: 'x', l: ['ip a', ['docker ps', 2, 2, 1, 'in'], ['hostname', 0, 1]], p: ['host:host1', 1, 2] };
    const paths = places(compact);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), jsonValue, async (path, by) => {
        await link(pack(JSON.stringify(replaced(compact, path, by))), 'compact form, one place of a wrong type');
      }),
      { numRuns: runs(800) },
    );
  });

  it('prototype keys anywhere in the compact form pollute nothing', async () => {
    await fc.assert(
      fc.asyncProperty(validLab, fc.nat(), fc.constantFrom('__proto__', 'constructor', 'prototype'), async (lab, at, key) => {
        const compact = JSON.parse(new TextDecoder().decode(await inflate(await encodeLab(lab)))) as unknown;
        const r = await link(pack(withProtoKey(compact, at, key, POLLUTER)), 'prototype key in compact form');
        // The only object in the compact form is the whole: the key is an unknown one, dropped.
        expect(r).toEqual({ ok: true, lab });
      }),
      { numRuns: runs(400) },
    );
    const r = await link(pack('{"h":[1],"l":[],"p":["constructor",1,2,"prototype",3,4]}'), 'prototype key as a node id');
    expect(r).toEqual({ ok: false, error: 'The lab\'s node positions use the reserved name "constructor", which is not a node.' });
  });

  it('later and unknown link formats', async () => {
    const good = (await encodeLab(userLab(2))).slice(2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 999_999 }), async (format) => {
        const r = await link(`${format}.${good}`, 'later link format');
        expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/newer version of the playground .*Reload the page/) as unknown });
      }),
      { numRuns: runs(100) },
    );
    for (const p of ['1e3.' + good, '-1.' + good, '1.5.' + good, '01.' + good, '9999999.' + good, '٢.' + good]) await link(p, 'odd link format');
  });

  it('payloads past the caps: long, zip bombs, huge logs, 100,000 levels of nesting', async () => {
    const err = (r: ParseResult) => (r.ok ? '' : r.error);
    expect(err(await link(`1.${'A'.repeat(LAB_LINK_LIMITS.payload + 1)}`, 'oversized'))).toMatch(/too long to be a lab/);
    expect(err(await link(pack(Buffer.alloc(64 * 1024 * 1024, 0x7b)), 'zip bomb'))).toMatch(/unpacks to more than 8 MiB/);
    expect(err(await link(pack(JSON.stringify({ h: [1], l: Array(1_000_000).fill('ip a') })), 'huge command count'))).toMatch(/1,000,000 lines/);
    expect(err(await link(pack(JSON.stringify({ h: [1], l: [], p: Array(3_000_000).fill(0) })), 'huge layout'))).toMatch(/node positions/);
    expect(err(await link(pack(JSON.stringify({ h: Array(100_000).fill(1), l: [] })), 'huge host list'))).toMatch(/100,000 machines/);
    for (const [open, close] of [['[', ']'], ['{"a":', '}'], ['{"l":', '}'], ['{"h":[1],"l":[', ']}']] as const) {
      const deep = `${open.repeat(100_000)}1${close.repeat(100_000)}`;
      await link(pack(deep), 'nested 100,000 levels');
      // Nested inside a field of an otherwise good lab.
      await link(pack(`{"h":[1],"n":${deep},"l":["ip a"]}`), 'nested 100,000 levels in a field');
      await link(pack(`{"h":[1],"l":[["ip a",0,0,0,${deep}]]}`), 'nested 100,000 levels in a field');
      await link(pack(`{"h":[1],"l":[],"p":["a",${deep},1]}`), 'nested 100,000 levels in a field');
    }
  });
});

async function inflate(payload: string): Promise<Uint8Array> {
  const { inflateRawSync } = await import('node:zlib');
  return inflateRawSync(Buffer.from(payload.split('.')[1]!, 'base64url'));
}

// --- files ------------------------------------------------------------------------------------

describe('hostile lab files', { timeout: 60_000 * SCALE }, () => {
  const fileText = (lab: Lab) => `${JSON.stringify(lab, null, 1)}\n`;

  it('valid generated labs open from their file unchanged', () => {
    fc.assert(
      fc.property(validLab, (lab) => {
        expect(file(fileText(lab), 'valid lab')).toEqual({ ok: true, lab });
      }),
      { numRuns: runs(300) },
    );
  });

  it('every prefix of a file', () => {
    const text = fileText(userLab(3));
    for (let cut = 0; cut < text.length; cut++) file(text.slice(0, cut), 'truncated (every prefix)');
  });

  it('bit flips in the bytes of a file (read as the browser reads it: bad UTF-8 becomes U+FFFD)', () => {
    const bytes = Buffer.from(fileText(userLab(5)));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), (flips) => {
        const b = Buffer.from(bytes);
        for (const [at, bit] of flips) b[at % b.length]! ^= 1 << bit;
        file(new TextDecoder().decode(b), 'bit-flipped file');
      }),
      { numRuns: runs(1000) },
    );
  });

  it('random text and random JSON', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => void file(s, 'random text')), { numRuns: runs(500) });
    fc.assert(fc.property(jsonValue, (v) => void file(JSON.stringify(v), 'random JSON')), { numRuns: runs(800) });
  });

  it('wrong types at every place of a valid lab', () => {
    const lab = JSON.parse(JSON.stringify(userLab(2))) as Lab;
    lab.log[1] = { ...lab.log[1]!, i: 'stdin', g: 1 };
    lab.name = 'n';
    const paths = places(lab);
    fc.assert(
      fc.property(fc.constantFrom(...paths), jsonValue, (path, by) => void file(JSON.stringify(replaced(lab, path, by)), 'lab, one place of a wrong type')),
      { numRuns: runs(1000) },
    );
  });

  it('prototype keys anywhere pollute nothing and add nothing', () => {
    fc.assert(
      // A pair of numbers is what a node position holds: such a key in the layout is refused.
      fc.property(validLab, fc.nat(), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.oneof(jsonValue, fc.tuple(fc.integer(), fc.integer())), (lab, at, key, value) => {
        const r = file(withProtoKey(lab, at, key, value), 'prototype key');
        // A reserved key is either dropped (an unknown key) or refused (a node id); never kept.
        if (r.ok) {
          expect(r.lab).toEqual(lab);
          expect(JSON.stringify(r.lab)).toBe(JSON.stringify(lab));
        }
        const p = file(withProtoKey(lab, at, key, POLLUTER), 'prototype key');
        if (p.ok) expect(p.lab).toEqual(lab);
      }),
      { numRuns: runs(500) },
    );
  });

  it('later versions', () => {
    const one = userLab(1);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(2)), (v) => {
        const r = file(JSON.stringify({ ...one, v }), 'later version');
        expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/newer version of the playground .*Reload the page/) as unknown });
      }),
      { numRuns: runs(100) },
    );
    for (const v of ['2', 1.5, 0, -1, 2 ** 53 + 2, null, [2], { v: 2 }, true, '1']) {
      const r = file(JSON.stringify({ ...one, v }), 'odd version');
      expect(r.ok).toBe(false);
    }
  });

  it('files past the caps: too large, huge logs, huge strings, 100,000 levels of nesting', () => {
    const err = (r: ParseResult) => (r.ok ? '' : r.error);
    expect(err(file(' '.repeat(LAB_LIMITS.file + 1), 'oversized'))).toMatch(/too large to be a lab/);
    const base = { v: 1, hosts: ['docker-node1'] };
    expect(err(file(JSON.stringify({ ...base, log: Array(1_000_000).fill(0) }), 'huge command count'))).toMatch(/1,000,000 lines/);
    const entry = { t: 't1', h: 'docker-node1', c: 'ip a' };
    expect(err(file(JSON.stringify({ ...base, log: Array(LAB_LIMITS.log).fill(entry) }), 'huge command count'))).toBe('');
    expect(err(file(JSON.stringify({ ...base, name: 'x'.repeat(5_000_000), log: [] }), 'huge string'))).toMatch(/name is longer than 120/);
    expect(err(file(JSON.stringify({ ...base, log: [{ ...entry, c: 'x'.repeat(5_000_000) }] }), 'huge string'))).toMatch(/longer than 4,096/);
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(err(file(JSON.stringify({ ...base, log: [], ...keys }), 'huge unknown keys'))).toBe('');
    expect(err(file(JSON.stringify({ ...base, log: [], layout: keys }), 'huge layout'))).toMatch(/100,000 nodes/);
    for (const [open, close] of [['[', ']'], ['{"a":', '}'], ['{"v":', '}'], ['{"v":1,"hosts":["docker-node1"],"log":[', ']}']] as const) {
      const deep = `${open.repeat(100_000)}1${close.repeat(100_000)}`;
      file(deep, 'nested 100,000 levels');
      file(`{"v":1,"hosts":["docker-node1"],"name":${deep},"log":[]}`, 'nested 100,000 levels in a field');
      file(`{"v":1,"hosts":["docker-node1"],"log":[{"t":"t1","h":"docker-node1","c":${deep}}]}`, 'nested 100,000 levels in a field');
      file(`{"v":1,"hosts":["docker-node1"],"log":[],"layout":{"a":${deep}}}`, 'nested 100,000 levels in a field');
      file(`{"v":1,"hosts":["docker-node1"],"log":[],"x":${deep}}`, 'nested 100,000 levels in a field');
    }
  });
});
