/**
 * Import of a real host's Docker networks: the output of `docker network inspect $(docker network
 * ls -q)` and/or `docker inspect $(docker ps -aq)`, pasted one after the other (with the prompt lines
 * or messages between them), becomes a Lab whose log is the docker commands that rebuild those
 * networks and containers in the playground.
 *
 * Every command is tried on the World before it is kept (the World is immutable, so a try costs
 * nothing to drop): the importer checks the network's subnet, the container's addresses, state and
 * published ports, and when the faithful command does not give the real result it tries the next
 * closest one (`--ip`, an explicit `--subnet`, a filler container holding a gap of the default
 * bridge, a pinned host port, the image's own command), and says so in the report.
 *
 * Untrusted input: the text is scanned without recursion, every object is validated with zod,
 * names must be ones Docker accepts, and every argument is shell-quoted, so a name or command
 * from the dump can only ever be an argument of the docker command it was meant for.
 */
import { z } from 'zod';
import { macFromIp } from '../docker/container';
import { catalogue, findImage, imageKey, type Image } from '../docker/images';
import type { Container, DockerNetwork, DockerState } from '../docker/types';
import { formatIp4, networkOf, parseIp4, parsePrefix } from '../net/ip4';
import type { World } from '../net/types';
import { findHostByName } from '../net/world';
import { shellQuote } from '../shell/quote';
import { createLabWorld, LAB_VERSION, runLine, type Lab, type LabEntry, type LineResult, type Shell } from './lab';

export type ImportResult = { ok: true; lab: Lab; report: string[] } | { ok: false; error: string };

export const IMPORT_LIMITS = { chars: 8_000_000, depth: 64, networks: 100, containers: 300, fillers: 64, report: 80 };

const HOST = 'docker-node1';
/** Docker's rule for container and network names (daemon/names.go). */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Network-scoped aliases and hostnames: DNS-ish labels. */
const LABEL_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,253}$/;
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
/** An image reference the playground can tag: lower-case path components, one `:tag`, no registry port. */
const IMAGE_RE = /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;
const KEEP_ALIVE = ['sleep', 'infinity'];

// ---------------------------------------------------------------------------------------------
// Shell quoting


const line = (words: string[]) => words.map(shellQuote).join(' ');

