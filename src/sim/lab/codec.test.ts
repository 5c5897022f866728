import { crc32 as zlibCrc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { userLab } from '../../../bench/lab-size';
import {
  crc32, decodeLab, encodeLab, fromBase64Url, LAB_LINK_LIMITS, LAB_URL_LIMITS, labFragment, readLabFragment, shareVerdict, toBase64Url,
} from './codec';
import { emptyLab, replay, type Lab } from './lab';

/** A payload made without the codec: node's zlib, then base64url by Buffer. */
const pack = (data: string | Buffer): string => `1.${deflateRawSync(data).toString('base64url')}`;
const unpack = (payload: string): unknown => JSON.parse(inflateRawSync(Buffer.from(payload.slice(2).split('.')[0]!, 'base64url')).toString());
/** A payload with the check its JSON gets (`pack` leaves it out, as links made before the check). */
const packChecked = (json: string): string => {
  const check = Buffer.alloc(4);
  check.writeUInt32BE(zlibCrc32(json));
  return `${pack(json)}.${check.toString('base64url')}`;
};

const DAMAGED = /^This link is damaged \(it may have been cut short when it was copied\)\./;

async function roundTrip(lab: Lab): Promise<Lab> {
  const r = await decodeLab(await encodeLab(lab));
  if (!r.ok) throw new Error(r.error);
  return r.lab;
}

/** Every kind of entry: two machines, terminals switching back and forth, stdin, gestures, odd ids. */
const mixedLab = (): Lab => ({
  v: 1,
  name: 'mixed <b>lab</b> ✓',
  hosts: ['docker-node1', 'docker-node2', 'docker-node3'],
  log: [
    { t: 't1', h: 'docker-node2', c: 'docker network ls' },
    { t: 't1', h: 'docker-node2', c: 'docker run -d --name a busybox sleep 3600', g: 1 },
    { t: 't2', h: 'docker-node1', c: 'cat > /etc/docker/daemon.json', i: '{\n  "bip": "10.10.0.1/24"\n}\n' },
    { t: 't1', h: 'docker-node2', c: 'docker exec -it a sh' },
    { t: 't1', h: 'docker-node2', c: 'ip a' },
    { t: 't0', h: 'docker-node3', c: 'ip link add br0 type bridge', i: '' },
    { t: 't0042', h: 'docker-node1', c: 'docker ps', g: 1 },
    { t: 't2', h: 'docker-node3', c: 'hostname', g: 1 },
    { t: 't2', h: 'docker-node3', c: 'hostname -i', g: 2 },
    { t: 't2', h: 'docker-node2', c: 'uptime' },
    { t: 't9999', h: 'docker-node3', c: 'echo "<img src=x onerror=alert(1)>"' },
    { t: 't9999', h: 'docker-node3', c: '' },
  ],
  layout: { 'host:host1': [-12, 400], 'ns:ns16': [0, 0], 'pub:906d6a9eaed938355a40d5d853baa6cf843d1225e355df180dcae53b8edae094:0': [10_000_000, -10_000_000] },
});

describe('round trip', () => {
  it.each([
    ['an empty lab', emptyLab()],
    ['a lab of every kind of entry', mixedLab()],
    ['a lab of 20 containers', userLab(20)],
    ['a lab of 50 containers', userLab(50)],
  ])('%s comes back equal and replays to the same World', async (_, lab) => {
    const back = await roundTrip(lab);
    expect(back).toEqual(lab);
    expect(JSON.stringify(back)).toBe(JSON.stringify(lab));
    const a = replay(lab);
    const b = replay(back);
    expect(b.skipped).toEqual([]);
    expect(JSON.stringify(b.world)).toBe(JSON.stringify(a.world));
    expect(b.results.map((r) => r.output)).toEqual(a.results.map((r) => r.output));
  });

  it('gives back a command with markup as the same plain text', async () => {
    const lab: Lab = { v: 1, name: '<img src=x onerror=alert(1)>', hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'echo <img src=x onerror=alert(1)>' }] };
    const back = await roundTrip(lab);
    expect(back.name).toBe('<img src=x onerror=alert(1)>');
    expect(back.log[0]!.c).toBe('echo <img src=x onerror=alert(1)>');
  });

  it('writes the compact form its doc describes', async () => {
    const lab: Lab = {
      v: 1,
      hosts: ['docker-node1', 'docker-node2'],
      log: [
        { t: 't1', h: 'docker-node1', c: 'ip a' },
        { t: 't1', h: 'docker-node1', c: 'docker ps', g: 1 },
        { t: 't2', h: 'docker-node2', c: 'cat > f', i: 'x\n' },
        { t: 't2', h: 'docker-node2', c: 'ip r' },
        { t: 't1', h: 'docker-node1', c: 'hostname' },
      ],
      layout: { 'host:host1': [1.4, -2] },
    };
    const payload = await encodeLab(lab);
    expect(payload).toMatch(/^1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{6}$/);
    // The check is the CRC-32 of the JSON the data unpacks to.
    expect(payload.split('.')[2]).toBe(packChecked(JSON.stringify(unpack(payload))).split('.')[2]);
    expect(unpack(payload)).toEqual({ h: [1, 2], l: ['ip a', ['docker ps', 0, 0, 1], ['cat > f', 2, 2, 0, 'x\n'], 'ip r', ['hostname', 1]], p: ['host:host1', 1, -2] });
  });

  it('reads payloads made by another deflate (zlib) and base64url', async () => {
    const r = await decodeLab(pack(JSON.stringify({ h: [1], n: 'x', l: ['ip a', ['ip r', 3]] })));
    expect(r).toEqual({ ok: true, lab: { v: 1, name: 'x', hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'ip a' }, { t: 't3', h: 'docker-node1', c: 'ip r' }] } });
  });

  it('checks the JSON with the CRC-32 zlib computes', () => {
    for (const text of ['', 'a', '{"h":[1],"l":["ip a"]}', 'é✓'.repeat(300)]) {
      const bytes = new TextEncoder().encode(text);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
  });

  it('reads links with the check and links made before it', async () => {
    const json = '{"h":[1],"l":["ip a"]}';
    const lab = { v: 1, hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'ip a' }] };
    expect(await decodeLab(packChecked(json))).toEqual({ ok: true, lab });
    expect(await decodeLab(pack(json))).toEqual({ ok: true, lab });
  });

  it('base64url matches Buffer for every length', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
    expect(fromBase64Url('ab=c')).toBeNull();
  });
});

