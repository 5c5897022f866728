/**
 * Container commands of the docker CLI 20.10: ps, start, stop, restart, rm, exec, logs, port,
 * inspect, images, pull. Lookups print `Error: No such container: x`; daemon refusals
 * `Error response from daemon: …`; a multi-target command goes on after a failure and exits 1.
 */
import { findContainer, containerNs, removeContainer, stopContainer } from '../../../docker/container';
import { compileTemplate, containerInspect, formatImages, formatPort, formatPs, formatPsTemplate, goJson, inspectFormat, networkInspect, type Template } from '../../../docker/format';
import { imageByKey, imageHas, imageKey, isShell } from '../../../docker/images';
import { dockerOf, findNetwork } from '../../../docker/network';
import { processOf } from '../../../docker/process';
import type { Container, DockerState } from '../../../docker/types';
import { SimError } from '../../../net/errors';
import { formatIp4 } from '../../../net/ip4';
import type { Host } from '../../../net/types';
import { write, writeln, type ShellCtx } from '../../context';
import { runArgv, runLine } from '../../execute';
import { all, has, last, parseFlags, requiresArgs } from './flags';
import { pullImage, tryStart } from './run';

const needs = requiresArgs;

/** Directories every image has (the playground keeps no file tree beyond the files tools read). */
const KNOWN_DIRS = ['/', '/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sbin', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/var', '/var/log'];

/**
 * A command over several objects (`docker rm a b`, `network rm x y`): `each` runs on every one found;
 * a missing one prints `missing(ref)`, a refusal its message; the exit status is 1 if any failed.
 * With `ignoreMissing` (`rm -f`) a missing one is reported but does not fail.
 */
export function forEachRef<T>(
  ctx: ShellCtx, refs: string[], find: (ref: string) => T | undefined, missing: (ref: string) => string,
  each: (x: T, ref: string) => void, ignoreMissing = false,
): number {
  let status = 0;
  for (const ref of refs) {
    const x = find(ref);
    try {
      if (x === undefined) {
        writeln(ctx, missing(ref));
        if (!ignoreMissing) status = 1;
        continue;
      }
      each(x, ref);
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      writeln(ctx, e.message);
      status = 1;
    }
  }
  return status;
}

/** forEachRef over containers, with the daemon's (or, for rm, the CLI's) lookup text. */
function forEach(
  ctx: ShellCtx, d: DockerState, refs: string[], each: (c: Container, ref: string) => void, lookup = 'Error response from daemon:',
  ignoreMissing = false,
): number {
  return forEachRef(ctx, refs, (r) => findContainer(d, r), (r) => `${lookup} No such container: ${r}`, each, ignoreMissing);
}

export function psCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('ps', argv, [
    { long: 'all', short: 'a', value: false }, { long: 'quiet', short: 'q', value: false }, { long: 'no-trunc', value: false },
    { long: 'latest', short: 'l', value: false }, { long: 'size', short: 's', value: false }, { long: 'filter', short: 'f', value: true },
    { long: 'format', value: true }, { long: 'last', short: 'n', value: true },
  ], true);
  const opts = { all: has(p, 'all'), quiet: has(p, 'quiet'), noTrunc: has(p, 'no-trunc') };
  const format = last(p, 'format');
  if (format !== undefined && !opts.quiet) {
    const r = formatPsTemplate(dockerOf(ctx.world, host), opts, ctx.world.clock, format);
    if (!r.ok) throw new SimError(r.error, r.exitCode);
    write(ctx, r.text);
    return 0;
  }
  write(ctx, formatPs(dockerOf(ctx.world, host), opts, ctx.world.clock));
  return 0;
}