/** Arguments the playground's shell would not pass through unchanged (command substitution, control characters). */
function unsafeArg(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]|\$\(|`/.test(s);
}

// ---------------------------------------------------------------------------------------------
// Finding the JSON values in the pasted text

interface Extracted {
  values: unknown[];
  notes: string[];
}

/**
 * The JSON values that start a line, found by a bracket scan that tracks strings (no recursion,
 * so depth costs nothing); a value nested deeper than the limit is skipped unparsed. A line that
 * does not start a valid value (a prompt, `Error: No such object`) is skipped, so a broken array
 * still yields the objects inside it.
 */
function extractJson(text: string): Extracted {
  const values: unknown[] = [];
  const notes: string[] = [];
  let skipped = 0;
  let pos = 0;
  const lineNo = (i: number) => text.slice(0, i).split('\n').length;
  while (pos < text.length) {
    const eol = text.indexOf('\n', pos);
    const end = eol < 0 ? text.length : eol;
    let start = pos;
    while (start < end && (text[start] === ' ' || text[start] === '\t' || text[start] === '\r')) start++;
    const ch = text[start];
    if (ch !== '[' && ch !== '{') {
      if (start < end) skipped++;
      pos = end + 1;
      continue;
    }
    let depth = 0;
    let maxDepth = 0;
    let inString = false;
    let close = -1;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '[' || c === '{') maxDepth = Math.max(maxDepth, ++depth);
      else if (c === ']' || c === '}') {
        if (--depth === 0) {
          close = i;
          break;
        }
      }
    }
    if (close < 0) {
      notes.push(`line ${lineNo(start)}: a JSON value that never ends (a cut paste?); its complete objects are used`);
      skipped++;
      pos = end + 1;
      continue;
    }
    if (maxDepth > IMPORT_LIMITS.depth) {
      notes.push(`line ${lineNo(start)}: JSON nested deeper than ${IMPORT_LIMITS.depth} levels, skipped`);
      pos = close + 1;
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(text.slice(start, close + 1));
    } catch {
      // Not JSON from here: skip this line only, and look inside (the objects of a broken array).
      if (text.slice(start, close + 1).includes('\n')) notes.push(`line ${lineNo(start)}: not valid JSON; its complete objects are used`);
      skipped++;
      pos = end + 1;
      continue;
    }
    if (Array.isArray(v)) values.push(...(v as unknown[]));
    else values.push(v);
    pos = close + 1;
  }
  if (skipped) notes.push(`${skipped} line(s) that are not inspect JSON were skipped (prompts, messages)`);
  return { values, notes };
}

// ---------------------------------------------------------------------------------------------
// Schemas (what the importer reads of Docker 20.10-29 inspect output)

const S = z.string().max(4096);
const strs = z.array(S).max(512).nullish();
const bindings = z.record(S, z.array(z.object({ HostIp: S.optional(), HostPort: S.optional() })).max(64).nullish()).nullish();

const NetworkSchema = z.object({
  Name: S,
  Id: S,
  Created: S.optional(),
  Driver: S,
  Scope: S.optional(),
  EnableIPv6: z.boolean().optional(),
  IPAM: z.object({ Config: z.array(z.object({ Subnet: S.optional(), Gateway: S.optional(), IPRange: S.optional() })).max(64).nullish() }).nullish(),
  Internal: z.boolean().optional(),
  Attachable: z.boolean().optional(),
  Options: z.record(S, S).nullish(),
  Containers: z.record(S, z.object({ Name: S, MacAddress: S.optional(), IPv4Address: S.optional() })).nullish(),
});

const EndpointSchema = z.object({
  IPAMConfig: z.object({ IPv4Address: S.optional() }).nullish(),
  Links: strs,
  Aliases: strs,
  NetworkID: S.optional(),
  IPAddress: S.optional(),
  IPPrefixLen: z.number().optional(),
  Gateway: S.optional(),
  MacAddress: S.optional(),
});

const ContainerSchema = z.object({
  Id: S,
  Name: S,
  Created: S.optional(),
  State: z.object({ Status: S.optional(), Running: z.boolean().optional(), ExitCode: z.number().optional() }),
  Config: z.object({
    Image: S,
    Cmd: strs,
    Entrypoint: strs,
    Hostname: S.optional(),
    Domainname: S.optional(),
    Tty: z.boolean().optional(),
    OpenStdin: z.boolean().optional(),
    ExposedPorts: z.record(S, z.unknown()).nullish(),
    MacAddress: S.optional(),
    Env: strs,
  }),
  HostConfig: z.object({
    NetworkMode: S.optional(),
    PortBindings: bindings,
    PublishAllPorts: z.boolean().optional(),
    Links: strs,
    RestartPolicy: z.object({ Name: S.optional() }).nullish(),
    AutoRemove: z.boolean().optional(),
    Dns: strs,
    DnsSearch: strs,
    ExtraHosts: strs,
  }),
  Mounts: z.array(z.object({ Source: S.optional(), Destination: S.optional() })).max(512).nullish(),
  NetworkSettings: z.object({ Networks: z.record(S, EndpointSchema).nullish(), Ports: bindings }).nullish(),
});

type NetworkJson = z.infer<typeof NetworkSchema>;
type ContainerJson = z.infer<typeof ContainerSchema>;

// ---------------------------------------------------------------------------------------------
// The host as read from the dump

interface NetIn {
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

interface EpIn {
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

interface PortIn {
  port: string;
  proto: string;
  hostIp: string;
  hostPort: string;
}

interface CtrIn {
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

type TimeKey = [number, number];

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** RFC 3339 (nano) time as [seconds, nanoseconds] for ordering; unknown sorts last. */
function timeKey(s: string | undefined): TimeKey {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s ?? '');
  if (!m) return [Infinity, 0];
  const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60) : 0;
  return [daysFromCivil(n[0], n[1], n[2]) * 86400 + n[3] * 3600 + n[4] * 60 + n[5] - offset, Number((m[7] ?? '').padEnd(9, '0'))];
}

const byTime = <T extends { created: TimeKey }>(a: T, b: T) => a.created[0] - b.created[0] || a.created[1] - b.created[1] || 0;

const ip4Of = (s: string | undefined): string | undefined => {
  const t = (s ?? '').split('/')[0]!;
  return t.length <= 15 && parseIp4(t) !== undefined ? t : undefined;
};

function cidrOk(s: string): boolean {
  if (s.length > 18) return false;
  const p = parsePrefix(s, -1);
  return !!p && p.prefix >= 0 && /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s);
}

function readNetwork(n: NetworkJson, notes: string[]): NetIn | undefined {
  if (!NAME_RE.test(n.Name)) {
    notes.push(`network ${JSON.stringify(n.Name.slice(0, 40))}: not a name Docker accepts, skipped`);
    return undefined;
  }
  const configs = n.IPAM?.Config ?? [];
  const v4 = configs.filter((c) => c.Subnet !== undefined && !c.Subnet.includes(':'));
  const first = v4[0];
  if (v4.length > 1) notes.push(`network ${n.Name}: has ${v4.length} IPv4 subnets; the playground models one, ${first?.Subnet} is used`);
  const ipv6 = !!n.EnableIPv6 || configs.some((c) => c.Subnet?.includes(':'));
  if (ipv6) notes.push(`network ${n.Name}: IPv6 is not in the playground yet; its IPv6 settings are left out`);
  const net: NetIn = {
    name: n.Name, id: n.Id, created: timeKey(n.Created), driver: n.Driver, internal: !!n.Internal, attachable: !!n.Attachable,
    options: {}, ipv6, isDefaultBridge: n.Driver === 'bridge' && (n.Name === 'bridge' || n.Options?.['com.docker.network.bridge.default_bridge'] === 'true'),
  };
  if (first) {
    if (first.Subnet !== undefined && cidrOk(first.Subnet)) net.subnet = first.Subnet;
    else notes.push(`network ${n.Name}: subnet ${JSON.stringify(first.Subnet?.slice(0, 40))} is not an IPv4 CIDR, left out`);
    if (ip4Of(first.Gateway) !== undefined) net.gateway = ip4Of(first.Gateway)!;
    if (first.IPRange !== undefined && cidrOk(first.IPRange)) net.ipRange = first.IPRange;
  }
  for (const [k, v] of Object.entries(n.Options ?? {})) {
    if (/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/.test(k) && !unsafeArg(v) && v.length <= 256) net.options[k] = v;
    else notes.push(`network ${n.Name}: option ${JSON.stringify(k.slice(0, 40))} left out (not a plain key=value)`);
  }
  return net;
}

function portsOf(b: z.infer<typeof bindings>): PortIn[] {
  const out: PortIn[] = [];
  for (const [key, list] of Object.entries(b ?? {})) {
    const m = /^(\d{1,5})\/(tcp|udp|sctp)$/.exec(key);
    if (!m) continue;
    for (const x of list ?? []) {
      const hostIp = x.HostIp ?? '';
      const hostPort = x.HostPort ?? '';
      if ((hostIp === '' || ip4Of(hostIp) === hostIp || hostIp === '::') && /^\d{0,5}(-\d{1,5})?$/.test(hostPort)) {
        out.push({ port: m[1]!, proto: m[2]!, hostIp, hostPort });
      }
    }
  }
  return out;
}

function readContainer(c: ContainerJson, notes: string[]): Omit<CtrIn, 'mode'> & { rawMode: string; netIds: Map<string, string> } | undefined {
  const name = c.Name.replace(/^\//, '');
  if (!NAME_RE.test(name)) {
    notes.push(`container ${JSON.stringify(name.slice(0, 40))}: not a name Docker accepts, skipped`);
    return undefined;
  }
  const status = c.State.Status ?? (c.State.Running ? 'running' : 'exited');
  let state: CtrIn['state'] = 'exited';
  if (status === 'running' || status === 'paused' || status === 'restarting') state = 'running';
  else if (status === 'created') state = 'created';
  if (status === 'paused' || status === 'restarting' || status === 'dead' || status === 'removing') {
    notes.push(`container ${name}: state ${status} is not in the playground; it is made ${state}`);
  }
  const eps: EpIn[] = [];
  const netIds = new Map<string, string>();
  for (const [net, e] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
    if (!NAME_RE.test(net)) {
      notes.push(`container ${name}: network ${JSON.stringify(net.slice(0, 40))} is not a name Docker accepts, left out`);
      continue;
    }
    if (e.NetworkID) netIds.set(e.NetworkID, net);
    const short = c.Id.slice(0, 12);
    const mac = (e.MacAddress ?? '').toLowerCase();
    const prefix = e.IPPrefixLen;
    eps.push({
      net, ...(e.NetworkID && /^[0-9a-z]{12,64}$/.test(e.NetworkID) ? { netId: e.NetworkID } : {}),
      ...(ip4Of(e.IPAddress) ? { ip: ip4Of(e.IPAddress)! } : {}), ...(MAC_RE.test(mac) ? { mac } : {}),
      ...(prefix !== undefined && Number.isInteger(prefix) && prefix >= 8 && prefix <= 30 ? { prefix } : {}),
      ...(ip4Of(e.Gateway) ? { gateway: ip4Of(e.Gateway)! } : {}),
      ...(ip4Of(e.IPAMConfig?.IPv4Address) ? { staticIp: ip4Of(e.IPAMConfig?.IPv4Address)! } : {}),
      aliases: (e.Aliases ?? []).filter((a) => a !== short && a !== name && LABEL_RE.test(a)),
      links: (e.Links ?? []).filter((l) => /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+:(\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*\/)?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(l)),
    });
  }
  const links = (c.HostConfig.Links ?? []).flatMap((l) => {
    // 20.10 stores `/target:/this/alias`.
    const m = /^\/?([a-zA-Z0-9][a-zA-Z0-9_.-]+):\/?(?:[^/:]+\/)?([a-zA-Z0-9][a-zA-Z0-9_.-]*)$/.exec(l);
    return m ? [`${m[1]}:${m[2]}`] : [];
  });
  const exposed = Object.keys(c.Config.ExposedPorts ?? {}).filter((p) => /^\d{1,5}\/(tcp|udp|sctp)$/.test(p));
  const actualPorts = portsOf(c.NetworkSettings?.Ports).filter((p) => p.hostIp !== '::').map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.port}/${p.proto}`);
  const mac = (c.Config.MacAddress ?? '').toLowerCase();
  const restart = c.HostConfig.RestartPolicy?.Name;
  const mounts = c.Mounts ?? [];
  if (mounts.length) notes.push(`container ${name}: volumes and bind mounts are not in the playground; left out: ${mounts.map((m) => `${m.Source ?? ''}:${m.Destination ?? ''}`.slice(0, 80)).join(', ').slice(0, 200)}`);
  const clean = (xs: readonly string[] | null | undefined) => (xs ?? []).filter((x) => !unsafeArg(x) && !/\s/.test(x) && x.length <= 256);
  return {
    id: c.Id, name, created: timeKey(c.Created), image: c.Config.Image, entrypoint: c.Config.Entrypoint ?? null, cmd: c.Config.Cmd ?? null,
    ...(c.Config.Hostname ? { hostname: c.Config.Hostname } : {}), ...(c.Config.Domainname ? { domainname: c.Config.Domainname } : {}),
    tty: !!c.Config.Tty, stdin: !!c.Config.OpenStdin, exposed, ...(MAC_RE.test(mac) ? { mac } : {}), rawMode: c.HostConfig.NetworkMode ?? 'default',
    netIds, eps, bindings: portsOf(c.HostConfig.PortBindings), publishAll: !!c.HostConfig.PublishAllPorts, links,
    dns: clean(c.HostConfig.Dns).filter((d) => ip4Of(d) === d), dnsSearch: clean(c.HostConfig.DnsSearch).filter((d) => LABEL_RE.test(d)),
    extraHosts: clean(c.HostConfig.ExtraHosts).filter((h) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*:\d+\.\d+\.\d+\.\d+$/.test(h)),
    ...(restart && restart !== 'no' && /^(always|unless-stopped|on-failure(:\d+)?)$/.test(restart) ? { restart } : {}),
    autoRemove: !!c.HostConfig.AutoRemove, env: (c.Config.Env ?? []).some((e) => !e.startsWith('PATH=')), state, ...(c.State.ExitCode !== undefined ? { exitCode: c.State.ExitCode } : {}), actualPorts,
  };
}

