/**
 * `docker run` and `docker create` (CLI 20.10): flags, the create-time checks of the CLI and the
 * daemon (facts §8.1, §2.1, §3.1, §7.2), then the start. Errors are wrapped as the CLI does:
 * `docker: <err>.`, plus `See 'docker run --help'.` for create-time failures; exit 125, or 126/127
 * from the message. With `-d` a start failure prints the container id first and leaves it Created.
 */
import { containerNs, exitContainer, findContainer, removeContainer, startContainer } from '../../../docker/container';
import { processOf } from '../../../docker/process';
import { runArgv } from '../../execute';
import { randomId, randomName } from '../../../docker/ids';
import { imageKey, isShell, lookupImage } from '../../../docker/images';
import { dockerOf, findNetwork } from '../../../docker/network';
import { findSwarmNetwork } from '../../../docker/overlay';
import { missingExecutable } from '../../../docker/process';
import type { Container, PortSpec } from '../../../docker/types';
import { SimError } from '../../../net/errors';
import { parseIp4 } from '../../../net/ip4';
import { randomHex } from '../../../net/rng';
import type { Host } from '../../../net/types';
import { write, writeln, type ShellCtx } from '../../context';
import { all, has, last, parseFlags, requiresArgs, type FlagSpec } from './flags';

export const RUN_FLAGS: FlagSpec[] = [
  { long: 'detach', short: 'd', value: false },
  { long: 'interactive', short: 'i', value: false },
  { long: 'tty', short: 't', value: false },
  { long: 'rm', value: false },
  { long: 'name', value: true },
  { long: 'network', value: true },
  { long: 'net', value: true },
  { long: 'ip', value: true },
  { long: 'network-alias', value: true },
  { long: 'net-alias', value: true },
  { long: 'hostname', short: 'h', value: true },
  { long: 'domainname', value: true },
  { long: 'publish', short: 'p', value: true },
  { long: 'publish-all', short: 'P', value: false },
  { long: 'expose', value: true },
  { long: 'link', value: true },
  { long: 'dns', value: true },
  { long: 'dns-search', value: true },
  { long: 'env', short: 'e', value: true },
  { long: 'mac-address', value: true },
  { long: 'add-host', value: true },
  { long: 'entrypoint', value: true },
  { long: 'privileged', value: false },
  { long: 'volume', short: 'v', value: true },
  { long: 'workdir', short: 'w', value: true },
  { long: 'user', short: 'u', value: true },
  { long: 'restart', value: true },
  { long: 'cap-add', value: true },
  { long: 'label', short: 'l', value: true },
  { long: 'memory', short: 'm', value: true },
];

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** A create-time failure: `docker: X.` + help line, exit 125. */
function createError(cmd: string, msg: string): SimError {
  return new SimError(`docker: ${msg}.\nSee 'docker ${cmd} --help'.`, 125);
}

function startExit(msg: string): number {
  if (/executable file not found|no such file or directory/.test(msg)) return 127;
  if (/permission denied|is a directory/.test(msg)) return 126;
  return 125;
}

/** The playground's limit on the ports one container publishes (the ranges of -p expanded). */
export const MAX_PUBLISHED = 100;

function parsePorts(cmd: string, specs: string[]): PortSpec[] {
  const out: PortSpec[] = [];
  for (const raw of specs) {
    const [body, protoRaw] = raw.split('/') as [string, string | undefined];
    const proto = (protoRaw ?? 'tcp') as PortSpec['proto'];
    if (!['tcp', 'udp', 'sctp'].includes(proto)) throw createError(cmd, `Invalid proto: ${protoRaw}`);
    const parts = body.split(':');
    let hostIp = '';
    let hostPort = '';
    let cport: string;
    if (parts.length === 1) cport = parts[0]!;
    else if (parts.length === 2) [hostPort, cport] = parts as [string, string];
    else if (parts.length === 3) [hostIp, hostPort, cport] = parts as [string, string, string];
    else throw createError(cmd, `Invalid hostPort: ${body}`);
    if (hostIp && parseIp4(hostIp) === undefined) throw createError(cmd, `Invalid ip address: ${hostIp}`);
    const range = (t: string, what: string): [number, number] => {
      const [a, b] = t.split('-');
      const lo = Number(a);
      const hi = b === undefined ? lo : Number(b);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi > 65535 || hi < lo || a === '') {
        throw createError(cmd, `Invalid ${what}: ${t}`);
      }
      return [lo, hi];
    };
    const [clo, chi] = range(cport, 'containerPort');
    if (hostPort !== '') {
      const [hlo, hi] = range(hostPort, 'hostPort');
      if (chi !== clo && hi - hlo !== chi - clo) throw createError(cmd, `Invalid ranges specified for container and host Ports: ${cport} and ${hostPort}`);
      for (let p = clo; p <= chi; p++) {
        const hp = chi === clo ? hostPort : String(hlo + (p - clo));
        out.push({ proto, containerPort: p, hostIp, hostPort: hp });
      }
    } else for (let p = clo; p <= chi; p++) out.push({ proto, containerPort: p, hostIp, hostPort: '' });
    // Each mapping costs iptables rules that every later packet walks: a range like 1-65535
    // (which real Docker accepts and takes minutes over) would stall the page.
    if (out.length > MAX_PUBLISHED) throw createError(cmd, `the playground publishes at most ${MAX_PUBLISHED} ports per container, not ${out.length} (-p ${raw})`);
  }
  return out;
}

