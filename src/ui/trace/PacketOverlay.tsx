/**
 * The packet overlay: a <canvas> laid over the Cytoscape container (pointer-events: none) that
 * draws the playing trace's packets, 60 frames a second from requestAnimationFrame. Cytoscape's
 * own `ele.animate` stalls near 30 redraws a second (DESIGN.md), so nothing here animates graph
 * elements: the overlay reads positions from Cytoscape and paints.
 *
 * Invariants:
 * - every frame converts model positions with the current pan and zoom, so the overlay follows
 *   the viewport; the loop runs while there is a playback or a probe mark, and sleeps otherwise
 *   (woken by the store and by Cytoscape's `viewport` / `render` events);
 * - the current event's elements carry the class `trace-active`, the elements where the packet
 *   was dropped `trace-drop`; both are removed when the playback ends;
 * - the overlay is the playback clock: while playing, it advances the store's index once the
 *   current event's animation has run, so the timeline never gets ahead of the picture.
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { Collection, Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { usePlayground, type Playback } from '../../store';
import type { Trace, World } from '../../sim';
import { useCy } from '../graph/cy-context';
import { PALETTES } from '../graph/graph-palette';
import {
  dotLabel,
  EFFECT_COLORS,
  ease,
  natBadge,
  packetColor,
  placeOf,
  progressAt,
  segmentProgress,
  stepDurationMs,
  stepMotion,
  type Segment,
  type StepMotion,
  type ThemeName,
} from './animation';
import {
  boxCenter,
  Damage,
  paintBurst,
  paintCapsule,
  paintDeliverRings,
  paintDelivered,
  paintDot,
  paintDropped,
  paintHighlight,
  paintMark,
  paintPill,
  paintPulse,
  paintReach,
  paintTrail,
  type Box,
  type Pt,
} from './overlay-paint';

/** Wait before the first event of a new playback, in ms. */
const FIRST_EVENT_MS = 250;
const FONT = '600 11px "JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace';
const MARKS = { 'probe-source': { label: 'SOURCE', dark: '#38bdf8', light: '#0284c7' }, 'probe-target': { label: 'TARGET', dark: '#f472b6', light: '#db2777' } } as const;

interface Shown {
  trace: Trace | null;
  index: number;
  world: World | null;
  motion: StepMotion | null;
  /** NAT rewrites up to the current event: where, and the text. */
  badges: { place: string; text: string }[];
  /** The elements holding trace classes. */
  active: Collection | null;
  dropped: Collection | null;
  /** When the current event began showing (or play/pause toggled): its animation's zero. */
  since: number;
  playing: boolean;
}

function collect(cy: Core, ids: readonly string[]): Collection {
  let c = cy.collection();
  for (const id of ids) c = c.union(cy.getElementById(id));
  return c;
}

/** Recomputes what the current event shows and moves the trace classes. */
function syncShown(cy: Core, shown: Shown, pb: Playback | null, world: World, now: number): void {
  const trace = pb?.trace ?? null;
  const index = pb?.index ?? -2;
  const playing = pb?.playing ?? false;
  if (playing !== shown.playing) {
    // Play starts the current event over; pause keeps looping it from here.
    shown.playing = playing;
    shown.since = now;
  }
  if (trace === shown.trace && index === shown.index && world === shown.world) return;
  const motion = trace ? stepMotion(world, trace, index) : null;
  const badges: Shown['badges'] = [];
  const drops: string[] = [];
  if (trace) {
    for (let i = 0; i <= index; i++) {
      const step = trace.steps[i]!;
      const text = natBadge(step);
      const place = placeOf(world, step);
      if (text && place) badges.push({ place, text });
      if (step.kind === 'drop' && place) drops.push(place);
    }
  }
  cy.batch(() => {
    shown.active?.removeClass('trace-active');
    shown.dropped?.removeClass('trace-drop');
    shown.active = motion ? collect(cy, motion.active).addClass('trace-active') : null;
    shown.dropped = drops.length ? collect(cy, drops).addClass('trace-drop') : null;
  });
  Object.assign(shown, { trace, index, world, motion, badges, since: now });
}

/** The model-space end points of a segment: along its edge when it is drawn, else centre to centre. */
function segmentEnds(cy: Core, seg: Segment): [Pt, Pt] | null {
  const from = cy.getElementById(seg.from) as NodeSingular;
  const to = cy.getElementById(seg.to) as NodeSingular;
  if (from.empty() || to.empty()) return null;
  const edge = seg.edge ? (cy.getElementById(seg.edge) as EdgeSingular) : null;
  if (edge && edge.nonempty() && edge.visible()) {
    const s = edge.sourceEndpoint();
    const t = edge.targetEndpoint();
    if (Number.isFinite(s.x) && Number.isFinite(t.x)) return edge.source().id() === seg.from ? [s, t] : [t, s];
  }
  return [from.position(), to.position()];
}

