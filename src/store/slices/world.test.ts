import { describe, expect, it } from 'vitest';
import { pickTerminal, type TerminalTab } from './world';

describe('pickTerminal', () => {
  const tabs: TerminalTab[] = [
    { id: 't1', host: 'h1', session: { container: 'x' } as TerminalTab['session'] },
    { id: 't2', host: 'h1', session: null },
    { id: 't3', host: 'h2', session: null },
  ];
  it('prefers the active host shell, never a container shell', () => {
    expect(pickTerminal(tabs, 't1', 'h1')).toBe('t2');
    expect(pickTerminal(tabs, 't3', 'h2')).toBe('t3');
    expect(pickTerminal(tabs.slice(0, 1), 't1', 'h1')).toBeUndefined();
  });
});