interface Dump {
  nets: NetIn[];
  ctrs: CtrIn[];
  notes: string[];
}

/** Validates and classifies the values; `undefined` when nothing in them is a network or a container. */
function readDump(values: unknown[], notes: string[]): Dump | undefined {
  const netJson: NetworkJson[] = [];
  const ctrJson: ContainerJson[] = [];
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      notes.push(`value ${i + 1}: not an inspect object, skipped`);
      return;
    }
    const o = v as Record<string, unknown>;
    const kind = 'IPAM' in o && 'Driver' in o ? 'network' : 'HostConfig' in o && 'State' in o ? 'container' : undefined;
    if (!kind) {
      const what = 'RepoTags' in o ? 'an image' : 'Mountpoint' in o ? 'a volume' : 'not a network or a container';
      notes.push(`object ${i + 1}: ${what}, skipped`);
      return;
    }
    const r = (kind === 'network' ? NetworkSchema : ContainerSchema).safeParse(v);
    if (!r.success) {
      const issue = r.error.issues[0];
      notes.push(`${kind} ${i + 1}${typeof o.Name === 'string' ? ` (${JSON.stringify(o.Name.slice(0, 40))})` : ''}: ${issue?.path.join('.') || 'object'}: ${issue?.message ?? 'invalid'}, skipped`);
      return;
    }
    const id = `${kind}:${(r.data as { Id: string }).Id}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (kind === 'network') netJson.push(r.data as NetworkJson);
    else ctrJson.push(r.data as ContainerJson);
  });
  if (!netJson.length && !ctrJson.length) return undefined;
  if (netJson.length > IMPORT_LIMITS.networks || ctrJson.length > IMPORT_LIMITS.containers) {
    notes.push(`only the first ${IMPORT_LIMITS.networks} networks and ${IMPORT_LIMITS.containers} containers are imported`);
  }
  const nets = netJson.slice(0, IMPORT_LIMITS.networks).flatMap((n) => readNetwork(n, notes) ?? []);
  const read = ctrJson.slice(0, IMPORT_LIMITS.containers).flatMap((c) => readContainer(c, notes) ?? []);
  const byName = new Map<string, (typeof read)[number]>();
  for (const c of read) {
    if (byName.has(c.name)) notes.push(`container ${c.name}: listed twice, the second is skipped`);
    else byName.set(c.name, c);
  }
  const netNames = new Set(nets.map((n) => n.name));
  const ctrs: CtrIn[] = [...byName.values()].map(({ rawMode, netIds, ...c }) => {
    let mode = rawMode;
    // (`container:` modes are resolved below, once the containers known only from the networks are in.)
    if (!mode.startsWith('container:') && !['default', 'bridge', 'host', 'none'].includes(mode) && !c.eps.some((e) => e.net === mode)) {
      const byId = [...netIds.entries()].find(([id]) => id === mode || (mode.length >= 12 && id.startsWith(mode)))?.[1];
      const byNet = nets.find((n) => n.id === mode || (mode.length >= 12 && n.id.startsWith(mode)))?.name;
      mode = byId ?? byNet ?? (NAME_RE.test(mode) ? mode : 'default');
    }
    const primary = mode === 'default' ? 'bridge' : mode;
    const eps = [...c.eps.filter((e) => e.net === primary), ...c.eps.filter((e) => e.net !== primary && e.net !== 'host' && e.net !== 'none')];
    return { ...c, mode, eps };
  });
  // Networks known only from their containers' endpoints (no `docker network inspect` in the paste).
  const inferred = new Map<string, NetIn>();
  for (const c of [...ctrs].sort(byTime)) {
    for (const e of c.eps) {
      if (netNames.has(e.net) || ['host', 'none'].includes(e.net)) continue;
      let n = inferred.get(e.net);
      if (!n) {
        const isDefaultBridge = e.net === 'bridge';
        n = { name: e.net, id: e.netId ?? '', created: c.created, driver: 'bridge', internal: false, attachable: false, options: {}, isDefaultBridge, ipv6: false };
        inferred.set(e.net, n);
      }
      if (!n.subnet && e.ip && e.prefix !== undefined) {
        n.subnet = `${formatIp4(networkOf(parseIp4(e.ip)!, e.prefix))}/${e.prefix}`;
        if (e.gateway) n.gateway = e.gateway;
      }
    }
  }
  for (const n of inferred.values()) {
    nets.push(n);
    if (n.isDefaultBridge) continue;
    notes.push(`network ${n.name} is known only from its containers: ${n.subnet ? `subnet ${n.subnet}${n.gateway ? ` and gateway ${n.gateway}` : ''} inferred from their addresses` : 'its subnet is unknown'}; internal flag and options unknown`);
  }
  // Containers known only from `docker network inspect` (no `docker inspect` of them in the paste).
  const known = new Set(ctrs.map((c) => c.name));
  const extra = new Map<string, CtrIn>();
  for (const n of [...netJson].sort((a, b) => byTime({ created: timeKey(a.Created) }, { created: timeKey(b.Created) }))) {
    if (!netNames.has(n.Name)) continue;
    for (const [id, e] of Object.entries(n.Containers ?? {})) {
      if (known.has(e.Name)) continue;
      if (!/^[0-9a-f]{64}$/.test(id) || !NAME_RE.test(e.Name)) {
        notes.push(`network ${n.Name}: endpoint ${JSON.stringify(e.Name.slice(0, 40))} is not a container, skipped`);
        continue;
      }
      const mac = (e.MacAddress ?? '').toLowerCase();
      const ep: EpIn = { net: n.Name, ...(ip4Of(e.IPv4Address) ? { ip: ip4Of(e.IPv4Address)! } : {}), ...(MAC_RE.test(mac) ? { mac } : {}), aliases: [], links: [] };
      const c = extra.get(e.Name);
      if (c) c.eps.push(ep);
      else {
        extra.set(e.Name, {
          id, name: e.Name, created: [Infinity, extra.size], entrypoint: null, cmd: null, tty: false, stdin: false, exposed: [],
          mode: n.Name === 'bridge' ? 'default' : n.Name, eps: [ep], bindings: [], publishAll: false, links: [], dns: [], dnsSearch: [],
          extraHosts: [], autoRemove: false, env: false, state: 'running', actualPorts: [],
        });
      }
    }
  }
  if (extra.size) {
    notes.push(`${extra.size} container(s) known only from \`docker network inspect\` (${[...extra.keys()].slice(0, 8).join(', ')}): image, command and ports unknown, busybox stands in`);
  }
  const all = [...ctrs, ...extra.values()];
  for (const c of all) {
    if (!c.mode.startsWith('container:')) continue;
    const ref = c.mode.slice('container:'.length).replace(/^\//, '');
    const t = all.find((x) => x !== c && (x.id === ref || x.name === ref || (ref.length >= 12 && x.id.startsWith(ref))));
    if (t) c.mode = `container:${t.name}`;
    else {
      notes.push(`container ${c.name}: shares the network of a container not in the paste; it gets --network none`);
      c.mode = 'none';
    }
  }
  return { nets, ctrs: all, notes };
}