export function lifecycleCommand(ctx: ShellCtx, host: Host, cmd: 'start' | 'stop' | 'restart' | 'rm', argv: string[]): number {
  const specs = cmd === 'rm'
    ? [{ long: 'force', short: 'f', value: false }, { long: 'volumes', short: 'v', value: false }, { long: 'link', short: 'l', value: false }]
    : cmd === 'start'
      ? [{ long: 'attach', short: 'a', value: false }, { long: 'interactive', short: 'i', value: false }]
      : [{ long: 'time', short: 't', value: true }];
  const p = parseFlags(cmd, argv, specs, true);
  const about = { start: 'Start one or more stopped containers', stop: 'Stop one or more running containers', restart: 'Restart one or more containers', rm: 'Remove one or more containers' }[cmd];
  if (p.args.length === 0) throw needs(cmd, 'at least 1 argument', cmd === 'rm' ? '[OPTIONS] CONTAINER [CONTAINER...]' : '[OPTIONS] CONTAINER [CONTAINER...]', about);
  const d = dockerOf(ctx.world, host);
  const failed: string[] = [];
  let attachedExit: number | undefined;
  const status = forEach(ctx, d, p.args, (c, ref) => {
    if (cmd === 'stop' || cmd === 'restart') {
      if (c.state === 'running') ctx.world.clock += processOf(c).termExit === 137 ? 10_000 : 300;
      // moby's daemon/restart.go turns AutoRemove off for the stop of a restart: a --rm container
      // comes back up rather than being removed (and started again as a ghost).
      const autoRemove = c.autoRemove;
      if (cmd === 'restart' && autoRemove) c.autoRemove = false;
      stopContainer(ctx.world, host, c);
      if (c.autoRemove !== autoRemove) c.autoRemove = autoRemove;
    }
    if (cmd === 'start' || cmd === 'restart') {
      if (c.state !== 'running') {
        const before = c.logs.length;
        const err = tryStart(ctx, host, c);
        if (err !== undefined) {
          failed.push(ref);
          throw new SimError(err, 1);
        }
        // `start -a` attaches: the process's output, then its exit code (when it ends at once).
        if (cmd === 'start' && has(p, 'attach')) {
          write(ctx, c.logs.slice(before));
          attachedExit = (c.state as string) === 'running' ? 0 : c.exitCode;
          return;
        }
      }
    }
    if (cmd === 'rm') removeContainer(ctx.world, host, c, has(p, 'force'));
    writeln(ctx, ref);
  }, cmd === 'rm' ? 'Error:' : undefined, cmd === 'rm' && has(p, 'force'));
  if (cmd === 'start' && failed.length) writeln(ctx, `Error: failed to start containers: ${failed.join(', ')}`);
  return attachedExit ?? status;
}

