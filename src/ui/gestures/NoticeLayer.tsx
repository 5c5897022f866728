/**
 * Shows `ui.notice` in place: a gesture's error with the tool's own text, in a callout under the
 * graph node it is about (it follows pans and zooms), or at the top of the canvas when that node
 * is not drawn. Errors stay until closed (×, Esc) or the next gesture; info notices fade after a
 * few seconds, longer when they offer an action (the Undo of a deleted lab).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Core, NodeSingular } from 'cytoscape';
import { usePlayground } from '../../store';

const INFO_MS = 6000;
const ACTION_MS = 12000;

/** The drawn node for a notice's `at`: `ctr:<id>` falls back to the box of that container. */
function nodeFor(cy: Core, at: string | undefined): NodeSingular | undefined {
  if (!at) return undefined;
  const n = cy.nodes().getElementById(at);
  if (n.nonempty()) return n;
  if (at.startsWith('ctr:')) {
    const id = at.slice('ctr:'.length);
    const box = cy.nodes().filter((x) => x.data('container') === id);
    if (box.nonempty()) return box[0];
  }
  return undefined;
}

/** The node's horizontal centre, and its bottom and top edges, in pane coordinates. */
interface Place {
  x: number;
  below: number;
  above: number;
}

export function NoticeLayer({ cy, portal }: { cy: Core; portal: Element }) {
  const notice = usePlayground((s) => s.notice);
  const setNotice = usePlayground((s) => s.setNotice);
  const [place, setPlace] = useState<Place | null>(null);
  const [height, setHeight] = useState(0);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!notice) return;
    const measure = () => {
      const node = nodeFor(cy, notice.at);
      if (!node) {
        setPlace(null);
        return;
      }
      const bb = node.renderedBoundingBox({ includeLabels: false });
      setPlace({ x: (bb.x1 + bb.x2) / 2, below: bb.y2 + 9, above: bb.y1 - 9 });
    };
    measure();
    cy.on('viewport resize', measure);
    cy.on('position add remove', 'node', measure);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setNotice(null);
    };
    document.addEventListener('keydown', onKey);
    const timer = notice.kind === 'info' ? window.setTimeout(() => setNotice(null), notice.action ? ACTION_MS : INFO_MS) : undefined;
    return () => {
      cy.off('viewport resize', measure);
      cy.off('position add remove', 'node', measure);
      document.removeEventListener('keydown', onKey);
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [cy, notice, setNotice]);

  useLayoutEffect(() => {
    setHeight(ref.current?.offsetHeight ?? 0);
  }, [notice]);

  if (!notice) return null;
  const width = portal.clientWidth;
  const left = place ? Math.max(8, Math.min(place.x - 170, width - 348)) : Math.max(8, width / 2 - 170);
  // Under the node when it fits in the canvas, else above it.
  const up = place !== null && place.below + height > portal.clientHeight - 8 && place.above - height >= 8;
  const top = place ? (up ? place.above - height : Math.max(8, Math.min(place.below, portal.clientHeight - height - 8))) : 56;
  // The caret points at the node even when the callout is pushed back inside the canvas.
  const style = place ? { left, top, ['--caret' as string]: `${Math.max(12, Math.min(place.x - left, 328))}px` } : { left, top };
  return createPortal(
    <div
      ref={ref}
      className={`notice notice-${notice.kind}${place ? ` notice-anchored${up ? ' notice-up' : ''}` : ''}`}
      style={style}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
      data-at={notice.at}
    >
      <pre className="notice-text">{notice.text}</pre>
      {notice.action && (
        <button
          type="button"
          className="notice-action"
          onClick={() => {
            const run = notice.action!.run;
            setNotice(null);
            run();
          }}
          data-testid="notice-action"
        >
          {notice.action.label}
        </button>
      )}
      <button type="button" className="notice-close" onClick={() => setNotice(null)} aria-label="Dismiss" data-testid="notice-close">
        ×
      </button>
    </div>,
    portal,
  );
}
