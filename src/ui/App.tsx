/**
 * The page: top bar; palette | graph | inspector; and the dock below (terminals beside the trace
 * timeline). Every pane resizes with a splitter and collapses to a rail. Each pane (and the
 * dialogs) has an error boundary: one failing to draw says so in its place, the others go on.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { usePlayground, type PanelName } from '../store';
import { GraphView } from './graph/GraphView';
import { EmptyState } from './layout/EmptyState';
import { ErrorBoundary } from './layout/ErrorBoundary';
import { useShortcuts } from './layout/shortcuts';
import { Splitter } from './layout/Splitter';
import { TopBar } from './layout/TopBar';
import { useLabsUi } from './labs/labs-ui';
import { ProbeControls } from './trace/ProbeControls';
import { Palette } from './palette/Palette';
import { TerminalPane } from './terminal/TerminalPane';

// The heavy panels load in their own chunks after the first picture (issue 4's load budget).
const Inspector = lazy(() => import('./inspector/Inspector').then((m) => ({ default: m.Inspector })));
// Menus, dialogs and the canvas' drag handlers: mounted once here, so they work with the palette hidden.
const GestureLayer = lazy(() => import('./gestures/GestureLayer').then((m) => ({ default: m.GestureLayer })));
const GuidePanel = lazy(() => import('./guide/GuidePanel').then((m) => ({ default: m.GuidePanel })));
const GuideGallery = lazy(() => import('./guide/GuideGallery').then((m) => ({ default: m.GuideGallery })));
const TracePanel = lazy(() => import('./trace/TracePanel').then((m) => ({ default: m.TracePanel })));
// Saved labs, export and import: loaded when the dialog first opens.
const LabsDialog = lazy(() => import('./labs/LabsDialog'));
const HelpOverlay = lazy(() => import('./layout/HelpOverlay').then((m) => ({ default: m.HelpOverlay })));

const closeHelp = () => usePlayground.getState().setHelpOpen(false);
const closeGallery = () => usePlayground.getState().setGalleryOpen(false);
const closeLabs = () => useLabsUi.getState().closeDialog();

/** A dialog, loaded on demand, that fails alone: its box offers Close, and the canvas' gestures live on. */
function Dialog({ pane, onClose, children }: { pane: string; onClose: () => void; children: ReactNode }) {
  return (
    <ErrorBoundary pane={pane} kind="floating" onClose={onClose}>
      <Suspense fallback={null}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/** A collapsed pane: a thin rail with a button that opens it again. */
function Rail({ panel, label, side }: { panel: PanelName; label: string; side: 'left' | 'right' | 'bottom' }) {
  const toggle = usePlayground((s) => s.togglePanel);
  return (
    <button type="button" className={`rail rail-${side}`} onClick={() => toggle(panel)} data-testid={`open-${panel}`} title={`Show the ${label}`}>
      <span>{label}</span>
    </button>
  );
}

function Pane({ panel, label, children }: { panel: PanelName; label: string; children: ReactNode }) {
  const toggle = usePlayground((s) => s.togglePanel);
  return (
    <section className={`pane pane-${panel}`} aria-label={label}>
      <header className="pane-header">
        <span className="pane-title">{label}</span>
        <button type="button" className="pane-close" onClick={() => toggle(panel)} data-testid={`close-${panel}`} title={`Hide the ${label}`} aria-label={`Hide the ${label}`}>
          ×
        </button>
      </header>
      <div className="pane-body">{children}</div>
    </section>
  );
}

export function App() {
  useShortcuts();
  const theme = usePlayground((s) => s.theme);
  const collapsed = usePlayground((s) => s.collapsed);
  const hasTrace = usePlayground((s) => s.playback !== null);
  const guiding = usePlayground((s) => s.guideId !== null);
  const helpOpen = usePlayground((s) => s.helpOpen);
  const galleryOpen = usePlayground((s) => s.galleryOpen);
  const labsOpen = useLabsUi((s) => s.dialog !== null);
  const [dockHeight, setDockHeight] = useState(250);
  const [paletteWidth, setPaletteWidth] = useState(188);
  const [inspectorWidth, setInspectorWidth] = useState(360);
  const [traceWidth, setTraceWidth] = useState(560);

  // A trace opening in a low dock gets room for its timeline (the user can shrink it again).
  useEffect(() => {
    if (hasTrace) setDockHeight((h) => Math.max(h, 320));
  }, [hasTrace]);

  const columns = [
    collapsed.palette ? '28px' : `${paletteWidth}px 6px`,
    'minmax(240px, 1fr)',
    collapsed.inspector ? '28px' : `6px ${inspectorWidth}px`,
  ].join(' ');
  const rows = collapsed.dock ? 'auto minmax(0, 1fr) 28px' : `auto minmax(160px, 1fr) 6px ${dockHeight}px`;

  return (
    <div className="app" data-theme={theme} style={{ gridTemplateRows: rows }}>
      <TopBar probe={<ProbeControls />} />
      <main className="workspace" style={{ gridTemplateColumns: columns }}>
        {collapsed.palette ? (
          <Rail panel="palette" label="Palette" side="left" />
        ) : (
          <>
            <Pane panel="palette" label="Palette">
              <ErrorBoundary pane="palette">
                <Palette />
              </ErrorBoundary>
            </Pane>
            <Splitter axis="x" side="before" size={paletteWidth} min={150} max={320} label="Resize the palette" onChange={setPaletteWidth} />
          </>
        )}
        <div className="graph-slot">
          <ErrorBoundary pane="graph">
            <GraphView />
            {!guiding && <EmptyState />}
          </ErrorBoundary>
          {guiding && (
            <ErrorBoundary pane="guide" kind="floating">
              <Suspense fallback={null}>
                <GuidePanel />
              </Suspense>
            </ErrorBoundary>
          )}
        </div>
        {collapsed.inspector ? (
          <Rail panel="inspector" label="Inspector" side="right" />
        ) : (
          <>
            <Splitter axis="x" side="after" size={inspectorWidth} min={240} max={640} label="Resize the inspector" onChange={setInspectorWidth} />
            <Pane panel="inspector" label="Inspector">
              <ErrorBoundary pane="inspector">
                <Suspense fallback={<p className="pane-loading">Loading…</p>}>
                  <Inspector />
                </Suspense>
              </ErrorBoundary>
            </Pane>
          </>
        )}
      </main>
      {collapsed.dock ? (
        <Rail panel="dock" label="Terminal" side="bottom" />
      ) : (
        <>
          <Splitter size={dockHeight} min={120} max={640} label="Resize the terminal" testId="splitter" onChange={setDockHeight} />
          <div className="dock" style={{ gridTemplateColumns: hasTrace ? `minmax(320px, 1fr) 6px ${traceWidth}px` : '1fr' }}>
            <ErrorBoundary pane="terminal">
              <TerminalPane />
            </ErrorBoundary>
            {hasTrace && (
              <>
                <Splitter axis="x" side="after" size={traceWidth} min={320} max={900} label="Resize the timeline" onChange={setTraceWidth} />
                <ErrorBoundary pane="trace">
                  <Suspense fallback={<p className="pane-loading">Loading…</p>}>
                    <TracePanel />
                  </Suspense>
                </ErrorBoundary>
              </>
            )}
          </div>
        </>
      )}
      {helpOpen && (
        <Dialog pane="help" onClose={closeHelp}>
          <HelpOverlay />
        </Dialog>
      )}
      {galleryOpen && (
        <Dialog pane="gallery" onClose={closeGallery}>
          <GuideGallery />
        </Dialog>
      )}
      {labsOpen && (
        <Dialog pane="labs-dialog" onClose={closeLabs}>
          <LabsDialog />
        </Dialog>
      )}
      <ErrorBoundary pane="gestures" kind="floating">
        <Suspense fallback={null}>
          <GestureLayer />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
