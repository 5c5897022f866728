/**
 * One container's `docker run` (or `docker create`) line: the image it runs (the catalogue's, or a
 * stand-in built under the real name), the commands to try in it, closest to the real one first,
 * and the flags that rebuild its network settings, ports, links and DNS.
 */
import { macFromIp } from '../../docker/endpoint';
import { catalogue, findImage, imageKey, type Image } from '../../docker/images';
import { parseIp4 } from '../../net/ip4';
import { shellLine, type Builder } from './builder';
import { LABEL_RE, unsafeArg, type CtrIn } from './model';

/** An image reference the playground can tag: lower-case path components, one `:tag`, no registry port. */
const IMAGE_RE = /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;
const KEEP_ALIVE = ['sleep', 'infinity'];

/** A command to try: `entry` replaces the image's entrypoint when given; `why` is real, image or keep. */
export interface Cand {
  entry?: string;
  args: string[];
  why: string;
}

/** The image a container runs: the reference typed and what the playground knows of it. */
export interface ImageChoice {
  ref: string;
  img: Pick<Image, 'entrypoint' | 'cmd' | 'exposed' | 'repo'>;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The image to run: the catalogue's, a stand-in built under the real name, or busybox. */
export function resolveImage(b: Builder, c: CtrIn, built: Map<string, ImageChoice>): ImageChoice {
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
  const r = b.try(shellLine(['docker', 'build', '-t', ref, '.']));
  if (r.exitCode !== 0) {
    b.world = before;
    b.log.pop();
    b.notes.push(`image ${ref}: no stand-in could be built (${r.output.trim().split('\n').pop()}); busybox stands in`);
    built.set(key, busybox);
    return busybox;
  }
  b.keep(r, shellLine(['docker', 'build', '-t', ref, '.']));
  b.notes.push(`image ${ref} is not in the playground: a stand-in of the same name is built FROM ${base.repo}:${base.tag}${extra.length ? ` with EXPOSE ${extra.join(' ')}` : ''}${cmd ? `, running ${cmd.join(' ')}` : ''}`);
  const choice = { ref, img: { repo: base.repo, entrypoint: base.entrypoint, cmd: cmd ?? base.cmd, exposed: [...base.exposed, ...extra] } };
  built.set(key, choice);
  return choice;
}

/** The command lines to try, closest first: the real one, the image's own, one that stays up. */
export function commandCandidates(c: CtrIn, img: ImageChoice['img']): Cand[] {
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

/** The choices of one attempt: the command, and whether the address and the host ports are pinned. */
export interface RunOpts {
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

/** The words of the `docker run`/`docker create` line for `c` on network `mode`. */
export function runWords(b: Builder, c: CtrIn, mode: string, image: ImageChoice, o: RunOpts, legacyMacs: boolean): string[] {
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
