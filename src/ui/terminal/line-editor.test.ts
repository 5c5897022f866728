import { describe, expect, it } from 'vitest';
import { feedLine, initialLineState, splitKeys, type LineEffect, type LineState } from './line-editor';

function feed(state: LineState, ...chunks: string[]): { state: LineState; effects: LineEffect[] } {
  let s = state;
  const effects: LineEffect[] = [];
  for (const chunk of chunks) {
    const r = feedLine(s, chunk);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

const submitted = (effects: LineEffect[]) => effects.flatMap((e) => (e.kind === 'submit' ? [e.line] : []));

describe('splitKeys', () => {
  it.each([
    ['abc', ['a', 'b', 'c']],
    ['\x1b[A\x1b[B', ['\x1b[A', '\x1b[B']],
    ['a\x1bOAb', ['a', '\x1bOA', 'b']],
    ['\x1b[1;5C', ['\x1b[1;5C']],
    ['é😀', ['é', '😀']],
  ])('%j', (input, keys) => {
    expect(splitKeys(input)).toEqual(keys);
  });
});

describe('feedLine', () => {
  it('echoes printable text and submits on Enter', () => {
    const { state, effects } = feed(initialLineState(), 'ip netns add test1', '\r');
    expect(effects).toEqual([
      { kind: 'echo', text: 'ip netns add test1' },
      { kind: 'echo', text: '\r\n' },
      { kind: 'submit', line: 'ip netns add test1' },
    ]);
    expect(state.buffer).toBe('');
    expect(state.history).toEqual(['ip netns add test1']);
  });

  it('runs each line of a paste, CRLF or LF', () => {
    expect(submitted(feed(initialLineState(), 'a\r\nb\nc\r').effects)).toEqual(['a', 'b', 'c']);
  });

  it('erases with Backspace, not past the prompt', () => {
    const { state, effects } = feed(initialLineState(), 'ab', '\x7f', '\x7f', '\x7f');
    expect(state.buffer).toBe('');
    expect(effects.filter((e) => e.kind === 'echo' && e.text === '\b \b')).toHaveLength(2);
  });

  it('abandons the line on Ctrl-C', () => {
    const { state, effects } = feed(initialLineState(), 'ping x', '\x03');
    expect(effects.slice(-2)).toEqual([{ kind: 'echo', text: '^C\r\n' }, { kind: 'interrupt', line: 'ping x' }]);
    expect(state.buffer).toBe('');
    expect(state.history).toEqual([]);
  });

  it('walks history with Up and Down, keeping the unfinished line', () => {
    let s = feed(initialLineState(['one', 'two']), 'thr').state;
    s = feed(s, '\x1b[A').state;
    expect(s.buffer).toBe('two');
    s = feed(s, '\x1b[A', '\x1b[A').state;
    expect(s.buffer).toBe('one');
    s = feed(s, '\x1b[B', '\x1b[B').state;
    expect(s.buffer).toBe('thr');
    const r = feed(s, '\x1b[B');
    expect(r.effects).toEqual([]);
  });

  it('does not record blank lines or repeats in history', () => {
    const { state } = feed(initialLineState(), 'ls\r', 'ls\r', '   \r', '\r');
    expect(state.history).toEqual(['ls']);
  });

  it('asks for a clear screen on Ctrl-L and ignores Tab', () => {
    expect(feed(initialLineState(), '\x0c', '\t').effects).toEqual([{ kind: 'clear-screen' }]);
  });
});
