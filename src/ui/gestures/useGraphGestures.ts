/**
 * The canvas side of building by hand, as Cytoscape and DOM handlers on the live graph:
 * - a palette item dropped on the canvas (HTML5 drag and drop) runs what `dropCommands` says for
 *   the node under the pointer;
 * - a container box dragged onto a Docker network's bridge runs `docker network connect`;
 * - a veth end dragged out of its box runs what `unplugCommand` says (disconnect, nomaster);
 * - a right click (cxttap) opens the node's context menu.
 * While dragging, the node that would receive the drop carries the class `drop-target` and the
 * command that would run is previewed beside the pointer.
 *
 * Invariants: handlers only read the World and run Gestures through `runGesture`; a node dragged
 * to run a command goes back to where it was grabbed (the new link shows the change); a plain
 * move (no target) is left alone, it is just layout.
 */
import { useEffect } from 'react';
import type { BoundingBox12, Core, EdgeSingular, EventObject, NodeSingular, Position } from 'cytoscape';
import { usePlayground } from '../../store';
import {
  connectCommand, dropCommands, targetOf, unplugCommand,
  type Gesture, type GestureTarget, type PaletteItem,
} from './commands';
import { contextMenu } from './menus';
import { decodeItem, DROP_TARGET, PALETTE_MIME, useGestureUi } from './gesture-ui';
import { runGesture } from './run-gesture';

/** Kinds a drop can land on, innermost first when they nest. */
const DROPPABLE = new Set(['bridge', 'container', 'netns', 'host']);

const styled = new WeakSet<object>();

/**
 * The look of `.drop-target`, appended once per stylesheet (GraphView owns the stylesheet; a new
 * one, e.g. on a theme change, gets the rule again at the next drag).
 */
function ensureDropStyle(cy: Core): void {
  const style = cy.style();
  if (styled.has(style)) return;
  styled.add(style);
  style
    .selector(`node.${DROP_TARGET}`)
    .style({ 'border-color': '#22d3ee', 'border-width': 4, 'border-style': 'solid', 'overlay-color': '#22d3ee', 'overlay-opacity': 0.16, 'overlay-padding': 6 })
    .update();
}

/** Model coordinates of a viewport point. */
export function modelAt(cy: Core, clientX: number, clientY: number): Position {
  const rect = cy.container()!.getBoundingClientRect();
  const pan = cy.pan();
  const zoom = cy.zoom();
  return { x: (clientX - rect.left - pan.x) / zoom, y: (clientY - rect.top - pan.y) / zoom };
}

function inside(bb: BoundingBox12, p: Position, margin = 0): boolean {
  return p.x >= bb.x1 - margin && p.x <= bb.x2 + margin && p.y >= bb.y1 - margin && p.y <= bb.y2 + margin;
}

/** The innermost droppable node under `pos`, skipping `exclude` (the dragged node and its children). */
export function hitTest(cy: Core, pos: Position, exclude: ReadonlySet<string> = new Set()): NodeSingular | undefined {
  let best: NodeSingular | undefined;
  let bestArea = Infinity;
  for (const n of cy.nodes().toArray()) {
    if (!DROPPABLE.has(n.data('kind') as string) || exclude.has(n.id())) continue;
    const bb = n.boundingBox({ includeLabels: false, includeOverlays: false });
    if (!inside(bb, pos, n.data('kind') === 'bridge' ? 6 : 0)) continue;
    const area = bb.w * bb.h;
    if (area < bestArea) {
      best = n;
      bestArea = area;
    }
  }
  return best;
}

function targetAt(cy: Core, pos: Position, exclude?: ReadonlySet<string>): GestureTarget {
  const node = hitTest(cy, pos, exclude);
  return node ? targetOf(usePlayground.getState().world, node.id()) : { kind: 'none', id: '' };
}

/** Marks one node as the drop target (or none). */
function highlight(cy: Core, id: string | null): void {
  cy.batch(() => {
    cy.nodes(`.${DROP_TARGET}`).forEach((n) => {
      if (n.id() !== id) n.removeClass(DROP_TARGET);
    });
    if (id) cy.getElementById(id).addClass(DROP_TARGET);
  });
}

/** The graph node id a context menu is for: an edge's menu is its near end's. */
function menuNode(cy: Core, e: EventObject): string | null {
  const t = e.target as Core | NodeSingular | EdgeSingular;
  if (t === cy) return null;
  const ele = e.target as NodeSingular | EdgeSingular;
  const id = ele.id();
  if (ele.isNode()) return id;
  if (id.startsWith('port:')) return `if:${id.slice('port:'.length)}`;
  return (ele.data('source') as string | undefined) ?? null;
}

function clientOf(cy: Core, e: EventObject): { x: number; y: number } {
  const oe = e.originalEvent as MouseEvent | undefined;
  if (oe && typeof oe.clientX === 'number') return { x: oe.clientX, y: oe.clientY };
  const rect = cy.container()!.getBoundingClientRect();
  const r = e.renderedPosition ?? { x: 0, y: 0 };
  return { x: rect.left + r.x, y: rect.top + r.y };
}

/** Opens the context menu of `node` (null: the canvas) at viewport point (x, y). */
export function openMenuFor(node: string | null, x: number, y: number): void {
  const items = contextMenu(usePlayground.getState().world, node);
  if (items.length > 0) useGestureUi.getState().setMenu({ x, y, node, items });
}

