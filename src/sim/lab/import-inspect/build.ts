/**
 * Building the log and checking it: networks first, then the containers oldest first (link
 * targets and network-sharing targets before those that need them), each `docker run` and
 * `docker network connect` checked on the World for the real state, addresses and published ports,
 * with the next closest command tried when it falls short (`--ip`, a filler container holding a gap
 * of the default bridge, pinned host ports, the image's own command). `verify` then says what the
 * rebuilt World still does not match.
 */
import { macFromIp } from '../../docker/endpoint';
import type { Container } from '../../docker/types';
import { parseIp4 } from '../../net/ip4';
import { Restart, shellLine, type Builder } from './builder';
import { byTime, type CtrIn, type EpIn } from './model';
import { createNetworks, daemonJson } from './networks';
import { IMPORT_LIMITS } from './read';
import { commandCandidates, resolveImage, runWords, type ImageChoice, type RunOpts } from './run-command';

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
    const r = b.run(shellLine(['docker', 'run', '-d', '--name', name, ...(net === 'bridge' ? [] : ['--network', net]), 'busybox', 'sleep', '3600']));
    if (r.exitCode !== 0) return 'keep';
    b.fillers.push(name);
    return 'retry';
  }
  const holder = b.fillers.find((f) => b.ipOn(f, net) === want);
  if (holder) {
    b.run(shellLine(['docker', 'rm', '-f', holder]));
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
  b.run(shellLine(['docker', 'stop', ...names]));
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
    const cmd = shellLine(runWords(b, c, mode, image, o, legacyMacs));
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
    const cmd = shellLine([...words, ep.net, c.name]);
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

/** Appends to the log the commands that rebuild the dump; `noRestart` is the last pass (no Restart thrown). */
export function build(b: Builder, noRestart: boolean): void {
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
  if (b.fillers.length) b.run(shellLine(['docker', 'rm', '-f', ...b.fillers]));
  const stop = ctrs.filter((c) => c.state === 'exited' && b.ctr(c.name)?.state === 'running').map((c) => c.name);
  if (stop.length) b.run(shellLine(['docker', 'stop', ...stop]));
}

/** What the rebuilt World still does not match, in the report's words. */
export function verify(b: Builder): string[] {
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
