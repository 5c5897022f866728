/**
 * A lab as a bash script of the real commands that recreate it on a real Docker host.
 *
 * The lab is replayed (lab.ts `replay`) and each line is kept or dropped:
 * - kept: a line that succeeded (exit 0) and whose command changes state: `docker run/create/rm/
 *   network create/connect...`, `ip link add`, `ip addr add`, `iptables -A`, `sysctl -w`, a write
 *   with `>`; any tool not known to be read-only counts as changing;
 * - dropped: a read-only line (ping, curl, docker ps/inspect/network ls, ip a, ip route show, cat,
 *   ls, brctl show, iptables -L, ...), decided by the command and not by LineResult.changed: the
 *   simulator's clock and ARP caches move on every line, so almost every line "changed" the World;
 * - dropped: a failed line (exit != 0), unless it still changed the lab (`docker run -d -p 80:80`
 *   whose start fails leaves a Created container): kept then, with `|| true`;
 * - dropped: a foreground `docker run --rm` (a probe that leaves nothing behind), and the lines
 *   that open or leave a shell (`docker exec -it c sh`, `ip netns exec ns bash`, `exit`).
 * Lines typed inside a container's shell become `docker exec NAME ...` (`sh -c '...'` when they
 * hold pipes, redirections or several commands), inside `ip netns exec NS bash` they become
 * `ip netns exec NS ...`. A `docker run -it` shell becomes `docker run -dit` (a script has no TTY)
 * and its `exit` a `docker stop`. Here-documents stay here-documents. Containers the lab named
 * at random get that name with `--name`; ids typed in the lab (`docker exec 71947abb5f7c ...`)
 * become names, since a real host draws other ids.
 *
 * Every word is re-quoted from the simulator's own tokens, so bash runs exactly the argv the
 * simulator ran: nothing a lab holds (a shared URL may be hostile) reaches the script as shell
 * syntax. `$(...)` is kept only around a read-only docker command (`docker rm -f $(docker ps -aq)`).
 */
import { type FlagSpec } from '../shell/commands/docker/flags';
import { RUN_FLAGS } from '../shell/commands/docker/run';
import type { Session } from '../shell/context';
import { type SimpleCommand } from '../shell/tokenize';
import { shellQuote } from '../shell/quote';
import type { DockerState } from '../docker/types';
import type { World } from '../net/types';
import { formatCidr } from '../net/ip4';
import { findHostByName } from '../net/world';
import { hostAddedBy } from '../shell/commands/lab';
import { createLabWorld, replay, type Lab, type Replay } from './lab';
import { base, EXEC_FLAGS, flag, isReadOnly, isReadOnlyLine, parseLine, parseQuiet, SUBST } from './read-only';

export { isReadOnly, isReadOnlyLine };

/** Where a kept line acts: the Docker CLI, the daemon's config, the host, a container, a netns. */
export type RealLineKind = 'docker' | 'daemon' | 'host' | 'container' | 'netns' | 'machine';

