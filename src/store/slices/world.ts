/**
 * The world slice: the current World and the command log that built it. The log *is* the lab
 * (DESIGN.md): replaying its commands on the default world rebuilds the same World.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import { createDefaultWorld, execute } from '../../sim';
import type { HostId, World } from '../../sim';

/** One line run in a terminal, with what it printed. */
export interface LogEntry {
  host: HostId;
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
  /** Runs one shell line on the terminal's host (the first host for now) and logs it. */
  runCommand: (line: string) => CommandOutcome;
}

export const createWorldSlice: StateCreator<PlaygroundState, [], [], WorldSlice> = (set, get) => ({
  world: createDefaultWorld(),
  log: [],
  runCommand: (line) => {
    if (line.trim() === '') return { output: '', exitCode: 0 };
    const { world, log } = get();
    const host = world.hostOrder[0] ?? '';
    let outcome: CommandOutcome;
    let next = world;
    try {
      const result = execute(world, line, { host });
      next = result.world;
      outcome = { output: result.output, exitCode: result.exitCode };
    } catch (e) {
      // A bug in the simulation must not take the page down: report it like a crashed tool.
      const message = e instanceof Error ? e.message : String(e);
      outcome = { output: `-bash: internal error: ${message}\n`, exitCode: 70 };
    }
    set({ world: next, log: [...log, { host, command: line, ...outcome }] });
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
