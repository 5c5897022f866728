/**
 * The graph's performance figures in a page of the production build, for e2e/graph.spec.ts and
 * the browser bench: building the big lab (1,000 containers on 20 networks) through the test
 * hook, the time until it is drawn, and the frame rate of panning it, both with `cy.panBy` each
 * frame (Cytoscape redraws everything) and with a mouse drag of the background (the gesture,
 * where the renderer's `textureOnViewport` applies).
 *
 * Definitions (page clock, `performance.now()`):
 * - commandsMs: the `runCommand` loop alone (the simulation and the store; React renders after it);
 * - renderMs: from the end of that loop to the first Cytoscape `render` event with the new nodes
 *   (React's render, `toElements`, `syncGraph` with placement, Cytoscape's style and first draw);
 * - fps: frames drawn (requestAnimationFrame callbacks) per second over the measured window.
 */
import type { Page } from '@playwright/test';
import { bigLabCommands, countFrames, type FrameFigures } from '../bench/page-metrics';

export { bigLabCommands, countFrames, type FrameFigures };

export interface LabFigures {
  commands: number;
  failed: string[];
  commandsMs: number;
  renderMs: number;
}

/** What the canvas holds and how the renderer is set once the lab is drawn. */
export interface GraphShape {
  nodes: number;
  edges: number;
  compounds: number;
  zoom: number;
  textureOnViewport: boolean;
  hideEdgesOnViewport: boolean;
}

/**
 * Runs `lines` through `window.__playground.runCommand` in one task and waits until the graph is
 * drawn with the new nodes. The `render` listener is attached before the commands run, so a
 * redraw that happens before the caller looks is not missed.
 */
export async function runLab(page: Page, lines: readonly string[]): Promise<LabFigures> {
  return page.evaluate(async (cmds) => {
    const pg = window.__playground!;
    const cy = pg.cy!;
    const before = cy.nodes().length;
    let drawn: number | null = null;
    const onRender = () => {
      if (drawn === null && cy.nodes().length > before) drawn = performance.now();
    };
    cy.on('render', onRender);
    const failed: string[] = [];
    const t0 = performance.now();
    for (const c of cmds) if (pg.runCommand(c).exitCode !== 0) failed.push(c);
    const t1 = performance.now();
    await new Promise<void>((resolve) => {
      const poll = () => (drawn !== null ? resolve() : requestAnimationFrame(poll));
      requestAnimationFrame(poll);
    });
    cy.off('render', onRender);
    return { commands: cmds.length, failed, commandsMs: t1 - t0, renderMs: drawn! - t1 };
  }, lines);
}

/** The big lab of the issue: 1,000 containers on 20 networks. */
export function buildBigLab(page: Page, networks = 20, containers = 1000): Promise<LabFigures> {
  return runLab(page, bigLabCommands(networks, containers));
}

export function graphShape(page: Page): Promise<GraphShape> {
  return page.evaluate(() => {
    const cy = window.__playground!.cy!;
    const r = (cy as unknown as { renderer(): { textureOnViewport: boolean; hideEdgesOnViewport: boolean } }).renderer();
    return {
      nodes: cy.nodes().length,
      edges: cy.edges().length,
      compounds: cy.nodes(':parent').length,
      zoom: cy.zoom(),
      textureOnViewport: r.textureOnViewport,
      hideEdgesOnViewport: r.hideEdgesOnViewport,
    };
  });
}

/** Frames per second while `cy.panBy` moves the view every frame for `ms`. */
export function panByFps(page: Page, ms = 2000): Promise<FrameFigures> {
  return countFrames(page, 'panBy', ms);
}

/**
 * Frames per second while the mouse drags the canvas background for `ms` (Cytoscape's pan
 * gesture). The mouse events are dispatched in the page, one per frame, so the rate measured is
 * the page's, not the round trips' of the test driver. Null when no empty spot could be found.
 */
export async function dragFps(page: Page, ms = 2000): Promise<(FrameFigures & { panned: number }) | null> {
  return page.evaluate(
    (ms) =>
      new Promise<(FrameFigures & { panned: number }) | null>((resolve) => {
        const cy = window.__playground?.cy;
        const box = cy?.container();
        if (!cy || !box) return resolve(null);
        const rect = box.getBoundingClientRect();
        // Leave an empty band at the left of the canvas to grab.
        const bb = cy.elements().renderedBoundingBox();
        if (bb.x1 < 80) cy.panBy({ x: 80 - bb.x1 + 10, y: 0 });
        const x0 = rect.left + 30;
        const y0 = rect.top + rect.height / 2;
        const hit = document.elementFromPoint(x0, y0);
        if (!hit || !box.contains(hit)) return resolve(null);
        const fire = (type: string, x: number, y: number, target: EventTarget) =>
          target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, view: window }));
        const pan0 = cy.pan().x;
        fire('mousedown', x0, y0, hit);
        const gaps: number[] = [];
        let frames = 0;
        let t0 = 0;
        let last = 0;
        const step = (now: number) => {
          if (t0 === 0) t0 = last = now;
          else {
            frames++;
            gaps.push(now - last);
            last = now;
          }
          const dx = 150 * Math.sin(frames / 20);
          fire('mousemove', x0 + 60 + dx, y0 + dx / 4, window);
          if (now - t0 < ms) {
            requestAnimationFrame(step);
            return;
          }
          const panned = cy.pan().x - pan0;
          fire('mouseup', x0 + 60 + dx, y0 + dx / 4, window);
          gaps.sort((a, b) => a - b);
          const elapsed = now - t0;
          resolve({ frames, ms: elapsed, fps: (frames * 1000) / elapsed, p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0, panned });
        };
        requestAnimationFrame(step);
      }),
    ms,
  );
}

/** The page's idle frame rate (the requestAnimationFrame ceiling of this machine). */
export function idleFps(page: Page, ms = 1000): Promise<FrameFigures> {
  return countFrames(page, 'idle', ms);
}
