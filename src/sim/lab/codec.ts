/**
 * A lab in a URL: `#lab=1.<payload>.<check>`, where the payload is the base64url of the
 * deflate-raw (the platform's `CompressionStream`) of a compact JSON form of the lab, and the check
 * the base64url of the CRC-32 (big-endian) of that JSON. `1.` is the link format; a later one is
 * refused with "reload the page".
 *
 * Raw deflate carries no checksum of its own: a third of the links with one bit changed still
 * inflate to a valid lab, a different one. The check makes such a link "damaged". A link without
 * it (`1.<payload>`, as links were made before the check) is still read.
 *
 * The compact form (link format 1), smaller than the lab's own JSON before and after deflate:
 *
 *     { "h": [1, 2],                  hosts: N for docker-nodeN, else the name
 *       "n": "my lab",                the name, when there is one
 *       "l": ["docker ps", ["ip a", 2], ...],
 *       "p": ["ns:ns16", 120, -40, ...] }   layout, flat: id, x, y, id, x, y, ...
 *
 * A log entry is its command alone when it was typed in the same terminal as the entry before
 * (`t1` for the first), on the machine that terminal used last (the lab's first machine for a new
 * terminal), with no stdin and no gesture mark. Otherwise it is `[c, t, h, g, i]`, trailing
 * fields left out, where `t` is 0 (as before) or N for `tN`, `h` is 0 (as before) or N for
 * docker-nodeN, and `g` is 0 or 1. A terminal id or hostname of another form is written out.
 *
 * Invariants: `decodeLab` never throws and validates through `parseLab`, so what it returns is as
 * safe as a lab from a file; decompression stops past `LAB_LINK_LIMITS.unpacked` (a zip bomb costs
 * nothing); `decodeLab(await encodeLab(lab))` gives back `lab` (positions rounded).
 */
import type { Lab } from './lab';
import { isRecord, LAB_LIMITS, parseLab, type ParseResult } from './schema';

/** The link format `encodeLab` writes and `decodeLab` reads. */
export const LINK_FORMAT = 1;

/** Limits on what a link may carry. */
export const LAB_LINK_LIMITS = {
  /** Characters of payload (after `lab=`). */
  payload: 1_000_000,
  /** Bytes of JSON the payload may unpack to. */
  unpacked: 8 * 1024 * 1024,
} as const;

/** URL lengths: past `chat` some chat apps cut the link; past `max` offer the file instead. */
export const LAB_URL_LIMITS = { chat: 2000, max: 8000 } as const;

export type ShareVerdict = 'ok' | 'long' | 'too-long';

/** How well a share URL travels: 'long' (some chat apps cut it), 'too-long' (offer the file). */
export function shareVerdict(url: string): ShareVerdict {
  if (url.length > LAB_URL_LIMITS.max) return 'too-long';
  if (url.length > LAB_URL_LIMITS.chat) return 'long';
  return 'ok';
}

/** CRC-32 (IEEE 802.3, as zlib and gzip compute it). */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The check of a link: the CRC-32 of its JSON as 4 big-endian bytes, in base64url (6 characters). */
function checkOf(json: Uint8Array): string {
  const n = crc32(json);
  return toBase64Url(Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));
}

const DAMAGED =
  'This link is damaged (it may have been cut short when it was copied). Copy the whole link again, or ask for the lab file.';

// --- base64url (RFC 4648 §5), no padding ---------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** The bytes of base64url text, or null when it has a character outside the alphabet or a bad length. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? DIGIT[c]! : -1;
    if (d < 0) return null;
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

// --- streams ----------------------------------------------------------------------------------

class TooBig extends Error {}

/** Input is fed in small pieces, so a stream that inflates a whole piece at once stays small too. */
const PIECE = 1024;

