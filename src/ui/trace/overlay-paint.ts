/**
 * Painting the packet overlay: dots, trails, rings, bursts and badges on a 2D canvas, in rendered
 * (screen) coordinates. No state and no Cytoscape here: PacketOverlay measures the graph and
 * hands over points and boxes, so every frame is a plain function of its inputs.
 *
 * Cheap to composite without a GPU (DESIGN.md measures a GPU-less Chromium): no canvas shadows
 * (software blur), glows are a wide translucent stroke under the sharp one; and every function
 * returns the box it painted, so the moving layer clears only what changed (`Damage`).
 */

export interface Pt {
  x: number;
  y: number;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const lerp = (a: Pt, b: Pt, t: number): Pt => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

export const boxCenter = (b: Box): Pt => ({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 });

export const grow = (b: Box, d: number): Box => ({ x1: b.x1 - d, y1: b.y1 - d, x2: b.x2 + d, y2: b.y2 + d });

const around = (p: Pt, r: number): Box => ({ x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r });

/** The union of the boxes painted in a frame: what the next frame must clear. */
export class Damage {
  box: Box | null = null;

  add(b: Box): void {
    this.box = this.box
      ? { x1: Math.min(this.box.x1, b.x1), y1: Math.min(this.box.y1, b.y1), x2: Math.max(this.box.x2, b.x2), y2: Math.max(this.box.y2, b.y2) }
      : { ...b };
  }

