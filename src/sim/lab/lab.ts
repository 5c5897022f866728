/**
 * A lab is its command log (DESIGN.md): the machines it starts from, the lines typed into its
 * shells (or run for UI gestures), and where the user put the nodes on the canvas. Replaying the
 * log on the initial machines rebuilds the World, byte for byte.
 *
 * A shell is a terminal tab: a bash on one host, which may be inside a container or namespace
 * shell (`docker exec -it C sh`, `ip netns exec NS bash`) after some line. Lines of one shell share
 * that state, so the log records which shell each line was typed in.
 */
import type { HostId, World } from '../net/types';
import { findHostByName } from '../net/world';
import type { Session } from '../shell/context';
import { execute } from '../shell/execute';
import { namedByPrompt, promptOf } from '../shell/prompt';
import type { Trace } from '../packet/trace';
import { addVagrantHost, createDefaultWorld, LAN_NET, vagrantMacs, vagrantNumber } from './default-world';
import { parseScript, type StepResult } from './script';
import { hostAddedBy } from '../shell/commands/lab';
import { splitCommands, tokenize } from '../shell/tokenize';

/** The lab format's version; a payload of a later one is refused with a clear message. */
export const LAB_VERSION = 1;

export interface LabEntry {
  /** The shell (terminal tab) the line was typed in, e.g. `t1`. */
  t: string;
  /** The hostname of that shell's machine (e.g. `docker-node1`). */
  h: string;
  /** The line, as typed. */
  c: string;
  /** Standard input (the body of a here-document). */
  i?: string;
  /**
   * Run for a UI gesture (drag, menu, click) rather than typed: 1 for a gesture's first line, 2 for
   * the next lines of the same gesture (undo takes a gesture back as a whole).
   */
  g?: 1 | 2;
}

export interface Lab {
  v: typeof LAB_VERSION;
  /** What the user called it; the saved-labs list shows it. */
  name?: string;
  /** Hostnames of the initial machines: `docker-node1`, `docker-node2`, ... in order. */
  hosts: string[];
  log: LabEntry[];
  /** Canvas positions the user gave nodes (graph element id -> [x, y]), rounded to integers. */
  layout?: Record<string, [number, number]>;
}

export const DEFAULT_HOSTS: readonly string[] = ['docker-node1'];

export function emptyLab(hosts: readonly string[] = DEFAULT_HOSTS): Lab {
  return { v: LAB_VERSION, hosts: [...hosts], log: [] };
}

/**
 * The World a lab starts from. docker-node1 is the default world; docker-nodeN joins the same
 * private network at 192.168.205.(9+N), as the seeds' Vagrantfile numbers them.
 */
export function createLabWorld(hosts: readonly string[] = DEFAULT_HOSTS): World {
  const world = createDefaultWorld();
  for (const name of hosts) {
    if (name === 'docker-node1' || findHostByName(world, name)) continue;
    addVagrantHost(world, name, LAN_NET + 9 + vagrantNumber(name)!, vagrantMacs(name));
  }
  return world;
}

/** A shell's state between lines: its host and the container or namespace shell it is in. */
export interface Shell {
  host: HostId;
  session: Session | null;
}

/** What one line did, with the prompts before and after it (the transcript of its shell). */
export interface LineResult {
  world: World;
  host: HostId;
  session: Session | null;
  sessionAfter: Session | null;
  prompt: string;
  promptAfter: string;
  output: string;
  exitCode: number;
  traces: Trace[];
  /** The line changed the World (read-only lines such as `ping` or `docker ps` do not). */
  changed: boolean;
}

/**
 * Runs one line in a shell; the one rule for typing, gestures and replay. A bug in the simulation
 * is reported like a crashed tool (exit 70) instead of taking the caller down.
 */
