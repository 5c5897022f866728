/**
 * A lab as a compose.yaml, where it fits Compose, and the list of what does not.
 *
 * Built from the World the lab ends in (lab.ts `replay`), on its first machine: each running
 * container is a service of the same name (`container_name` keeps it exact), with its image,
 * command, ports, links, DNS settings and networks (`ipv4_address`, `aliases`), or its
 * `network_mode` (host, none, `service:X` for `--network container:X`, bridge for the default
 * bridge); each user network those services use is declared with `name:` (so Compose does not
 * prefix it with the project), its driver options, `internal` and its IPAM config when the lab gave
 * a `--subnet`. What Compose cannot say is listed in `leftOut` (and in the file's opening
 * comments): the daemon's own configuration, `ip netns` and hand-made links, commands run on the
 * host or inside containers, stopped containers, other machines, and addresses that follow start
 * order, which Compose chooses.
 *
 * The YAML is written here (small and deterministic): plain scalars only for identifier-like words,
 * every other string double-quoted (JSON escapes are YAML escapes), `$` doubled against Compose's
 * variable interpolation.
 */
import type { Container, DockerNetwork, DockerState } from '../docker/types';
import { DEFAULT_CONFIG } from '../docker/daemon';
import { formatCidr, formatIp4 } from '../net/ip4';
import type { Host, World } from '../net/types';
import { findHostByName } from '../net/world';
import { realLines, type RealLine } from './export-docker';
import { createLabWorld, replay, type Lab } from './lab';

export interface ComposeExport {
  yaml: string;
  /** What the lab has that Compose cannot express, one sentence each. */
  leftOut: string[];
}

type Yaml = string | boolean | Yaml[] | { [key: string]: Yaml | undefined };

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A YAML scalar: bare for identifier-like words, else double-quoted with JSON's escapes. */
export function yamlScalar(s: string): string {
  if (/^[A-Za-z_/][A-Za-z0-9_./-]*$/.test(s) && !RESERVED.test(s)) return s;
  return JSON.stringify(s).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function emit(v: Yaml, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length) {
        const sub: string[] = [];
        emit(item, indent + 2, sub);
        out.push(`${pad}- ${sub[0]!.slice(indent + 2)}`, ...sub.slice(1));
      } else out.push(`${pad}- ${inline(item)}`);
    }
    return;
  }
  if (typeof v !== 'object') throw new Error('emit: a scalar at the top');
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    const key = yamlScalar(k);
    const empty = typeof x === 'object' && (Array.isArray(x) ? x.length === 0 : Object.values(x).every((y) => y === undefined));
    if (typeof x !== 'object' || empty) out.push(`${pad}${key}: ${inline(x)}`);
    else {
      out.push(`${pad}${key}:`);
      emit(x, indent + 2, out);
    }
  }
}

function inline(v: Yaml | undefined): string {
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return yamlScalar(v.replace(/\$/g, '$$$$'));
  if (Array.isArray(v)) return '[]';
  return '{}';
}

const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
const list = (xs: string[], max = 8) => (xs.length > max ? `${xs.slice(0, max).join('; ')}; and ${xs.length - max} more` : xs.join('; '));

/** Entrypoint and command as Compose needs them: only where they differ from the image's. */
function commandOf(c: Container): { entrypoint?: string[]; command?: string[] } {
  const full = c.path === '' ? [...c.args] : [c.path, ...c.args];
  const ep = c.img?.entrypoint ?? [];
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(full.slice(0, ep.length), ep)) {
    const rest = full.slice(ep.length);
    return same(rest, c.img?.cmd ?? []) ? {} : { command: rest };
  }
  return { entrypoint: full.slice(0, 1), ...(full.length > 1 ? { command: full.slice(1) } : {}) };
}

function portText(p: Container['portSpecs'][number]): string {
  const hostPart = p.hostIp ? `${p.hostIp}:${p.hostPort}:` : p.hostPort ? `${p.hostPort}:` : '';
  return `${hostPart}${p.containerPort}${p.proto === 'tcp' ? '' : `/${p.proto}`}`;
}

interface Ctx {
  d: DockerState;
  host: Host;
  services: Set<string>;
  usedNets: Set<string>;
  leftOut: string[];
}

