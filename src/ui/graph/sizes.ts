/**
 * The graph's geometry that placement (place.ts, place-above.ts), the stylesheet (graph-style.ts)
 * and the viewport share, so what is placed and what is drawn agree.
 */
import type { GraphNodeKind } from './to-elements';

/** A model position (a node's centre). */
export interface Point {
  x: number;
  y: number;
}

export interface Size {
  w: number;
  h: number;
}

/** Node sizes by kind (a box's size when it has no children); graph-style.ts draws them with the same numbers. */
export const NODE_SIZE: Record<GraphNodeKind, Size> = {
  host: { w: 220, h: 90 },
  netns: { w: 160, h: 60 },
  container: { w: 180, h: 54 },
  internet: { w: 170, h: 92 },
  lan: { w: 200, h: 56 },
  ether: { w: 150, h: 46 },
  veth: { w: 136, h: 40 },
  bridge: { w: 240, h: 56 },
  publish: { w: 212, h: 30 },
  overlay: { w: 380, h: 56 },
  vxlan: { w: 150, h: 46 },
  macvlan: { w: 200, h: 46 },
};

/** Padding around a box's children, and the room above them for its title (graph-style.ts). */
export const BOX_PAD = 12;
export const BOX_TITLE = 40;
/** Vertical gap between stacked nodes in a box. */
export const STACK_GAP = 14;

/** The least room between two nodes side by side in a row. */
export const GAP = 30;
