/** Entry point: mounts the app and installs the `window.__playground` test hook. */
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './layout/ErrorBoundary';
import { TerminalPane } from './terminal/TerminalPane';
import { afterFirstPaint } from '../store/shell';
import { installTestHook } from './test-hook';
import './styles.css';

installTestHook();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const reactRoot = createRoot(root);
// A transition render yields to the browser every few milliseconds instead of blocking it for the
// whole first render (issue 4's Total Blocking Time budget).
startTransition(() =>
  reactRoot.render(
    <StrictMode>
      {/* Whatever fails to draw, the page offers the lab's export and keeps a terminal. */}
      <ErrorBoundary pane="app" kind="app" extra={<ErrorBoundary pane="app-terminal"><TerminalPane /></ErrorBoundary>}>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  ),
);

// The lab to start with (a shared link, or the one open last) opens once the shell is there; the
// lab machinery (codec, validation, storage) loads in a chunk of its own, off the first paint.
void afterFirstPaint()
  .then(() => import('../store/labs'))
  .then((m) => m.startLabs())
  .then(() => import('./guide/links'))
  .then((m) => m.startGuides());
