/**
 * The trace slice: the probe being played on the graph (a Trace from the core, with the request
 * that made it and its explanation) and the playback position. Playing never changes the World.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import type { Explanation, ProbeRequest, Trace } from '../../sim';

export interface Playback {
  request: ProbeRequest;
  /** The shell line that sent the probe (as the terminal shows it). */
  command: string;
  trace: Trace;
  explanation: Explanation;
  /** Index of the current event in `trace.steps` (-1: before the first). */
  index: number;
  playing: boolean;
  /** Events per second. */
  speed: number;
}

export interface TraceSlice {
  playback: Playback | null;
  startPlayback: (p: Omit<Playback, 'index' | 'playing' | 'speed'>) => void;
  /** Moves to event `index` (clamped) and pauses. */
  seek: (index: number) => void;
  /** One event forward (+1) or back (-1). */
  step: (delta: number) => void;
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: number) => void;
  clearPlayback: () => void;
}

const DEFAULT_SPEED = 2;

export const createTraceSlice: StateCreator<PlaygroundState, [], [], TraceSlice> = (set) => ({
  playback: null,
  startPlayback: (p) => set((s) => ({ playback: { ...p, index: -1, playing: true, speed: s.playback?.speed ?? DEFAULT_SPEED } })),
  seek: (index) =>
    set((s) => {
      if (!s.playback) return {};
      const last = s.playback.trace.steps.length - 1;
      return { playback: { ...s.playback, index: Math.max(-1, Math.min(last, index)), playing: false } };
    }),
  step: (delta) =>
    set((s) => {
      if (!s.playback) return {};
      const last = s.playback.trace.steps.length - 1;
      return { playback: { ...s.playback, index: Math.max(-1, Math.min(last, s.playback.index + delta)), playing: false } };
    }),
  setPlaying: (playing) =>
    set((s) => {
      if (!s.playback) return {};
      const atEnd = s.playback.index >= s.playback.trace.steps.length - 1;
      // Play at the end starts over, as media players do.
      return { playback: { ...s.playback, playing, index: playing && atEnd ? -1 : s.playback.index } };
    }),
  setSpeed: (speed) => set((s) => (s.playback ? { playback: { ...s.playback, speed } } : {})),
  clearPlayback: () => set({ playback: null }),
});

export const selectPlayback = (s: TraceSlice): Playback | null => s.playback;
