/**
 * The world slice: the current World, the terminals that type into it, and the command log that
 * built it. The log *is* the lab (DESIGN.md): replaying its commands on the default world rebuilds
 * the same World. Typed lines and UI gestures go through the same `runCommand`; a gesture's entry
 * is marked `origin: 'gesture'` so its terminal can echo it.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import defaultWorld from 'virtual:default-world';
import { promptOf } from '../../sim';
import { labCoreNow, loadShell, shellNow } from '../shell';
import type { HostId, Session, Trace, World } from '../../sim';

export type TerminalId = string;

/** One terminal tab: a shell on a host, possibly inside a container or namespace shell. */
export interface TerminalTab {
  id: TerminalId;
  host: HostId;
  /** The interactive shell the tab is in (`docker exec -it C sh`, `ip netns exec NS bash`), if any. */
  session: Session | null;
}

/** One line run in a terminal, with what it printed (and the container or netns shell it ran in). */
export interface LogEntry {
  host: HostId;
  terminal: TerminalId;
  /** Typed in a terminal, or run for a UI gesture (drag, menu, click-to-ping). */
  origin: 'typed' | 'gesture';
  session?: Session;
  /** The prompt the line was typed at, and the prompt after it ran. */
  prompt: string;
  promptAfter: string;
  command: string;
  /** Standard input of the line (a here-document's body in a lab script). */
  stdin?: string;
  /** Lines of one gesture share a group: undo takes them back together. */
  group?: number;
  /** Typed in another tab's screen (a pasted transcript line naming this tab's machine): echoed here like a gesture. */
  echo?: boolean;
  output: string;
  exitCode: number;
}

/**
 * What the lab was just before a log line ran: the World and each tab's shell session. Undo goes
 * back to it at once instead of replaying the whole log; it is what replaying the lines before it
 * gives (both come from the same `runLine`), which the lab slice's tests check.
 */
export interface Checkpoint {
  world: World;
  sessions: Record<TerminalId, Session | null>;
}

/** The longest line a lab keeps (sim/lab/schema.ts LAB_LIMITS.command, checked by a test). */
export const MAX_LINE = 4096;
/** The most lines a lab keeps (LAB_LIMITS.log). */
export const MAX_LOG = 20_000;

export const checkpoints = new WeakMap<LogEntry, Checkpoint>();

export interface CommandOutcome {
  output: string;
  exitCode: number;
  /** What the packet engine did for the probes the line sent (ping, curl, ...). */
  traces: Trace[];
}

export interface RunOptions {
  /** The terminal to run in; the active one by default. */
  terminal?: TerminalId;
  origin?: 'typed' | 'gesture';
  stdin?: string;
  /** Lines of one gesture (see LogEntry.group). */
  group?: number;
  /** Typed in another tab's screen: the tab echoes it (see LogEntry.echo). */
  echo?: boolean;
}

export interface WorldSlice {
  world: World;
  log: LogEntry[];
  terminals: TerminalTab[];
  activeTerminal: TerminalId;
  /** The shell's code has loaded (see ../shell.ts); until then `runCommand` refuses politely. */
  shellReady: boolean;
  /** Runs one shell line in a terminal and logs it. */
  runCommand: (line: string, opts?: RunOptions) => CommandOutcome;
  /** A group number no line of the log has: the lines of one gesture share it (see LogEntry.group). */
  newGroup: () => number;
  /** Opens a new terminal tab on `host` (the active tab's host by default) and makes it active. */
  openTerminal: (host?: HostId) => TerminalId;
  /**
   * The tab a gesture on `host` (the first host by default) types into: the active tab when it
   * is a host shell there, else another host shell on that host, else a new tab. It becomes the
   * active tab. A gesture never types into a container shell, where `docker` does not exist.
   */
  hostTerminal: (host?: HostId) => TerminalId;
  /** Closes a tab; the last one stays. */
  closeTerminal: (id: TerminalId) => void;
  setActiveTerminal: (id: TerminalId) => void;
}

