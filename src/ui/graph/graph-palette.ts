/**
 * The graph's two colour themes, one palette each: what the stylesheet (graph-style.ts), the
 * legend and the packet overlay's tunnel capsule paint with.
 */
export type GraphTheme = 'dark' | 'light';

/** One theme's colours: a fill, a border and a text colour per kind of thing. */
export interface GraphPalette {
  canvas: string;
  text: string;
  muted: string;
  host: { fill: string; border: string; text: string; tag: string };
  netns: { fill: string; border: string; text: string };
  container: { fill: string; border: string; text: string };
  ether: { fill: string; border: string; text: string };
  veth: { fill: string; border: string; text: string };
  bridge: { fill: string; border: string; text: string; ports: string };
  publish: { fill: string; border: string; text: string };
  lan: { fill: string; border: string; text: string };
  cloud: { fill: string; border: string; text: string };
  /** Overlay networks, their VXLAN devices and tunnels. */
  overlay: { fill: string; border: string; text: string };
  down: { fill: string; border: string; text: string };
  edge: { veth: string; cable: string; port: string; publish: string; tunnel: string; macvlan: string; labelBg: string };
  select: string;
  source: string;
  target: string;
  active: string;
  drop: string;
  accent: string;
}

export const PALETTES: Record<GraphTheme, GraphPalette> = {
  dark: {
    canvas: '#0f172a',
    text: '#e2e8f0',
    muted: '#94a3b8',
    host: { fill: '#131f36', border: '#3b4a66', text: '#f1f5f9', tag: '#1e2b45' },
    netns: { fill: '#1a1f4a', border: '#818cf8', text: '#c7d2fe' },
    container: { fill: '#0c2a33', border: '#22d3ee', text: '#cffafe' },
    ether: { fill: '#0c3a5c', border: '#38bdf8', text: '#e0f2fe' },
    veth: { fill: '#2a1a55', border: '#a78bfa', text: '#ede9fe' },
    bridge: { fill: '#3d2306', border: '#f59e0b', text: '#fef3c7', ports: '#fbbf24' },
    publish: { fill: '#0b3320', border: '#4ade80', text: '#dcfce7' },
    lan: { fill: '#0f3a24', border: '#4ade80', text: '#dcfce7' },
    cloud: { fill: '#0c4a6e', border: '#38bdf8', text: '#f0f9ff' },
    overlay: { fill: '#3b0a3f', border: '#e879f9', text: '#fae8ff' },
    down: { fill: '#1e293b', border: '#64748b', text: '#94a3b8' },
    edge: { veth: '#a78bfa', cable: '#38bdf8', port: '#f59e0b', publish: '#4ade80', tunnel: '#e879f9', macvlan: '#7dd3fc', labelBg: '#0f172a' },
    select: '#f472b6',
    source: '#22c55e',
    target: '#3b82f6',
    active: '#facc15',
    drop: '#ef4444',
    accent: '#38bdf8',
  },
  light: {
    canvas: '#f8fafc',
    text: '#0f172a',
    muted: '#64748b',
    host: { fill: '#ffffff', border: '#cbd5e1', text: '#0f172a', tag: '#e2e8f0' },
    netns: { fill: '#eef2ff', border: '#6366f1', text: '#3730a3' },
    container: { fill: '#ecfeff', border: '#0891b2', text: '#164e63' },
    ether: { fill: '#e0f2fe', border: '#0284c7', text: '#0c4a6e' },
    veth: { fill: '#f3e8ff', border: '#7c3aed', text: '#4c1d95' },
    bridge: { fill: '#fef3c7', border: '#d97706', text: '#78350f', ports: '#b45309' },
    publish: { fill: '#dcfce7', border: '#16a34a', text: '#14532d' },
    lan: { fill: '#dcfce7', border: '#16a34a', text: '#14532d' },
    cloud: { fill: '#e0f2fe', border: '#0284c7', text: '#0c4a6e' },
    overlay: { fill: '#fdf4ff', border: '#c026d3', text: '#701a75' },
    down: { fill: '#f1f5f9', border: '#94a3b8', text: '#64748b' },
    edge: { veth: '#7c3aed', cable: '#0284c7', port: '#d97706', publish: '#16a34a', tunnel: '#c026d3', macvlan: '#0369a1', labelBg: '#f8fafc' },
    select: '#db2777',
    source: '#16a34a',
    target: '#2563eb',
    active: '#ca8a04',
    drop: '#dc2626',
    accent: '#0284c7',
  },
};