export interface RealLine {
  /** The hostname of the machine it runs on. */
  host: string;
  /** The shell line for bash on that host (without the here-document). */
  command: string;
  /** A here-document body, fed to the command's stdin. */
  stdin?: string;
  kind: RealLineKind;
  /** The lab's line failed with this exit code yet changed the lab (so it is kept, `|| true`). */
  failed?: number;
  /** Index of the lab log entry it comes from. */
  index: number;
  /** A `machine` line (`lab host add`, which made `host`): the new machine's eth1 address. */
  address?: string;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const HAS_SUBST = /\$\(|`/;


function render(cmds: SimpleCommand[], word: (w: string) => string = shellQuote): string {
  return cmds
    .map((c, k) => (k ? ` ${c.join} ` : '') + c.argv.map((a) => (a === '>' || a === '>>' ? a : word(a))).join(' '))
    .join('')
    .replace(/ ; /g, '; ');
}

/**
 * The line re-quoted from its tokens. `$(CMD)` survives only as a whole word around a read-only
 * docker command (re-quoted too); anything else with a substitution gives undefined.
 */
function requote(line: string): string | undefined {
  const subs: string[] = [];
  let bad = false;
  const marked = line.replace(SUBST, (_, a?: string, b?: string) => {
    const inner = parseLine(a ?? b ?? '');
    if (!inner || inner.length !== 1 || base(inner[0]!.argv[0] ?? '') !== 'docker' || !isReadOnly(inner[0]!.argv)) bad = true;
    subs.push(inner ? `$(${render(inner)})` : '');
    return ` @@SUBST${subs.length - 1}@@ `;
  });
  const cmds = parseLine(marked);
  if (bad || !cmds) return undefined;
  let ok = true;
  const out = render(cmds, (w) => {
    const m = /^@@SUBST(\d+)@@$/.exec(w);
    if (m) return subs[Number(m[1])]!;
    if (w.includes('@@SUBST')) ok = false;
    return shellQuote(w);
  });
  return ok ? out : undefined;
}

function heredocTag(body: string): string {
  const lines = new Set(body.split('\n'));
  let tag = 'EOF';
  for (let n = 1; lines.has(tag); n++) tag = `EOF${n}`;
  return tag;
}

/** The line as the script prints it: `|| true` on partial failures, the here-document after it. */
export function formatLine(l: Pick<RealLine, 'command' | 'stdin' | 'failed'>): string {
  let cmd = l.command;
  let note = '';
  if (l.failed !== undefined) {
    const single = (parseLine(cmd.replace(SUBST, 'x'))?.length ?? 2) === 1;
    cmd = `${single ? cmd : `{ ${cmd}; }`} || true`;
    note = `  # exit ${l.failed} in the lab, which it still changed`;
  }
  if (l.stdin === undefined) return cmd + note;
  const tag = heredocTag(l.stdin);
  const body = l.stdin === '' || l.stdin.endsWith('\n') ? l.stdin : `${l.stdin}\n`;
  return `${cmd} <<'${tag}'${note}\n${body}${tag}`;
}

// ---------------------------------------------------------------------------------------------
// Rewriting docker commands for a script

/** Flag tokens of a docker subcommand up to its first positional argument (run/exec do not intersperse). */
function flagEnd(args: string[], specs: FlagSpec[]): number {
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--' || !a.startsWith('-') || a === '-') return i;
    i++;
    if (a.startsWith('--')) {
      if (!a.includes('=') && specs.find((s) => s.long === a.slice(2))?.value) i++;
    } else {
      const k = [...a.slice(1)].findIndex((ch) => specs.find((s) => s.short === ch)?.value);
      if (k >= 0 && k === a.length - 2) i++;
    }
  }
  return i;
}

/** Drops -i/-t (and their long forms) from the flags of a docker subcommand. */
function withoutTty(args: string[], specs: FlagSpec[], keepI: boolean): string[] {
  const end = flagEnd(args, specs);
  const out: string[] = [];
  args.forEach((a, k) => {
    if (k >= end) out.push(a);
    else if (/^--tty(=true)?$/.test(a) || (!keepI && /^--interactive(=true)?$/.test(a))) return;
    else if (/^-[a-zA-Z]/.test(a)) {
      // Only the flags before a value are edited: `-itd` -> `-d`, `-iteFOO=it` -> `-eFOO=it`.
      const vi = [...a.slice(1)].findIndex((ch) => specs.find((s) => s.short === ch)?.value);
      const head = vi < 0 ? a.slice(1) : a.slice(1, vi + 2);
      const kept = [...head].filter((ch, j) => (vi >= 0 && j === vi) || (ch !== 't' && (keepI || ch !== 'i'))).join('') + (vi < 0 ? '' : a.slice(vi + 2));
      if (kept) out.push(`-${kept}`);
    } else out.push(a);
  });
  return out;
}