function service(c: Container, x: Ctx): Record<string, Yaml | undefined> {
  const { d } = x;
  const s: Record<string, Yaml | undefined> = { image: c.image, container_name: c.name, ...commandOf(c) };
  const mode = c.networkMode;
  const nets = c.endpoints.map((e) => ({ net: d.networks[e.network]!, ep: e.endpoint })).filter((e) => e.net);
  const user = nets.filter((e) => !e.net.predefined);
  const shared = mode === 'host' || mode === 'none' || mode.startsWith('container:');
  if (c.hostname !== c.id.slice(0, 12) && !shared) s.hostname = c.hostname;
  if (c.domainname) s.domainname = c.domainname;
  if (c.tty) s.tty = true;
  if (c.interactive) s.stdin_open = true;
  if (c.env.length) s.environment = [...c.env];
  if (mode === 'host' || mode === 'none') s.network_mode = mode;
  else if (mode.startsWith('container:')) {
    const t = d.containers[mode.slice('container:'.length)];
    if (!t) x.leftOut.push(`${c.name}: the container whose network it joined is gone; it is left without network_mode`);
    else s.network_mode = x.services.has(t.name) ? `service:${t.name}` : `container:${t.name}`;
  } else if (user.length === 0) {
    s.network_mode = nets.length ? 'bridge' : 'none';
    if (!nets.length) x.leftOut.push(`${c.name}: disconnected from every network; written as network_mode: none`);
  } else {
    if (nets.length > user.length) {
      x.leftOut.push(`${c.name}: Compose cannot put a service on the default bridge and on user networks at once; only ${user.map((u) => u.net.name).join(', ')} kept`);
    }
    if (user.length > 1) {
      x.leftOut.push(`${c.name}: Docker picks the order of its interfaces on ${user.map((u) => u.net.name).join(', ')} (the lab had them as eth0, eth1... in that order)`);
    }
    const m: Record<string, Yaml> = {};
    for (const { net, ep } of user) {
      x.usedNets.add(net.id);
      const e: Record<string, Yaml> = {};
      if (ep.staticIp !== undefined) e.ipv4_address = formatIp4(ep.staticIp);
      if (ep.aliases.length) e.aliases = [...ep.aliases];
      m[net.name] = e;
    }
    s.networks = m;
  }
  if (!shared) {
    const exposedAll = c.publishAll ? [...new Set([...(c.img?.exposed ?? []), ...c.exposed])].map((e) => e.replace('/tcp', '')) : [];
    const ports = [...c.portSpecs.map(portText), ...exposedAll];
    if (ports.length) s.ports = ports;
    if (c.exposed.length) s.expose = c.exposed.map((e) => e.replace('/tcp', ''));
    if (c.dns.length) s.dns = [...c.dns];
    if (c.dnsSearch?.length) s.dns_search = [...c.dnsSearch];
    if (c.extraHosts.length) s.extra_hosts = [...c.extraHosts];
    if (c.macAddress) s.mac_address = c.macAddress;
  }
  if (c.links.length) {
    s.links = c.links.map((l) => {
      const t = d.containers[l.target];
      const name = t?.name ?? l.target.slice(0, 12);
      if (!t || !x.services.has(t.name)) x.leftOut.push(`${c.name}: its link to ${name} (not a service here)`);
      return l.alias === name ? name : `${name}:${l.alias}`;
    });
  }
  return s;
}

function network(n: DockerNetwork): Record<string, Yaml | undefined> {
  const o: Record<string, Yaml | undefined> = { name: n.name, driver: n.driver };
  if (n.internal) o.internal = true;
  const opts = Object.keys(n.options).sort();
  if (opts.length) o.driver_opts = Object.fromEntries(opts.map((k) => [k, n.options[k]!]));
  const labels = Object.keys(n.labels).sort();
  if (labels.length) o.labels = Object.fromEntries(labels.map((k) => [k, n.labels[k]!]));
  if (n.userSubnet && n.subnet) {
    const cfg: Record<string, Yaml | undefined> = { subnet: n.subnetText ?? formatCidr(n.subnet.addr, n.subnet.prefix) };
    if (n.ipRange) cfg.ip_range = formatCidr(n.ipRange.addr, n.ipRange.prefix);
    if (n.gateway !== undefined && n.showGateway) cfg.gateway = formatIp4(n.gateway);
    const aux = Object.keys(n.auxAddresses ?? {}).sort();
    if (aux.length) cfg.aux_addresses = Object.fromEntries(aux.map((k) => [k, formatIp4(n.auxAddresses![k]!)]));
    o.ipam = { config: [cfg] };
  }
  return o;
}