export function execCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('exec', argv, [
    { long: 'interactive', short: 'i', value: false }, { long: 'tty', short: 't', value: false }, { long: 'detach', short: 'd', value: false },
    { long: 'env', short: 'e', value: true }, { long: 'workdir', short: 'w', value: true }, { long: 'user', short: 'u', value: true },
    { long: 'privileged', value: false },
  ], false);
  const [ref, ...cmd] = p.args;
  if (ref === undefined || cmd.length === 0) throw needs('exec', 'at least 2 arguments', '[OPTIONS] CONTAINER COMMAND [ARG...]', 'Run a command in a running container');
  const d = dockerOf(ctx.world, host);
  const c = findContainer(d, ref);
  if (!c) throw new SimError(`Error: No such container: ${ref}`, 1);
  if (c.state !== 'running') throw new SimError(`Error response from daemon: Container ${c.id} is not running`, 1);
  const image = c.img;
  const prog = cmd[0]!;
  const base = prog.slice(prog.lastIndexOf('/') + 1);
  if (!imageHas(image, prog)) {
    // The daemon's message comes over the attached stream with a CRLF. runc stats a path; it searches $PATH for a name.
    const why = prog.includes('/') ? `stat ${prog}: no such file or directory` : 'executable file not found in $PATH';
    throw new SimError(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${prog}": ${why}: unknown\r`, 126);
  }
  const ns = containerNs(ctx.world, host, c)!;
  const cwd = last(p, 'workdir');
  if (cwd !== undefined && !KNOWN_DIRS.includes(cwd.replace(/(.)\/+$/, '$1'))) {
    throw new SimError(`OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd ("${cwd}") set in config.json failed: no such file or directory: unknown\r`, 126);
  }
  const sub: ShellCtx = { ...ctx, place: { host: host.id, ns: ns.id, container: c.id, ...(cwd !== undefined ? { cwd } : {}) } };
  const busybox = image?.userland === 'busybox';
  const notFound = (name: string) => (busybox ? `sh: ${name}: not found\n` : `sh: 1: ${name}: not found\n`);
  if (isShell(prog) && cmd.length === 1) {
    // With -i the shell reads the terminal: it becomes the terminal's session until `exit`.
    // Without -i it reads EOF and returns at once, as for real.
    if (has(p, 'interactive') && ctx.signal) ctx.signal.enter = { container: c.id };
    return 0;
  }
  if (isShell(prog) && cmd[1] === '-c') return runLine(sub, cmd.slice(2).join(' '), notFound);
  if (base === 'busybox' && cmd.length > 1) return runArgv(sub, cmd.slice(1));
  if (base === 'env') {
    const env = [`PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, `HOSTNAME=${c.hostname}`, ...linkEnv(d, c), ...c.env, ...all(p, 'env'), 'HOME=/root'];
    for (const e of env) writeln(ctx, e);
    return 0;
  }
  return runArgv(sub, cmd);
}

/** The legacy link variables (facts §5): ALIAS_NAME, ALIAS_PORT…, ALIAS_ENV_… of the target. */
function linkEnv(d: DockerState, c: Container): string[] {
  const out: string[] = [];
  for (const l of c.links) {
    const t = d.containers[l.target];
    const ip = t?.endpoints.find((e) => d.networks[e.network]?.name === 'bridge')?.endpoint.ip;
    if (!t || ip === undefined) continue;
    const a = l.alias.toUpperCase().replace(/-/g, '_');
    const addr = formatIp4(ip);
    const ports = [...(t.img?.exposed ?? []), ...t.exposed]
      .map((e) => e.split('/') as [string, string])
      .sort((x, y) => Number(x[0]) - Number(y[0]));
    for (const e of t.env) out.push(`${a}_ENV_${e}`);
    out.push(`${a}_NAME=/${c.name}/${l.alias}`);
    if (ports[0]) out.push(`${a}_PORT=${ports[0][1]}://${addr}:${ports[0][0]}`);
    for (const [port, proto] of ports) {
      const k = `${a}_PORT_${port}_${proto.toUpperCase()}`;
      out.push(`${k}=${proto}://${addr}:${port}`, `${k}_ADDR=${addr}`, `${k}_PORT=${port}`, `${k}_PROTO=${proto}`);
    }
  }
  return out.sort();
}

export function logsCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('logs', argv, [{ long: 'follow', short: 'f', value: false }, { long: 'tail', value: true }, { long: 'timestamps', short: 't', value: false }], true);
  if (p.args.length !== 1) throw needs('logs', 'exactly 1 argument', '[OPTIONS] CONTAINER', 'Fetch the logs of a container');
  const c = findContainer(dockerOf(ctx.world, host), p.args[0]!);
  if (!c) throw new SimError(`Error: No such container: ${p.args[0]}`, 1);
  write(ctx, c.logs);
  return 0;
}

export function portCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('port', argv, [], true);
  if (p.args.length < 1 || p.args.length > 2) throw needs('port', 'at least 1 and at most 2 arguments', 'CONTAINER [PRIVATE_PORT[/PROTO]]', 'List port mappings or a specific mapping for the container');
  const c = findContainer(dockerOf(ctx.world, host), p.args[0]!);
  if (!c) throw new SimError(`Error: No such container: ${p.args[0]}`, 1);
  const r = formatPort(c, p.args[1]);
  if (!r.ok) throw new SimError(r.error, r.exitCode);
  write(ctx, r.text);
  return 0;
}

export function inspectCommand(ctx: ShellCtx, host: Host, argv: string[], only?: 'container'): number {
  const p = parseFlags(only ? 'container inspect' : 'inspect', argv, [{ long: 'format', short: 'f', value: true }, { long: 'type', value: true }, { long: 'size', short: 's', value: false }], true);
  if (p.args.length === 0) throw needs('inspect', 'at least 1 argument', '[OPTIONS] NAME|ID [NAME|ID...]', 'Return low-level information on Docker objects');
  const d = dockerOf(ctx.world, host);
  const fmt = last(p, 'format');
  const tpl = fmt === undefined ? undefined : compileTemplate(fmt);
  if (tpl && !tpl.ok) throw new SimError(tpl.error, tpl.exitCode);
  const found: unknown[] = [];
  const missing: string[] = [];
  for (const ref of p.args) {
    const c = findContainer(d, ref);
    const n = c || only ? undefined : findNetwork(d, ref);
    if (c) found.push(containerInspect(ctx.world, d, c));
    else if (n) found.push(networkInspect(ctx.world, d, n));
    else missing.push(ref);
  }
  const status = printInspect(ctx, found, tpl?.ok ? tpl.template : undefined);
  for (const m of missing) writeln(ctx, `Error: No such ${only ?? 'object'}: ${m}`);
  return missing.length ? 1 : status;
}

