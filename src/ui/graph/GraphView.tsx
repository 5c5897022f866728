/**
 * The network canvas: selects the World, maps it with `toElements` and applies the difference to
 * Cytoscape with `syncGraph`. Cytoscape owns the canvas; React only owns the container.
 */
import { useEffect, useMemo, useRef } from 'react';
import cytoscape, { type Core } from 'cytoscape';
import { selectWorld, usePlayground } from '../../store';
import { setCy } from './cy-context';
import { graphStyle } from './graph-style';
import { syncGraph } from './sync-graph';
import { toElements, type GraphElement } from './to-elements';
import { GraphLegend } from './GraphLegend';

const FIT_PADDING = 28;

/**
 * Fits everything when new nodes fall outside the viewport; never zooms in past 1:1. Returns
 * false when the canvas has no size yet (the caller retries on resize).
 */
function fitIfNeeded(cy: Core, added: readonly string[], force: boolean): boolean {
  if (cy.width() === 0 || cy.height() === 0) return false;
  const ext = cy.extent();
  const outside = added.some((id) => {
    const ele = cy.getElementById(id);
    if (ele.empty() || ele.group() === 'edges') return false;
    const bb = ele.boundingBox();
    return bb.x1 < ext.x1 || bb.x2 > ext.x2 || bb.y1 < ext.y1 || bb.y2 > ext.y2;
  });
  if (!force && !outside) return true;
  cy.fit(undefined, FIT_PADDING);
  if (cy.zoom() > 1) {
    cy.zoom(1);
    cy.center();
  }
  return true;
}

export function GraphView() {
  const world = usePlayground(selectWorld);
  const elements = useMemo(() => toElements(world), [world]);
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const prevRef = useRef<readonly GraphElement[]>([]);
  const pendingFitRef = useRef(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const cy = cytoscape({
      container,
      style: graphStyle,
      minZoom: 0.2,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      // DESIGN.md: these keep panning smooth with compound nodes on a GPU-less machine.
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      pixelRatio: 1,
    });
    cyRef.current = cy;
    setCy(cy);
    const resize = new ResizeObserver(() => {
      cy.resize();
      if (pendingFitRef.current) pendingFitRef.current = !fitIfNeeded(cy, [], true);
    });
    resize.observe(container);
    return () => {
      resize.disconnect();
      setCy(null);
      cy.destroy();
      cyRef.current = null;
      prevRef.current = [];
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const first = prevRef.current.length === 0;
    const summary = syncGraph(cy, prevRef.current, elements);
    prevRef.current = elements;
    if (summary.added.length > 0 || summary.moved.length > 0) {
      const done = fitIfNeeded(cy, [...summary.added, ...summary.moved], first || pendingFitRef.current);
      pendingFitRef.current = !done;
    }
  }, [elements]);

  const fit = () => {
    const cy = cyRef.current;
    if (cy) fitIfNeeded(cy, [], true);
  };

  return (
    <section className="graph-pane" aria-label="Network graph">
      <div className="graph-canvas" data-testid="graph" ref={containerRef} />
      <div className="graph-toolbar">
        <button type="button" onClick={fit} data-testid="graph-fit" title="Fit the graph to the view">
          Fit
        </button>
      </div>
      <GraphLegend />
    </section>
  );
}