const FIRST_TERMINAL: TerminalId = 't1';

export const createWorldSlice: StateCreator<PlaygroundState, [], [], WorldSlice> = (set, get) => {
  const world = defaultWorld;
  void loadShell().then(() => set({ shellReady: true }));
  return {
    world,
    log: [],
    shellReady: shellNow() !== null,
    terminals: [{ id: FIRST_TERMINAL, host: world.hostOrder[0] ?? '', session: null }],
    activeTerminal: FIRST_TERMINAL,
    runCommand: (typed, opts = {}) => {
      // bash never sees a NUL in a line (readline and C strings drop it), and a saved lab cannot hold one.
      const line = typed.replaceAll('\0', '');
      // A gesture stands for a host command: it runs in a host shell tab (see hostTerminal).
      if (opts.origin === 'gesture' && opts.terminal === undefined) return get().runCommand(line, { ...opts, terminal: get().hostTerminal() });
      const { world, log, terminals, activeTerminal } = get();
      const tab = terminals.find((t) => t.id === (opts.terminal ?? activeTerminal)) ?? terminals[0];
      if (!tab || line.trim() === '') return { output: '', exitCode: 0, traces: [] };
      if (log.length >= MAX_LOG) {
        return { output: `-bash: this lab is full: it keeps ${MAX_LOG.toLocaleString('en')} lines; start a new lab (Labs) to go on\n`, exitCode: 1, traces: [] };
      }
      if (line.length > MAX_LINE) {
        // A lab keeps every line (sim/lab/schema.ts LAB_LIMITS.command): a longer one could not be reopened.
        return { output: `-bash: line too long: the playground takes lines of up to ${MAX_LINE.toLocaleString('en')} characters\n`, exitCode: 2, traces: [] };
      }
      const core = labCoreNow();
      if (!core) return { output: '-bash: the shell is still loading; try again in a moment\n', exitCode: 1, traces: [] };
      const r = core.runLine(world, { host: tab.host, session: tab.session }, line, opts.stdin);
      const next = r.world;
      const live = terminals.map((t) => ({
        ...t,
        session: core.liveSession(next, t.host, t.id === tab.id ? r.sessionAfter : t.session),
      }));
      // A machine the line made (`lab host add`) gets a tab of its own; the active tab stays.
      const nextTerminals = withHostTabs(next, live, [...log, ...get().redoStack.flat()], world.hostOrder);
      // A gesture's lines share a group; a one-line gesture has its own.
      const group = opts.group ?? (opts.origin === 'gesture' ? get().newGroup() : undefined);
      const entry: LogEntry = {
        host: tab.host,
        terminal: tab.id,
        origin: opts.origin ?? 'typed',
        ...(tab.session ? { session: tab.session } : {}),
        ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        ...(group !== undefined ? { group } : {}),
        ...(opts.echo ? { echo: true } : {}),
        prompt: r.prompt,
        promptAfter: r.promptAfter,
        command: line,
        output: r.output,
        exitCode: r.exitCode,
      };
      checkpoints.set(entry, { world, sessions: Object.fromEntries(terminals.map((t) => [t.id, t.session])) });
      // A new line forks history: what was undone cannot be redone after it.
      set({ world: next, terminals: nextTerminals, log: [...log, entry], redoStack: [] });
      return { output: r.output, exitCode: r.exitCode, traces: r.traces };
    },
    newGroup: () => get().log.reduce((m, e) => Math.max(m, e.group ?? 0), 0) + 1,
    openTerminal: (host) => {
      const id = freeTerminalId(get().terminals, [...get().log, ...get().redoStack.flat()]);
      const active = get().terminals.find((t) => t.id === get().activeTerminal);
      const h = host ?? active?.host ?? get().world.hostOrder[0] ?? '';
      set((s) => ({ terminals: [...s.terminals, { id, host: h, session: null }], activeTerminal: id }));
      return id;
    },
    hostTerminal: (host) => {
      const { terminals, activeTerminal, world } = get();
      const h = host ?? world.hostOrder[0] ?? '';
      const found = pickTerminal(terminals, activeTerminal, h);
      if (found === undefined) return get().openTerminal(h);
      get().setActiveTerminal(found);
      return found;
    },
    closeTerminal: (id) =>
      set((s) => {
        if (s.terminals.length <= 1) return {};
        const i = s.terminals.findIndex((t) => t.id === id);
        if (i < 0) return {};
        const terminals = s.terminals.filter((t) => t.id !== id);
        const active = s.activeTerminal === id ? terminals[Math.max(0, i - 1)]!.id : s.activeTerminal;
        return { terminals, activeTerminal: active };
      }),
    setActiveTerminal: (id) => set((s) => (s.terminals.some((t) => t.id === id) ? { activeTerminal: id } : {})),
  };
};

