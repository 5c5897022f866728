import { describe, expect, it } from 'vitest';
import type { Completion } from './completion';
import { feedLine, initialLineState, splitKeys, type Completer, type LineEffect, type LineState } from './line-editor';

function feed(state: LineState, chunks: string[], complete?: Completer): { state: LineState; effects: LineEffect[] } {
  let s = state;
  const effects: LineEffect[] = [];
  for (const chunk of chunks) {
    const r = feedLine(s, chunk, complete);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

const submitted = (effects: LineEffect[]) => effects.flatMap((e) => (e.kind === 'submit' ? [e.line] : []));
/** The line with the cursor shown as `|`. */
const show = (s: LineState) => `${[...s.buffer].slice(0, s.cursor).join('')}|${[...s.buffer].slice(s.cursor).join('')}`;

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';

describe('splitKeys', () => {
  it.each([
    ['abc', ['a', 'b', 'c']],
    ['\x1b[A\x1b[B', ['\x1b[A', '\x1b[B']],
    ['a\x1bOAb', ['a', '\x1bOA', 'b']],
    ['\x1b[1;5C', ['\x1b[1;5C']],
    ['\x1b[3~', ['\x1b[3~']],
    ['é😀', ['é', '😀']],
  ])('%j', (input, keys) => {
    expect(splitKeys(input)).toEqual(keys);
  });
});

describe('feedLine', () => {
  it('shows the line as typed and submits on Enter', () => {
    const { state, effects } = feed(initialLineState(), ['ip netns add test1', '\r']);
    expect(effects).toEqual([
      { kind: 'line', text: 'ip netns add test1', cursor: 18 },
      { kind: 'submit', line: 'ip netns add test1' },
    ]);
    expect(state.buffer).toBe('');
    expect(state.cursor).toBe(0);
    expect(state.history).toEqual(['ip netns add test1']);
  });

  it('runs each line of a paste, CRLF or LF', () => {
    expect(submitted(feed(initialLineState(), ['a\r\nb\nc\r']).effects)).toEqual(['a', 'b', 'c']);
  });

  it('erases with Backspace, not past the prompt', () => {
    const { state, effects } = feed(initialLineState(), ['ab', '\x7f', '\x7f', '\x7f']);
    expect(state.buffer).toBe('');
    expect(effects).toEqual([
      { kind: 'line', text: 'ab', cursor: 2 },
      { kind: 'line', text: 'a', cursor: 1 },
      { kind: 'line', text: '', cursor: 0 },
    ]);
  });

  it('moves the cursor with Left/Right, Home/End, Ctrl-A/Ctrl-E and inserts there', () => {
    let s = feed(initialLineState(), ['ping 1.2.3.4']).state;
    s = feed(s, [LEFT, LEFT, LEFT]).state;
    expect(show(s)).toBe('ping 1.2.|3.4');
    s = feed(s, ['\x01']).state;
    expect(show(s)).toBe('|ping 1.2.3.4');
    s = feed(s, [LEFT, 'sudo ']).state;
    expect(show(s)).toBe('sudo |ping 1.2.3.4');
    s = feed(s, ['\x05', RIGHT]).state;
    expect(show(s)).toBe('sudo ping 1.2.3.4|');
    s = feed(s, ['\x1b[H', '\x1b[3~', '\x1b[F']).state;
    expect(show(s)).toBe('udo ping 1.2.3.4|');
  });

  it('kills with Ctrl-U (to the start), Ctrl-K (to the end) and Ctrl-W (the word before)', () => {
    let s = feed(initialLineState(), ['docker network connect net1 c1']).state;
    s = feed(s, ['\x17']).state;
    expect(show(s)).toBe('docker network connect net1 |');
    s = feed(s, ['\x17', '\x17']).state;
    expect(show(s)).toBe('docker network |');
    s = feed(s, [LEFT, LEFT, LEFT, '\x0b']).state;
    expect(show(s)).toBe('docker netwo|');
    s = feed(s, [LEFT, LEFT, '\x15']).state;
    expect(show(s)).toBe('|wo');
  });

  it('moves by words with Ctrl-Left and Ctrl-Right', () => {
    let s = feed(initialLineState(), ['ip link set veth0 up']).state;
    s = feed(s, ['\x1b[1;5D', '\x1b[1;5D']).state;
    expect(show(s)).toBe('ip link set |veth0 up');
    s = feed(s, ['\x1b[1;5C']).state;
    expect(show(s)).toBe('ip link set veth0| up');
  });

  it('abandons the line on Ctrl-C', () => {
    const { state, effects } = feed(initialLineState(), ['ping x', '\x03']);
    expect(effects[effects.length - 1]).toEqual({ kind: 'interrupt', line: 'ping x' });
    expect(state.buffer).toBe('');
    expect(state.history).toEqual([]);
  });

  it('walks history with Up and Down, keeping the unfinished line', () => {
    let s = feed(initialLineState(['one', 'two']), ['thr']).state;
    s = feed(s, ['\x1b[A']).state;
    expect(show(s)).toBe('two|');
    s = feed(s, ['\x1b[A', '\x1b[A']).state;
    expect(s.buffer).toBe('one');
    s = feed(s, ['\x1b[B', '\x1b[B']).state;
    expect(show(s)).toBe('thr|');
    expect(feed(s, ['\x1b[B']).effects).toEqual([]);
  });

  it('does not record blank lines or repeats in history', () => {
    const { state } = feed(initialLineState(), ['ls\r', 'ls\r', '   \r', '\r']);
    expect(state.history).toEqual(['ls']);
  });

  it('asks for a clear screen on Ctrl-L, keeping the line', () => {
    const { state, effects } = feed(initialLineState(), ['ip a', '\x0c']);
    expect(effects[effects.length - 1]).toEqual({ kind: 'clear-screen' });
    expect(state.buffer).toBe('ip a');
  });
});

describe('Tab', () => {
  /** A completer over a fixed word list for the last word. */
  const words =
    (...list: string[]): Completer =>
    (text): Completion => {
      const start = text.lastIndexOf(' ') + 1;
      return { start, candidates: list.filter((w) => w.startsWith(text.slice(start))) };
    };

  it('completes a single match with a trailing space', () => {
    const { state, effects } = feed(initialLineState(), ['docker ex', '\t'], words('exec', 'run'));
    expect(show(state)).toBe('docker exec |');
    expect(effects[effects.length - 1]).toEqual({ kind: 'line', text: 'docker exec ', cursor: 12 });
  });

  it('completes in the middle of the line, keeping what follows', () => {
    const { state } = feed(initialLineState(), ['docker ex -it c1', LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, '\t'], words('exec'));
    expect(show(state)).toBe('docker exec | -it c1');
  });

  it('completes the common prefix, then lists on the second Tab', () => {
    const complete = words('connect', 'create', 'disconnect');
    let r = feed(initialLineState(), ['docker network c', '\t'], complete);
    expect(r.effects[r.effects.length - 1]).toEqual({ kind: 'bell' });
    r = feed(r.state, ['\t'], complete);
    expect(r.effects).toEqual([{ kind: 'list', items: ['connect', 'create'] }]);
    expect(show(r.state)).toBe('docker network c|');

    r = feed(initialLineState(), ['x c1', '\t'], words('c10', 'c11'));
    expect(show(r.state)).toBe('x c1|');
    r = feed(initialLineState(), ['x c', '\t'], words('c10', 'c11'));
    expect(show(r.state)).toBe('x c1|');
    expect(feed(r.state, ['\t'], words('c10', 'c11')).effects).toEqual([{ kind: 'list', items: ['c10', 'c11'] }]);
  });

  it('needs two Tabs in a row to list', () => {
    const complete = words('connect', 'create');
    const r = feed(initialLineState(), ['c', '\t', 'r', '\x7f', '\t'], complete);
    expect(r.effects.filter((e) => e.kind === 'list')).toEqual([]);
  });

  it('lists file names after their directory and does not add a space after one', () => {
    const complete: Completer = (text) => ({
      start: 4,
      candidates: ['/etc/docker/', '/etc/hosts', '/etc/hostname'].filter((c) => c.startsWith(text.slice(4))),
    });
    let r = feed(initialLineState(), ['cat /etc/d', '\t'], complete);
    expect(show(r.state)).toBe('cat /etc/docker/|');
    r = feed(initialLineState(), ['cat /etc/h', '\t', '\t'], complete);
    expect(show(r.state)).toBe('cat /etc/host|');
    expect(r.effects[r.effects.length - 1]).toEqual({ kind: 'list', items: ['hosts', 'hostname'] });
  });

  it('rings the bell when nothing matches or there is no completer', () => {
    expect(feed(initialLineState(), ['zz', '\t'], words('a')).effects.slice(-1)).toEqual([{ kind: 'bell' }]);
    expect(feed(initialLineState(), ['\t']).effects).toEqual([{ kind: 'bell' }]);
  });
});
