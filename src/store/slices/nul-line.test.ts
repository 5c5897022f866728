import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseLab } from '../../sim/lab/schema';
import { usePlayground } from '../index';
import { loadShell } from '../shell';

const initial = usePlayground.getState();
const state = usePlayground.getState;

beforeAll(async () => {
  await loadShell();
});

beforeEach(() => {
  usePlayground.setState(initial, true);
  usePlayground.setState({ shellReady: true, labReady: true });
});

describe('a typed or pasted NUL', () => {
  it('is dropped from the line, as bash does, so the lab can still be saved and reopened', () => {
    // Found by the determinism property: a fuzz line with a NUL ran, but its lab failed parseLab
    // ("the command contains a NUL character"), so it could not be shared nor reloaded.
    const r = state().runCommand('ip netns add a\0b');
    expect(r.exitCode).toBe(0);
    expect(state().log.map((e) => e.command)).toEqual(['ip netns add ab']);
    expect(parseLab(state().currentLab()).ok).toBe(true);
    expect(state().runCommand('\0\0').output).toBe('');
    expect(state().log).toHaveLength(1);
  });
});