describe('size', () => {
  it.each([
    [20, 1000],
    [50, 2000],
  ])('a lab of %i containers fits in under %i URL characters', async (n, limit) => {
    const lab = userLab(n);
    const payload = await encodeLab(lab);
    const url = `https://example.github.io/docker-network-playground/#${await labFragment(lab)}`;
    console.log(`${n} containers, ${lab.log.length} lines, ${Object.keys(lab.layout ?? {}).length} positions: `
      + `lab JSON ${JSON.stringify(lab).length} chars, payload ${payload.length} chars, URL ${url.length}`);
    expect(payload.length).toBeLessThan(limit);
    expect(shareVerdict(url)).toBe('ok');
  });

  it('tells how well a URL travels', () => {
    expect(shareVerdict('x'.repeat(LAB_URL_LIMITS.chat))).toBe('ok');
    expect(shareVerdict('x'.repeat(LAB_URL_LIMITS.chat + 1))).toBe('long');
    expect(shareVerdict('x'.repeat(LAB_URL_LIMITS.max))).toBe('long');
    expect(shareVerdict('x'.repeat(LAB_URL_LIMITS.max + 1))).toBe('too-long');
  });
});

describe('hostile and broken links', () => {
  const errorOf = async (payload: string): Promise<string> => {
    const r = await decodeLab(payload);
    if (r.ok) throw new Error('accepted');
    return r.error;
  };

  it('refuses garbled characters', async () => {
    const good = await encodeLab(userLab(20));
    expect(await errorOf(`${good.slice(0, 40)}*${good.slice(41)}`)).toMatch(DAMAGED);
    expect(await errorOf(`${good.slice(0, 40)}+/${good.slice(42)}`)).toMatch(DAMAGED);
    expect(await errorOf('1.€€€€')).toMatch(DAMAGED);
  });

  it('refuses a link cut short anywhere (cut before its check, the data is whole and opens)', async () => {
    const lab = userLab(20);
    const good = await encodeLab(lab);
    const dot = good.lastIndexOf('.');
    for (let cut = 2; cut < good.length; cut += 7) if (cut !== dot) expect(await errorOf(good.slice(0, cut))).toMatch(DAMAGED);
    expect(await errorOf(good.slice(0, -1))).toMatch(DAMAGED);
    expect(await errorOf(good.slice(0, dot + 1))).toMatch(DAMAGED);
    expect(await decodeLab(good.slice(0, dot))).toEqual({ ok: true, lab });
  });

  it('refuses a link with any one bit of its data changed (raw deflate has no check of its own)', async () => {
    const good = await encodeLab(userLab(5));
    const [, data, check] = good.split('.');
    const bytes = Buffer.from(data!, 'base64url');
    const lab = userLab(5);
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i]! ^= 1 << (i % 8);
      const r = await decodeLab(`1.${flipped.toString('base64url')}.${check}`);
      // A flip in deflate's unused last bits gives the same data, and so the same lab: that is fine.
      if (r.ok) expect(r.lab).toEqual(lab);
      else expect(r.error).toMatch(DAMAGED);
    }
    const otherCheck = `${check!.slice(0, 5)}${check!.endsWith('A') ? 'B' : 'A'}`;
    expect(await errorOf(`1.${data}.${otherCheck}`)).toMatch(DAMAGED);
    expect(await errorOf(`1.${data}.${check}A`)).toMatch(DAMAGED);
    expect(await errorOf(`1.${data}.${check}.${check}`)).toMatch(DAMAGED);
  });

  it('never throws, whatever is changed in a link', async () => {
    const good = await encodeLab(mixedLab());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let seed = 1;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    let opened = 0;
    for (let k = 0; k < 300; k++) {
      const chars = [...good];
      for (let m = 1 + next(3); m > 0; m--) chars[2 + next(chars.length - 2)] = alphabet[next(64)]!;
      const r = await decodeLab(chars.join(''));
      expect(typeof r.ok).toBe('boolean');
      if (r.ok) opened++;
      else expect(r.error).toMatch(/^[A-Z].*\.$/);
    }
    // Most changes break the data; the few that survive still give a valid lab (checked by parseLab).
    expect(opened).toBeLessThan(300);
  });

  it('refuses data that is not deflate, not UTF-8, or not JSON', async () => {
    expect(await errorOf(`1.${Buffer.from('this is not deflate data at all').toString('base64url')}`)).toMatch(DAMAGED);
    expect(await errorOf('1.')).toMatch(DAMAGED);
    expect(await errorOf(pack(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])))).toMatch(DAMAGED);
    expect(await errorOf(pack('{"h":[1],"l":['))).toMatch(DAMAGED);
    expect(await errorOf(pack('<img src=x onerror=alert(1)>'))).toMatch(DAMAGED);
  });

  it.each(['[1,2]', '42', 'null', '"lab"', '{"v":1,"hosts":["docker-node1"],"log":[]}'])('refuses %s, which is not a lab', async (json) => {
    expect(await errorOf(pack(json))).toBe('This link does not hold a playground lab (its data is not a lab).');
  });

  it('refuses malformed entries and positions', async () => {
    expect(await errorOf(pack('{"h":[1],"l":[["ip a"]]}'))).toMatch(/line 1 of its log is malformed/);
    expect(await errorOf(pack('{"h":[1],"l":["ip a",{"c":"x"}]}'))).toMatch(/line 2 of its log is malformed/);
    expect(await errorOf(pack('{"h":[1],"l":[["ip a",0,0,5]]}'))).toMatch(/line 1 of its log is malformed/);
    expect(await errorOf(pack('{"h":[1],"l":[],"p":["a",1]}'))).toMatch(/node positions are malformed/);
    expect(await errorOf(pack('{"h":[1],"l":[],"p":[1,1,1]}'))).toMatch(/node positions are malformed/);
    expect(await errorOf(pack('{"h":[1],"l":[],"p":["a",1,1,"a",2,2]}'))).toMatch(/node positions are malformed/);
  });

  it('names the field when the lab inside is wrong (through parseLab)', async () => {
    expect(await errorOf(pack('{"h":[1],"l":[["ip a",0,2]]}'))).toBe(
      "Line 1 of the log ran on \"docker-node2\", which is neither one of the lab's machines (docker-node1) nor made by an earlier `lab host add` line.",
    );
    expect(await errorOf(pack('{"h":[1, 1],"l":[]}'))).toMatch(/Machine 2 of the lab, docker-node1, is listed twice/);
    expect(await errorOf(pack('{"h":["evil"],"l":[]}'))).toMatch(/Machine 1 of the lab is "evil"/);
    expect(await errorOf(pack('{"h":[1,2,3,4,5,6,7,8,9,1,2],"l":[]}'))).toMatch(/has 11 machines; a lab has at most 9/);
    expect(await errorOf(pack('{"h":[1],"l":[["ip a","x9"]]}'))).toMatch(/Line 1 of the log: the terminal id must be like t1/);
    expect(await errorOf(pack('{"h":[1],"l":[7]}'))).toMatch(/line 1 of its log is malformed/);
    expect(await errorOf(pack('{"h":[1],"l":[[7,2]]}'))).toMatch(/Line 1 of the log: the command must be text \(found 7\)/);
    expect(await errorOf(pack('{"h":[1],"l":["ip a\\u0000"]}'))).toMatch(/the command contains a NUL character/);
    expect(await errorOf(pack('{"h":[1],"n":"x\\u0000y","l":[]}'))).toMatch(/The lab's name contains a NUL character/);
    expect(await errorOf(pack('{"h":[1],"l":[],"p":["a",1,1e9]}'))).toMatch(/The position of node "a" \(y\) must be between/);
  });

  it('refuses a 5 MB command', async () => {
    const payload = pack(JSON.stringify({ h: [1], l: [`echo ${'A'.repeat(5_000_000)}`] }));
    expect(payload.length).toBeLessThan(20_000);
    expect(await errorOf(payload)).toBe('Line 1 of the log: the command is longer than 4,096 characters.');
  });

  it('refuses 20,001 lines', async () => {
    const payload = pack(JSON.stringify({ h: [1], l: Array.from({ length: 20_001 }, () => 'ip a') }));
    expect(await errorOf(payload)).toBe("The lab's command log has 20,001 lines; a lab holds at most 20,000.");
  });

  it('refuses a __proto__ node and pollutes nothing', async () => {
    const payload = pack('{"h":[1],"l":[],"p":["__proto__",1,2],"__proto__":{"polluted":1}}');
    expect(await errorOf(payload)).toBe('The lab\'s node positions use the reserved name "__proto__", which is not a node.');
    const other = pack('{"h":[1],"l":["ip a"],"__proto__":{"polluted":1,"n":"evil"}}');
    expect(await decodeLab(other)).toEqual({ ok: true, lab: { v: 1, hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'ip a' }] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a zip bomb without unpacking it', async () => {
    const bomb = pack(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(LAB_LINK_LIMITS.payload);
    const heap = process.memoryUsage().heapUsed;
    expect(await errorOf(bomb)).toBe('This link unpacks to more than 8 MiB, far more than any lab, so it was not opened.');
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(48 * 1024 * 1024);
  });

  it('refuses a payload over 1,000,000 characters before decoding it', async () => {
    const t0 = performance.now();
    expect(await errorOf(`1.${'A'.repeat(LAB_LINK_LIMITS.payload)}`)).toBe(
      'This link is too long to be a lab (1,000,002 characters; a lab link carries at most 1,000,000). Ask for the lab file instead.',
    );
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('refuses links of a later or unknown format', async () => {
    const good = await encodeLab(emptyLab());
    expect(await errorOf(`2.${good.slice(2)}`)).toBe(
      'This lab link was made by a newer version of the playground (link format 2); this page reads format 1. Reload the page to update it.',
    );
    expect(await errorOf(`0.${good.slice(2)}`)).toMatch(/^This is not a playground lab link \(it says link format 0/);
    expect(await errorOf(good.slice(2))).toMatch(/^This is not a playground lab link/);
    expect(await errorOf('')).toBe('This link has no lab in it (nothing follows "lab=").');
  });
});

describe('readLabFragment', () => {
  it('is null when the hash has no lab', async () => {
    expect(await readLabFragment('')).toBeNull();
    expect(await readLabFragment('#')).toBeNull();
    expect(await readLabFragment('#tab=2&x=lab=1.abc')).toBeNull();
  });

  it('reads the lab with or without #, among other parts, escaped or broken over lines', async () => {
    const lab = mixedLab();
    const fragment = await labFragment(lab);
    expect(fragment).toMatch(/^lab=1\./);
    const payload = fragment.slice(4);
    for (const hash of [`#${fragment}`, fragment, `#tab=2&${fragment}&x=1`, `#lab=${encodeURIComponent(payload).replace(/-/g, '%2D')}`, `#lab=${payload.slice(0, 30)}\n${payload.slice(30)}`]) {
      expect(await readLabFragment(hash)).toEqual({ ok: true, lab });
    }
  });

  it('reports a bad lab part', async () => {
    expect(await readLabFragment('#lab=')).toEqual({ ok: false, error: 'This link has no lab in it (nothing follows "lab=").' });
    expect(await readLabFragment('#lab=1.%E0%A4%A')).toEqual({ ok: false, error: expect.stringMatching(DAMAGED) as unknown });
    expect(await readLabFragment('#lab=1.AAAA')).toEqual({ ok: false, error: expect.stringMatching(DAMAGED) as unknown });
  });
});
