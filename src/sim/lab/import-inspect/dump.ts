/**
 * Reading the inspect objects into the neutral model (model.ts): each value is classified and
 * validated, each field kept only when Docker would accept it back as an argument, and the two
 * halves of a paste joined up (networks known only from their containers' endpoints, containers
 * known only from `docker network inspect`, network modes given by id or by `container:<id>`).
 * What is left out or approximated is said in `notes`.
 */
import { formatIp4, networkOf, parseIp4, parsePrefix } from '../../net/ip4';
import { byTime, LABEL_RE, NAME_RE, timeKey, unsafeArg, type CtrIn, type Dump, type EpIn, type NetIn, type PortIn } from './model';
import { IMPORT_LIMITS } from './read';
import { ContainerSchema, NetworkSchema, type ContainerJson, type NetworkJson, type PortBindingsJson } from './schema';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

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

function portsOf(b: PortBindingsJson): PortIn[] {
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

/** Validates and classifies the values; `undefined` when nothing in them is a network or a container. */
export function readDump(values: unknown[], notes: string[]): Dump | undefined {
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
