/**
 * For tests: build a World from shell lines on the default world (each must succeed), then run
 * more lines on it in order, keeping the World between them.
 */
import { expect } from 'vitest';
import type { World } from '../net/types';
import { execute, type ExecResult } from '../shell/execute';
import { createDefaultWorld } from './default-world';

export function lab(lines: string[]): World {
  let w = createDefaultWorld();
  for (const l of lines) {
    const r = execute(w, l);
    expect(r.exitCode, `${l}\n${r.output}`).toBe(0);
    w = r.world;
  }
  return w;
}

export function session(setup: string[], lines: string[]): ExecResult[] {
  let w = lab(setup);
  return lines.map((l) => {
    const r = execute(w, l);
    w = r.world;
    return r;
  });
}
