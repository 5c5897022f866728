/**
 * The terminals: a tab bar (one tab per shell, titled by where the shell is) over the tabs'
 * screens. Each tab has its own xterm.js screen and transcript (store: terminal slice); lines and
 * gestures go through the store's `runCommand` for that tab. The active tab's transcript is also
 * rendered off-screen as plain text, for screen readers and the e2e tests.
 */
import { selectTranscript, usePlayground, type TerminalTab } from '../../store';
import { tabDescription, tabPlace, tabTitle } from './tab-title';
import { TerminalView } from './TerminalView';
import './terminal.css';

function Tab({ tab, active, closable }: { tab: TerminalTab; active: boolean; closable: boolean }) {
  const world = usePlayground((s) => s.world);
  const setActive = usePlayground((s) => s.setActiveTerminal);
  const close = () => {
    const s = usePlayground.getState();
    s.closeTerminal(tab.id);
    s.forgetTerminal(tab.id);
  };
  return (
    <div className={`terminal-tab${active ? ' is-active' : ''}`} data-place={tabPlace(tab)}>
      <button
        type="button"
        role="tab"
        aria-selected={active}
        className="terminal-tab-label"
        data-testid={`terminal-tab-${tab.id}`}
        title={tabDescription(world, tab)}
        onClick={() => setActive(tab.id)}
        onAuxClick={(e) => {
          if (e.button === 1 && closable) close();
        }}
      >
        <span className="terminal-tab-icon" aria-hidden="true" />
        {tabTitle(world, tab)}
      </button>
      {closable && (
        <button
          type="button"
          className="terminal-tab-close"
          data-testid={`terminal-close-${tab.id}`}
          aria-label={`Close ${tabTitle(world, tab)}`}
          title="Close this terminal"
          onClick={close}
        >
          ×
        </button>
      )}
    </div>
  );
}

export function TerminalPane() {
  const terminals = usePlayground((s) => s.terminals);
  const active = usePlayground((s) => s.activeTerminal);
  const openTerminal = usePlayground((s) => s.openTerminal);
  const epoch = usePlayground((s) => s.labEpoch);
  const transcript = usePlayground(selectTranscript);
  const activeTab = terminals.find((t) => t.id === active);
  const host = usePlayground((s) => (activeTab && s.world.hosts[activeTab.host]?.hostname) || 'localhost');

  return (
    <section className="terminal-pane" data-testid="terminal" aria-label={`Terminal on ${host}`}>
      <header className="terminal-tabs" role="tablist" aria-label="Terminals">
        {terminals.map((t) => (
          <Tab key={t.id} tab={t} active={t.id === active} closable={terminals.length > 1} />
        ))}
        <button
          type="button"
          className="terminal-new"
          data-testid="terminal-new"
          title="New terminal on the host"
          aria-label="New terminal"
          onClick={() => openTerminal()}
        >
          +
        </button>
        <button
          type="button"
          className="terminal-hide"
          data-testid="close-dock"
          title="Hide the terminal (` shows it)"
          aria-label="Hide the terminal"
          onClick={() => usePlayground.getState().togglePanel('dock')}
        >
          ×
        </button>
      </header>
      <div className="terminal-screens" data-testid="terminal-screen">
        {terminals.map((t) => (
          // A lab opened (or undo) replaces the transcripts: the screens start over from them.
          <TerminalView key={`${t.id}:${epoch}`} id={t.id} active={t.id === active} />
        ))}
      </div>
      <pre className="sr-only" data-testid="terminal-transcript" aria-live="polite">
        {transcript}
      </pre>
    </section>
  );
}