// ---------------------------------------------------------------------------------------------
// Building the log, each command checked on the World before it is kept

class Restart {
  constructor(readonly net: string) {}
}

class Builder {
  world: World;
  readonly log: LabEntry[] = [];
  readonly shell: Shell;
  readonly notes: string[] = [];
  fillers: string[] = [];
  /** Most of the dump's MACs are derived from the IPv4 (Docker ≤27): one that is not was chosen (--mac-address). */
  legacyMacs = true;
  fillerCount = 0;

  constructor(readonly host: Dump, readonly forceSubnet: Set<string>) {
    this.world = createLabWorld([HOST]);
    this.shell = { host: findHostByName(this.world, HOST)!.id, session: null };
  }

  try(c: string, i?: string): LineResult {
    return runLine(this.world, this.shell, c, i);
  }

  keep(r: LineResult, c: string, i?: string): LineResult {
    this.world = r.world;
    this.log.push({ t: 't1', h: HOST, c, ...(i !== undefined ? { i } : {}) });
    return r;
  }

  run(c: string, i?: string): LineResult {
    return this.keep(this.try(c, i), c, i);
  }

  docker(w: World = this.world): DockerState {
    return w.hosts[this.shell.host]!.docker!;
  }

  ctr(name: string, w: World = this.world): Container | undefined {
    return Object.values(this.docker(w).containers).find((c) => c.name === name);
  }

  net(name: string, w: World = this.world): DockerNetwork | undefined {
    return Object.values(this.docker(w).networks).find((n) => n.name === name);
  }

  /** The container's IPv4 on a network, as the playground has it. */
  ipOn(name: string, net: string, w: World = this.world): string | undefined {
    const c = this.ctr(name, w);
    const n = this.net(net, w);
    const ep = c?.endpoints.find((e) => e.network === n?.id)?.endpoint;
    return ep?.ip === undefined ? undefined : formatIp4(ep.ip);
  }
}

