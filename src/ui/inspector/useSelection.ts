/**
 * The graph selection: a tap on a node or an edge selects it in the store, a tap on the
 * background clears it, and Cytoscape's own `:selected` follows the store (the one truth).
 *
 * Invariants: taps select only while click-to-probe is idle (picking a source and a target uses
 * the same taps); whether it was idle is read when the tap *starts*, so the tap that ends a pick
 * (and sets the probe back to idle) does not also select. Mounted once, by the Inspector.
 */
import { useEffect } from 'react';
import type { Core, EventObject } from 'cytoscape';
import { usePlayground } from '../../store';
import { useCy } from '../graph/cy-context';

/** Makes Cytoscape's `:selected` exactly the store's selection. */
export function syncCySelection(cy: Core, selected: string | null): void {
  cy.batch(() => {
    cy.$(':selected').forEach((ele) => {
      if (ele.id() !== selected) ele.unselect();
    });
    if (selected === null) return;
    const ele = cy.getElementById(selected);
    if (ele.nonempty() && !ele.selected()) ele.select();
  });
}

export function useSelection(): void {
  const cy = useCy();
  const selected = usePlayground((s) => s.selected);

  useEffect(() => {
    if (!cy) return;
    let idleAtStart = true;
    let resync = 0;
    const onTapStart = () => {
      idleAtStart = usePlayground.getState().probe.kind === 'idle';
    };
    // On the core, so a tap inside a compound box is handled once, for the innermost element.
    const onTap = (e: EventObject) => {
      const s = usePlayground.getState();
      if (idleAtStart && s.probe.kind === 'idle') {
        const target = e.target as Core | { id: () => string };
        s.select(target === cy ? null : (target as { id: () => string }).id());
      }
      // Cytoscape changes its own selection after the tap handlers run: put the store's back.
      window.clearTimeout(resync);
      resync = window.setTimeout(() => syncCySelection(cy, usePlayground.getState().selected), 0);
    };
    cy.on('tapstart', onTapStart);
    cy.on('tap', onTap);
    return () => {
      window.clearTimeout(resync);
      cy.removeListener('tapstart', onTapStart);
      cy.removeListener('tap', onTap);
    };
  }, [cy]);

  useEffect(() => {
    if (cy) syncCySelection(cy, selected);
  }, [cy, selected]);
}
