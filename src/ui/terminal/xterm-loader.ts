/**
 * The lazily loaded half of the terminal: xterm.js, its fit addon and its stylesheet (~90 KB gzip,
 * DESIGN.md), in their own chunk with shell-view.ts (TerminalView's dynamic `import()`). The
 * screen is dark in both page themes, in a size that reads on a projector (14 px).
 */
import '@xterm/xterm/css/xterm.css';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';

export function createTerminal(): { term: Terminal; fit: FitAddon } {
  const term = new Terminal({
    cursorBlink: true,
    convertEol: false,
    fontFamily: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    fontSize: 14,
    lineHeight: 1.2,
    scrollback: 5000,
    theme: {
      background: '#0b1120',
      foreground: '#e2e8f0',
      cursor: '#38bdf8',
      cursorAccent: '#0b1120',
      selectionBackground: '#334155',
      scrollbarSliderBackground: 'rgba(148, 163, 184, 0.18)',
      scrollbarSliderHoverBackground: 'rgba(148, 163, 184, 0.35)',
      scrollbarSliderActiveBackground: 'rgba(148, 163, 184, 0.5)',
    },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  return { term, fit };
}

export type { Terminal, FitAddon };