function daemonJson(b: Builder, bridge: NetIn | undefined): void {
  if (!bridge?.subnet) return;
  const p = parsePrefix(bridge.subnet, -1)!;
  const cfg: Record<string, unknown> = {};
  if (bridge.subnet !== '172.17.0.0/16' || (bridge.gateway !== undefined && bridge.gateway !== '172.17.0.1')) {
    cfg.bip = `${bridge.gateway ?? formatIp4(networkOf(p.addr, p.prefix) + 1)}/${p.prefix}`;
  }
  if (bridge.ipRange) cfg['fixed-cidr'] = bridge.ipRange;
  if (bridge.options['com.docker.network.bridge.enable_icc'] === 'false') cfg.icc = false;
  const mtu = Number(bridge.options['com.docker.network.driver.mtu'] ?? 1500);
  if (Number.isInteger(mtu) && mtu >= 68 && mtu <= 65535 && mtu !== 1500) cfg.mtu = mtu;
  if (!Object.keys(cfg).length) return;
  b.run('cat > /etc/docker/daemon.json', `${JSON.stringify(cfg, null, 4)}\n`);
  b.run('systemctl restart docker');
  b.notes.push(`the default bridge's settings (${Object.keys(cfg).join(', ')}) are set in /etc/docker/daemon.json`);
}

const firstGateway = (subnet: string) => {
  const p = parsePrefix(subnet, -1)!;
  return formatIp4(networkOf(p.addr, p.prefix) + 1);
};

function createNetworks(b: Builder): void {
  for (const n of [...b.host.nets].sort(byTime)) {
    if (n.isDefaultBridge || n.driver === 'host' || n.driver === 'null') continue;
    if (n.driver !== 'bridge') {
      b.notes.push(`network ${n.name}: the ${n.driver} driver is not in the playground yet; it and its endpoints are left out`);
      continue;
    }
    const flags = [...(n.internal ? ['--internal'] : []), ...(n.attachable ? ['--attachable'] : [])];
    const opts = Object.entries(n.options).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
    const ipam = n.subnet ? ['--subnet', n.subnet, ...(n.gateway ? ['--gateway', n.gateway] : []), ...(n.ipRange ? ['--ip-range', n.ipRange] : [])] : [];
    // A network whose subnet came from the default pools is created the same way when the
    // playground's pools give the same subnet (checked below); otherwise its subnet is given.
    const fromPool = !n.subnet || (!n.ipRange && !b.forceSubnet.has(n.name) && (n.gateway === undefined || n.gateway === firstGateway(n.subnet)));
    const candidates = [
      ...(fromPool ? [{ words: [...flags, ...opts, n.name], pool: true, opts: true }] : []),
      ...(n.subnet ? [{ words: [...ipam, ...flags, ...opts, n.name], pool: false, opts: true }] : []),
      ...(opts.length ? [{ words: [...ipam, ...flags, n.name], pool: false, opts: false }] : []),
    ];
    let kept = false;
    for (const cand of candidates) {
      const c = line(['docker', 'network', 'create', ...cand.words]);
      const r = b.try(c);
      const got = b.net(n.name, r.world);
      if (r.exitCode !== 0 || !got?.subnet) continue;
      if (cand.pool && n.subnet && `${formatIp4(got.subnet.addr)}/${got.subnet.prefix}` !== n.subnet) continue;
      b.keep(r, c);
      if (!cand.opts) b.notes.push(`network ${n.name}: the playground refused its driver options (${Object.keys(n.options).join(', ')}); left out`);
      if (b.forceSubnet.has(n.name)) b.notes.push(`network ${n.name}: created with its --subnet given, so that its containers can keep their addresses (--ip)`);
      kept = true;
      break;
    }
    if (!kept) {
      const why = b.try(line(['docker', 'network', 'create', ...(candidates[0]?.words ?? [n.name])])).output.trim().split('\n')[0];
      b.notes.push(`network ${n.name}: could not be created in the playground (${why}); left out`);
    }
  }
}

interface Cand {
  entry?: string;
  args: string[];
  why: string;
}

interface ImageChoice {
  ref: string;
  img: Pick<Image, 'entrypoint' | 'cmd' | 'exposed' | 'repo'>;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The image to run: the catalogue's, a stand-in built under the real name, or busybox. */
function resolveImage(b: Builder, c: CtrIn, built: Map<string, ImageChoice>): ImageChoice {
  const busybox = { ref: 'busybox', img: findImage('busybox')! };
  if (c.image === undefined) return busybox;
  let ref = c.image;
  const digest = /@sha256:[0-9a-f]{64}$/.exec(ref);
  if (digest) ref = ref.slice(0, digest.index);
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(ref) || !IMAGE_RE.test(ref) || ref.length > 200) {
    b.notes.push(`container ${c.name}: image ${JSON.stringify(c.image.slice(0, 80))} is not a name the playground can tag; busybox stands in`);
    return busybox;
  }
  const known = findImage(ref);
  if (known) return { ref, img: known };
  const key = imageKey(ref);
  const cached = built.get(key);
  if (cached) return cached;
  const repo = key.slice(0, key.lastIndexOf(':'));
  const base = catalogue().find((i) => i.repo === repo.slice(repo.lastIndexOf('/') + 1)) ?? findImage('busybox')!;
  const extra = c.exposed.filter((p) => !base.exposed.includes(p));
  const tcp = c.exposed.find((p) => p.endsWith('/tcp'))?.split('/')[0];
  // Images whose own command exits at once get one that stays up (a web server when a port is exposed).
  const longRunning = base.listens.length > 0;
  const cmd = longRunning ? undefined : base.repo === 'busybox' && tcp ? ['httpd', '-f', '-p', tcp] : KEEP_ALIVE;
  const dockerfile = `FROM ${base.repo}:${base.tag}\n${extra.length ? `EXPOSE ${extra.join(' ')}\n` : ''}${cmd ? `CMD ${JSON.stringify(cmd)}\n` : ''}`;
  const write = b.try('cat > Dockerfile', dockerfile);
  const before = b.world;
  b.keep(write, 'cat > Dockerfile', dockerfile);
  const r = b.try(line(['docker', 'build', '-t', ref, '.']));
  if (r.exitCode !== 0) {
    b.world = before;
    b.log.pop();
    b.notes.push(`image ${ref}: no stand-in could be built (${r.output.trim().split('\n').pop()}); busybox stands in`);
    built.set(key, busybox);
    return busybox;
  }
  b.keep(r, line(['docker', 'build', '-t', ref, '.']));
  b.notes.push(`image ${ref} is not in the playground: a stand-in of the same name is built FROM ${base.repo}:${base.tag}${extra.length ? ` with EXPOSE ${extra.join(' ')}` : ''}${cmd ? `, running ${cmd.join(' ')}` : ''}`);
  const choice = { ref, img: { repo: base.repo, entrypoint: base.entrypoint, cmd: cmd ?? base.cmd, exposed: [...base.exposed, ...extra] } };
  built.set(key, choice);
  return choice;
}