  /** Clears the painted area (with a margin for antialiasing) and forgets it. */
  clear(ctx: CanvasRenderingContext2D): void {
    if (!this.box) return;
    const b = grow(this.box, 3);
    ctx.clearRect(Math.floor(b.x1), Math.floor(b.y1), Math.ceil(b.x2 - b.x1), Math.ceil(b.y2 - b.y1));
    this.box = null;
  }
}

function roundRect(ctx: CanvasRenderingContext2D, b: Box, r: number): void {
  ctx.beginPath();
  ctx.roundRect(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1, Math.max(0, Math.min(r, (b.x2 - b.x1) / 2, (b.y2 - b.y1) / 2)));
}

/** The travelled part of a segment, fading towards where it came from. */
export function paintTrail(ctx: CanvasRenderingContext2D, a: Pt, b: Pt, t: number, color: string, width: number): Box {
  const end = lerp(a, b, t);
  const g = ctx.createLinearGradient(a.x, a.y, end.x, end.y);
  g.addColorStop(0, withAlpha(color, 0.05));
  g.addColorStop(1, withAlpha(color, 0.8));
  ctx.save();
  ctx.lineCap = 'round';
  ctx.strokeStyle = g;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(end.x, end.y);
  ctx.stroke();
  ctx.restore();
  return grow({ x1: Math.min(a.x, end.x), y1: Math.min(a.y, end.y), x2: Math.max(a.x, end.x), y2: Math.max(a.y, end.y) }, width);
}

/** A segment already travelled in this step (a flood's reach): a soft line. */
export function paintReach(ctx: CanvasRenderingContext2D, a: Pt, b: Pt, color: string, width: number): Box {
  ctx.save();
  ctx.lineCap = 'round';
  ctx.strokeStyle = withAlpha(color, 0.5);
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
  ctx.stroke();
  ctx.restore();
  return grow({ x1: Math.min(a.x, b.x), y1: Math.min(a.y, b.y), x2: Math.max(a.x, b.x), y2: Math.max(a.y, b.y) }, width);
}

/** The packet: a dot with a halo and a bright core. */
export function paintDot(ctx: CanvasRenderingContext2D, p: Pt, r: number, color: string, outline: string): Box {
  ctx.save();
  ctx.fillStyle = withAlpha(color, 0.25);
  ctx.beginPath();
  ctx.arc(p.x, p.y, r * 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = outline;
  ctx.stroke();
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.beginPath();
  ctx.arc(p.x - r * 0.3, p.y - r * 0.3, r * 0.35, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
  return around(p, r * 2 + 1);
}

/**
 * An encapsulated packet (VXLAN): the dot inside a capsule of the tunnel's colour, the outer
 * headers wrapped around the inner frame.
 */
export function paintCapsule(ctx: CanvasRenderingContext2D, p: Pt, r: number, color: string, capsule: string, outline: string): Box {
  const w = r * 3.6;
  const h = r * 2.6;
  const b = { x1: p.x - w / 2, y1: p.y - h / 2, x2: p.x + w / 2, y2: p.y + h / 2 };
  ctx.save();
  roundRect(ctx, grow(b, 4), h / 2 + 4);
  ctx.fillStyle = withAlpha(capsule, 0.22);
  ctx.fill();
  roundRect(ctx, b, h / 2);
  ctx.fillStyle = withAlpha(capsule, 0.85);
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = outline;
  ctx.stroke();
  ctx.restore();
  paintDot(ctx, p, r * 0.62, color, outline);
  return grow(b, 6);
}

export interface PillStyle {
  bg: string;
  fg: string;
  font: string;
  alpha?: number;
  /** Where `p` is on the pill: its centre, its bottom middle, or its left middle. */
  anchor?: 'center' | 'above' | 'right';
}

/** A small pill with text. */
export function paintPill(ctx: CanvasRenderingContext2D, p: Pt, text: string, s: PillStyle): Box {
  ctx.save();
  ctx.globalAlpha = s.alpha ?? 1;
  ctx.font = s.font;
  const w = ctx.measureText(text).width + 12;
  const h = 19;
  const x = s.anchor === 'right' ? p.x : p.x - w / 2;
  const y = s.anchor === 'above' ? p.y - h : p.y - h / 2;
  ctx.fillStyle = s.bg;
  ctx.strokeStyle = 'rgba(0,0,0,0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 6);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = s.fg;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x + 6, y + h / 2 + 0.5);
  ctx.restore();
  return { x1: x - 1, y1: y - 1, x2: x + w + 1, y2: y + h + 1 };
}

/** The element the current event happens at: a glowing outline. */
export function paintHighlight(ctx: CanvasRenderingContext2D, b: Box, color: string, width = 2.5): Box {
  const g = grow(b, 4);
  ctx.save();
  roundRect(ctx, g, 8);
  ctx.strokeStyle = withAlpha(color, 0.25);
  ctx.lineWidth = width + 6;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.restore();
  return grow(g, width + 4);
}

/** A picked source or target: a dashed outline and its role. */
export function paintMark(ctx: CanvasRenderingContext2D, b: Box, color: string, label: string, font: string, fg: string): Box {
  const g = grow(b, 7);
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.5;
  ctx.setLineDash([7, 5]);
  roundRect(ctx, g, 10);
  ctx.stroke();
  ctx.restore();
  paintPill(ctx, { x: g.x1, y: g.y1 - 9 }, label, { bg: color, fg, font, anchor: 'right' });
  return grow(g, 30);
}

/** An event in place (a lookup, a transmit): one ring growing out of the node. */
export function paintPulse(ctx: CanvasRenderingContext2D, b: Box, t: number, color: string): Box {
  const g = grow(b, 4 + t * 14);
  ctx.save();
  ctx.strokeStyle = withAlpha(color, 0.8 * (1 - t));
  ctx.lineWidth = 2;
  roundRect(ctx, g, 10 + t * 6);
  ctx.stroke();
  ctx.restore();
  return grow(g, 2);
}

/** Delivered, the still part: the node glows green. */
export function paintDelivered(ctx: CanvasRenderingContext2D, b: Box, color: string): Box {
  const g = grow(b, 4);
  ctx.save();
  ctx.fillStyle = withAlpha(color, 0.18);
  roundRect(ctx, g, 8);
  ctx.fill();
  ctx.restore();
  return g;
}

/** Delivered, the moving part: two rings spread out. */
export function paintDeliverRings(ctx: CanvasRenderingContext2D, b: Box, t: number, color: string): Box {
  ctx.save();
  ctx.lineWidth = 3;
  for (const k of [0, 0.35]) {
    const u = (t + k) % 1;
    ctx.strokeStyle = withAlpha(color, 0.9 * (1 - u));
    roundRect(ctx, grow(b, 4 + u * 22), 10 + u * 8);
    ctx.stroke();
  }
  ctx.restore();
  return grow(b, 30);
}

/** Dropped, the still part: the node in red with a cross on its corner. */
export function paintDropped(ctx: CanvasRenderingContext2D, b: Box, color: string): Box {
  const g = grow(b, 4);
  ctx.save();
  ctx.fillStyle = withAlpha(color, 0.2);
  roundRect(ctx, g, 8);
  ctx.fill();
  ctx.strokeStyle = withAlpha(color, 0.3);
  ctx.lineWidth = 9;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = 3;
  ctx.stroke();
  const x = b.x2 + 2;
  const y = b.y1 - 2;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(x, y, 10, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.moveTo(x - 4, y - 4);
  ctx.lineTo(x + 4, y + 4);
  ctx.moveTo(x + 4, y - 4);
  ctx.lineTo(x - 4, y + 4);
  ctx.stroke();
  ctx.restore();
  return grow(g, 14);
}

/** Dropped, the moving part: a red burst of spikes flying out of the node. */
export function paintBurst(ctx: CanvasRenderingContext2D, b: Box, t: number, color: string): Box {
  const c = boxCenter(b);
  const r0 = Math.max(b.x2 - b.x1, b.y2 - b.y1) / 2 + 6;
  const reach = r0 + 32;
  ctx.save();
  ctx.lineCap = 'round';
  ctx.strokeStyle = withAlpha(color, 1 - t);
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const a = (k / 10) * Math.PI * 2;
    const r1 = r0 + t * 18;
    const r2 = r1 + 8 + t * 6;
    ctx.moveTo(c.x + Math.cos(a) * r1, c.y + Math.sin(a) * r1 * 0.6);
    ctx.lineTo(c.x + Math.cos(a) * r2, c.y + Math.sin(a) * r2 * 0.6);
  }
  ctx.stroke();
  ctx.restore();
  return { x1: c.x - reach, y1: c.y - reach * 0.6 - 3, x2: c.x + reach, y2: c.y + reach * 0.6 + 3 };
}

/** `#rrggbb` with an alpha, as rgba(). */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const a = Math.max(0, Math.min(1, alpha));
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a.toFixed(3)})`;
}