interface DragSession {
  id: string;
  kind: 'container' | 'iface';
  /** Leaf positions at grab time, to put the node back after it ran a command. */
  positions: Map<string, Position>;
  /** The iface's box at grab time (a compound parent grows as its child is dragged). */
  box?: BoundingBox12;
  exclude: Set<string>;
  gesture?: Gesture | undefined;
}

function startSession(node: NodeSingular): DragSession | null {
  const kind = node.data('kind') as string;
  if (kind !== 'container' && kind !== 'veth') return null;
  const leaves = node.isParent() ? node.descendants().filter((n) => n.isChildless()) : node;
  const positions = new Map<string, Position>();
  leaves.forEach((n) => {
    positions.set(n.id(), { ...n.position() });
  });
  const exclude = new Set([node.id(), ...node.descendants().map((n) => n.id())]);
  if (kind === 'container') return { id: node.id(), kind: 'container', positions, exclude };
  const parent = node.parent().first();
  if (parent.empty()) return null;
  return { id: node.id(), kind: 'iface', positions, exclude, box: parent.boundingBox({ includeLabels: false }) };
}

function restore(cy: Core, s: DragSession): void {
  cy.batch(() => {
    for (const [id, pos] of s.positions) {
      const n = cy.getElementById(id);
      if (n.nonempty()) n.position(pos);
    }
  });
}

/** Attaches the gesture handlers to the live graph for as long as the calling component lives. */
export function useGraphGestures(cy: Core | null): void {
  useEffect(() => {
    if (!cy) return;
    const container = cy.container();
    if (!container) return;
    const ui = useGestureUi.getState;
    const world = () => usePlayground.getState().world;

    // Palette drops (HTML5 drag and drop onto the canvas).
    const paletteGesture = (item: PaletteItem, e: DragEvent): Gesture | undefined => {
      const target = targetAt(cy, modelAt(cy, e.clientX, e.clientY));
      return dropCommands(world(), item, target);
    };
    const onDragOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes(PALETTE_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      ensureDropStyle(cy);
      const item = ui().dragging;
      const g = item ? paletteGesture(item, e) : undefined;
      highlight(cy, g?.at ?? null);
      ui().setPreview(g ? { x: e.clientX, y: e.clientY, text: g.lines.join('\n'), armed: true } : null);
    };
    const clearDrag = () => {
      highlight(cy, null);
      ui().setPreview(null);
    };
    const onDragLeave = (e: DragEvent) => {
      if (!(e.relatedTarget instanceof Node) || !container.contains(e.relatedTarget)) clearDrag();
    };
    const onDrop = (e: DragEvent) => {
      const item = decodeItem(e.dataTransfer?.getData(PALETTE_MIME) ?? '') ?? ui().dragging;
      if (!item) return;
      e.preventDefault();
      clearDrag();
      ui().setDragging(null);
      const g = paletteGesture(item, e);
      if (g) runGesture(g);
    };
    container.addEventListener('dragover', onDragOver);
    container.addEventListener('dragleave', onDragLeave);
    container.addEventListener('drop', onDrop);

    // Dragging nodes of the graph.
    let session: DragSession | null = null;
    let pointer = { x: 0, y: 0 };
    const onMove = (e: MouseEvent) => {
      pointer = { x: e.clientX, y: e.clientY };
    };
    window.addEventListener('mousemove', onMove, true);

    const update = (node: NodeSingular) => {
      if (!session) return;
      const w = world();
      if (session.kind === 'container') {
        const target = targetAt(cy, modelAt(cy, pointer.x, pointer.y), session.exclude);
        session.gesture = target.kind === 'network' ? connectCommand(w, session.id, target.id) : undefined;
        highlight(cy, session.gesture ? target.id : null);
        ui().setPreview(session.gesture ? { ...pointer, text: session.gesture.lines.join('\n'), armed: true } : null);
        return;
      }
      const unplug = unplugCommand(w, session.id);
      const out = session.box !== undefined && !inside(session.box, node.position());
      session.gesture = out ? unplug : undefined;
      ui().setPreview(unplug ? { ...pointer, text: out ? unplug.lines.join('\n') : 'Drag out of the box to unplug', armed: out } : null);
    };
    const onGrab = (e: EventObject) => {
      session = startSession(e.target as NodeSingular);
      if (session) ensureDropStyle(cy);
    };
    const onDrag = (e: EventObject) => {
      if (session && (e.target as NodeSingular).id() === session.id) update(e.target as NodeSingular);
    };
    const onFree = (e: EventObject) => {
      const s = session;
      if (!s || (e.target as NodeSingular).id() !== s.id) return;
      session = null;
      highlight(cy, null);
      ui().setPreview(null);
      if (!s.gesture) return;
      runGesture(s.gesture);
      restore(cy, s);
    };
    const onCxt = (e: EventObject) => {
      const { x, y } = clientOf(cy, e);
      openMenuFor(menuNode(cy, e), x, y);
    };
    cy.on('grabon', 'node', onGrab);
    cy.on('drag', 'node', onDrag);
    cy.on('freeon', 'node', onFree);
    cy.on('cxttap', onCxt);

    return () => {
      container.removeEventListener('dragover', onDragOver);
      container.removeEventListener('dragleave', onDragLeave);
      container.removeEventListener('drop', onDrop);
      window.removeEventListener('mousemove', onMove, true);
      cy.off('grabon', 'node', onGrab);
      cy.off('drag', 'node', onDrag);
      cy.off('freeon', 'node', onFree);
      cy.off('cxttap', onCxt);
    };
  }, [cy]);
}