/** The command lines to try, closest first: the real one, the image's own, one that stays up. */
function commandCandidates(c: CtrIn, img: ImageChoice['img']): Cand[] {
  const out: Cand[] = [];
  if (c.entrypoint !== null || c.cmd !== null) {
    const e = c.entrypoint ?? [];
    const cmd = c.cmd ?? [];
    let cand: Cand;
    if (same(e, img.entrypoint)) cand = { args: same(cmd, img.cmd) ? [] : cmd, why: 'real' };
    else if (e.length === 0) cand = { entry: '', args: cmd, why: 'real' };
    else cand = { entry: e[0]!, args: [...e.slice(1), ...cmd], why: 'real' };
    if (![cand.entry ?? '', ...cand.args].some(unsafeArg)) out.push(cand);
  }
  out.push({ args: [], why: 'image' });
  out.push(img.entrypoint.length ? { entry: KEEP_ALIVE[0]!, args: KEEP_ALIVE.slice(1), why: 'keep' } : { args: KEEP_ALIVE, why: 'keep' });
  return out.filter((x, i) => out.findIndex((y) => y.entry === x.entry && same(y.args, x.args)) === i);
}

interface RunOpts {
  cand: Cand;
  pinIp: boolean;
  pinPorts: boolean;
}

function portWords(c: CtrIn, pin: boolean): string[] {
  if (pin) {
    return c.actualPorts.flatMap((p) => {
      const m = /^(.*):(\d+)->(\d+)\/(\w+)$/.exec(p)!;
      return ['-p', `${m[1] === '0.0.0.0' ? '' : `${m[1]}:`}${m[2]}:${m[3]}${m[4] === 'tcp' ? '' : `/${m[4]}`}`];
    });
  }
  const words = c.bindings.filter((p) => p.hostIp !== '::').flatMap((p) => {
    const spec = `${p.port}${p.proto === 'tcp' ? '' : `/${p.proto}`}`;
    if (p.hostIp) return ['-p', `${p.hostIp}:${p.hostPort}:${spec}`];
    return ['-p', p.hostPort ? `${p.hostPort}:${spec}` : spec];
  });
  return [...(c.publishAll ? ['-P'] : []), ...words];
}

