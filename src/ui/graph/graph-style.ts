/**
 * The Cytoscape stylesheet: a dark canvas, hosts as boxes, namespaces as inner boxes, interfaces as
 * ports, bridges as switches. Selectors read `data(kind)` set by `toElements`; sizes come from
 * `NODE_SIZE` so placement and drawing agree.
 */
import type { StylesheetJson } from 'cytoscape';
import { NODE_SIZE } from './place';

export const COLORS = {
  canvas: '#0f172a',
  host: '#1e293b',
  hostBorder: '#475569',
  netns: '#172554',
  netnsBorder: '#6366f1',
  ether: '#0e7490',
  veth: '#7c3aed',
  bridge: '#b45309',
  text: '#e2e8f0',
  muted: '#94a3b8',
  down: '#64748b',
} as const;

const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';
const MONO = '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace';

function svgUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

const CLOUD = svgUrl(
  '<svg xmlns="http://www.w3.org/2000/svg" width="170" height="96" viewBox="0 0 170 96">'
    + '<path d="M44 88 C18 88 6 72 10 56 C13 43 25 36 38 38 C40 20 58 8 78 10 C94 11 106 20 111 32 '
    + 'C120 26 134 27 143 35 C152 43 153 54 150 60 C162 64 166 76 160 83 C157 86 152 88 146 88 Z" '
    + 'fill="#0c4a6e" stroke="#38bdf8" stroke-width="2"/></svg>',
);

const SWITCH = svgUrl(
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
    + Array.from({ length: 8 }, (_, i) => `<rect x="${28 + i * 19}" y="40" width="11" height="5" rx="1" fill="#fde68a" opacity="0.55"/>`).join('')
    + '</svg>',
);

const size = (kind: keyof typeof NODE_SIZE) => ({ width: NODE_SIZE[kind].w, height: NODE_SIZE[kind].h });

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      color: COLORS.text,
      'font-family': MONO,
      'font-size': 12,
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
      'border-width': 1.5,
    },
  },
  {
    selector: 'node[kind = "host"]',
    style: {
      shape: 'round-rectangle',
      'background-color': COLORS.host,
      'background-opacity': 0.85,
      'border-color': COLORS.hostBorder,
      'border-width': 2,
      padding: '28px',
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': 30,
      'font-family': FONT,
      'font-size': 16,
      'font-weight': 'bold',
      color: '#f8fafc',
      ...size('host'),
    },
  },
  {
    selector: 'node[kind = "netns"], node[kind = "container"]',
    style: {
      shape: 'round-rectangle',
      'background-color': COLORS.netns,
      'background-opacity': 0.9,
      'border-color': COLORS.netnsBorder,
      'border-style': 'dashed',
      padding: '18px',
      'text-valign': 'top',
      'text-margin-y': 20,
      'font-family': FONT,
      'font-size': 13,
      'font-weight': 'bold',
      color: '#c7d2fe',
      ...size('netns'),
    },
  },
  {
    selector: 'node[kind = "netns"]:childless, node[kind = "container"]:childless',
    style: { 'text-valign': 'center', 'text-margin-y': 0 },
  },
  {
    selector: 'node[kind = "ether"], node[kind = "veth"]',
    style: {
      shape: 'round-rectangle',
      'background-color': COLORS.ether,
      'border-color': '#67e8f9',
      ...size('ether'),
    },
  },
  { selector: 'node[kind = "veth"]', style: { 'background-color': COLORS.veth, 'border-color': '#c4b5fd' } },
  {
    selector: 'node[kind = "bridge"]',
    style: {
      shape: 'round-rectangle',
      'background-color': COLORS.bridge,
      'border-color': '#fcd34d',
      'background-image': SWITCH,
      'background-fit': 'none',
      'text-margin-y': -3,
      'font-weight': 'bold',
      ...size('bridge'),
    },
  },
  {
    selector: 'node[kind = "internet"]',
    style: {
      shape: 'round-rectangle',
      'background-opacity': 0,
      'border-width': 0,
      'background-image': CLOUD,
      'background-fit': 'contain',
      'background-clip': 'none',
      'text-margin-y': 10,
      color: '#e0f2fe',
      ...size('internet'),
    },
  },
  {
    selector: 'node[kind = "lan"]',
    style: {
      shape: 'round-rectangle',
      'background-color': '#14532d',
      'border-color': '#4ade80',
      'background-image': SWITCH,
      'background-fit': 'none',
      'text-margin-y': -3,
      ...size('lan'),
    },
  },
  // Up but without carrier (NO-CARRIER: an empty bridge, a veth whose peer is down): dashed.
  {
    selector: 'node[state = "DOWN"], node[state = "LOWERLAYERDOWN"]',
    style: { 'border-style': 'dashed', 'background-opacity': 0.7 },
  },
  // Administratively down: greyed out.
  {
    selector: 'node[kind = "ether"][!up], node[kind = "veth"][!up], node[kind = "bridge"][!up]',
    style: { 'background-color': '#334155', 'border-color': COLORS.down, color: COLORS.muted, 'background-opacity': 1 },
  },
  { selector: 'node:selected', style: { 'border-color': '#f472b6', 'border-width': 3 } },
  {
    selector: 'edge',
    style: {
      width: 2.5,
      'curve-style': 'bezier',
      'line-color': '#a78bfa',
      label: 'data(label)',
      color: COLORS.text,
      'font-family': MONO,
      'font-size': 11,
      'text-background-color': COLORS.canvas,
      'text-background-opacity': 0.9,
      'text-background-padding': '3px',
      'text-background-shape': 'roundrectangle',
    },
  },
  { selector: 'edge[kind = "cable"]', style: { 'line-color': '#38bdf8' } },
  { selector: 'edge[kind = "port"]', style: { 'line-color': '#f59e0b', width: 2 } },
  { selector: 'edge[?up]', style: { 'line-style': 'solid' } },
  { selector: 'edge[!up]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], opacity: 0.75 } },
];
