/**
 * The product bar: name, the lab's name and a summary of the canvas, click-to-probe, undo and redo,
 * the labs and sharing, and the page's actions.
 */
import type { ReactNode } from 'react';
import { selectWorld, usePlayground } from '../../store';
import type { World } from '../../sim';
import { LabName, LabsButton, ShareButton, UndoRedo } from '../labs/LabControls';
import { exportPng, fitGraph } from './graph-actions';
import { Icon } from './Icon';

function summarize(world: World): string {
  const containers = world.hostOrder.reduce((n, id) => n + Object.keys(world.hosts[id]?.docker?.containers ?? {}).length, 0);
  const networks = world.hostOrder.reduce((n, id) => n + Object.keys(world.hosts[id]?.docker?.networks ?? {}).length, 0);
  const spaces = Object.values(world.netns).filter((n) => n.kind === 'named').length;
  const hosts = world.hostOrder.length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Namespaces only when there are some: the top bar is short of room.
  return [plural(hosts, 'host'), plural(containers, 'container'), plural(networks, 'network'), ...(spaces > 0 ? [plural(spaces, 'namespace')] : [])].join(' · ');
}


const SUN = 'M12 4V2m0 20v-2m8-8h2M2 12h2m13.66-5.66 1.41-1.41M4.93 19.07l1.41-1.41m0-11.32L4.93 4.93m14.14 14.14-1.41-1.41M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z';
const MOON = 'M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z';
const IMAGE = 'M4 5h16v14H4zM4 15l4-4 4 4 3-3 5 5M15 9h.01';
const BOOK = 'M4 19.5V5a2 2 0 0 1 2-2h14v15H6a2 2 0 0 0-2 2Zm0 0A2 2 0 0 0 6 21h14M9 7h7M9 11h5';
const FIT = 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5';

export function TopBar({ probe }: { probe?: ReactNode }) {
  const world = usePlayground(selectWorld);
  const theme = usePlayground((s) => s.theme);
  const setTheme = usePlayground((s) => s.setTheme);
  const setHelpOpen = usePlayground((s) => s.setHelpOpen);
  const setGalleryOpen = usePlayground((s) => s.setGalleryOpen);
  return (
    <header className="topbar" data-testid="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="5" cy="12" r="2.6" />
          <circle cx="19" cy="5" r="2.6" />
          <circle cx="19" cy="19" r="2.6" />
          <path d="M7.3 11 16.8 6.1M7.3 13l9.5 4.9" />
        </svg>
        <h1>Docker Network Playground</h1>
        <div className="topbar-lab">
          <LabName />
          <p className="topbar-summary" data-testid="world-summary">{summarize(world)}</p>
        </div>
      </div>
      <div className="topbar-probe">{probe}</div>
      <nav className="topbar-actions" aria-label="Page actions">
        <button type="button" className="btn btn-ghost" onClick={() => setGalleryOpen(true)} title="Guided labs: the tutorials, step by step" data-testid="open-guides">
          <Icon d={BOOK} />
          <span>Guides</span>
        </button>
        <UndoRedo />
        <span className="topbar-sep" aria-hidden="true" />
        <LabsButton />
        <ShareButton />
        <span className="topbar-sep" aria-hidden="true" />
        <button type="button" className="btn btn-ghost" onClick={fitGraph} title="Fit the graph (F)" data-testid="topbar-fit">
          <Icon d={FIT} />
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => exportPng()} title="Export the graph as PNG (E)" data-testid="export-png">
          <Icon d={IMAGE} />
          <span>PNG</span>
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          title={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme (T)`}
          aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          data-testid="theme-toggle"
        >
          <Icon d={theme === 'dark' ? SUN : MOON} />
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => setHelpOpen(true)} title="Keyboard shortcuts (?)" data-testid="help-open">
          <span aria-hidden="true">?</span>
          <span className="sr-only">Help</span>
        </button>
      </nav>
    </header>
  );
}