const isIdRef = (s: string) => /^[0-9a-f]{4,64}$/.test(s) && (/[a-f]/.test(s) || s.length >= 12);

/** A container or network typed by id (or id prefix) becomes its name: a real host draws other ids. */
function nameOfRef(d: DockerState, ref: string): string | undefined {
  if (!isIdRef(ref)) return undefined;
  const named = (xs: { id: string; name: string }[]) => {
    if (xs.some((x) => x.name === ref)) return undefined;
    const hits = xs.filter((x) => x.id.startsWith(ref));
    return hits.length === 1 ? hits[0]!.name : undefined;
  };
  return named(Object.values(d.containers)) ?? named(Object.values(d.networks));
}

function renameRefs(d: DockerState, argv: string[]): string[] {
  return argv.map((a, k) => {
    if (k < 2) return a;
    const m = /^((?:--net(?:work)?=)?container:|--link=)?([0-9a-f]+)((?::[A-Za-z0-9_.-]+)?)$/.exec(a);
    if (!m) return a;
    const name = nameOfRef(d, m[2]!);
    return name === undefined ? a : `${m[1] ?? ''}${name}${m[3]}`;
  });
}

interface DockerRewrite {
  /** Containers created by this line with a name the simulator drew (given here with --name). */
  generated: string[];
  keepStdin: boolean;
}

function rewriteDocker(argv: string[], d: DockerState | undefined, rw: DockerRewrite): string[] {
  if (base(argv[0] ?? '') !== 'docker') return argv;
  let out = d ? renameRefs(d, argv) : argv;
  let at = 1;
  if (out[1] === 'container' && ['run', 'create', 'exec'].includes(out[2] ?? '')) at = 2;
  const sub = out[at];
  const head = out.slice(0, at + 1);
  const args = out.slice(at + 1);
  if (sub === 'exec') return [...head, ...withoutTty(args, EXEC_FLAGS, rw.keepStdin)];
  if (sub !== 'run' && sub !== 'create') return out;
  const p = parseQuiet(sub, args, RUN_FLAGS);
  if (!p) return out;
  const extra: string[] = [];
  if (!p.flags.has('name') && rw.generated.length) extra.push('--name', rw.generated.shift()!);
  // A script has no terminal: `-it` without -d would fail ("the input device is not a TTY").
  if (sub === 'run' && (flag(p.flags, 'tty') || flag(p.flags, 'interactive')) && !flag(p.flags, 'detach')) extra.push('-d');
  out = [...head, ...extra, ...args];
  return out;
}

// ---------------------------------------------------------------------------------------------
// The lab's lines, kept or not

const VOLATILE = new Set(['clock', 'rng', 'seq', 'neigh', 'conntrack', 'fdb', 'pkts', 'bytes', 'logs', 'portLast', 'netnsIds', 'startedAt', 'finishedAt']);
/** The World without what moves on every line (clock, ARP, counters): what a real host would keep. */
const substance = (w: World) => JSON.stringify(w, (k, v: unknown) => (VOLATILE.has(k) ? undefined : v));

const sameSession = (a: Session | null, b: Session | null) =>
  a?.container === b?.container && a?.ns === b?.ns && !!a?.main === !!b?.main;

function kindOf(cmds: SimpleCommand[]): RealLineKind {
  const first = cmds[0]?.argv ?? [];
  const t = base(first[0] ?? '');
  if (cmds.some((c) => c.argv.some((a, k) => k > 0 && c.argv[k - 1]?.startsWith('>') && a.startsWith('/etc/docker/')))) return 'daemon';
  if ((t === 'systemctl' || t === 'service') && first.includes('docker')) return 'daemon';
  if (t === 'docker') {
    const sub = first[1] === 'container' ? first[2] : first[1];
    return sub === 'exec' ? 'container' : 'docker';
  }
  if (t === 'ip' && (first.includes('netns') || first.includes('-n') || first.includes('-netns'))) return 'netns';
  return 'host';
}

