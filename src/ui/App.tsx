/** The page: top bar, the network graph, and the terminal below it (resizable). */
import { useState } from 'react';
import { GraphView } from './graph/GraphView';
import { Splitter } from './layout/Splitter';
import { TopBar } from './layout/TopBar';
import { TerminalPane } from './terminal/TerminalPane';

export function App() {
  const [terminalHeight, setTerminalHeight] = useState(230);
  return (
    <div className="app" style={{ gridTemplateRows: `auto minmax(120px, 1fr) 6px ${terminalHeight}px` }}>
      <TopBar />
      <GraphView />
      <Splitter height={terminalHeight} min={120} max={640} onChange={setTerminalHeight} />
      <TerminalPane />
    </div>
  );
}
