/**
 * `docker ps` (CLI 20.10): `table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}`
 * through the CLI's tabwriter. Status text is the daemon's (container/state.go), the rest the CLI's
 * (cli/command/formatter/container.go, displayutils.go).
 */
import type { Container, DockerState } from '../types';
import { humanDuration } from './go-time';
import { portMap } from './ports';
import { tabwrite } from './tabwriter';

export interface PsOptions {
  /** `-a`: stopped and created containers too. */
  all?: boolean;
  /** `-q`: IDs only. */
  quiet?: boolean;
  /** `--no-trunc`: full IDs and commands, every name (link names too). */
  noTrunc?: boolean;
  /** `-s`: a SIZE column. */
  size?: boolean;
  /** `-n N` / `-l` (1): the N newest, whatever their state. */
  last?: number;
}

/** One entry of the daemon's port list (types.Port). `ip` empty = exposed only. */
export interface PortSummary {
  ip: string;
  privatePort: number;
  publicPort: number;
  type: string;
}

/** The daemon's Command: Path and Args, args with a space wrapped in single quotes. */
export function containerCommand(c: Container): string {
  if (c.args.length === 0) return c.path;
  return `${c.path} ${c.args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`;
}

/** The daemon's State.String(): `Up 5 seconds`, `Exited (0) 3 minutes ago`, `Created`. */
export function containerStatus(c: Container, now: number): string {
  if (c.state === 'running') return `Up ${humanDuration(now - (c.startedAt ?? c.created))}`;
  if (c.startedAt === undefined) return 'Created';
  if (c.finishedAt === undefined) return '';
  return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
}

/** The CLI's Ellipsis: at most `max` code points, the last one `…` when cut. */
export function ellipsis(s: string, max: number): string {
  const rs = [...s];
  if (rs.length <= max) return s;
  return max <= 1 ? (rs[0] ?? '') : `${rs.slice(0, max - 1).join('')}…`;
}

/** strconv.Quote: `"` and `\` escaped, control characters as Go escapes, printable Unicode kept. */
export function goQuote(s: string): string {
  const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
  const body = [...s].map((ch) => {
    const e = esc[ch];
    if (e) return e;
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
    return ch;
  });
  return `"${body.join('')}"`;
}

function comparePorts(a: PortSummary, b: PortSummary): number {
  if (a.privatePort !== b.privatePort) return a.privatePort - b.privatePort;
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  if (a.publicPort !== b.publicPort) return a.publicPort - b.publicPort;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

function formGroup(key: string, start: number, last: number): string {
  const parts = key.split('/');
  const ip = parts.length > 1 ? parts[0]! : '';
  const type = parts.length > 1 ? parts[1]! : parts[0]!;
  let group = start === last ? String(start) : `${start}-${last}`;
  if (ip !== '') group = `${ip}:${group}->${group}`;
  return `${group}/${type}`;
}

/**
 * CLI ≤27.1 DisplayablePorts: sorted, runs of consecutive ports with host = container port grouped
 * (`0.0.0.0:5000-5002->5000-5002/tcp`), mappings with host ≠ container port listed last.
 */
export function displayablePorts(input: readonly PortSummary[]): string {
  const ports = [...input].sort(comparePorts);
  const groups = new Map<string, { first: number; last: number }>();
  const order: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const p of ports) {
    let key = p.type;
    if (p.ip !== '') {
      if (p.publicPort !== p.privatePort) {
        hostMappings.push(`${p.ip}:${p.publicPort}->${p.privatePort}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: p.privatePort, last: p.privatePort });
      order.push(key);
    } else if (p.privatePort === g.last + 1) {
      g.last = p.privatePort;
    } else {
      result.push(formGroup(key, g.first, g.last));
      groups.set(key, { first: p.privatePort, last: p.privatePort });
    }
  }
  for (const key of order) {
    const g = groups.get(key)!;
    result.push(formGroup(key, g.first, g.last));
  }
  return [...result, ...hostMappings].join(', ');
}

/** The daemon's port list for `docker ps`, from the PortMap. */
export function portSummaries(c: Container): PortSummary[] {
  const out: PortSummary[] = [];
  for (const [key, bindings] of portMap(c)) {
    const [port = '0', type = 'tcp'] = key.split('/');
    if (!bindings || bindings.length === 0) out.push({ ip: '', privatePort: Number(port), publicPort: 0, type });
    else for (const b of bindings) out.push({ ip: b.hostIp, privatePort: Number(port), publicPort: Number(b.hostPort), type });
  }
  return out;
}

/**
 * The legacy link names each container was given (`/app/database` for `--link database` in app),
 * by target id. Build it once per listing: asking every container for every row is quadratic.
 */
export function linkNamesByTarget(state: DockerState): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const id of state.containerOrder) {
    const other = state.containers[id];
    for (const l of other?.links ?? []) {
      const names = byTarget.get(l.target);
      if (names) names.push(`/${other!.name}/${l.alias}`);
      else byTarget.set(l.target, [`/${other!.name}/${l.alias}`]);
    }
  }
  return byTarget;
}

/**
 * The container's names: its own, then the legacy link names others gave it. Naming many
 * containers of one state, pass `linkNamesByTarget(state)`; alone, one scan finds them.
 */
export function containerNames(state: DockerState, c: Container, links?: ReadonlyMap<string, string[]>): string[] {
  if (links) return [`/${c.name}`, ...(links.get(c.id) ?? [])];
  const names = [`/${c.name}`];
  for (const id of state.containerOrder) {
    const other = state.containers[id];
    for (const l of other?.links ?? []) if (l.target === c.id) names.push(`/${other!.name}/${l.alias}`);
  }
  return names;
}

/** reference.FamiliarString: `docker.io/library/busybox` -> `busybox`. */
function familiarImage(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '');
}

/** Containers `docker ps` lists, newest first. */
export function listedContainers(state: DockerState, opts: PsOptions): Container[] {
  const newest = [...state.containerOrder].reverse().map((id) => state.containers[id]).filter((c): c is Container => !!c);
  if (opts.last !== undefined && opts.last > 0) return newest.slice(0, opts.last);
  return opts.all ? newest : newest.filter((c) => c.state === 'running');
}

/** `docker ps` output (ends with a newline). `now` is the World clock. */
export function formatPs(state: DockerState, opts: PsOptions, now: number): string {
  const list = listedContainers(state, opts);
  const id = (c: Container): string => (opts.noTrunc ? c.id : c.id.slice(0, 12));
  if (opts.quiet) return list.map((c) => `${id(c)}\n`).join('');
  const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES', ...(opts.size ? ['SIZE'] : [])];
  const links = linkNamesByTarget(state);
  const rows = list.map((c) => {
    const cmd = containerCommand(c);
    const names = containerNames(state, c, links).map((n) => n.slice(1));
    const createdSec = Math.floor(c.created / 1000) * 1000;
    const row = [
      id(c),
      opts.noTrunc ? c.image : familiarImage(c.image),
      goQuote(opts.noTrunc ? cmd : ellipsis(cmd, 20)),
      `${humanDuration(now - createdSec)} ago`,
      containerStatus(c, now),
      displayablePorts(portSummaries(c)),
      opts.noTrunc ? names.join(',') : (names.find((n) => !n.includes('/')) ?? ''),
    ];
    if (opts.size) row.push(`0B (virtual ${c.img?.size ?? '0B'})`);
    return row;
  });
  return tabwrite([header, ...rows].map((r) => `${r.join('\t')}\n`).join(''));
}