/** Runs bytes through a (de)compression stream; stops past `limit` bytes of output. */
async function pump(stream: CompressionStream | DecompressionStream, bytes: Uint8Array<ArrayBuffer>, limit = Infinity): Promise<Uint8Array<ArrayBuffer>> {
  const writer = stream.writable.getWriter();
  const feeding = (async () => {
    for (let i = 0; i < bytes.length; i += PIECE) await writer.write(bytes.subarray(i, i + PIECE));
    await writer.close();
  })();
  // The reader sees the same failure; the writer's copy must not go unhandled.
  feeding.catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new TooBig();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// --- compact form -----------------------------------------------------------------------------

type Code = number | string;
type CompactEntry = string | (string | Code)[];
interface Compact {
  h: Code[];
  n?: string;
  l: CompactEntry[];
  p?: (string | number)[];
}

const SHELL = /^t([1-9]\d{0,5})$/;
const NODE = /^docker-node([1-9])$/;
const shellCode = (t: string): Code => (SHELL.test(t) ? Number(t.slice(1)) : t);
const hostCode = (h: string): Code => (NODE.test(h) ? Number(h.slice('docker-node'.length)) : h);

function toCompact(lab: Lab): Compact {
  const lastHost = new Map<string, string>();
  let shell = 't1';
  const l = lab.log.map((e): CompactEntry => {
    const host = lastHost.get(e.t) ?? lab.hosts[0];
    const fields: Code[] = [e.c, e.t === shell ? 0 : shellCode(e.t), e.h === host ? 0 : hostCode(e.h), e.g ?? 0];
    if (e.i !== undefined) fields.push(e.i);
    shell = e.t;
    lastHost.set(e.t, e.h);
    while (fields.length > 1 && fields[fields.length - 1] === 0) fields.pop();
    return fields.length === 1 ? e.c : fields;
  });
  const out: Compact = { h: lab.hosts.map(hostCode), ...(lab.name !== undefined ? { n: lab.name } : {}), l };
  if (lab.layout) out.p = Object.entries(lab.layout).flatMap(([id, [x, y]]) => [id, Math.round(x) + 0, Math.round(y) + 0]);
  return out;
}


/**
 * The lab a compact form stands for, still unchecked: codes are expanded, values of the wrong
 * kind are passed on as they are for `parseLab` to name. Only the structure is checked here.
 */
function fromCompact(data: unknown): { ok: true; lab: unknown } | { ok: false; error: string } {
  if (!isRecord(data) || !Array.isArray(data.l)) return { ok: false, error: 'This link does not hold a playground lab (its data is not a lab).' };
  const hostsIn = data.h;
  const hosts = Array.isArray(hostsIn) ? hostsIn.map(expandHost) : hostsIn;
  const first: unknown = Array.isArray(hosts) ? hosts[0] : undefined;
  if (data.l.length > LAB_LIMITS.log) {
    return { ok: false, error: `The lab's command log has ${data.l.length.toLocaleString('en-US')} lines; a lab holds at most ${LAB_LIMITS.log.toLocaleString('en-US')}.` };
  }
  const lastHost = new Map<unknown, unknown>();
  let shell: unknown = 't1';
  const log: unknown[] = [];
  for (const [i, e] of data.l.entries()) {
    const f: unknown[] | null = typeof e === 'string' ? [e] : Array.isArray(e) && e.length >= 2 && e.length <= 5 ? e : null;
    if (!f) return { ok: false, error: `This link does not hold a valid lab (line ${i + 1} of its log is malformed).` };
    const [c, t = 0, h = 0, g = 0, stdin] = f;
    if (t !== 0) shell = typeof t === 'number' && Number.isInteger(t) && t > 0 ? `t${t}` : t;
    const host = h === 0 ? (lastHost.get(shell) ?? first) : expandHost(h);
    lastHost.set(shell, host);
    if (g !== 0 && g !== 1 && g !== 2) return { ok: false, error: `This link does not hold a valid lab (line ${i + 1} of its log is malformed).` };
    log.push({ t: shell, h: host, c, ...(stdin !== undefined ? { i: stdin } : {}), ...(g !== 0 ? { g } : {}) });
  }
  const lab: Record<string, unknown> = { v: 1, hosts, log };
  if (data.n !== undefined) lab.name = data.n;
  if (data.p !== undefined) {
    const p = data.p;
    if (!Array.isArray(p) || p.length % 3 !== 0 || p.length > 3 * LAB_LIMITS.layout) {
      return { ok: false, error: 'This link does not hold a valid lab (its node positions are malformed).' };
    }
    const entries: [unknown, unknown[]][] = [];
    for (let i = 0; i < p.length; i += 3) entries.push([p[i], [p[i + 1], p[i + 2]]]);
    // A node id that is not text, or repeats, would be lost in an object: refuse it here.
    if (entries.some(([id]) => typeof id !== 'string') || new Set(entries.map(([id]) => id)).size !== entries.length) {
      return { ok: false, error: 'This link does not hold a valid lab (its node positions are malformed).' };
    }
    // Object.fromEntries defines own properties: a "__proto__" id stays a key (which parseLab refuses).
    lab.layout = Object.fromEntries(entries as [string, unknown[]][]);
  }
  return { ok: true, lab };
}

function expandHost(h: unknown): unknown {
  return typeof h === 'number' && Number.isInteger(h) && h >= 1 && h <= 9 ? `docker-node${h}` : h;
}

// --- the link ---------------------------------------------------------------------------------

/** The URL payload for `lab`: `1.` + base64url(deflate-raw(compact JSON)) + `.` + its check. */
export async function encodeLab(lab: Lab): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toCompact(lab)));
  const packed = await pump(new CompressionStream('deflate-raw'), json);
  return `${LINK_FORMAT}.${toBase64Url(packed)}.${checkOf(json)}`;
}