function renderedBox(cy: Core, id: string): Box | null {
  const n = cy.getElementById(id);
  if (n.empty() || !n.visible()) return null;
  return n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
}

interface Frame {
  cy: Core;
  shown: Shown;
  pb: Playback | null;
  theme: ThemeName;
}

/** The still layer: marks, the current place, NAT badges, the delivery and the drop. */
function paintStill(ctx: CanvasRenderingContext2D, { cy, shown, pb, theme }: Frame): void {
  const fg = theme === 'dark' ? '#0b1220' : '#ffffff';
  for (const [cls, mark] of Object.entries(MARKS)) {
    cy.nodes(`.${cls}`).forEach((n) => {
      const b = renderedBox(cy, n.id());
      if (b) paintMark(ctx, b, mark[theme], mark.label, FONT, fg);
    });
  }
  const m = shown.motion;
  if (!pb || !m) return;
  const fx = EFFECT_COLORS[theme];
  const place = m.place ? renderedBox(cy, m.place) : null;
  if (place) {
    if (m.effect === 'drop') paintDropped(ctx, place, fx.drop);
    else if (m.effect === 'deliver') paintDelivered(ctx, place, fx.deliver);
    paintHighlight(ctx, place, m.effect === 'drop' ? fx.drop : m.effect === 'deliver' ? fx.deliver : packetColor(m.proto, m.reply, theme));
  }
  for (const badge of shown.badges) {
    const b = renderedBox(cy, badge.place);
    if (b) paintPill(ctx, { x: (b.x1 + b.x2) / 2, y: b.y2 + 24 }, badge.text, { bg: fx.badge, fg: fx.badgeText, font: FONT });
  }
}

/** The moving layer at step progress `p`: trails, dots and their tag, rings and bursts. */
function paintMoving(ctx: CanvasRenderingContext2D, { cy, shown, pb, theme }: Frame, p: number, damage: Damage): number {
  const m = shown.motion;
  if (!pb || !m) return 0;
  const step = pb.trace.steps[pb.index]!;
  const fx = EFFECT_COLORS[theme];
  const color = packetColor(m.proto, m.reply, theme);
  const outline = theme === 'dark' ? '#0b1220' : '#ffffff';
  const zoom = cy.zoom();
  const pan = cy.pan();
  const screen = (q: Pt): Pt => ({ x: q.x * zoom + pan.x, y: q.y * zoom + pan.y });
  const r = Math.max(6, Math.min(10, 7.5 * zoom));
  const width = Math.max(2, Math.min(5, 3.5 * zoom));
  // Inside a VXLAN header the packet is drawn in a capsule of the graph's tunnel colour.
  const capsule = PALETTES[theme].edge.tunnel;
  const packet = (at: Pt) => (m.encapsulated ? paintCapsule(ctx, at, r, color, capsule, outline) : paintDot(ctx, at, r, color, outline));
  let dots = 0;
  let head: Pt | null = null;
  for (const seg of m.segments) {
    const ends = segmentEnds(cy, seg);
    if (!ends) continue;
    const a = screen(ends[0]);
    const b = screen(ends[1]);
    const t = segmentProgress(seg, p);
    if (t === null) {
      if (p > seg.t1) damage.add(paintReach(ctx, a, b, color, width));
      continue;
    }
    const e = ease(t);
    damage.add(paintTrail(ctx, a, b, e, m.encapsulated ? capsule : color, width));
    head = { x: a.x + (b.x - a.x) * e, y: a.y + (b.y - a.y) * e };
    damage.add(packet(head));
    dots++;
  }
  const place = m.place ? renderedBox(cy, m.place) : null;
  if (m.segments.length === 0 && place) {
    // The packet sits where the event happens.
    if (m.effect === 'pulse' || m.effect === 'badge') damage.add(paintPulse(ctx, place, p, color));
    if (m.effect === 'deliver') damage.add(paintDeliverRings(ctx, place, p, fx.deliver));
    if (m.effect === 'drop') damage.add(paintBurst(ctx, place, p, fx.drop));
    if (m.effect !== 'drop') {
      head = { x: boxCenter(place).x, y: place.y1 - 2 };
      damage.add(packet(head));
      dots++;
    }
  }
  if (head && m.segments.length <= 2) {
    const bg = theme === 'dark' ? 'rgba(15,23,42,0.9)' : 'rgba(255,255,255,0.94)';
    damage.add(paintPill(ctx, { x: head.x + r + 5, y: head.y - r - 8 }, dotLabel(step), { bg, fg: color, font: FONT, anchor: 'right' }));
  }
  return dots;
}