/** The lab's lines that a real host needs, in log order, as real shell lines. */
export function realLines(lab: Pick<Lab, 'hosts' | 'log'>, done?: Replay & { initial: World }): RealLine[] {
  const initial = done?.initial ?? createLabWorld(lab.hosts);
  const { results, skipped } = done ?? replay(lab, initial);
  const out: RealLine[] = [];
  let prev = initial;
  let k = 0;
  lab.log.forEach((e, index) => {
    if (skipped.includes(index)) return;
    const r = results[k++]!;
    const before = prev;
    prev = r.world;
    const host = before.hosts[r.host]!;
    const d = host.docker;
    const hostname = initial.hosts[r.host]?.hostname ?? e.h;
    const push = (command: string, kind: RealLineKind, stdin = e.i) =>
      out.push({ host: hostname, command, kind, index, ...(stdin !== undefined ? { stdin } : {}), ...(r.exitCode !== 0 ? { failed: r.exitCode } : {}) });
    const enters = r.sessionAfter !== null && !sameSession(r.session, r.sessionAfter);
    const cmds = parseLine(e.c.replace(SUBST, 'x'));
    if (!cmds || cmds.length === 0) return;
    // The playground's own tool: `lab host add` stands for one more VM (a section of its own), the rest only reads.
    if (cmds.length === 1 && base(cmds[0]!.argv[0] ?? '') === 'lab') {
      const made = r.exitCode === 0 ? hostAddedBy(cmds[0]!.argv) : undefined;
      const m = made !== undefined ? findHostByName(r.world, made) : undefined;
      const eth1 = m ? r.world.netns[m.rootNs]!.ifaces.map((id) => r.world.ifaces[id]!).find((i) => i.name === 'eth1')?.addrs[0] : undefined;
      if (m) out.push({ host: m.hostname, command: e.c, kind: 'machine', index, ...(eth1 ? { address: formatCidr(eth1.addr, eth1.prefix) } : {}) });
      return;
    }

    if (enters && !r.sessionAfter!.main) return; // `docker exec -it c sh`, `ip netns exec ns bash`
    if (r.session && r.sessionAfter === null && cmds.length === 1 && ['exit', 'logout'].includes(cmds[0]!.argv[0]!)) {
      const c = r.session.container !== undefined ? d?.containers[r.session.container] : undefined;
      if (r.session.main && c) push(`docker stop ${shellQuote(c.name)}`, 'docker', undefined);
      return;
    }
    if (r.exitCode !== 0 && substance(before) === substance(r.world)) return;
    if (r.exitCode === 0 && !enters && isReadOnlyLine(e.c)) return;

    const s = enters ? null : r.session;
    if (s?.container !== undefined) {
      const c = d?.containers[s.container];
      if (!c || HAS_SUBST.test(e.c)) return;
      const simple = cmds.length === 1 && !cmds[0]!.argv.some((a) => a.startsWith('>')) && e.i === undefined;
      push(simple ? `docker exec ${shellQuote(c.name)} ${render(cmds)}` : `docker exec ${e.i !== undefined ? '-i ' : ''}${shellQuote(c.name)} sh -c ${shellQuote(render(cmds))}`, 'container');
      return;
    }
    if (s?.ns !== undefined) {
      const name = Object.entries(host.netns).find(([, id]) => id === s.ns)?.[0];
      if (name === undefined || HAS_SUBST.test(e.c)) return;
      const simple = cmds.length === 1 && !cmds[0]!.argv.some((a) => a.startsWith('>'));
      push(simple ? `ip netns exec ${shellQuote(name)} ${render(cmds)}` : `ip netns exec ${shellQuote(name)} bash -c ${shellQuote(render(cmds))}`, 'netns');
      return;
    }
    // On the host. Which containers did the line create with a name drawn at random?
    const had = new Set(d?.containerOrder ?? []);
    const after = r.world.hosts[r.host]?.docker;
    const created = (after?.containerOrder ?? []).filter((id) => !had.has(id)).map((id) => after!.containers[id]!);
    const unnamedRuns = cmds.filter((c) => {
      const a = c.argv[1] === 'container' ? c.argv.slice(2) : c.argv.slice(1);
      return base(c.argv[0] ?? '') === 'docker' && (a[0] === 'run' || a[0] === 'create') && !parseQuiet(a[0], a.slice(1), RUN_FLAGS)?.flags.has('name');
    });
    const rw: DockerRewrite = { generated: unnamedRuns.length === created.length ? created.map((c) => c.name) : [], keepStdin: e.i !== undefined };
    const marked = HAS_SUBST.test(e.c) ? undefined : parseLine(e.c);
    const line = marked ? render(marked.map((c) => ({ ...c, argv: rewriteDocker(c.argv, d, rw) }))) : requote(e.c);
    if (line === undefined) return;
    push(line, kindOf(cmds));
  });
  return out;
}

