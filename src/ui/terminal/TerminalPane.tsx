/**
 * The shell: xterm.js (loaded on demand) with a small line editor. Each line goes to the store's
 * `runCommand` and nothing else happens here (STYLE.md §3). A plain-text mirror of the screen is
 * kept in the store and rendered off-screen for screen readers and e2e tests.
 */
import { useEffect, useRef } from 'react';
import { selectPrompt, selectPromptHost, selectTranscript, usePlayground } from '../../store';
import { feedLine, initialLineState, type LineEffect } from './line-editor';

const GREETING = '# A simulated Linux host with Docker. Try: ip netns add test1\n';

const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export function TerminalPane() {
  const hostRef = useRef<HTMLDivElement>(null);
  const transcript = usePlayground(selectTranscript);
  const hostname = usePlayground(selectPromptHost);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void import('./xterm-loader').then(({ createTerminal }) => {
      const el = hostRef.current;
      if (disposed || !el) return;
      const { term, fit } = createTerminal();
      term.open(el);
      fit.fit();
      const store = usePlayground.getState;
      const prompt = () => selectPrompt(store());
      /** Writes to the screen and to the transcript mirror. */
      const print = (text: string) => {
        term.write(toCrlf(text));
        store().appendTranscript(text);
      };
      let line = initialLineState(store().log.map((e) => e.command));

      const previous = store().transcript;
      if (previous) term.write(toCrlf(previous));
      else print(GREETING + prompt());

      const apply = (effect: LineEffect) => {
        switch (effect.kind) {
          case 'echo':
            term.write(effect.text);
            break;
          case 'redraw':
            term.write(`\x1b[2K\r${prompt()}${effect.text}`);
            break;
          case 'interrupt':
            store().appendTranscript(`${effect.line}^C\n`);
            print(prompt());
            break;
          case 'clear-screen':
            // ED 2 + ED 3 clear the screen and the scrollback, then the prompt is redrawn on top.
            term.write('\x1b[H\x1b[2J\x1b[3J');
            store().clearTranscript();
            print(prompt());
            term.write(line.buffer);
            break;
          case 'submit':
            runLine(effect.line);
            break;
        }
      };
      const runLine = (text: string) => {
        store().appendTranscript(`${text}\n`);
        if (text.trim() === 'clear') {
          term.write('\x1b[H\x1b[2J\x1b[3J');
          store().clearTranscript();
        } else if (text.trim() !== '') {
          print(store().runCommand(text).output);
        }
        print(prompt());
      };
      const onData = term.onData((data) => {
        const result = feedLine(line, data);
        line = result.state;
        result.effects.forEach(apply);
      });
      const resize = new ResizeObserver(() => fit.fit());
      resize.observe(el);
      term.focus();
      cleanup = () => {
        resize.disconnect();
        onData.dispose();
        term.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, []);

  return (
    <section className="terminal-pane" data-testid="terminal" aria-label={`Terminal on ${hostname}`}>
      <header className="pane-header">
        <span className="pane-dot" aria-hidden="true" />
        <span className="pane-title">Terminal</span>
        <span className="pane-subtitle">root@{hostname}</span>
      </header>
      <div className="terminal-host" ref={hostRef} data-testid="terminal-screen" />
      <pre className="sr-only" data-testid="terminal-transcript" aria-live="polite">
        {transcript}
      </pre>
    </section>
  );
}
