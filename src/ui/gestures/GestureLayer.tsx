/**
 * Mounts building by hand on the live graph: the canvas handlers (useGraphGestures), the context
 * menu, the publish dialog, the in-place notices and the drag preview. Renders nothing of its own
 * in the page flow: everything goes through portals into the `.app` root (so the theme variables
 * apply) or the `.graph-pane` (so notices move with the canvas).
 *
 * Keyboard: the context-menu key or Shift+F10 opens the selected node's menu (the canvas' menu
 * when nothing is selected), unless a text field or the terminal has the focus.
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import type { Core } from 'cytoscape';
import { useCy } from '../graph/cy-context';
import { usePlayground } from '../../store';
import { ContextMenu } from './ContextMenu';
import { useGestureUi } from './gesture-ui';
import { NoticeLayer } from './NoticeLayer';
import { GestureDialog } from './PublishDialog';
import { openMenuFor, useGraphGestures } from './useGraphGestures';
import { isTyping } from '../layout/shortcuts';
import './gestures.css';

function useMenuKey(cy: Core | null): void {
  useEffect(() => {
    if (!cy) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) || isTyping(document.activeElement)) return;
      e.preventDefault();
      const rect = cy.container()!.getBoundingClientRect();
      const selected = usePlayground.getState().selected;
      const node = selected ? cy.getElementById(selected) : cy.collection();
      if (node.nonempty()) {
        const p = node.renderedBoundingBox({ includeLabels: false });
        openMenuFor(node.id(), rect.left + (p.x1 + p.x2) / 2, rect.top + (p.y1 + p.y2) / 2);
      } else {
        openMenuFor(null, rect.left + rect.width / 2, rect.top + rect.height / 2);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [cy]);
}

function DragPreviewChip({ portal }: { portal: Element }) {
  const preview = useGestureUi((s) => s.preview);
  if (!preview) return null;
  return createPortal(
    <div
      className={`drag-preview${preview.armed ? ' drag-preview-armed' : ''}`}
      style={{ left: preview.x + 16, top: preview.y + 18 }}
      data-testid="drag-preview"
      aria-hidden="true"
    >
      {preview.armed ? <span className="drag-preview-prompt">#</span> : null}
      <pre>{preview.text}</pre>
    </div>,
    portal,
  );
}

export function GestureLayer() {
  const cy = useCy();
  useGraphGestures(cy);
  useMenuKey(cy);
  const container = cy?.container() ?? null;
  const app = container?.closest('.app') ?? null;
  const pane = container?.closest('.graph-pane') ?? null;
  if (!cy || !app) return null;
  return (
    <>
      {pane ? <NoticeLayer cy={cy} portal={pane} /> : null}
      <ContextMenu portal={app} />
      <GestureDialog portal={app} />
      <DragPreviewChip portal={app} />
    </>
  );
}