const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

/** The script: a header, `set -e`, then each host's lines (a multi-host lab picks its part by name). */
export function exportDockerScript(lab: Pick<Lab, 'hosts' | 'log' | 'name'>): string {
  const all = realLines(lab);
  const made = all.filter((l) => l.kind === 'machine');
  const lines = all.filter((l) => l.kind !== 'machine');
  const hosts = [...lab.hosts.filter((h) => lines.some((l) => l.host === h)), ...made.map((l) => l.host)];
  const multi = hosts.length > 1;
  const sh: string[] = [
    '#!/usr/bin/env bash',
    `# The Docker Network Playground lab${lab.name ? ` "${oneLine(lab.name)}"` : ''} as the real commands that recreate it`,
    '# on a real Docker host: the lines of the lab that changed something and succeeded, in order. Read-only',
    '# lines (ping, curl, docker ps/inspect, ip a, cat...) are left out; shells opened in containers became',
    '# `docker exec`. Expects a clean Docker 20.10 host (no containers or user networks, an empty',
    '# /etc/docker/daemon.json) with the busybox and nginx images (docker pull busybox nginx), run as root.',
    '# Docker and the kernel draw some things at random, so they differ from the lab: container, network and',
    '# endpoint ids (hence the br-<id> bridge names and default hostnames), veth names and the MACs of',
    '# bridges and host-side veths. Container MACs on 20.10 are made from their IPv4 address (02:42:ac:11:00:02',
    '# for 172.17.0.2), so they match when the addresses do.',
    '# Every line below succeeded in the lab: one that fails here means this host differs, so stop there.',
    'set -e',
  ];
  if (multi) {
    const list = hosts.map(shellQuote).join('|');
    sh.push(
      '',
      `# A lab of ${hosts.length} machines: run this script on each, naming its part (default: this machine's hostname),`,
      `# e.g. \`bash lab.sh ${oneLine(hosts[0]!)}\` on the first.`,
      'node=${1:-$(hostname)}',
      `case $node in ${list}) ;; *) echo "usage: $0" ${shellQuote(hosts.join('|'))} >&2; exit 2;; esac`,
    );
  }
  if (lines.length === 0) sh.push('', '# (the lab changes nothing)');
  for (const h of hosts) {
    const machine = made.find((l) => l.host === h);
    sh.push('', `# on ${oneLine(h)}`);
    if (machine) {
      sh.push(
        `# (\`${oneLine(machine.command)}\` made it: a VM like the others, eth0 10.0.2.15/24 behind its own NAT, eth1 ${machine.address ?? '?'}`,
        '# on the private network, Docker 20.10 installed)',
      );
    }
    const mine = lines.filter((l) => l.host === h);
    if (mine.length === 0) {
      sh.push('# (nothing to run on it)');
      continue;
    }
    if (multi) sh.push(`if [ "$node" = ${shellQuote(h)} ]; then`);
    for (const l of mine) sh.push(formatLine(l));
    if (multi) sh.push('fi');
  }
  return `${sh.join('\n')}\n`;
}
