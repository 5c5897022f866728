/**
 * `docker build [-t NAME[:TAG]] [-f FILE] PATH` with the 20.10 legacy builder's output. The
 * Dockerfile is read from the simulated files (write it with `cat > Dockerfile <<EOF`). Understood:
 * FROM (a catalogue or built image), RUN with `yum|dnf install`, `apt-get install`, `apk add`
 * (each package adds its tools, e.g. net-tools → ifconfig, route, netstat), CMD, ENTRYPOINT,
 * EXPOSE; other instructions are steps that change nothing the network cares about.
 */
import { imageKey, lookupImage, packageTools, type Image } from '../../../docker/images';
import { dockerOf } from '../../../docker/network';
import { SimError } from '../../../net/errors';
import { randomHex } from '../../../net/rng';
import type { Host } from '../../../net/types';
import { writeln, type ShellCtx } from '../../context';
import { readFile } from '../../fs';
import { last, parseFlags, requiresArgs } from './flags';
import { pullImage } from './run';

const INSTRUCTIONS = new Set(['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'ENV', 'WORKDIR', 'COPY', 'ADD', 'LABEL', 'USER', 'VOLUME', 'ARG', 'MAINTAINER', 'STOPSIGNAL', 'SHELL', 'HEALTHCHECK', 'ONBUILD']);

/** Exec form `["a","b"]` or shell form (`/bin/sh -c "…"`). */
function argvOf(rest: string): string[] {
  const t = rest.trim();
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    } catch {
      // not JSON: shell form, as Docker falls back
    }
  }
  return ['/bin/sh', '-c', t];
}

function installed(cmd: string): string[] {
  const out: string[] = [];
  for (const m of cmd.matchAll(/(?:yum|dnf|apt-get|apt|apk)\s+(?:-\S+\s+)*(?:install|add)((?:\s+[^\s;&|]+)+)/g)) {
    out.push(...m[1]!.trim().split(/\s+/).filter((w) => !w.startsWith('-')));
  }
  return out;
}

export function buildCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const p = parseFlags('build', argv, [
    { long: 'tag', short: 't', value: true }, { long: 'file', short: 'f', value: true }, { long: 'quiet', short: 'q', value: false },
    { long: 'no-cache', value: false }, { long: 'rm', value: false },
  ], true);
  if (p.args.length !== 1) throw requiresArgs('build', 'exactly 1 argument', '[OPTIONS] PATH | URL | -', 'Build an image from a Dockerfile');
  const d = dockerOf(ctx.world, host);
  const dir = p.args[0]!.replace(/\/+$/, '');
  const file = last(p, 'file') ?? (dir === '.' ? 'Dockerfile' : `${dir}/Dockerfile`);
  const text = readFile(ctx, file);
  if (text === undefined) {
    throw new SimError(`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /root/${file}: no such file or directory`, 1);
  }
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  writeln(ctx, 'Sending build context to Docker daemon  2.048kB');
  let image: Image | undefined;
  let id = '';
  lines.forEach((line, i) => {
    const [word = '', ...restWords] = line.split(/\s+/);
    const op = word.toUpperCase();
    const rest = restWords.join(' ');
    writeln(ctx, `Step ${i + 1}/${lines.length} : ${line}`);
    if (!INSTRUCTIONS.has(op)) throw new SimError(`Error response from daemon: dockerfile parse error line ${i + 1}: unknown instruction: ${word.toUpperCase()}`, 1);
    if (op === 'FROM') {
      pullImage(ctx, host, rest, 'pull-quiet');
      const base = lookupImage(d.built, rest)!;
      image = { ...base, tools: [...base.tools], exposed: [...base.exposed] };
      id = base.id;
      writeln(ctx, ` ---> ${id.slice(0, 12)}`);
      return;
    }
    if (!image) throw new SimError('Error response from daemon: No build stage in current context', 1);
    const tmp = randomHex(ctx.world, 12);
    writeln(ctx, ` ---> Running in ${tmp}`);
    if (op === 'RUN') for (const pkg of installed(rest)) image.tools = [...new Set([...image.tools, ...packageTools(pkg)])];
    if (op === 'CMD') image.cmd = argvOf(rest);
    if (op === 'ENTRYPOINT') image.entrypoint = argvOf(rest);
    if (op === 'EXPOSE') for (const e of rest.split(/\s+/)) image.exposed.push(e.includes('/') ? e : `${e}/tcp`);
    writeln(ctx, `Removing intermediate container ${tmp}`);
    id = randomHex(ctx.world, 64);
    writeln(ctx, ` ---> ${id.slice(0, 12)}`);
  });
  if (!image) throw new SimError('Error response from daemon: the Dockerfile (Dockerfile) cannot be empty', 1);
  writeln(ctx, `Successfully built ${id.slice(0, 12)}`);
  const tag = last(p, 'tag');
  const built: Image = { ...image, id, created: 'Less than a second ago', repo: '<none>', tag: '<none>' };
  if (tag !== undefined) {
    const key = imageKey(tag);
    const [repo, t] = key.split(':') as [string, string];
    built.repo = repo;
    built.tag = t;
    d.built = [...d.built.filter((b) => `${b.repo}:${b.tag}` !== key), built];
    if (!d.images.includes(key)) d.images.push(key);
    writeln(ctx, `Successfully tagged ${key}`);
  }
  return 0;
}
