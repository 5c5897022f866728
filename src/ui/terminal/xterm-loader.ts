/**
 * The lazily loaded half of the terminal: xterm.js, its fit addon and its stylesheet (~90 KB gzip,
 * DESIGN.md), split into their own chunk by the dynamic `import()` in TerminalPane.
 */
import '@xterm/xterm/css/xterm.css';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';

export function createTerminal(): { term: Terminal; fit: FitAddon } {
  const term = new Terminal({
    cursorBlink: true,
    convertEol: false,
    fontFamily: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    fontSize: 13,
    lineHeight: 1.2,
    scrollback: 5000,
    theme: {
      background: '#0b1120',
      foreground: '#e2e8f0',
      cursor: '#38bdf8',
      cursorAccent: '#0b1120',
      selectionBackground: '#334155',
    },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  return { term, fit };
}

export type { Terminal, FitAddon };
