/** The product bar: name, and a summary of what is on the canvas. */
import { selectWorld, usePlayground } from '../../store';
import type { World } from '../../sim';

function summarize(world: World): string {
  const spaces = Object.values(world.netns).filter((n) => n.kind === 'named' || n.kind === 'container').length;
  const links = Object.values(world.ifaces).filter((i) => i.kind !== 'loopback').length;
  const hosts = world.hostOrder.length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [plural(hosts, 'host'), plural(spaces, 'namespace'), plural(links, 'interface')].join(' · ');
}

export function TopBar() {
  const world = usePlayground(selectWorld);
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
      </div>
      <p className="topbar-summary" data-testid="world-summary">{summarize(world)}</p>
    </header>
  );
}