/** What the World's Docker holds that Compose does not: daemon.json, netns, hand-made links, order. */
function leftOutOfWorld(world: World, x: Ctx, running: Container[]): void {
  const { d, host } = x;
  const changed = (Object.keys({ ...DEFAULT_CONFIG, ...d.config }) as (keyof typeof d.config)[])
    .filter((k) => JSON.stringify(d.config[k]) !== JSON.stringify(DEFAULT_CONFIG[k]));
  if (changed.length) {
    x.leftOut.push(`the daemon's configuration (/etc/docker/daemon.json: ${changed.join(', ')}): write it and restart Docker before \`docker compose up\``);
  }
  if (host.netnsOrder.length) x.leftOut.push(`network namespaces made with ip netns (${host.netnsOrder.join(', ')}) and what is in them`);
  const base = createLabWorld([host.hostname]);
  const baseHost = findHostByName(base, host.hostname)!;
  const baseNames = new Set(base.netns[baseHost.rootNs]!.ifaces.map((id) => base.ifaces[id]!.name));
  const docker = new Set<string>();
  for (const n of Object.values(d.networks)) if (n.bridge) docker.add(n.bridge);
  for (const c of Object.values(d.containers)) for (const e of c.endpoints) if (e.endpoint.hostIface) docker.add(e.endpoint.hostIface);
  const handMade = world.netns[host.rootNs]!.ifaces.filter((id) => !docker.has(id) && !baseNames.has(world.ifaces[id]!.name));
  if (handMade.length) x.leftOut.push(`links made by hand on the host: ${handMade.map((id) => world.ifaces[id]!.name).join(', ')}`);
  for (const id of d.containerOrder) {
    const c = d.containers[id]!;
    if (c.state !== 'running') x.leftOut.push(`${c.name} (${c.state}): Compose starts every service it has`);
  }
  for (const n of Object.values(d.networks)) {
    if (n.predefined || x.usedNets.has(n.id)) continue;
    x.leftOut.push(`network ${n.name}: no running container uses it, and Compose creates only the networks its services use`);
  }
  // Addresses handed out in start order: Compose picks the order, so they can swap.
  for (const n of Object.values(d.networks)) {
    if (n.driver !== 'bridge' || (!n.predefined && !x.usedNets.has(n.id))) continue;
    const dyn = running.flatMap((c) =>
      c.endpoints.filter((e) => e.network === n.id && e.endpoint.staticIp === undefined && e.endpoint.ip !== undefined).map((e) => `${c.name} ${formatIp4(e.endpoint.ip!)}`),
    );
    if (dyn.length < 2) continue;
    const how = n.predefined ? 'the default bridge takes no ipv4_address' : n.userSubnet ? 'ipv4_address would pin them' : 'a subnet and ipv4_address would pin them';
    x.leftOut.push(`addresses on ${n.name} follow the order containers start, which Compose chooses (the lab: ${dyn.join(', ')}; ${how})`);
  }
  const pooled = Object.values(d.networks).filter((n) => !n.predefined && x.usedNets.has(n.id) && !n.userSubnet && n.subnet);
  if (pooled.length > 1) {
    x.leftOut.push(`subnets Docker chose from its pool in creation order (${pooled.map((n) => `${n.name} ${formatCidr(n.subnet!.addr, n.subnet!.prefix)}`).join(', ')}); Compose creates networks in its own order, so they can swap`);
  }
}

function leftOutOfLog(lines: RealLine[], hostname: string, x: Ctx): void {
  const mine = lines.filter((l) => l.host === hostname);
  const host = mine.filter((l) => l.kind === 'host' || l.kind === 'netns').map((l) => `\`${oneLine(l.command)}\``);
  if (host.length) x.leftOut.push(`commands run on the host: ${list(host)}`);
  const inside = mine.filter((l) => l.kind === 'container').map((l) => `\`${oneLine(l.command)}\``);
  if (inside.length) x.leftOut.push(`commands run inside containers: ${list(inside)}`);
}

/** The lab as a compose.yaml for its first machine, with what Compose cannot say. */
export function exportCompose(lab: Pick<Lab, 'hosts' | 'log' | 'name'>): ComposeExport {
  const initial = createLabWorld(lab.hosts);
  const rep = replay(lab, initial);
  const { world } = rep;
  const leftOut: string[] = [];
  const hostname = lab.hosts.find((h) => findHostByName(world, h)) ?? lab.hosts[0] ?? 'docker-node1';
  const host = findHostByName(world, hostname);
  const doc: Record<string, Yaml | undefined> = { services: {} };
  const d = host?.docker;
  if (!host || !d || !d.running) leftOut.push(`Docker is not running on ${hostname}`);
  else {
    const running = d.containerOrder.map((id) => d.containers[id]!).filter((c) => c.state === 'running');
    const x: Ctx = { d, host, services: new Set(running.map((c) => c.name)), usedNets: new Set(), leftOut };
    doc.services = Object.fromEntries(running.map((c) => [c.name, service(c, x)]));
    const nets = Object.values(d.networks).filter((n) => x.usedNets.has(n.id));
    if (nets.length) doc.networks = Object.fromEntries(nets.map((n) => [n.name, network(n)]));
    leftOutOfWorld(world, x, running);
    leftOutOfLog(realLines(lab, { initial, ...rep }), hostname, x);
  }
  // The other machines, those a `lab host add` line made included.
  for (const id of world.hostOrder) {
    const other = world.hosts[id]!;
    const h = other.hostname;
    if (other === host) continue;
    const od = other.docker;
    const n = od ? od.containerOrder.length + Object.values(od.networks).filter((x) => !x.predefined).length : 0;
    if (n || other.netnsOrder.length) leftOut.push(`${h}: a Compose file describes one Docker host; export that machine's part with the docker script`);
  }
  const head = [
    `# compose.yaml for the Docker Network Playground lab${lab.name ? ` "${oneLine(lab.name)}"` : ''} on ${oneLine(hostname)}: docker compose up -d`,
    '# (Compose v2 on a clean Docker 20.10 host with the busybox and nginx images).',
  ];
  if (leftOut.length) head.push('# Left out, as Compose cannot say it:', ...leftOut.map((l) => `#   - ${oneLine(l)}`));
  const body: string[] = [];
  emit(doc as Yaml, 0, body);
  return { yaml: `${[...head, ...body].join('\n')}\n`, leftOut };
}
