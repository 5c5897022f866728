/**
 * The picture's part of a lab (Lab.layout): positions of the nodes a fresh drawing of the World
 * would put elsewhere. Capturing only those keeps share links short; applying them after a fresh
 * drawing gives the picture back.
 */
import type { Core, NodeSingular } from 'cytoscape';
import type { Position } from '../../store';
import { placeNodes } from './place';
import type { GraphElement } from './to-elements';

/** Puts the nodes the lab's layout names where it says; placement did the rest. */
export function applyLayout(cy: Core, ids: readonly string[], layout: Readonly<Record<string, Position>>): void {
  for (const id of ids) {
    const at = layout[id];
    if (!at) continue;
    const node = cy.getElementById(id) as NodeSingular;
    if (node.nonempty() && node.isNode() && !node.isParent()) node.position({ x: at[0], y: at[1] });
  }
}

/**
 * The picture's part of the lab: where each node is drawn, for the nodes that are not where a
 * fresh drawing of the same World would put them (moved by the user, or placed while the lab was
 * being built: a stopped container keeps its old place). A lab opened elsewhere is drawn fresh,
 * then these are applied, so it looks the same.
 */
export function captureLayout(cy: Core, elements: readonly GraphElement[]): Record<string, Position> {
  const ids = new Set<string>();
  for (const el of elements) if (el.group === 'nodes') ids.add(el.data.id);
  const fresh = placeNodes(elements, new Map(), ids);
  const layout: Record<string, Position> = {};
  cy.nodes(':childless').forEach((n) => {
    const at: Position = [Math.round(n.position('x')), Math.round(n.position('y'))];
    const f = fresh.get(n.id());
    if (!f || Math.round(f.x) !== at[0] || Math.round(f.y) !== at[1]) layout[n.id()] = at;
  });
  return layout;
}
