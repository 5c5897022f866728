/**
 * The network canvas: selects the World, maps it with `toElements` and applies the difference to
 * Cytoscape with `syncGraph`. Cytoscape owns the canvas; React only owns the container.
 *
 * Big graphs (more than BIG_GRAPH nodes) switch the renderer to its fast mode: a texture while
 * the viewport moves, edges hidden meanwhile, pixel ratio 1 (DESIGN.md: compound nodes are what
 * costs). Small graphs stay crisp at the screen's pixel ratio.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import cytoscape, { type Core } from 'cytoscape';
import { selectWorld, usePlayground } from '../../store';
import { setCy } from './cy-context';
import { installCySpeedups } from './cy-speedups';
import { graphStyle } from './graph-style';
import { applyLayout, captureLayout } from './lab-layout';
import { syncGraph } from './sync-graph';
import { toElements, type GraphElement } from './to-elements';
import { GraphLegend } from './GraphLegend';
import { fitAll, inView, leafBounds } from './viewport';
import './graph.css';

export const BIG_GRAPH = 300;

/** The renderer's switches Cytoscape only takes as init options; they are plain fields on it. */
interface RendererSwitches {
  textureOnViewport: boolean;
  hideEdgesOnViewport: boolean;
  forcedPixelRatio: number | null;
  /** The wheel-zoom gesture's flag and timer: while set, a moving viewport is drawn from a texture. */
  data: { wheelZooming: boolean; wheelTimeout?: ReturnType<typeof setTimeout> };
  redrawHint(what: 'eles', on: boolean): void;
  redraw(): void;
}

const rendererOf = (cy: Core) => (cy as unknown as { renderer(): RendererSwitches | undefined }).renderer();

/**
 * Cytoscape draws a moving viewport from a texture only during its own gestures (drag, wheel,
 * pinch). On a big graph, programmatic motion (`panBy`, an animated fit, following a packet)
 * gets the same treatment: the wheel gesture's flag, cleared 150 ms after the last move, as
 * Cytoscape's wheel handler clears it.
 */
function textureWhileMoving(cy: Core, isBig: () => boolean): () => void {
  const onViewport = () => {
    const r = rendererOf(cy);
    if (!r || !isBig()) return;
    r.data.wheelZooming = true;
    clearTimeout(r.data.wheelTimeout);
    r.data.wheelTimeout = setTimeout(() => {
      r.data.wheelZooming = false;
      r.redrawHint('eles', true);
      r.redraw();
    }, 150);
  };
  cy.on('viewport', onViewport);
  return () => cy.off('viewport', onViewport);
}

/** Runs `fn` as a User Timing measure (the latest in `performance.getEntriesByName(name)`), for the perf specs and the bench. */
function timed<T>(name: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  performance.clearMeasures(name);
  performance.measure(name, { start: t0, end: performance.now() });
  return out;
}

/** Switches the renderer's fast mode on or off. */
function tuneForSize(cy: Core, big: boolean): void {
  const r = rendererOf(cy);
  if (!r) return;
  r.textureOnViewport = big;
  r.hideEdgesOnViewport = big;
  r.forcedPixelRatio = big ? 1 : null;
}

/**
 * Fits everything when new nodes fall outside the viewport; never zooms in past 1:1. Returns
 * false when the canvas has no size yet (the caller retries on resize).
 */
function fitIfNeeded(cy: Core, added: readonly string[], force: boolean): boolean {
  if (cy.width() === 0 || cy.height() === 0) return false;
  if (!force) {
    const ids = new Set(added);
    const fresh = leafBounds(cy.nodes().filter((n) => ids.has(n.id())));
    if (!fresh || inView(cy, fresh)) return true;
  }
  return fitAll(cy);
}