/** Inspect records as JSON, or each through the `-f` template (a failing one prints its error, exit 1). */
export function printInspect(ctx: ShellCtx, found: unknown[], tpl: Template | undefined): number {
  if (!tpl) {
    writeln(ctx, goJson(found));
    return 0;
  }
  for (const v of found) {
    const r = inspectFormat(tpl, v);
    if (!r.ok) {
      writeln(ctx, r.error);
      return r.exitCode;
    }
    writeln(ctx, r.text);
  }
  return 0;
}

export function imagesCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('images', argv, [
    { long: 'quiet', short: 'q', value: false }, { long: 'all', short: 'a', value: false }, { long: 'no-trunc', value: false },
  ], true);
  write(ctx, formatImages(dockerOf(ctx.world, host), { quiet: has(p, 'quiet'), noTrunc: has(p, 'no-trunc') }));
  return 0;
}

export function pullCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('pull', argv, [{ long: 'quiet', short: 'q', value: false }, { long: 'all-tags', short: 'a', value: false }], true);
  if (p.args.length !== 1) throw needs('pull', 'exactly 1 argument', '[OPTIONS] NAME[:TAG|@DIGEST]', 'Pull an image or a repository from a registry');
  const d = dockerOf(ctx.world, host);
  const ref = p.args[0]!;
  const before = d.images.length;
  const key = pullImage(ctx, host, ref, 'pull');
  if (d.images.length === before) {
    const [repo, tag] = key.split(':') as [string, string];
    writeln(ctx, `${tag}: Pulling from library/${repo}`);
    writeln(ctx, `Digest: sha256:${imageByKey(key)?.id ?? ''}`);
    writeln(ctx, `Status: Image is up to date for ${key}`);
    writeln(ctx, `docker.io/library/${key}`);
  }
  return 0;
}

/** `docker rmi [-f] IMAGE...`: refused while a container uses it, unless forced (the image is untagged). */
export function rmiCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('rmi', argv, [{ long: 'force', short: 'f', value: false }, { long: 'no-prune', value: false }], true);
  if (p.args.length === 0) throw needs('rmi', 'at least 1 argument', '[OPTIONS] IMAGE [IMAGE...]', 'Remove one or more images');
  const d = dockerOf(ctx.world, host);
  let status = 0;
  for (const ref of p.args) {
    const key = d.images.find((k) => k === imageKey(ref) || imageByKey(k)?.id.startsWith(ref.replace(/^sha256:/, '')));
    if (!key) {
      writeln(ctx, `Error: No such image: ${ref}`);
      status = 1;
      continue;
    }
    const image = imageByKey(key)!;
    const user = d.containerOrder.map((id) => d.containers[id]!).find((c) => c.imageKey === key);
    if (user && !has(p, 'force')) {
      const what = ref === image.id.slice(0, ref.length) ? `delete ${image.id.slice(0, 12)}` : `remove repository reference "${ref}"`;
      writeln(ctx, `Error response from daemon: conflict: unable to ${what} (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${image.id.slice(0, 12)}`);
      status = 1;
      continue;
    }
    d.images = d.images.filter((k) => k !== key);
    writeln(ctx, `Untagged: ${key}`);
    if (!user) writeln(ctx, `Deleted: sha256:${image.id}`);
  }
  return status;
}

/** `docker wait C...`: each container's exit code once it has stopped (a running one would block). */
export function waitCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('wait', argv, [], true);
  if (p.args.length === 0) throw needs('wait', 'at least 1 argument', 'CONTAINER [CONTAINER...]', 'Block until one or more containers stop, then print their exit codes');
  const d = dockerOf(ctx.world, host);
  return forEach(ctx, d, p.args, (c) => {
    if (c.state === 'running') throw new SimError(`${c.name} is still running: the playground cannot wait for it (its clock does not run by itself)`, 1);
    writeln(ctx, String(c.exitCode));
  }, 'Error:');
}
