/**
 * `docker network ls` and `docker images` (CLI 20.10 default table formats, tabwriter 10/1/3).
 * Network filters are the daemon's (daemon/network/filter.go): `name` and `id` are unanchored
 * regular expressions, `driver`/`scope` exact, `type` custom|builtin, `label` key or key=value.
 */
import type { DockerNetwork, DockerState } from '../types';
import { catalogue, type Image } from '../images';
import { naturalCompare } from './natural-sort';
import { failed, ok, type FormatResult } from './result';
import { tabwrite } from './tabwriter';

export interface NetworkLsOptions {
  quiet?: boolean;
  noTrunc?: boolean;
  /** `--filter` values as typed (`driver=bridge`, `name=net`); same key ORs, keys AND. */
  filters?: readonly string[];
}

const NETWORK_FILTERS = ['driver', 'type', 'name', 'id', 'label', 'scope', 'dangling'];

function regexMatch(pattern: string, text: string): boolean {
  if (pattern === text) return true;
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

function isDangling(state: DockerState, n: DockerNetwork): boolean {
  if (n.predefined) return false;
  return !Object.values(state.containers).some((c) => c.endpoints.some((e) => e.network === n.id));
}

/** Applies `--filter` values; an error carries the CLI/daemon text. */
export function filterNetworks(
  state: DockerState,
  filters: readonly string[],
): DockerNetwork[] | { error: string; exitCode: number } {
  const byKey = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq < 0) {
      // pflag rejects it while parsing flags (the command adds `See 'docker network ls --help'.`).
      return { error: `invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)`, exitCode: 125 };
    }
    const key = f.slice(0, eq).trim().toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), f.slice(eq + 1).trim()]);
  }
  for (const [key, values] of byKey) {
    if (!NETWORK_FILTERS.includes(key)) return { error: `Error response from daemon: Invalid filter '${key}'`, exitCode: 1 };
    if (key === 'type') {
      const bad = values.find((v) => v !== 'custom' && v !== 'builtin');
      if (bad !== undefined) return { error: `Error response from daemon: Invalid filter: 'type'='${bad}'`, exitCode: 1 };
    }
    if (key === 'dangling') {
      const bad = values.find((v) => !['true', 'false', '1', '0'].includes(v.toLowerCase()));
      if (bad !== undefined) return { error: `Error response from daemon: Invalid filter 'dangling=${bad}'`, exitCode: 1 };
    }
  }
  const match = (n: DockerNetwork, key: string, v: string): boolean => {
    switch (key) {
      case 'driver': return n.driver === v;
      case 'type': return v === 'builtin' ? n.predefined : !n.predefined;
      case 'name': return regexMatch(v, n.name);
      case 'id': return regexMatch(v, n.id);
      case 'scope': return v === scopeOf(n);
      case 'dangling': return isDangling(state, n) === ['true', '1'].includes(v.toLowerCase());
      default: {
        const i = v.indexOf('=');
        return i < 0 ? v in n.labels : n.labels[v.slice(0, i)] === v.slice(i + 1);
      }
    }
  };
  return Object.values(state.networks).filter((n) =>
    [...byKey].every(([key, values]) => (key === 'label' ? values.every((v) => match(n, key, v)) : values.some((v) => match(n, key, v)))),
  );
}

/** `local`, or `swarm` for the overlay networks a swarm manages. */
export const scopeOf = (n: DockerNetwork): string => (n.driver === 'overlay' ? 'swarm' : 'local');

/** `docker network ls`: rows sorted by name (natural order). */
export function formatNetworkLs(state: DockerState, opts: NetworkLsOptions = {}): FormatResult {
  const found = filterNetworks(state, opts.filters ?? []);
  if (!Array.isArray(found)) return failed(found.error, found.exitCode);
  const list = [...found].sort((a, b) => naturalCompare(a.name, b.name));
  const id = (n: DockerNetwork): string => (opts.noTrunc ? n.id : n.id.slice(0, 12));
  if (opts.quiet) return ok(list.map((n) => `${id(n)}\n`).join(''));
  const rows = [['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], ...list.map((n) => [id(n), n.name, n.driver, scopeOf(n)])];
  return ok(tabwrite(rows.map((r) => `${r.join('\t')}\n`).join('')));
}

export interface ImagesOptions {
  quiet?: boolean;
  noTrunc?: boolean;
}

const UNIT_SECONDS: Record<string, number> = {
  second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000,
};

/** The age a catalogue `CREATED` text stands for, in seconds (for the daemon's newest-first order). */
function ageOf(created: string): number {
  const m = /^(\d+|an?|About an?) (second|minute|hour|day|week|month|year)s? ago$/.exec(created);
  if (!m) return 0;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
  return n * UNIT_SECONDS[m[2]!]!;
}

/** `docker images`: pulled images, newest image first. */
export function formatImages(state: DockerState, opts: ImagesOptions = {}): string {
  const pulled = [...state.built, ...catalogue()].filter((i) => state.images.includes(`${i.repo}:${i.tag}`));
  const list = [...pulled].sort((a, b) => ageOf(a.created) - ageOf(b.created));
  const id = (i: Image): string => (opts.noTrunc ? `sha256:${i.id}` : i.id.slice(0, 12));
  if (opts.quiet) return [...new Set(list.map(id))].map((x) => `${x}\n`).join('');
  const rows = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...list.map((i) => [i.repo, i.tag, id(i), i.created, i.size])];
  return tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''));
}
