/**
 * The host as read from the dump, in neutral terms (no JSON field names): its networks and
 * containers, with only the values the importer can type back as docker arguments. Also the rules
 * those values obey (names, labels, safe arguments) and the creation order they are rebuilt in.
 */

/** Docker's rule for container and network names (daemon/names.go). */
export const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Network-scoped aliases and hostnames: DNS-ish labels. */
export const LABEL_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,253}$/;

/** Arguments the playground's shell would not pass through unchanged (command substitution, control characters). */
export function unsafeArg(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]|\$\(|`/.test(s);
}

/** A network of the dump. */
export interface NetIn {
  name: string;
  id: string;
  created: TimeKey;
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal: boolean;
  attachable: boolean;
  options: Record<string, string>;
  isDefaultBridge: boolean;
  ipv6: boolean;
}

/** A container's endpoint on one network. */
export interface EpIn {
  net: string;
  netId?: string;
  ip?: string;
  prefix?: number;
  gateway?: string;
  mac?: string;
  staticIp?: string;
  aliases: string[];
  links: string[];
}

/** One port binding: container `port/proto`, published on `hostIp:hostPort` (either may be empty). */
export interface PortIn {
  port: string;
  proto: string;
  hostIp: string;
  hostPort: string;
}

/** A container of the dump. */
export interface CtrIn {
  id: string;
  name: string;
  created: TimeKey;
  image?: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  hostname?: string;
  domainname?: string;
  tty: boolean;
  stdin: boolean;
  exposed: string[];
  mac?: string;
  /** default, bridge, host, none, container:<name>, or a network name. */
  mode: string;
  /** The primary network first. */
  eps: EpIn[];
  bindings: PortIn[];
  publishAll: boolean;
  /** `target:alias` (legacy links). */
  links: string[];
  dns: string[];
  dnsSearch: string[];
  extraHosts: string[];
  restart?: string;
  autoRemove: boolean;
  /** Config.Env has variables besides PATH. */
  env: boolean;
  state: 'running' | 'exited' | 'created';
  exitCode?: number;
  /** Published ports as they are (IPv4), `ip:port->port/proto`. */
  actualPorts: string[];
}

/** The host: its networks and containers. */
export interface Dump {
  nets: NetIn[];
  ctrs: CtrIn[];
  notes: string[];
}

/** A creation time as [seconds, nanoseconds]; unknown is [Infinity, n]. */
export type TimeKey = [number, number];

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** RFC 3339 (nano) time as [seconds, nanoseconds] for ordering; unknown sorts last. */
export function timeKey(s: string | undefined): TimeKey {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s ?? '');
  if (!m) return [Infinity, 0];
  const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60) : 0;
  return [daysFromCivil(n[0], n[1], n[2]) * 86400 + n[3] * 3600 + n[4] * 60 + n[5] - offset, Number((m[7] ?? '').padEnd(9, '0'))];
}

/** Oldest first: the order Docker created them in, the order they are rebuilt in. */
export const byTime = <T extends { created: TimeKey }>(a: T, b: T) => a.created[0] - b.created[0] || a.created[1] - b.created[1] || 0;