function runWords(b: Builder, c: CtrIn, mode: string, image: ImageChoice, o: RunOpts, legacyMacs: boolean): string[] {
  const primary = c.eps[0];
  const shares = mode === 'host' || mode.startsWith('container:');
  const user = !['default', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:');
  const w = ['docker', c.state === 'created' ? 'create' : 'run'];
  if (c.state !== 'created') w.push('-d');
  if (c.stdin) w.push('-i');
  if (c.tty) w.push('-t');
  w.push('--name', c.name);
  if (mode !== 'default') w.push('--network', mode);
  const ip = primary?.staticIp ?? primary?.ip;
  if (user && o.pinIp && ip) w.push('--ip', ip);
  if (user) for (const a of primary?.aliases ?? []) w.push('--network-alias', a);
  if (!shares && c.hostname && c.hostname !== c.id.slice(0, 12) && LABEL_RE.test(c.hostname)) w.push('--hostname', c.hostname);
  if (!shares && c.domainname && LABEL_RE.test(c.domainname)) w.push('--domainname', c.domainname);
  const mac = c.mac ?? (legacyMacs && primary?.mac && primary.ip && primary.mac !== macFromIp(parseIp4(primary.ip)!) ? primary.mac : undefined);
  if (!shares && mode !== 'none' && mac) w.push('--mac-address', mac);
  if (!shares && mode !== 'none') w.push(...portWords(c, o.pinPorts));
  if (!shares) for (const p of c.exposed.filter((x) => !image.img.exposed.includes(x))) w.push('--expose', p);
  if (!shares) {
    const links = [...c.links, ...(primary?.links ?? [])].map((l) => l.replace(/^\//, '').replace(/:\/?[^:]*\//, ':'));
    for (const l of [...new Set(links)]) {
      const [target, alias] = l.split(':') as [string, string | undefined];
      if (!b.ctr(target)) continue;
      w.push('--link', alias === undefined || alias === target ? target : `${target}:${alias}`);
    }
  }
  if (!shares || mode === 'host') {
    if (mode !== 'host') for (const d of c.dns) w.push('--dns', d);
    if (mode !== 'host') for (const d of c.dnsSearch) w.push('--dns-search', d);
    for (const h of c.extraHosts) w.push('--add-host', h);
  }
  if (c.restart && !c.autoRemove) w.push('--restart', c.restart);
  if (c.autoRemove) w.push('--rm');
  if (image.img.repo === 'mysql') w.push('-e', 'MYSQL_RANDOM_ROOT_PASSWORD=yes');
  if (o.cand.entry !== undefined) w.push(`--entrypoint=${o.cand.entry}`);
  w.push(image.ref, ...o.cand.args);
  return w;
}

const portsOfSim = (c: Container) => c.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.proto}`).sort();

/**
 * What to do when a dynamic address came out wrong: `pin` (the network takes --ip), `retry`
 * (a filler container now holds a gap of the default bridge, or one was removed), `keep`.
 */
function fixAddress(b: Builder, net: string, want: string, have: string | undefined, noRestart: boolean): 'pin' | 'retry' | 'keep' {
  const n = b.net(net);
  if (!n) return 'keep';
  if (n.userSubnet) return 'pin';
  if (!n.predefined) {
    if (!noRestart && b.host.nets.find((x) => x.name === net)?.subnet) throw new Restart(net);
    return 'keep';
  }
  const wantN = parseIp4(want)!;
  const haveN = have === undefined ? undefined : parseIp4(have);
  if (haveN !== undefined && haveN < wantN && b.fillerCount < IMPORT_LIMITS.fillers) {
    const names = new Set(b.host.ctrs.map((c) => c.name));
    let name = `import-filler-${++b.fillerCount}`;
    while (names.has(name)) name = `import-filler-${++b.fillerCount}`;
    const r = b.run(line(['docker', 'run', '-d', '--name', name, ...(net === 'bridge' ? [] : ['--network', net]), 'busybox', 'sleep', '3600']));
    if (r.exitCode !== 0) return 'keep';
    b.fillers.push(name);
    return 'retry';
  }
  const holder = b.fillers.find((f) => b.ipOn(f, net) === want);
  if (holder) {
    b.run(line(['docker', 'rm', '-f', holder]));
    b.fillers = b.fillers.filter((f) => f !== holder);
    return 'retry';
  }
  return 'keep';
}

/**
 * Stops, ahead of the end, the containers that are stopped on the real host: one of them may hold
 * a host port or a static address that a later container took on the real host.
 */
function stopExited(b: Builder): boolean {
  const names = b.host.ctrs.filter((c) => c.state === 'exited' && b.ctr(c.name)?.state === 'running').map((c) => c.name);
  if (!names.length) return false;
  b.run(line(['docker', 'stop', ...names]));
  return true;
}

const CLASH = /already allocated|Address already in use|Bind for/;

function firstLine(out: string): string {
  return out.trim().split('\n').find((l) => /error|invalid|conflict|denied|failed/i.test(l))?.slice(0, 200) ?? out.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

function runContainer(b: Builder, c: CtrIn, mode: string, image: ImageChoice, legacyMacs: boolean, noRestart: boolean): boolean {
  const cands = commandCandidates(c, image.img);
  const primary = c.eps[0];
  const user = !['default', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:');
  const o: RunOpts = { cand: cands[0]!, pinIp: user && primary?.staticIp !== undefined, pinPorts: false };
  let k = 0;
  let firstError: string | undefined;
  // An address the importer chose to pin that the playground refuses is given up (verify reports it).
  let pinFailed = false;
  for (let guard = 0; guard < 3 * IMPORT_LIMITS.fillers && k < cands.length; guard++) {
    o.cand = cands[k]!;
    const cmd = line(runWords(b, c, mode, image, o, legacyMacs));
    const r = b.try(cmd);
    const got = b.ctr(c.name, r.world);
    const stateOk = !!got && (c.state === 'created' ? got.state === 'created' : got.state === 'running' || (c.state === 'exited' && got.state === 'exited'));
    if (r.exitCode !== 0 && CLASH.test(r.output) && stopExited(b)) continue;
    if (r.exitCode !== 0 && o.pinIp && !primary?.staticIp) {
      o.pinIp = false;
      pinFailed = true;
      continue;
    }
    if (r.exitCode !== 0 || !stateOk) {
      firstError ??= r.exitCode !== 0 ? firstLine(r.output) : `its command does not keep running in the playground`;
      k++;
      continue;
    }
    if (c.state === 'running' && primary?.ip && !o.pinIp && !pinFailed && primary.net === (mode === 'default' ? 'bridge' : mode)) {
      const have = b.ipOn(c.name, primary.net, r.world);
      if (have !== primary.ip) {
        const fix = fixAddress(b, primary.net, primary.ip, have, noRestart);
        if (fix === 'pin') o.pinIp = true;
        if (fix !== 'keep') continue;
      }
    }
    if (c.state === 'running' && !o.pinPorts && c.actualPorts.length && portsOfSim(got).join() !== [...c.actualPorts].sort().join()) {
      o.pinPorts = true;
      continue;
    }
    b.keep(r, cmd);
    if (o.cand.why !== 'real' && (c.entrypoint !== null || c.cmd !== null)) {
      const real = [...(c.entrypoint ?? []), ...(c.cmd ?? [])].join(' ').slice(0, 80);
      b.notes.push(`container ${c.name}: its command (${real}) ${cands[0]!.why === 'real' ? 'does not run' : 'cannot be typed'} in the playground; ${o.cand.why === 'image' ? "the image's own command" : o.cand.args.join(' ')} runs instead`);
    }
    if (o.pinIp && !primary?.staticIp) b.notes.push(`container ${c.name}: ${primary?.ip} on ${primary?.net} is given with --ip (the real one was allocated dynamically)`);
    if (o.pinPorts) b.notes.push(`container ${c.name}: published ports pinned to the real host ports (${c.actualPorts.join(', ')})`);
    if (image.img.repo === 'mysql') b.notes.push(`container ${c.name}: runs with MYSQL_RANDOM_ROOT_PASSWORD=yes (its real environment is not imported)`);
    return true;
  }
  b.notes.push(`container ${c.name}: could not be recreated (${firstError ?? 'too many attempts'}); left out`);
  return false;
}

function connectExtra(b: Builder, c: CtrIn, ep: EpIn, noRestart: boolean): void {
  if (!b.net(ep.net)) return;
  let pin = ep.staticIp !== undefined;
  let pinFailed = false;
  for (let guard = 0; guard < 3 * IMPORT_LIMITS.fillers; guard++) {
    const ip = ep.staticIp ?? ep.ip;
    const words = ['docker', 'network', 'connect', ...(pin && ip ? ['--ip', ip] : [])];
    if (ep.net !== 'bridge') for (const a of ep.aliases) words.push('--alias', a);
    const cmd = line([...words, ep.net, c.name]);
    const r = b.try(cmd);
    if (r.exitCode !== 0 && CLASH.test(r.output) && stopExited(b)) continue;
    if (r.exitCode !== 0 && pin && !ep.staticIp) {
      pin = false;
      pinFailed = true;
      continue;
    }
    if (r.exitCode !== 0) {
      b.notes.push(`container ${c.name}: could not be connected to ${ep.net} (${firstLine(r.output)})`);
      return;
    }
    if (c.state === 'running' && ep.ip && !pin && !pinFailed) {
      const have = b.ipOn(c.name, ep.net, r.world);
      if (have !== ep.ip) {
        const fix = fixAddress(b, ep.net, ep.ip, have, noRestart);
        if (fix === 'pin') pin = true;
        if (fix !== 'keep') continue;
      }
    }
    b.keep(r, cmd);
    if (pin && !ep.staticIp) b.notes.push(`container ${c.name}: ${ep.ip} on ${ep.net} is given with --ip (the real one was allocated dynamically)`);
    return;
  }
}

function build(b: Builder, noRestart: boolean): void {
  const { nets, ctrs } = b.host;
  daemonJson(b, nets.find((n) => n.isDefaultBridge));
  createNetworks(b);
  const endpoints = ctrs.flatMap((c) => c.eps.filter((e) => e.ip && e.mac));
  const legacyMacs = endpoints.filter((e) => e.mac === macFromIp(parseIp4(e.ip!)!)).length * 2 >= endpoints.length;
  b.legacyMacs = legacyMacs;
  const byName = new Map(ctrs.map((c) => [c.name, c]));
  const done = new Set<string>();
  const built = new Map<string, ImageChoice>();
  const ensure = (c: CtrIn, path: Set<string>): void => {
    if (done.has(c.name) || path.has(c.name)) return;
    path.add(c.name);
    // Link targets and the container whose network it shares must exist (and run) first.
    const deps = [...c.links, ...c.eps.flatMap((e) => e.links)].map((l) => l.replace(/^\//, '').split(':')[0]!);
    if (c.mode.startsWith('container:')) deps.push(c.mode.slice('container:'.length));
    for (const d of deps) {
      const t = byName.get(d);
      if (t) ensure(t, path);
    }
    done.add(c.name);
    let mode = c.mode;
    let eps = c.eps;
    const primaryNet = mode === 'default' ? 'bridge' : mode;
    if (!['host', 'none'].includes(mode) && !mode.startsWith('container:') && !b.net(primaryNet)) {
      const other = c.eps.find((e) => b.net(e.net));
      b.notes.push(`container ${c.name}: its network ${primaryNet} is not in the playground; ${other ? `it runs on ${other.net}` : 'it gets --network none'}`);
      mode = other ? (other.net === 'bridge' ? 'default' : other.net) : 'none';
      eps = other ? [other, ...c.eps.filter((e) => e !== other && b.net(e.net))] : [];
    }
    if (mode.startsWith('container:') && !b.ctr(mode.slice('container:'.length))) {
      b.notes.push(`container ${c.name}: the container whose network it shares was not recreated; it gets --network none`);
      mode = 'none';
    }
    const image = resolveImage(b, c, built);
    const run = { ...c, eps };
    if (!runContainer(b, run, mode, image, legacyMacs, noRestart)) return;
    if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return;
    for (const ep of eps.slice(1)) connectExtra(b, run, ep, noRestart);
  };
  for (const c of [...ctrs].sort(byTime)) ensure(c, new Set());
  if (b.fillers.length) b.run(line(['docker', 'rm', '-f', ...b.fillers]));
  const stop = ctrs.filter((c) => c.state === 'exited' && b.ctr(c.name)?.state === 'running').map((c) => c.name);
  if (stop.length) b.run(line(['docker', 'stop', ...stop]));
}

/** What the rebuilt World still does not match, in the report's words. */
function verify(b: Builder): string[] {
  const out: string[] = [];
  let macs = 0;
  const exits: string[] = [];
  for (const c of b.host.ctrs) {
    const got = b.ctr(c.name);
    if (!got) continue;
    if (got.state !== c.state) out.push(`container ${c.name}: ${got.state} in the playground, ${c.state} on the real host`);
    if (c.state === 'exited' && c.exitCode !== undefined && got.exitCode !== c.exitCode) exits.push(`${c.name} ${got.exitCode} (real ${c.exitCode})`);
    if (c.state !== 'running' || got.state !== 'running') continue;
    for (const ep of c.eps) {
      if (!ep.ip || !b.net(ep.net)) continue;
      const have = b.ipOn(c.name, ep.net);
      if (have !== ep.ip) out.push(`container ${c.name}: ${ep.ip} on ${ep.net} could not be reproduced (the playground gave ${have ?? 'no address'})`);
      const n = b.net(ep.net);
      const mac = got.endpoints.find((e) => e.network === n?.id)?.endpoint.mac;
      if (ep.mac && mac && mac !== ep.mac) {
        if (b.legacyMacs) out.push(`container ${c.name}: its MAC on ${ep.net} is ${mac} in the playground, ${ep.mac} on the real host`);
        else macs++;
      }
    }
    if (c.actualPorts.length && portsOfSim(got).join() !== [...c.actualPorts].sort().join()) {
      out.push(`container ${c.name}: published ports ${portsOfSim(got).join(', ') || 'none'} in the playground, ${c.actualPorts.join(', ')} on the real host`);
    }
  }
  if (macs) out.push(`${macs} MAC address(es) differ: Docker 28+ picks random MACs, the playground derives them from the IPv4 address as 20.10 does`);
  if (exits.length) out.push(`stopped containers' exit codes come from the playground's \`docker stop\`: ${exits.join(', ')}`);
  const restart = b.host.ctrs.filter((c) => c.restart && b.ctr(c.name));
  if (restart.length) out.push(`restart policies are kept on the command line (${restart.map((c) => `${c.name}: ${c.restart}`).join(', ')}); the playground does not restart containers`);
  return out;
}

