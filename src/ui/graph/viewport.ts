/**
 * Fitting the view without asking Cytoscape for bounding boxes: those include labels, so on a
 * big lab the first `boundingBox()` styles and measures every element inside the React commit.
 * The drawn extent is known well enough from the leaves' positions and `NODE_SIZE` (boxes add
 * their padding and title around their children; the margin covers the host's title below it).
 */
import type { Core, NodeSingular } from 'cytoscape';
import { BOX_PAD, BOX_TITLE, NODE_SIZE } from './sizes';
import type { GraphNodeKind } from './to-elements';

export interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Room around the leaves for the boxes drawn around them: a namespace box's padding and title, the host's padding and title below. */
const HOST_PAD = 30;
const HOST_TITLE = 36;
const MARGIN_X = BOX_PAD + HOST_PAD;
const MARGIN_Y = Math.max(BOX_PAD + BOX_TITLE, HOST_PAD + HOST_TITLE);

/** The model-space extent of `nodes` (their leaves), or null when there is none. */
export function leafBounds(nodes: Iterable<NodeSingular>): Bounds | null {
  let b: Bounds | null = null;
  for (const n of nodes) {
    if (n.isParent()) continue;
    const size = NODE_SIZE[n.data('kind') as GraphNodeKind] ?? NODE_SIZE.veth;
    const p = n.position();
    const x1 = p.x - size.w / 2 - MARGIN_X;
    const x2 = p.x + size.w / 2 + MARGIN_X;
    const y1 = p.y - size.h / 2 - MARGIN_Y;
    const y2 = p.y + size.h / 2 + MARGIN_Y;
    if (!b) b = { x1, y1, x2, y2 };
    else {
      b.x1 = Math.min(b.x1, x1);
      b.y1 = Math.min(b.y1, y1);
      b.x2 = Math.max(b.x2, x2);
      b.y2 = Math.max(b.y2, y2);
    }
  }
  return b;
}

/** Whether `b` lies inside the current view. */
export function inView(cy: Core, b: Bounds): boolean {
  const e = cy.extent();
  return b.x1 >= e.x1 && b.x2 <= e.x2 && b.y1 >= e.y1 && b.y2 <= e.y2;
}

/**
 * Fits `b` into the view with `padding` pixels around it (`below` more at the bottom, where the
 * legend floats), never zooming in past 1:1.
 */
export function fitBounds(cy: Core, b: Bounds, padding: number, below = 0): void {
  const w = cy.width();
  const h = cy.height() - below;
  const zoom = Math.max(cy.minZoom(), Math.min(1, (w - 2 * padding) / (b.x2 - b.x1), (h - 2 * padding) / (b.y2 - b.y1)));
  cy.viewport({ zoom, pan: { x: w / 2 - zoom * (b.x1 + b.x2) / 2, y: h / 2 - zoom * (b.y1 + b.y2) / 2 } });
}

const FIT_PADDING = 24;
/** Room for the legend floating at the bottom of the canvas. */
const LEGEND_ROOM = 36;

/** Fits the whole graph (the Fit button, the F key, a first draw); false when the canvas has no size yet. */
export function fitAll(cy: Core): boolean {
  if (cy.width() === 0 || cy.height() === 0) return false;
  const all = leafBounds(cy.nodes());
  if (all) fitBounds(cy, all, FIT_PADDING, LEGEND_ROOM);
  return true;
}