/** The fragment that carries `lab`: `lab=1.…` (put it after `#`). */
export async function labFragment(lab: Lab): Promise<string> {
  return `lab=${await encodeLab(lab)}`;
}

/**
 * The lab a payload (`1.…`, what follows `lab=`) carries, validated; or one plain sentence saying
 * why it cannot be opened. Never throws.
 */
export async function decodeLab(payload: string): Promise<ParseResult> {
  try {
    return await decode(payload);
  } catch {
    return { ok: false, error: DAMAGED };
  }
}

async function decode(payload: string): Promise<ParseResult> {
  if (typeof payload !== 'string') return { ok: false, error: 'This is not a playground lab link.' };
  if (payload.length > LAB_LINK_LIMITS.payload) {
    return {
      ok: false,
      error: `This link is too long to be a lab (${payload.length.toLocaleString('en-US')} characters; a lab link carries at most ${LAB_LINK_LIMITS.payload.toLocaleString('en-US')}). Ask for the lab file instead.`,
    };
  }
  // A link broken over lines in an email or chat comes back with whitespace in it.
  const text = payload.replace(/\s+/g, '');
  if (text === '') return { ok: false, error: 'This link has no lab in it (nothing follows "lab=").' };
  const m = /^(\d{1,6})\.(.*)$/s.exec(text);
  if (!m) return { ok: false, error: 'This is not a playground lab link (what follows "lab=" should start with "1.").' };
  const format = Number(m[1]);
  if (format > LINK_FORMAT) {
    return {
      ok: false,
      error: `This lab link was made by a newer version of the playground (link format ${format}); this page reads format ${LINK_FORMAT}. Reload the page to update it.`,
    };
  }
  if (format !== LINK_FORMAT) return { ok: false, error: `This is not a playground lab link (it says link format ${m[1]}; this page reads format ${LINK_FORMAT}).` };
  const [packed, check, ...more] = m[2]!.split('.');
  if (more.length > 0 || (check !== undefined && check.length !== 6)) return { ok: false, error: DAMAGED };
  const bytes = fromBase64Url(packed!);
  if (!bytes || bytes.length === 0) return { ok: false, error: DAMAGED };
  if (typeof DecompressionStream !== 'function') {
    return { ok: false, error: 'This browser cannot unpack lab links (it has no DecompressionStream). Open the lab file instead.' };
  }
  let json: string;
  try {
    const unpacked = await pump(new DecompressionStream('deflate-raw'), bytes, LAB_LINK_LIMITS.unpacked);
    if (check !== undefined && checkOf(unpacked) !== check) return { ok: false, error: DAMAGED };
    json = new TextDecoder('utf-8', { fatal: true }).decode(unpacked);
  } catch (e) {
    if (e instanceof TooBig) {
      return { ok: false, error: `This link unpacks to more than ${LAB_LINK_LIMITS.unpacked / 1024 / 1024} MiB, far more than any lab, so it was not opened.` };
    }
    return { ok: false, error: DAMAGED };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, error: DAMAGED };
  }
  const expanded = fromCompact(data);
  return expanded.ok ? parseLab(expanded.lab) : expanded;
}

/**
 * The lab in a location hash (`#lab=1.…`, `#x=1&lab=1.…`, or the same without `#`): null when
 * there is no `lab=` part, else what `decodeLab` makes of it.
 */
export async function readLabFragment(hash: string): Promise<ParseResult | null> {
  const parts = hash.replace(/^#/, '').split('&');
  const part = parts.find((p) => p.startsWith('lab='));
  if (part === undefined) return null;
  let payload = part.slice('lab='.length);
  // Links are sent as they are made (base64url needs no escaping), but some apps escape them anyway.
  if (payload.includes('%')) {
    try {
      payload = decodeURIComponent(payload);
    } catch {
      return { ok: false, error: DAMAGED };
    }
  }
  return decodeLab(payload);
}
