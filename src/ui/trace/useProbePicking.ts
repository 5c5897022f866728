/**
 * Click-to-probe on the canvas: while the probe mode is not idle, a tap on a node picks the
 * source, then the target; the second pick runs the probe (`runProbe`). Esc cancels.
 *
 * Invariants: picked nodes carry the class `probe-source` / `probe-target` until the next probe
 * begins or the playback is closed; nothing here changes the World (runProbe runs the command).
 */
import { useEffect } from 'react';
import type { Core, EventObject, NodeSingular } from 'cytoscape';
import { usePlayground } from '../../store';
import { useCy } from '../graph/cy-context';
import { endpointOf, type PickedNode } from './endpoint';
import { runProbe } from './run-probe';

export const PROBE_CLASSES = ['probe-source', 'probe-target'] as const;

function picked(node: NodeSingular): PickedNode {
  const d = node.data() as Omit<PickedNode, 'parent' | 'id'>;
  const parent = node.parent().first();
  return {
    id: node.id(),
    ...d,
    parent: parent.nonempty() ? { id: parent.id(), ...(parent.data() as Omit<PickedNode, 'parent' | 'id'>) } : null,
  };
}

export function clearProbeMarks(cy: Core | null): void {
  cy?.elements(`.${PROBE_CLASSES.join(', .')}`).removeClass(PROBE_CLASSES.join(' '));
}

/**
 * One pick in the current probe mode. Returns false (and shows why) when the node cannot be
 * probed; the mode stays so the user can pick again.
 */
export function pickNode(cy: Core | null, node: PickedNode): boolean {
  const s = usePlayground.getState();
  const mode = s.probe;
  if (mode.kind === 'idle') return false;
  const r = endpointOf(s.world, node);
  if (!r.ok) {
    s.setNotice({ kind: 'error', text: r.error, at: node.id });
    return false;
  }
  s.setNotice(null);
  const port = mode.port !== undefined ? { port: mode.port } : {};
  if (mode.kind === 'pick-source') {
    clearProbeMarks(cy);
    cy?.getElementById(node.id).addClass('probe-source');
    s.setProbe({ kind: 'pick-target', tool: mode.tool, ...port, source: r.endpoint });
    return true;
  }
  cy?.getElementById(node.id).addClass('probe-target');
  s.setProbe({ kind: 'idle' });
  runProbe({ tool: mode.tool, ...port, source: mode.source, target: r.endpoint });
  return true;
}

/** Mounted once (by ProbeControls): the canvas taps and the Esc key of click-to-probe. */
export function useProbePicking(): void {
  const cy = useCy();
  const picking = usePlayground((s) => s.probe.kind !== 'idle');
  const hasPlayback = usePlayground((s) => s.playback !== null);

  useEffect(() => {
    if (!cy || !picking) return;
    // On the core, so a tap inside a compound box is handled once, for the innermost node.
    const onTap = (e: EventObject) => {
      const target = e.target as Core | NodeSingular;
      if (target === cy || !('isNode' in target) || !target.isNode()) return;
      pickNode(cy, picked(target));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      const s = usePlayground.getState();
      s.setProbe({ kind: 'idle' });
      s.setNotice(null);
      if (!s.playback) clearProbeMarks(cy);
    };
    cy.on('tap', onTap);
    window.addEventListener('keydown', onKey);
    cy.container()?.classList.add('probe-picking');
    return () => {
      cy.removeListener('tap', onTap);
      window.removeEventListener('keydown', onKey);
      cy.container()?.classList.remove('probe-picking');
    };
  }, [cy, picking]);

  // The marks go with the playback they belong to.
  useEffect(() => {
    if (!picking && !hasPlayback) clearProbeMarks(cy);
  }, [cy, picking, hasPlayback]);
}
