/**
 * Validation of labs from outside the page: a shared link, a file, the browser's storage. Anything
 * may arrive there, so a lab is checked against `LabSchema` before anything replays it, and a bad
 * one gets one plain sentence saying which field is wrong and how, never a crash.
 *
 * Invariants:
 * - the limits are hard: a payload within them replays in bounded time and memory;
 * - unknown keys are dropped; the result is built afresh, so no key of the input (`__proto__`
 *   included) reaches an object's prototype;
 * - a lab of a later format is refused with "reload the page", not misread.
 */
import * as z from 'zod/mini';
import { addedBy, LAB_VERSION, type Lab, type LabEntry } from './lab';
import { HOST_NAME, vagrantNumber } from './default-world';

// The page's Content-Security-Policy has no 'unsafe-eval': zod must not compile parsers with
// `new Function`, nor even probe for it (the probe alone reports a CSP violation). Set before any
// schema below is built; the setting is global, so the inspect importer's schemas follow it.
z.config({ jitless: true });

/** The limits a lab must keep (characters are UTF-16 code units, as `String.length` counts). */
export const LAB_LIMITS = {
  hosts: 9,
  log: 20_000,
  command: 4096,
  /** 64 Ki characters of here-document body. */
  stdin: 65_536,
  name: 120,
  layout: 20_000,
  layoutKey: 200,
  coordinate: 1e7,
  /** A lab file's text. The largest lab the limits above allow in practice is far smaller. */
  file: 32 * 1024 * 1024,
} as const;

export type ParseResult = { ok: true; lab: Lab } | { ok: false; error: string };

/** Keys that mean something to JavaScript objects; never a graph element id, so refused. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const SHELL_ID = /^t\d{1,6}$/;

const fmt = (n: number): string => n.toLocaleString('en-US');

/** A value as a message may quote it: short, and only ever shown as text. */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}

const typeError = (wanted: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'is missing' : `must be ${wanted} (found ${show(iss.input)})`;

const text = (max: number) =>
  z.string({ error: typeError('text') }).check(z.maxLength(max, { error: `is longer than ${fmt(max)} characters` }));

const noNul = z.refine<string>((s) => !s.includes('\0'), { error: 'contains a NUL character' });

const coordinate = z.number({ error: typeError('a number') }).check(
  z.refine((n) => Number.isFinite(n) && Math.abs(n) <= LAB_LIMITS.coordinate, {
    error: `must be between -${fmt(LAB_LIMITS.coordinate)} and ${fmt(LAB_LIMITS.coordinate)}`,
  }),
);

const EntrySchema = z.object(
  {
    t: z.string({ error: typeError('a terminal id like t1') }).check(
      z.refine((s) => SHELL_ID.test(s), { error: (iss) => `must be like t1, t2 … t999999 (found ${show(iss.input)})` }),
    ),
    h: z.string({ error: typeError('a machine name') }).check(
      z.refine((s) => HOST_NAME.test(s), { error: (iss) => `must be a hostname (found ${show(iss.input)})` }),
    ),
    c: text(LAB_LIMITS.command).check(noNul),
    i: z.optional(text(LAB_LIMITS.stdin)),
    g: z.optional(z.union([z.literal(1), z.literal(2)], { error: typeError('1 or 2 (a gesture) or absent') })),
  },
  { error: typeError('an object') },
);

/** The shape of a lab; `parseLab` adds the checks across fields (unique hosts, known hosts). */
export const LabSchema = z.object(
  {
    v: z.literal(LAB_VERSION, { error: (iss) => `must be ${LAB_VERSION} (found ${show(iss.input)})` }),
    name: z.optional(text(LAB_LIMITS.name).check(noNul)),
    hosts: z.array(
      z.string({ error: typeError('a machine name') }).check(
        // The machines a lab may start from: the seeds' Vagrant VMs docker-node1 .. docker-node9.
        z.refine((s) => vagrantNumber(s) !== undefined, { error: (iss) => `is ${show(iss.input)}, not one of docker-node1 … docker-node9` }),
      ),
      { error: typeError('a list of machine names') },
    ).check(
      z.minLength(1, { error: 'is empty: a lab starts from at least one machine' }),
      z.maxLength(LAB_LIMITS.hosts, { error: `has more than ${LAB_LIMITS.hosts} machines` }),
    ),
    log: z.array(EntrySchema, { error: typeError('a list of commands') }).check(
      z.maxLength(LAB_LIMITS.log, { error: `has more than ${fmt(LAB_LIMITS.log)} lines` }),
    ),
    layout: z.optional(
      z.record(
        z.string().check(
          z.minLength(1, { error: 'an empty node id' }),
          z.maxLength(LAB_LIMITS.layoutKey, { error: `a node id longer than ${LAB_LIMITS.layoutKey} characters` }),
        ),
        z.tuple([coordinate, coordinate], { error: typeError('a pair of numbers [x, y]') }),
        { error: typeError('an object of node positions') },
      ),
    ),
  },
  { error: typeError('an object') },
);

const FIELD: Record<string, string> = {
  t: 'the terminal id',
  h: 'the machine',
  c: 'the command',
  i: 'the standard input',
  g: 'the gesture mark',
};

/** Where an issue is, in words: `Line 3 of the log: the command`. */
function where(path: readonly PropertyKey[]): string {
  const [top, a, b] = path;
  switch (top) {
    case 'v':
      return "The lab's format version";
    case 'name':
      return "The lab's name";
    case 'hosts':
      return typeof a === 'number' ? `Machine ${a + 1} of the lab` : "The lab's list of machines";
    case 'log':
      if (typeof a !== 'number') return "The lab's command log";
      return typeof b === 'string' ? `Line ${fmt(a + 1)} of the log: ${FIELD[b] ?? b}` : `Line ${fmt(a + 1)} of the log`;
    case 'layout':
      if (a === undefined) return "The lab's node positions";
      return `The position of node ${show(String(a))}${b === 0 ? ' (x)' : b === 1 ? ' (y)' : ''}`;
    default:
      return 'The lab';
  }
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  issues?: readonly Issue[];
}

function describe(issue: Issue): string {
  // A bad layout key reports its own message one level down.
  const inner = issue.code === 'invalid_key' ? issue.issues?.[0] : undefined;
  if (inner && issue.path[0] === 'layout') return `The lab's node positions have ${inner.message} (${show(String(issue.path[1]))}).`;
  return `${where(issue.path)} ${inner?.message ?? issue.message}.`;
}

/** A plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Cheap checks before the schema walks the input: what a lab is at all, its format, its sizes. */
function precheck(input: unknown): string | null {
  if (!isRecord(input)) return `This is not a playground lab: it should be an object with machines and a command log, not ${show(input)}.`;
  const v = input.v;
  if (v === undefined) return 'This is not a playground lab: it has no format version ("v").';
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > LAB_VERSION) {
    return `This lab was saved by a newer version of the playground (lab format ${v}); this page reads format ${LAB_VERSION}. Reload the page to update it.`;
  }
  const { log, hosts, layout } = input;
  if (Array.isArray(log) && log.length > LAB_LIMITS.log) {
    return `The lab's command log has ${fmt(log.length)} lines; a lab holds at most ${fmt(LAB_LIMITS.log)}.`;
  }
  if (Array.isArray(hosts) && hosts.length > LAB_LIMITS.hosts) {
    return `The lab's list of machines has ${fmt(hosts.length)} machines; a lab has at most ${LAB_LIMITS.hosts}.`;
  }
  if (isRecord(layout)) {
    const keys = Object.keys(layout);
    if (keys.length > LAB_LIMITS.layout) {
      return `The lab's node positions have ${fmt(keys.length)} nodes; a lab keeps at most ${fmt(LAB_LIMITS.layout)}.`;
    }
    const reserved = keys.find((k) => RESERVED_KEYS.has(k));
    if (reserved !== undefined) return `The lab's node positions use the reserved name ${show(reserved)}, which is not a node.`;
  }
  return null;
}