/**
 * Runs the overlay on two canvases: the still layer is repainted only when what it shows
 * changes (event, viewport, graph, theme); the moving one every frame, clearing only the area it
 * painted the frame before. Small damaged areas are what keeps a GPU-less Chromium at 60 fps.
 */
function startOverlay(cy: Core, still: HTMLCanvasElement, moving: HTMLCanvasElement): () => void {
  const sctx = still.getContext('2d');
  const mctx = moving.getContext('2d');
  if (!sctx || !mctx) return () => {};
  const shown: Shown = { trace: null, index: -2, world: null, motion: null, badges: [], active: null, dropped: null, since: 0, playing: false };
  const damage = new Damage();
  let raf = 0;
  let frames = 0;
  let renders = 0;
  let stillKey = '';
  let movingKey = '';
  let lastDots = -1;

  const tick = (now: number) => {
    raf = 0;
    const s = usePlayground.getState();
    const pb = s.playback;
    const pane = still.parentElement;
    const w = pane?.clientWidth ?? 0;
    const h = pane?.clientHeight ?? 0;
    for (const c of [still, moving]) {
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
        stillKey = '';
        damage.box = null;
      }
    }
    syncShown(cy, shown, pb, pb?.world ?? s.world, now);
    // Nothing playing and nothing picked: clear once, then paint nothing while the view moves
    // (on a big lab, looking the marks up on every viewport change costs real frames).
    if (!pb && s.probe.kind === 'idle') {
      if (stillKey !== 'idle') {
        sctx.clearRect(0, 0, w, h);
        damage.clear(mctx);
        stillKey = 'idle';
        movingKey = 'idle';
      }
      return;
    }
    const frame: Frame = { cy, shown, pb, theme: s.theme };
    const pan = cy.pan();
    const key = [shown.index, shown.since, s.theme, w, h, pan.x, pan.y, cy.zoom(), renders].join('|');
    if (key !== stillKey) {
      stillKey = key;
      sctx.clearRect(0, 0, w, h);
      paintStill(sctx, frame);
    }
    const duration = stepDurationMs(pb?.speed ?? 1);
    // The playback clock: the next event once this one has run (the first comes quickly).
    if (pb?.playing && now - shown.since >= (shown.index < 0 ? FIRST_EVENT_MS : duration)) s.advance();
    const p = pb ? progressAt(now - shown.since, duration, pb.playing) : -1;
    const mkey = `${key}|${p.toFixed(4)}`;
    if (mkey !== movingKey) {
      movingKey = mkey;
      damage.clear(mctx);
      const dots = paintMoving(mctx, frame, p, damage);
      if (dots !== lastDots) moving.dataset.dots = String(dots);
      lastDots = dots;
    }
    if (moving.dataset.step !== String(shown.index)) moving.dataset.step = String(shown.index);
    frames++;
    if (frames % 15 === 0) moving.dataset.frames = String(frames);
    // Something may have woken the loop during this frame (advance() changes the store).
    if (pb && !raf) raf = requestAnimationFrame(tick);
  };
  const wake = () => {
    if (!raf) raf = requestAnimationFrame(tick);
  };
  const onRender = () => {
    renders++;
    wake();
  };
  const unsubscribe = usePlayground.subscribe(wake);
  cy.on('viewport render', onRender);
  wake();
  return () => {
    cancelAnimationFrame(raf);
    unsubscribe();
    cy.removeListener('viewport render', onRender);
    if (!cy.destroyed()) {
      shown.active?.removeClass('trace-active');
      shown.dropped?.removeClass('trace-drop');
    }
  };
}

/** Mounted once (by ProbeControls); draws into the graph pane through a portal. */
export function PacketOverlay() {
  const cy = useCy();
  const pane = cy?.container()?.parentElement ?? null;
  const stillRef = useRef<HTMLCanvasElement>(null);
  const movingRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const still = stillRef.current;
    const moving = movingRef.current;
    if (!cy || !still || !moving) return;
    return startOverlay(cy, still, moving);
  }, [cy, pane]);

  if (!pane) return null;
  return createPortal(
    <>
      <canvas ref={stillRef} className="packet-overlay" aria-hidden="true" />
      <canvas ref={movingRef} className="packet-overlay" data-testid="packet-overlay" aria-hidden="true" />
    </>,
    pane,
  );
}
