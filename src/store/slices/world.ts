/**
 * The world slice: the current World and the command log that built it. The log *is* the lab
 * (DESIGN.md): replaying its commands on the default world rebuilds the same World.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import { createDefaultWorld, execute, promptOf } from '../../sim';
import type { HostId, Session, World } from '../../sim';

/** One line run in a terminal, with what it printed (and the container or netns shell it ran in). */
export interface LogEntry {
  host: HostId;
  session?: Session;
  command: string;
  output: string;
  exitCode: number;
}

export interface CommandOutcome {
  output: string;
  exitCode: number;
}

export interface WorldSlice {
  world: World;
  log: LogEntry[];
  /** The interactive shell the terminal is in (`docker exec -it C sh`, `ip netns exec NS bash`), if any. */
  session: Session | null;
  /** Runs one shell line on the terminal's host (the first host for now) and logs it. */
  runCommand: (line: string) => CommandOutcome;
}

export const createWorldSlice: StateCreator<PlaygroundState, [], [], WorldSlice> = (set, get) => ({
  world: createDefaultWorld(),
  log: [],
  session: null,
  runCommand: (line) => {
    if (line.trim() === '') return { output: '', exitCode: 0 };
    const { world, log, session } = get();
    const host = world.hostOrder[0] ?? '';
    let outcome: CommandOutcome;
    let next = world;
    let nextSession = session;
    try {
      const result = execute(world, line, { host, ...(session ? { session } : {}) });
      next = result.world;
      outcome = { output: result.output, exitCode: result.exitCode };
      if (result.leave) nextSession = null;
      if (result.enter) nextSession = result.enter;
    } catch (e) {
      // A bug in the simulation must not take the page down: report it like a crashed tool.
      const message = e instanceof Error ? e.message : String(e);
      outcome = { output: `-bash: internal error: ${message}\n`, exitCode: 70 };
    }
    // A shell whose container is gone ends with it.
    const c = nextSession?.container !== undefined ? next.hosts[host]?.docker?.containers[nextSession.container] : undefined;
    if (nextSession?.container !== undefined && c?.state !== 'running') nextSession = null;
    set({ world: next, session: nextSession, log: [...log, { host, ...(session ? { session } : {}), command: line, ...outcome }] });
    return outcome;
  },
});

export const selectWorld = (s: WorldSlice): World => s.world;
export const selectLog = (s: WorldSlice): LogEntry[] => s.log;

/** The hostname the terminal's prompt shows. */
export const selectPromptHost = (s: WorldSlice): string => {
  const id = s.world.hostOrder[0];
  return (id && s.world.hosts[id]?.hostname) || 'localhost';
};

/** The terminal's prompt: the host's bash, or the shell of the container it is in. */
export const selectPrompt = (s: WorldSlice): string => promptOf(s.world, s.world.hostOrder[0] ?? '', s.session ?? undefined);
