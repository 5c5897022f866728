/**
 * One terminal tab's screen: an xterm.js terminal driven by the line editor. Lines typed go to the
 * store's `runCommand` for this tab and nothing else happens here (STYLE.md §3); gesture entries
 * of the tab's log are drawn as if typed, above the line the user is editing. Every text printed
 * also goes to the tab's transcript in the store.
 *
 * Loaded on demand with xterm.js (TerminalView's dynamic `import()`), so none of it is in the
 * first page load.
 */
import { GREETING, usePlayground, type TerminalId } from '../../store';
import { selectPrompt } from '../../store';
import { pickTerminal } from '../../store/slices/world';
import { routeLine } from './paste';
import { namedByPrompt } from '../../sim';
import { complete, formatColumns } from './completion';
import { feedLine, initialLineState, type LineEffect, type LineState } from './line-editor';
import { drawLine, eraseLine, toLineEnd, updateLine, type Shown } from './screen';
import { createTerminal } from './xterm-loader';


const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export interface ShellView {
  focus: () => void;
  /** Fits the terminal to its element (after the tab is shown or the pane resized). */
  fit: () => void;
  dispose: () => void;
}

export function mountShell(el: HTMLElement, id: TerminalId): ShellView {
  const { term, fit } = createTerminal();
  term.open(el);
  fit.fit();
  const store = usePlayground.getState;
  const prompt = () => selectPrompt(store(), id);
  const transcript = (text: string) => store().appendTranscript(text, id);
  /** Writes to the screen and to the transcript. */
  const print = (text: string) => {
    term.write(toCrlf(text));
    transcript(text);
  };

  const typed = store().log.filter((e) => e.terminal === id && e.origin === 'typed').map((e) => e.command);
  let line: LineState = initialLineState(typed);
  /** The line as the screen shows it after the prompt, and the prompt it follows. */
  let shown: Shown = { text: '', cursor: 0 };
  // Gestures run in this tab before its view existed are drawn below; the screen stops at the prompt they were run at.
  const { log, echoed } = store();
  let shownPrompt = log.slice(echoed[id] ?? 0).find((e) => e.terminal === id)?.prompt ?? prompt();

  // A view re-created (its pane was hidden, then shown) starts from the transcript; a new tab greets.
  const previous = store().transcripts[id];
  if (previous !== undefined) term.write(toCrlf(previous));
  else print(GREETING + shownPrompt);

  const newPrompt = () => {
    shownPrompt = prompt();
    shown = { text: '', cursor: 0 };
    print(shownPrompt);
  };

  /**
   * Within one paste, the tab a `[root@HOST ~]#` prompt picked: the next lines without a prompt go
   * there too (paste.ts); a line typed alone starts over here.
   */
  let routed: TerminalId = id;
  /** The host-shell tab on the machine `hostname` (this one when it is this tab's machine), or why not. */
  const tabOn = (hostname: string): { tab: TerminalId } | { error: string } => {
    const s = store();
    const name = namedByPrompt(s.world.hostOrder.map((h) => s.world.hosts[h]!.hostname), hostname);
    const host = s.world.hostOrder.find((h) => s.world.hosts[h]!.hostname === name);
    if (host === undefined) return { error: `-bash: ${hostname}: no such machine in this lab (lab host add ${hostname} makes one)\n` };
    if (s.terminals.find((t) => t.id === id)?.host === host) return { tab: id };
    return { tab: pickTerminal(s.terminals, s.activeTerminal, host) ?? s.openTerminal(host) };
  };

  const runLine = (text: string) => {
    transcript(`${text}\n`);
    const route = routeLine(text);
    if (route?.host !== undefined) {
      const to = tabOn(route.host);
      if ('error' in to) {
        print(to.error);
        newPrompt();
        return;
      }
      routed = to.tab;
    }
    const line = route?.command ?? text;
    if (line.trim() === 'clear') {
      term.write('\x1b[H\x1b[2J\x1b[3J');
      store().clearTranscript(id);
    } else if (line.trim() !== '' && routed !== id) {
      // The other tab shows the line and its output (echoed), and comes to the front.
      store().runCommand(line, { terminal: routed, echo: true });
      store().setActiveTerminal(routed);
    } else if (line.trim() !== '') {
      print(store().runCommand(line, { terminal: id }).output);
    }
    newPrompt();
  };

  const apply = (effect: LineEffect) => {
    switch (effect.kind) {
      case 'line': {
        const next = { text: effect.text, cursor: effect.cursor };
        term.write(updateLine(shownPrompt, shown, next, term.cols));
        shown = next;
        break;
      }
      case 'submit':
        term.write(`${toLineEnd(shownPrompt, shown, term.cols)}\r\n`);
        runLine(effect.line);
        break;
      case 'interrupt':
        term.write(`${toLineEnd(shownPrompt, shown, term.cols)}^C\r\n`);
        transcript(`${effect.line}^C\n`);
        newPrompt();
        break;
      case 'clear-screen':
        // ED 2 + ED 3 clear the screen and the scrollback, then the prompt is redrawn on top.
        term.write('\x1b[H\x1b[2J\x1b[3J');
        store().clearTranscript(id);
        transcript(shownPrompt);
        term.write(drawLine(shownPrompt, shown, term.cols));
        break;
      case 'bell':
        break;
      case 'list': {
        const lines = formatColumns(effect.items, term.cols);
        term.write(`${toLineEnd(shownPrompt, shown, term.cols)}\r\n${lines.join('\r\n')}\r\n`);
        transcript(`${shown.text}\n${lines.join('\n')}\n${shownPrompt}`);
        term.write(drawLine(shownPrompt, shown, term.cols));
        break;
      }
    }
  };

  /** Draws the tab's new gesture entries above the line being edited, which is then redrawn. */
  const echoGestures = () => {
    const entries = store().echoGestures(id);
    if (entries.length === 0) return;
    let text = eraseLine(shownPrompt, shown, term.cols);
    for (const e of entries) text += toCrlf(`${e.prompt}${e.command}\n${e.output}`);
    shownPrompt = entries[entries.length - 1]!.promptAfter;
    term.write(text + drawLine(shownPrompt, shown, term.cols));
  };

  // The gestures run in this tab while it had no view.
  echoGestures();

  const onData = term.onData((data) => {
    routed = id;
    const world = () => store().world;
    const tab = () => store().terminals.find((t) => t.id === id);
    const result = feedLine(line, data, (before) => {
      const t = tab();
      return complete(world(), t?.host ?? '', t?.session ?? null, before);
    });
    line = result.state;
    result.effects.forEach(apply);
  });
  const unsubscribe = usePlayground.subscribe((s, prev) => {
    if (s.log !== prev.log) echoGestures();
  });
  const resize = new ResizeObserver(() => {
    if (el.offsetWidth > 0 && el.offsetHeight > 0) fit.fit();
  });
  resize.observe(el);

  return {
    focus: () => term.focus(),
    fit: () => fit.fit(),
    dispose: () => {
      unsubscribe();
      resize.disconnect();
      onData.dispose();
      term.dispose();
    },
  };
}