function cap(report: string[]): string[] {
  const max = IMPORT_LIMITS.report;
  return report.length <= max ? report : [...report.slice(0, max - 1), `… and ${report.length - max + 1} more`];
}

/**
 * Turns pasted `docker network inspect` / `docker inspect` output into a lab that rebuilds those
 * networks and containers; `report` says what was approximated or left out.
 */
export function importInspect(text: string): ImportResult {
  if (typeof text !== 'string') return { ok: false, error: 'Nothing to import: paste the output of docker network inspect and docker inspect.' };
  if (text.length > IMPORT_LIMITS.chars) {
    return { ok: false, error: `The text is ${text.length} characters; the import takes at most ${IMPORT_LIMITS.chars} (about ${IMPORT_LIMITS.containers} containers).` };
  }
  try {
    const ex = extractJson(text);
    if (!ex.values.length) {
      return { ok: false, error: 'No inspect output found: paste the output of `docker network inspect $(docker network ls -q)` and `docker inspect $(docker ps -aq)` (JSON arrays).' };
    }
    const notes = [...ex.notes];
    const host = readDump(ex.values, notes);
    if (!host) {
      return { ok: false, error: `None of the ${ex.values.length} JSON value(s) is a Docker network or container: ${notes.filter((n) => /skipped/.test(n)).slice(0, 3).join('; ')}` };
    }
    const force = new Set<string>();
    let b: Builder;
    // A pass that finds a pool network whose addresses cannot be had dynamically starts again with
    // that network's subnet given; after two such passes every network's is, and the next is the last.
    for (let pass = 0; ; pass++) {
      if (pass === 2) for (const n of host.nets) if (n.subnet && !n.isDefaultBridge) force.add(n.name);
      b = new Builder(host, force);
      try {
        build(b, pass >= 2);
        break;
      } catch (e) {
        if (!(e instanceof Restart)) throw e;
        force.add(e.net);
      }
    }
    const envs = host.ctrs.filter((c) => c.env).length;
    if (envs) notes.push(`environment variables are not imported (${envs} container(s) have some): they may hold secrets, and the playground's programs do not read them`);
    if (!b.log.length) notes.push('nothing to rebuild: the paste has only the default networks');
    const lab: Lab = { v: LAB_VERSION, name: 'Imported from docker inspect', hosts: [HOST], log: b.log };
    return { ok: true, lab, report: cap([...notes, ...b.notes, ...verify(b)]) };
  } catch (e) {
    return { ok: false, error: `The import failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
