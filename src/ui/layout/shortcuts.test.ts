import { beforeAll, describe, expect, it } from 'vitest';
import { usePlayground } from '../../store';
import { loadShell } from '../../store/shell';
import { isRedoKey, isUndoKey, SHORTCUTS } from './shortcuts';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

/** The shortcut a keydown would run, as useShortcuts picks it. */
const hit = (e: ReturnType<typeof key>) => SHORTCUTS.find((s) => s.match(e));

describe('undo and redo keys', () => {
  it.each([
    ['Ctrl+Z', key('z', { ctrl: true }), true, false],
    ['Cmd+Z', key('z', { meta: true }), true, false],
    ['Ctrl+Shift+Z', key('Z', { ctrl: true, shift: true }), false, true],
    ['Cmd+Shift+Z', key('Z', { meta: true, shift: true }), false, true],
    ['Ctrl+Y', key('y', { ctrl: true }), false, true],
    ['Z alone', key('z'), false, false],
    ['Ctrl+Alt+Z', key('z', { ctrl: true, alt: true }), false, false],
    ['Ctrl+Shift+Y', key('Y', { ctrl: true, shift: true }), false, false],
  ])('%s: undo %s, redo %s', (_name, e, undo, redo) => {
    expect(isUndoKey(e)).toBe(undo);
    expect(isRedoKey(e)).toBe(redo);
  });

  it('no two shortcuts answer the same key', () => {
    const probes = [key('z', { ctrl: true }), key('Z', { ctrl: true, shift: true }), key('y', { ctrl: true }), key('l'), key('c'), key('c', { ctrl: true })];
    for (const e of probes) expect(SHORTCUTS.filter((s) => s.match(e)).length).toBeLessThanOrEqual(1);
    // Ctrl+C stays the terminal's (abandon the line), not curl.
    expect(hit(key('c', { ctrl: true }))).toBeUndefined();
  });
});

describe('undo and redo through the shortcut table', () => {
  beforeAll(async () => {
    await loadShell();
    usePlayground.setState({ labReady: true });
  });

  it('Ctrl+Z takes back the last line and Ctrl+Shift+Z runs it again', () => {
    const s = usePlayground.getState;
    s().runCommand('docker network create net1');
    const before = JSON.stringify(s().world);
    s().runCommand('docker run -d --name c1 --network net1 busybox sleep 1d');
    const after = JSON.stringify(s().world);
    expect(after).not.toBe(before);

    hit(key('z', { ctrl: true }))!.run();
    expect(JSON.stringify(s().world)).toBe(before);
    expect(s().log.map((e) => e.command)).toEqual(['docker network create net1']);

    hit(key('Z', { ctrl: true, shift: true }))!.run();
    expect(JSON.stringify(s().world)).toBe(after);

    hit(key('z', { meta: true }))!.run();
    hit(key('y', { ctrl: true }))!.run();
    expect(JSON.stringify(s().world)).toBe(after);
    expect(s().redoStack).toEqual([]);
  });
});