/** Pull messages for an image not present yet (to stderr, as the CLI prints them). */
export function pullImage(ctx: ShellCtx, host: Host, ref: string, cmd: 'run' | 'create' | 'pull' | 'pull-quiet'): string {
  const d = host.docker!;
  const key = imageKey(ref);
  const image = lookupImage(d.built, ref);
  const [repo, tag] = key.split(':') as [string, string];
  if (d.images.includes(key)) return key;
  if (cmd === 'run' || cmd === 'create') writeln(ctx, `Unable to find image '${key}' locally`);
  if (!image) {
    const msg = `Error response from daemon: pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    if (cmd === 'pull' || cmd === 'pull-quiet') throw new SimError(msg, 1);
    throw createError(cmd, msg);
  }
  writeln(ctx, `${tag}: Pulling from library/${repo}`);
  writeln(ctx, `${randomHex(ctx.world, 12)}: Pull complete`);
  writeln(ctx, `Digest: sha256:${randomHex(ctx.world, 64)}`);
  writeln(ctx, `Status: Downloaded newer image for ${key}`);
  if (cmd === 'pull') writeln(ctx, `docker.io/library/${key}`);
  d.images.push(key);
  return key;
}

/** Reads the flags and builds the Created container (throws create-time errors). */
export function createFromArgv(ctx: ShellCtx, host: Host, cmd: 'run' | 'create', argv: string[]): { c: Container; detach: boolean } {
  const p = parseFlags(cmd, argv, RUN_FLAGS, false);
  const d = dockerOf(ctx.world, host);
  const [ref, ...cmdArgs] = p.args;
  if (ref === undefined) throw requiresArgs(cmd, 'at least 1 argument', '[OPTIONS] IMAGE [COMMAND] [ARG...]', cmd === 'run' ? 'Run a command in a new container' : 'Create a new container');
  const network = last(p, 'network') ?? last(p, 'net') ?? 'default';
  const aliases = [...all(p, 'network-alias'), ...all(p, 'net-alias')];
  const ipText = last(p, 'ip');
  const ports = parsePorts(cmd, all(p, 'publish'));
  const links = all(p, 'link');
  const isContainerMode = network.startsWith('container:');
  const userNet = !['default', 'bridge', 'host', 'none'].includes(network) && !isContainerMode;
  if (network === 'container:') throw createError(cmd, 'Error response from daemon: Invalid network mode: invalid container format container:<name|id>');
  if (links.length && (isContainerMode || network === 'host')) throw createError(cmd, 'links are only supported for user-defined networks');
  if (aliases.length && !userNet) throw createError(cmd, 'network-scoped aliases are only supported for user-defined networks');
  const conflict = (what: string) => createError(cmd, `Error response from daemon: conflicting options: ${what}`);
  if (isContainerMode) {
    if (last(p, 'hostname') !== undefined) throw conflict('hostname and the network mode');
    if (ports.length || has(p, 'publish-all')) throw conflict('port publishing and the container type network mode');
    if (all(p, 'dns').length) throw conflict('dns and the network mode');
    if (last(p, 'mac-address') !== undefined) throw conflict('mac-address and the network mode');
    if (all(p, 'add-host').length) throw conflict('custom host-to-IP mapping and the network mode');
    if (all(p, 'expose').length) throw conflict('port exposing and the container type network mode');
  }
  if (network === 'host' && last(p, 'mac-address') !== undefined) throw conflict('mac-address and the network mode');
  let staticIp: number | undefined;
  if (ipText !== undefined) {
    staticIp = parseIp4(ipText);
    if (staticIp === undefined) throw createError(cmd, `Error response from daemon: invalid IPv4 address: ${ipText}`);
  }
  const name = last(p, 'name');
  if (name !== undefined) {
    if (!NAME_RE.test(name)) throw createError(cmd, `Error response from daemon: Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const clash = findContainer(d, name);
    if (clash && clash.name === name) {
      throw createError(cmd, `Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name`);
    }
  }
  const key = pullImage(ctx, host, ref, cmd);
  const image = lookupImage(d.built, key)!;
  const id = randomId(ctx.world);
  const linkList = links.map((l) => {
    const [target, alias] = l.split(':') as [string, string | undefined];
    const t = findContainer(d, target);
    if (!t) throw createError(cmd, `Error response from daemon: could not get container for ${target}`);
    if (t.state !== 'running') throw createError(cmd, `Error response from daemon: Cannot link to a non running container: /${t.name} AS /${name ?? id.slice(0, 12)}/${alias ?? target}`);
    return { target: t.id, alias: alias ?? target };
  });
  const entry = last(p, 'entrypoint');
  const entrypoint = entry !== undefined ? (entry === '' ? [] : [entry]) : image.entrypoint;
  const command = cmdArgs.length ? cmdArgs : entry !== undefined ? [] : image.cmd;
  const full = [...entrypoint, ...command];
  let mode = network;
  if (isContainerMode) {
    const other = findContainer(d, network.slice('container:'.length));
    if (other) mode = `container:${other.id}`;
  }
  let wanted: Container['wanted'] = [];
  if (network === 'default' || network === 'bridge') {
    wanted = [{ network: Object.values(d.networks).find((n) => n.name === 'bridge')!.id, aliases: [] }];
    // 20.10 ignores --ip without --network; with --network bridge the start refuses it.
    if (network === 'bridge' && staticIp !== undefined) wanted[0]!.staticIp = staticIp;
  } else if (userNet) {
    const n = findNetwork(d, network) ?? findSwarmNetwork(ctx.world, host, network);
    wanted = [{ network: n?.id ?? network, ...(staticIp !== undefined ? { staticIp } : {}), aliases }];
  }
  const hostname = last(p, 'hostname') ?? (network === 'host' ? host.hostname : id.slice(0, 12));
  const c: Container = {
    id, name: name ?? randomName(ctx.world, (n) => !!findContainer(d, n)), image: ref, imageKey: key, img: image,
    path: full[0] ?? '', args: full.slice(1), created: ctx.world.clock, state: 'created', exitCode: 0,
    hostname, domainname: last(p, 'domainname') ?? '', networkMode: mode, endpoints: [], wanted,
    portSpecs: network === 'host' || network === 'none' ? [] : ports, publishAll: has(p, 'publish-all') && network !== 'host',
    exposed: all(p, 'expose').map((e) => (e.includes('/') ? e : `${e}/tcp`)), ports: [], links: linkList, dns: all(p, 'dns'), ...(all(p, 'dns-search').length ? { dnsSearch: all(p, 'dns-search') } : {}),
    env: all(p, 'env'), tty: has(p, 'tty'), interactive: has(p, 'interactive'), autoRemove: has(p, 'rm'), files: {}, logs: '',
    nextEth: 0, extraHosts: all(p, 'add-host'), ...(last(p, 'mac-address') ? { macAddress: last(p, 'mac-address')! } : {}),
  };
  d.containers[id] = c;
  d.containerOrder.push(id);
  if (network === 'host' && (ports.length || has(p, 'publish-all'))) writeln(ctx, 'WARNING: Published ports are discarded when using host network mode');
  return { c, detach: has(p, 'detach') };
}

