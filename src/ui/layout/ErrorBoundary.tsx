/**
 * Error boundaries (React's `getDerivedStateFromError`): a pane whose drawing throws shows why, a
 * "Try again" button and "Export the lab" in its place, and the rest of the page goes on: the
 * terminal runs lines, the lab keeps saving (the lab lives in the store, not in a pane). The whole
 * app has one too (main.tsx), which keeps a terminal under its message.
 *
 * Small on purpose: it is in the first load (issue 4's budget); the export's code loads on click.
 */
import { Component, type ReactNode } from 'react';
import { usePlayground } from '../../store';

/** Panes made to fail by the test hook (`failRender`): they throw while drawn, until "Try again". */
const failing = new Set<string>();
const mounted = new Map<string, () => void>();

/** Test hook: makes `pane` throw when it next draws. False when no such pane is on the page. */
export function failRender(pane: string): boolean {
  const redraw = mounted.get(pane);
  if (!redraw) return false;
  failing.add(pane);
  redraw();
  return true;
}

function Fuse({ pane }: { pane: string }): null {
  if (failing.has(pane)) throw new Error(`the ${pane} was made to fail (test hook)`);
  return null;
}

/** Downloads the lab as a file (as Labs → Export does); without the labs code, as plain JSON. */
function exportLab(): void {
  void import('../../store/labs')
    .then((m) => m.labFile())
    .catch(() => ({ name: 'lab.dnp.json', text: JSON.stringify(usePlayground.getState().currentLab()) }))
    .then(({ name, text }) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
}

interface Props {
  /** Names the pane (`failRender(pane)`, `data-testid="failed-PANE"`). */
  pane: string;
  children: ReactNode;
  /** Drawn under the message (the app's fallback keeps a terminal there). */
  extra?: ReactNode;
  /** For the fallback's box: `floating` for an overlay (a dialog), `app` for the whole page. */
  kind?: 'floating' | 'app';
  /** Closes what failed (a dialog): the fallback offers it beside "Try again". */
  onClose?: () => void;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }

  override componentDidMount() {
    mounted.set(this.props.pane, () => this.forceUpdate());
  }

  override componentWillUnmount() {
    mounted.delete(this.props.pane);
  }

  override render() {
    const { pane, children, extra, kind, onClose } = this.props;
    const { error } = this.state;
    if (!error) {
      return (
        <>
          <Fuse pane={pane} />
          {children}
        </>
      );
    }
    const retry = () => {
      failing.delete(pane);
      this.setState({ error: null });
    };
    return (
      <div
        className={kind === 'app' ? 'app pane-failed-app' : `pane-failed${kind ? ' pane-failed-floating' : ''}`}
        data-testid={`failed-${pane}`}
        data-theme={kind === 'app' ? usePlayground.getState().theme : undefined}
      >
        <div role="alert" className="pane-failed-message">
          <p>
            {kind === 'app' ? 'The playground' : 'This panel'} failed to draw: {error.message}
          </p>
          <button type="button" className="btn" onClick={retry}>
            Try again
          </button>{' '}
          <button type="button" className="btn" onClick={exportLab}>
            Export the lab
          </button>
          {onClose && (
            <>
              {' '}
              <button
                type="button"
                className="btn"
                onClick={() => {
                  onClose();
                  retry();
                }}
              >
                Close
              </button>
            </>
          )}
        </div>
        {extra}
      </div>
    );
  }
}
