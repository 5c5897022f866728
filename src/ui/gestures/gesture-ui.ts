/**
 * What the gesture layer shows besides the canvas: the open context menu, the open dialog, and
 * the preview of the command a drag would run. A tiny store of its own: none of it is part of the
 * lab, and nothing outside src/ui/gestures and the palette reads it.
 */
import { create } from 'zustand';
import { PALETTE_IMAGES, type PaletteItem } from './commands';
import type { MenuItem } from './menus';

export interface OpenMenu {
  /** Viewport coordinates of the menu's top-left corner. */
  x: number;
  y: number;
  /** The graph node it is for (null: the empty canvas). */
  node: string | null;
  items: MenuItem[];
}

export type OpenDialog = { kind: 'publish'; host: string; container: string; at: string };

/** The command a drag would run where the pointer is, shown beside the pointer (viewport coords). */
export interface DragPreview {
  x: number;
  y: number;
  text: string;
  /** The drop would do something (vs. a hint such as "drop on a network"). */
  armed: boolean;
}

interface GestureUi {
  menu: OpenMenu | null;
  dialog: OpenDialog | null;
  preview: DragPreview | null;
  /** The palette item being dragged (HTML5 drag data cannot be read before the drop). */
  dragging: PaletteItem | null;
  setMenu: (menu: OpenMenu | null) => void;
  setDialog: (dialog: OpenDialog | null) => void;
  setPreview: (preview: DragPreview | null) => void;
  setDragging: (item: PaletteItem | null) => void;
}

export const useGestureUi = create<GestureUi>()((set) => ({
  menu: null,
  dialog: null,
  preview: null,
  dragging: null,
  setMenu: (menu) => set({ menu }),
  setDialog: (dialog) => set({ dialog }),
  setPreview: (preview) => set({ preview }),
  setDragging: (dragging) => set({ dragging }),
}));

/** The class of the graph node a drag would drop on (GraphView's stylesheet may style it too). */
export const DROP_TARGET = 'drop-target';

/** The drag data type palette items carry (`application/x-dnp-palette` = JSON of a PaletteItem). */
export const PALETTE_MIME = 'application/x-dnp-palette';

export function encodeItem(item: PaletteItem): string {
  return JSON.stringify(item);
}

/** Reads drag data back; anything but a palette item is null. */
export function decodeItem(text: string): PaletteItem | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { kind, image } = v as { kind?: unknown; image?: unknown };
  if (kind === 'network' || kind === 'netns' || kind === 'veth' || kind === 'bridge' || kind === 'vm') return { kind };
  const img = PALETTE_IMAGES.find((i) => i === image);
  return kind === 'image' && img ? { kind: 'image', image: img } : null;
}