export function runLine(world: World, shell: Shell, command: string, stdin?: string): LineResult {
  const { host, session } = shell;
  const prompt = promptOf(world, host, session ?? undefined);
  let next = world;
  let output: string;
  let exitCode: number;
  let traces: Trace[] = [];
  let after = session;
  try {
    const r = execute(world, command, { host, ...(session ? { session } : {}), ...(stdin !== undefined ? { stdin } : {}) });
    next = r.world;
    output = r.output;
    exitCode = r.exitCode;
    traces = r.traces;
    if (r.leave) after = null;
    if (r.enter) after = r.enter;
  } catch (e) {
    output = `-bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
    exitCode = 70;
  }
  after = liveSession(next, host, after);
  return {
    world: next, host, session, sessionAfter: after, prompt, promptAfter: promptOf(next, host, after ?? undefined),
    output, exitCode, traces, changed: next !== world,
  };
}

/**
 * A container shell ends when its container stops or goes away; a namespace shell when its
 * namespace is deleted (`ip netns del` from another tab: a real shell would stay in it, nameless).
 */
export function liveSession(world: World, host: HostId, s: Session | null): Session | null {
  if (s?.ns !== undefined && !world.netns[s.ns]) return null;
  if (s?.container === undefined) return s;
  return world.hosts[host]?.docker?.containers[s.container]?.state === 'running' ? s : null;
}

export interface Replay {
  world: World;
  /** Each log entry's result, in order. */
  results: LineResult[];
  /** The shells the log used, by id, in the order they first appear, as they are at the end. */
  shells: Map<string, Shell>;
  /** Entries whose host is not in the lab (skipped, not run). */
  skipped: number[];
  /** Before each line run (as `results`): the World and every shell's session, for undo. */
  before: { world: World; sessions: Record<string, Session | null> }[];
}

/**
 * Replays a lab's log on its initial machines (or on `world`, which must be them). After each
 * line, container shells whose container stopped end, in every shell, as in the UI.
 */
export function replay(lab: Pick<Lab, 'hosts' | 'log'>, world: World = createLabWorld(lab.hosts)): Replay {
  const shells = new Map<string, Shell>();
  const results: LineResult[] = [];
  const skipped: number[] = [];
  const before: Replay['before'] = [];
  lab.log.forEach((e, i) => {
    let shell = shells.get(e.t);
    if (!shell) {
      const host = findHostByName(world, e.h);
      if (!host) {
        skipped.push(i);
        return;
      }
      shell = { host: host.id, session: null };
      shells.set(e.t, shell);
    }
    before.push({ world, sessions: Object.fromEntries([...shells].map(([id, sh]) => [id, sh.session])) });
    const r = runLine(world, shell, e.c, e.i);
    world = r.world;
    results.push(r);
    shell.session = r.sessionAfter;
    for (const s of shells.values()) s.session = liveSession(world, s.host, s.session);
  });
  return { world, results, shells, skipped, before };
}

/**
 * The machines a line may make: each `lab host add NAME` among its commands (`a && b`, `a; b`
 * included, whether or not it ends up running: replay skips lines on machines that do not exist).
 */
export function addedBy(command: string): string[] {
  try {
    return splitCommands(tokenize(command)).flatMap((c) => hostAddedBy(c.argv) ?? []);
  } catch {
    return [];
  }
}

/**
 * Lab-script lines as log entries on the machines `hosts`: a transcript prompt picks the machine
 * (and stays until the next), each machine has its own shell (`t1` for the first machine, `t2`
 * ...), a here-document's body becomes the entry's stdin. A machine a `lab host add NAME` line
 * makes gets the next shell, and prompts naming it pick it from that line on.
 */
export function scriptEntries(text: string, hosts: readonly string[]): LabEntry[] {
  const known = [...hosts];
  let host = known[0] ?? DEFAULT_HOSTS[0]!;
  return parseScript(text).map((l) => {
    const named = l.host === undefined ? undefined : namedByPrompt(known, l.host);
    if (named !== undefined) host = named;
    const entry: LabEntry = { t: `t${known.indexOf(host) + 1}`, h: host, c: l.command, ...(l.stdin !== undefined ? { i: l.stdin } : {}) };
    for (const added of addedBy(l.command)) if (!known.includes(added)) known.push(added);
    return entry;
  });
}

/**
 * A lab script (script.ts: one line a command, transcript prompts pick the machine, here-documents)
 * as a lab: docker-node1 and every docker-nodeN a prompt names before a `lab host add` line makes
 * it, one shell per machine.
 */
export function labFromScript(text: string, name?: string): Lab {
  const hosts = [...DEFAULT_HOSTS];
  const added = new Set<string>();
  for (const l of parseScript(text)) {
    if (l.host !== undefined && vagrantNumber(l.host) !== undefined && !hosts.includes(l.host) && !added.has(l.host)) hosts.push(l.host);
    for (const made of addedBy(l.command)) if (!hosts.includes(made)) added.add(made);
  }
  hosts.sort();
  return { v: LAB_VERSION, ...(name ? { name } : {}), hosts, log: scriptEntries(text, hosts) };
}

/**
 * Runs a lab script as a lab (labFromScript, then replay): each machine in its own shell, the
 * machines `lab host add` lines make included. The steps are the lines run, in order.
 */
export function runLabScript(text: string): { world: World; steps: StepResult[] } {
  const lab = labFromScript(text);
  const r = replay(lab);
  const steps: StepResult[] = [];
  let k = 0;
  lab.log.forEach((e, i) => {
    if (r.skipped.includes(i)) return;
    const x = r.results[k++]!;
    steps.push({
      host: x.world.hosts[x.host]?.hostname ?? e.h, prompt: x.prompt, command: e.c, output: x.output, exitCode: x.exitCode, traces: x.traces,
    });
  });
  return { world: r.world, steps };
}