/** Starts a container for run/start; returns the daemon's message on failure (container left Created). */
export function tryStart(ctx: ShellCtx, host: Host, c: Container): string | undefined {
  const missing = missingExecutable(c);
  if (missing !== undefined) {
    c.exitCode = 127;
    return `Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${missing}": executable file not found in $PATH: unknown`;
  }
  try {
    startContainer(ctx.world, host, c);
  } catch (e) {
    if (e instanceof SimError) return e.message;
    throw e;
  }
  if (c.state === 'running' && processOf(c).tool) runMainTool(ctx, host, c);
  return undefined;
}

/** A tool as the main process (`docker run busybox ip a`): it runs in the new namespace, its output is the log. */
function runMainTool(ctx: ShellCtx, host: Host, c: Container): void {
  const ns = containerNs(ctx.world, host, c)!;
  const out: string[] = [];
  const sub: ShellCtx = { ...ctx, out, stdin: '', place: { host: host.id, ns: ns.id, container: c.id } };
  let code: number;
  try {
    code = runArgv(sub, [c.path, ...c.args]);
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
    out.push(`${e.message}\n`);
    code = e.exitCode;
  }
  c.logs += out.join('');
  exitContainer(ctx.world, host, c, code);
}

export function runCommand(ctx: ShellCtx, host: Host, cmd: 'run' | 'create', argv: string[]): number {
  const { c, detach } = createFromArgv(ctx, host, cmd, argv);
  if (cmd === 'create') {
    writeln(ctx, c.id);
    return 0;
  }
  if (detach) writeln(ctx, c.id);
  const err = tryStart(ctx, host, c);
  if (err !== undefined) {
    // --rm removes the container even when its start failed.
    if (c.autoRemove) removeContainer(ctx.world, host, c, true);
    writeln(ctx, `docker: ${err}.`);
    if (!detach) writeln(ctx, 'ERRO[0000] error waiting for container: context canceled');
    return startExit(err);
  }
  if (!detach) {
    write(ctx, c.logs);
    if (c.state !== 'running') return c.exitCode;
    // `docker run -it IMAGE` with a shell: the terminal is now that shell (its main process).
    if (c.interactive && isShell(c.path) && c.args.length === 0 && ctx.signal) {
      ctx.signal.enter = { container: c.id, main: true };
    }
  }
  return 0;
}