/** The number in a tab id (`t7` -> 7). */
export const tabNumber = (id: TerminalId): number => Number(/^t(\d+)$/.exec(id)?.[1] ?? 0);

/**
 * The next tab id: one past the highest any tab or line (logged or undone) has used. An id is never reused: the
 * log replays each id's lines in one shell, so a new tab must not inherit a closed tab's shell.
 */
export function freeTerminalId(terminals: readonly TerminalTab[], log: readonly LogEntry[]): TerminalId {
  let n = 0;
  for (const t of terminals) n = Math.max(n, tabNumber(t.id));
  for (const e of log) n = Math.max(n, tabNumber(e.terminal));
  return `t${n + 1}`;
}

/**
 * `terminals` with a new host-shell tab for each machine of `world` that has none and is not in
 * `known` (by default: every machine without a tab gets one). Tab ids are fresh (freeTerminalId).
 */
export function withHostTabs(
  world: World,
  terminals: readonly TerminalTab[],
  log: readonly LogEntry[],
  known: readonly HostId[] = [],
): TerminalTab[] {
  const out = [...terminals];
  for (const host of world.hostOrder) {
    if (known.includes(host) || out.some((t) => t.host === host)) continue;
    out.push({ id: freeTerminalId(out, log), host, session: null });
  }
  return out.length === terminals.length ? (terminals as TerminalTab[]) : out;
}

/** `terminals` without the tabs on machines `world` no longer has (undo took back a `lab host add`). */
export function withoutGoneHosts(world: World, terminals: readonly TerminalTab[]): TerminalTab[] {
  const kept = terminals.filter((t) => world.hosts[t.host]);
  return kept.length === terminals.length ? (terminals as TerminalTab[]) : kept;
}

/**
 * The host shell tab on `host` a gesture runs in: the active tab when it is one, else the first
 * other; undefined when a new tab is needed.
 */
export function pickTerminal(terminals: readonly TerminalTab[], active: TerminalId, host: HostId): TerminalId | undefined {
  const free = terminals.filter((t) => t.host === host && t.session === null);
  return (free.find((t) => t.id === active) ?? free[0])?.id;
}

export const selectWorld = (s: WorldSlice): World => s.world;
export const selectLog = (s: WorldSlice): LogEntry[] => s.log;

const activeTab = (s: WorldSlice): TerminalTab | undefined =>
  s.terminals.find((t) => t.id === s.activeTerminal) ?? s.terminals[0];

/** The hostname the active terminal's prompt shows. */
export const selectPromptHost = (s: WorldSlice): string => {
  const id = activeTab(s)?.host ?? s.world.hostOrder[0];
  return (id && s.world.hosts[id]?.hostname) || 'localhost';
};

/** The prompt of a terminal (the active one by default): the host's bash, or the shell it is in. */
export const selectPrompt = (s: WorldSlice, terminal?: TerminalId): string => {
  const tab = terminal ? s.terminals.find((t) => t.id === terminal) : activeTab(s);
  return promptOf(s.world, tab?.host ?? s.world.hostOrder[0] ?? '', tab?.session ?? undefined);
};
