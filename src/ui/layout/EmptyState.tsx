/**
 * Over an empty canvas (no container, no namespace yet): an invitation to the first command, with
 * the command shown so the user learns it, and a button that runs it as a gesture.
 */
import { usePlayground } from '../../store';
import type { World } from '../../sim';

const FIRST = 'docker run -d --name c1 busybox sleep 1d';

function isEmpty(world: World): boolean {
  const spaces = Object.values(world.netns).some((n) => n.kind === 'named' || n.kind === 'container');
  const containers = Object.values(world.hosts).some((h) => h.docker && Object.keys(h.docker.containers).length > 0);
  return !spaces && !containers;
}

export function EmptyState() {
  const empty = usePlayground((s) => isEmpty(s.world) && s.log.length === 0);
  const run = usePlayground((s) => s.runCommand);
  if (!empty) return null;
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>Build a Docker network and watch it work</h2>
      <p>
        Drag <b>busybox</b> from the palette onto the host, or run:
      </p>
      <code>{FIRST}</code>
      <div className="empty-actions">
        <button type="button" className="btn btn-primary" onClick={() => run(FIRST, { origin: 'gesture' })} data-testid="empty-run">
          Run it
        </button>
        <span className="empty-hint">
          then press <kbd>P</kbd> and click two containers to ping · <kbd>?</kbd> for help
        </span>
      </div>
    </div>
  );
}