/**
 * Checks untrusted data (parsed JSON) and returns the lab it holds, or one sentence saying what is
 * wrong, e.g. `Line 3 of the log: the command is longer than 4,096 characters.` The lab returned
 * is a fresh object: coordinates rounded to integers, unknown keys dropped.
 */
export function parseLab(input: unknown): ParseResult {
  const early = precheck(input);
  if (early !== null) return { ok: false, error: early };
  const r = LabSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0] as Issue | undefined;
    return { ok: false, error: first ? describe(first) : 'This lab is not valid.' };
  }
  const d = r.data;
  const seen = new Set<string>();
  for (const [i, h] of d.hosts.entries()) {
    if (seen.has(h)) return { ok: false, error: `Machine ${i + 1} of the lab, ${h}, is listed twice.` };
    seen.add(h);
  }
  // Every lab has the seeds' first VM, where its first terminal opens.
  if (d.hosts[0] !== 'docker-node1') return { ok: false, error: `A lab's first machine is docker-node1; this one starts with ${show(d.hosts[0])}.` };
  const log: LabEntry[] = [];
  // A machine not among the initial ones is made by a `lab host add` line before its first line.
  const made = new Set<string>();
  for (const [i, e] of d.log.entries()) {
    if (!seen.has(e.h) && !made.has(e.h)) {
      return {
        ok: false,
        error: `Line ${fmt(i + 1)} of the log ran on ${show(e.h)}, which is neither one of the lab's machines (${d.hosts.join(', ')}) nor made by an earlier \`lab host add\` line.`,
      };
    }
    for (const added of addedBy(e.c)) made.add(added);
    log.push({ t: e.t, h: e.h, c: e.c, ...(e.i !== undefined ? { i: e.i } : {}), ...(e.g !== undefined ? { g: e.g } : {}) });
  }
  const lab: Lab = { v: LAB_VERSION, ...(d.name !== undefined ? { name: d.name } : {}), hosts: [...d.hosts], log };
  if (d.layout !== undefined) {
    // `+ 0` turns -0 into 0, so a position survives JSON and equality checks unchanged.
    lab.layout = Object.fromEntries(
      Object.entries(d.layout).map(([k, [x, y]]) => [k, [Math.round(x) + 0, Math.round(y) + 0] as [number, number]]),
    );
  }
  return { ok: true, lab };
}

/** A lab file's text (JSON) as a lab, or why not. */
export function labFromJson(text: string): ParseResult {
  if (text.length > LAB_LIMITS.file) {
    return { ok: false, error: `The file is too large to be a lab (${fmt(text.length)} characters; a lab file is at most ${fmt(LAB_LIMITS.file)}).` };
  }
  let data: unknown;
  try {
    // A byte order mark is what some editors put at the start of a file they save.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const detail = e instanceof Error ? ` (${e.message.slice(0, 120)})` : '';
    return {
      ok: false,
      error: text.trim() === ''
        ? 'The file is empty.'
        : `The file is not valid JSON${detail}; a lab file is the JSON the playground saves.`,
    };
  }
  return parseLab(data);
}