export function GraphView() {
  const world = usePlayground(selectWorld);
  const epoch = usePlayground((s) => s.labEpoch);
  const epochRef = useRef(epoch);
  const labIdRef = useRef(usePlayground.getState().labId);
  const theme = usePlayground((s) => s.theme);
  const elements = useMemo(() => timed('graph:toElements', () => toElements(world)), [world]);
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const prevRef = useRef<readonly GraphElement[]>([]);
  const pendingFitRef = useRef(false);
  const bigRef = useRef(false);
  /** The stylesheet on the canvas (`theme:big`): restyling thousands of elements is not free. */
  const styleRef = useRef('');
  const applyStyle = (cy: Core, th: 'dark' | 'light', big: boolean) => {
    const key = `${th}:${big}`;
    if (styleRef.current === key) return;
    styleRef.current = key;
    cy.style(graphStyle(th, big));
  };

  /** The instance exists and the first task is over: the first sync runs in a task of its own. */
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const th = usePlayground.getState().theme;
    styleRef.current = `${th}:false`;
    const cy = cytoscape({
      container,
      style: graphStyle(th),
      minZoom: 0.02,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      // Switched on by tuneForSize past BIG_GRAPH nodes.
      textureOnViewport: false,
      hideEdgesOnViewport: false,
    });
    installCySpeedups(cy);
    const stopTexture = textureWhileMoving(cy, () => bigRef.current);
    // The lab asks for the picture when it is saved or shared; a drop is a change worth saving.
    const capture = () => captureLayout(cy, prevRef.current);
    usePlayground.setState({ captureLayout: capture });
    const onDrop = () => usePlayground.getState().setLayout(capture());
    cy.on('dragfree', 'node', onDrop);
    cyRef.current = cy;
    setCy(cy);
    const resize = new ResizeObserver(() => {
      cy.resize();
      if (pendingFitRef.current) pendingFitRef.current = !fitIfNeeded(cy, [], true);
    });
    resize.observe(container);
    // Creating the renderer and drawing the first graph are each a long task; apart, neither
    // blocks the page for long (issue 4's Total Blocking Time budget).
    const first = setTimeout(() => setReady(true), 0);
    return () => {
      clearTimeout(first);
      setReady(false);
      resize.disconnect();
      stopTexture();
      cy.off('dragfree', 'node', onDrop);
      usePlayground.setState({ captureLayout: null });
      setCy(null);
      cy.destroy();
      cyRef.current = null;
      prevRef.current = [];
      bigRef.current = false;
      styleRef.current = '';
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !ready) return;
    // Another lab (or an undo): the World was replaced, not extended. Draw it anew, from its layout.
    // Undo and redo keep the view where the user had it; another lab is fitted.
    let keepView: { zoom: number; pan: { x: number; y: number } } | null = null;
    if (epochRef.current !== epoch) {
      epochRef.current = epoch;
      const labId = usePlayground.getState().labId;
      if (labId === labIdRef.current && prevRef.current.length > 0) keepView = { zoom: cy.zoom(), pan: { ...cy.pan() } };
      labIdRef.current = labId;
      cy.elements().remove();
      prevRef.current = [];
    }
    const first = prevRef.current.length === 0 && !keepView;
    // Switch the stylesheet before the new elements arrive, so they are styled once.
    let nodes = 0;
    for (const el of elements) if (el.group === 'nodes') nodes++;
    const big = nodes > BIG_GRAPH;
    if (big !== bigRef.current) {
      bigRef.current = big;
      tuneForSize(cy, big);
      applyStyle(cy, usePlayground.getState().theme, big);
    }
    const summary = timed('graph:sync', () => syncGraph(cy, prevRef.current, elements));
    prevRef.current = elements;
    const layout = usePlayground.getState().layout;
    if (summary.added.length > 0 && Object.keys(layout).length > 0) cy.batch(() => applyLayout(cy, summary.added, layout));
    if (keepView) {
      cy.viewport(keepView);
      return;
    }
    if (summary.added.length > 0 || summary.moved.length > 0) {
      const done = fitIfNeeded(cy, [...summary.added, ...summary.moved], first || pendingFitRef.current);
      pendingFitRef.current = !done;
    }
  }, [elements, ready, epoch]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applyStyle(cy, theme, bigRef.current);
  }, [theme]);

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
