/**
 * The trace slice: the probe being played on the graph (a Trace from the core, with the request
 * that made it and its explanation) and the playback position. Playing never changes the World.
 *
 * Invariants: `index` stays in [-1, steps.length - 1]; `playing` is false at the last event;
 * `speed` is a multiplier of the base event rate (1 = 1x), kept across probes.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import type { Explanation, ProbeRequest, Trace, World } from '../../sim';

export interface Playback {
  request: ProbeRequest;
  /** The shell line that sent the probe (as the terminal shows it). */
  command: string;
  trace: Trace;
  explanation: Explanation;
  /** What the tool printed, for probes that never sent a packet (an empty trace). */
  output?: string;
  /** The World the probe ran in (the trace's ids refer to it); the current one if absent. */
  world?: World;
  /** Index of the current event in `trace.steps` (-1: before the first). */
  index: number;
  playing: boolean;
  /** Playback rate: a multiplier of the base rate (0.5, 1, 2, 4). */
  speed: number;
}

export interface TraceSlice {
  playback: Playback | null;
  startPlayback: (p: Omit<Playback, 'index' | 'playing' | 'speed'>) => void;
  /** Moves to event `index` (clamped) and pauses. */
  seek: (index: number) => void;
  /** One event forward (+1) or back (-1), and pauses. */
  step: (delta: number) => void;
  /** The clock's tick while playing: the next event; pauses on the last one. */
  advance: () => void;
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: number) => void;
  clearPlayback: () => void;
}

export const SPEEDS = [0.5, 1, 2, 4] as const;
const DEFAULT_SPEED = 1;

const clampIndex = (p: Playback, index: number): number => Math.max(-1, Math.min(p.trace.steps.length - 1, index));

export const createTraceSlice: StateCreator<PlaygroundState, [], [], TraceSlice> = (set) => ({
  playback: null,
  startPlayback: (p) =>
    set((s) => ({
      playback: { ...p, index: -1, playing: p.trace.steps.length > 0, speed: s.playback?.speed ?? DEFAULT_SPEED },
    })),
  seek: (index) => set((s) => (s.playback ? { playback: { ...s.playback, index: clampIndex(s.playback, index), playing: false } } : {})),
  step: (delta) =>
    set((s) => (s.playback ? { playback: { ...s.playback, index: clampIndex(s.playback, s.playback.index + delta), playing: false } } : {})),
  advance: () =>
    set((s) => {
      if (!s.playback?.playing) return {};
      const index = clampIndex(s.playback, s.playback.index + 1);
      return { playback: { ...s.playback, index, playing: index < s.playback.trace.steps.length - 1 } };
    }),
  setPlaying: (playing) =>
    set((s) => {
      if (!s.playback || s.playback.trace.steps.length === 0) return {};
      const atEnd = s.playback.index >= s.playback.trace.steps.length - 1;
      // Play at the end starts over, as media players do.
      return { playback: { ...s.playback, playing, index: playing && atEnd ? -1 : s.playback.index } };
    }),
  setSpeed: (speed) => set((s) => (s.playback ? { playback: { ...s.playback, speed } } : {})),
  clearPlayback: () => set({ playback: null }),
});

export const selectPlayback = (s: TraceSlice): Playback | null => s.playback;
