/**
 * The Cytoscape stylesheet, for the dark and the light theme: hosts as boxes titled below, the
 * namespaces and containers inside them as titled boxes (a container shows its image's icon),
 * interfaces as chips, bridges as switches, published ports as tags, the internet as a cloud,
 * an overlay network as a double-bordered switch spanning the hosts.
 *
 * Colours come from graph-palette.ts. Selectors read `data(kind)` and the other fields set by
 * `toElements`; sizes come from `NODE_SIZE` so placement and drawing agree. The classes other
 * features toggle are styled here too, last so they win: `.probe-source`, `.probe-target`,
 * `.trace-active`, `.trace-drop`, `.drop-target`, `.faded` (and `:selected`).
 * Labels too small to read are not drawn (`min-zoomed-font-size`), sooner in a big lab, which
 * keeps a zoomed-out thousand containers fast.
 */
import type { Css, NodeSingular, StylesheetJson } from 'cytoscape';
import { PALETTES, type GraphPalette, type GraphTheme } from './graph-palette';
import { imageIcon, preloadImages } from './image-icons';
import { BOX_PAD, BOX_TITLE, NODE_SIZE, STACK_GAP } from './sizes';
import type { ImageFamily } from './to-elements';

const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';
const MONO = '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace';

function svgUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

function cloudSvg(p: GraphPalette): string {
  const { w, h } = NODE_SIZE.internet;
  return svgUrl(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 170 96">`
      + '<path d="M44 88 C18 88 6 72 10 56 C13 43 25 36 38 38 C40 20 58 8 78 10 C94 11 106 20 111 32 '
      + 'C120 26 134 27 143 35 C152 43 153 54 150 60 C162 64 166 76 160 83 C157 86 152 88 146 88 Z" '
      + `fill="${p.cloud.fill}" stroke="${p.cloud.border}" stroke-width="2"/></svg>`,
  );
}

/** A switch's front panel: a row of port lights along the bottom edge. */
function switchSvg(w: number, h: number, colour: string): string {
  const n = Math.floor((w - 40) / 18);
  const x0 = (w - n * 18 + 7) / 2;
  const ports = Array.from({ length: n }, (_, i) => `<rect x="${x0 + i * 18}" y="${h - 10}" width="11" height="5" rx="1.5" fill="${colour}" opacity="0.6"/>`);
  return svgUrl(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${ports.join('')}</svg>`);
}

/**
 * Every node gets a background image, if only this invisible one: Cytoscape 3.34 toggles its
 * `:backgrounding` state twice per draw for a node without any (the containment pass counts it
 * as done, the other does not), and each toggle restyles the node, its parents and all their
 * descendants; with compound boxes that is the whole graph, every frame.
 */
const BLANK = svgUrl('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"/>');
const IMAGE_AUTO = { 'background-width': 'auto', 'background-height': 'auto', 'background-image-opacity': 1 } as const;

const size = (kind: keyof typeof NODE_SIZE) => ({ width: NODE_SIZE[kind].w, height: NODE_SIZE[kind].h });

/**
 * A box's room for its title: Cytoscape pads a compound evenly, so a minimum height biased to
 * the top (`min-height-bias-top: 100%`) adds BOX_TITLE above the children (`holds` interfaces
 * and `guests` container leaves, stacked as place.ts stacks them).
 */
function boxMinHeight(ele: NodeSingular): string {
  const holds = Number(ele.data('holds') ?? 0);
  const guests = Number(ele.data('guests') ?? 0);
  const n = Math.max(1, holds + guests);
  const inner = holds * NODE_SIZE.veth.h + guests * NODE_SIZE.container.h + (n - 1) * STACK_GAP;
  return `${Math.max(inner, NODE_SIZE.veth.h) + BOX_TITLE}px`;
}

/**
 * The stylesheet for a theme (GraphView re-applies it when the theme changes); `big` for a graph
 * past GraphView's BIG_GRAPH nodes.
 */
export function graphStyle(theme: GraphTheme, big = false): StylesheetJson {
  const p = PALETTES[theme];
  const minFont = big ? 7 : 5;
  const cloud = cloudSvg(p);
  const bridgePanel = switchSvg(NODE_SIZE.bridge.w, NODE_SIZE.bridge.h, p.bridge.ports);
  const lanPanel = switchSvg(NODE_SIZE.lan.w, NODE_SIZE.lan.h, p.lan.border);
  preloadImages([BLANK, cloud, bridgePanel, lanPanel]);
  const chip = (c: { fill: string; border: string; text: string }) => ({
    'background-color': c.fill,
    'border-color': c.border,
    color: c.text,
  });
  return [
    // Revealed while a moving big graph is drawn from a texture: let the pane show through.
    { selector: 'core', style: { 'outside-texture-bg-color': p.canvas, 'outside-texture-bg-opacity': 0 } as Css.Core },
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: p.text,
        'font-family': MONO,
        'font-size': 13,
        'line-height': 1.2,
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'border-width': 1.5,
        'min-zoomed-font-size': minFont,
        'background-image': BLANK,
        'background-image-opacity': 0,
        'background-width': 1,
        'background-height': 1,
        'background-clip': 'none',
      },
    },
    {
      selector: 'node[kind = "host"]',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '14px',
        'background-color': p.host.fill,
        'border-color': p.host.border,
        'border-width': 2,
        padding: '30px',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 10,
        'font-family': FONT,
        'font-size': 16,
        'font-weight': 'bold',
        color: p.host.text,
        'text-background-color': p.host.tag,
        'text-background-opacity': 1,
        'text-background-padding': '5px',
        'text-background-shape': 'roundrectangle',
        'z-compound-depth': 'bottom',
        ...size('host'),
      },
    },
    {
      selector: 'node[kind = "netns"], node[kind = "container"]',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '10px',
        'font-family': FONT,
        'font-size': 13,
        'font-weight': 'bold',
        ...chip(p.netns),
        'border-width': 2,
      },
    },
    { selector: 'node[kind = "netns"]', style: { 'border-style': 'dashed', ...size('netns') } },
    {
      selector: 'node[kind = "container"]',
      style: {
        ...chip(p.container),
        // One mapper rather than a selector per family: every selector is tested on every element.
        'background-image': (ele: NodeSingular) => imageIcon((ele.data('icon') as ImageFamily | undefined) ?? 'generic'),
        'background-image-opacity': 1,
        'background-width': 22,
        'background-height': 22,
        'background-fit': 'none',
        'background-clip': 'none',
        'background-position-x': '9px',
        'background-position-y': '50%',
        'text-margin-x': 12,
        ...size('container'),
      },
    },
    // A box with children: its title sits inside, above them.
    {
      selector: 'node[kind = "netns"]:parent, node[kind = "container"]:parent',
      style: {
        padding: `${BOX_PAD}px`,
        'text-valign': 'top',
        'text-margin-y': BOX_TITLE + 4,
        'min-height': boxMinHeight,
        'min-height-bias-top': '100%',
        'background-position-y': '9px',
      },
    },
    { selector: 'node[kind = "container"]:parent', style: { 'text-margin-x': 14 } },
    { selector: 'node[kind = "container"]:childless', style: { 'font-size': 12 } },
    // A `container:X` partner inside X's box: as wide as X's interfaces.
    { selector: 'node[kind = "container"][mode = "container"]:childless', style: { width: NODE_SIZE.veth.w + 14, 'font-size': 11, 'font-weight': 'normal', 'text-margin-x': 11 } },
    // Not running: greyed out.
    {
      selector: 'node[kind = "container"][!running]',
      style: { ...chip(p.down), 'border-style': 'dashed', 'background-image-opacity': 0.45, opacity: 0.8 },
    },
    {
      selector: 'node[kind = "ether"]',
      style: { shape: 'round-rectangle', 'corner-radius': '8px', ...chip(p.ether), 'border-width': 2, ...size('ether') },
    },
    {
      selector: 'node[kind = "veth"]',
      style: { shape: 'round-rectangle', 'corner-radius': '8px', ...chip(p.veth), 'font-size': 12, ...size('veth') },
    },
    {
      selector: 'node[kind = "bridge"]',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '8px',
        ...chip(p.bridge),
        'border-width': 2,
        'background-image': bridgePanel,
        ...IMAGE_AUTO,
        'background-fit': 'none',
        'text-margin-y': -4,
        'font-weight': 'bold',
        ...size('bridge'),
      },
    },
    {
      selector: 'node[kind = "publish"]',
      style: {
        shape: 'round-tag',
        ...chip(p.publish),
        'font-size': 12,
        'font-weight': 'bold',
        ...size('publish'),
      },
    },
    {
      selector: 'node[kind = "internet"]',
      style: {
        shape: 'round-rectangle',
        'background-opacity': 0,
        'border-width': 0,
        'background-image': cloud,
        ...IMAGE_AUTO,
        'background-fit': 'contain',
        'background-clip': 'none',
        'text-margin-y': 8,
        'font-family': FONT,
        'font-weight': 'bold',
        color: p.cloud.text,
        ...size('internet'),
      },
    },
    {
      selector: 'node[kind = "lan"]',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '8px',
        ...chip(p.lan),
        'border-width': 2,
        'background-image': lanPanel,
        ...IMAGE_AUTO,
        'background-fit': 'none',
        'text-margin-y': -4,
        ...size('lan'),
      },
    },
    // An overlay: one virtual switch spanning the hosts (a double border: it exists on each of them).
    {
      selector: 'node[kind = "overlay"]',
      style: {
        shape: 'round-rectangle',
        'corner-radius': '12px',
        ...chip(p.overlay),
        'border-width': 5,
        'border-style': 'double',
        'font-family': FONT,
        'font-weight': 'bold',
        'font-size': 14,
        ...size('overlay'),
      },
    },
    {
      selector: 'node[kind = "vxlan"]',
      style: { shape: 'round-rectangle', 'corner-radius': '8px', ...chip(p.overlay), 'border-width': 2, 'font-size': 12, ...size('vxlan') },
    },
    // A macvlan child: a NIC of its own on the wire (cut corners: it is carved out of its parent).
    {
      selector: 'node[kind = "macvlan"]',
      style: { shape: 'cut-rectangle', ...chip(p.ether), 'border-color': p.edge.macvlan, 'border-width': 2, 'font-size': 12, ...size('macvlan') },
    },
    // Up but without carrier (NO-CARRIER: an empty bridge, a veth whose peer is down): dashed.
    { selector: 'node[state = "DOWN"], node[state = "LOWERLAYERDOWN"]', style: { 'border-style': 'dashed' } },
    // Administratively down: greyed out.
    {
      selector: 'node[kind = "ether"][!up], node[kind = "veth"][!up], node[kind = "bridge"][!up], node[kind = "vxlan"][!up], node[kind = "macvlan"][!up]',
      style: { ...chip(p.down) },
    },
    {
      selector: 'edge',
      style: {
        width: 2.5,
        // Haystack lines skip Cytoscape's endpoint geometry, a third of a big lab's first render.
        'curve-style': big ? 'haystack' : 'straight',
        'line-color': p.edge.veth,
        label: 'data(label)',
        color: p.text,
        'font-family': MONO,
        'font-size': 11.5,
        'text-background-color': p.edge.labelBg,
        'text-background-opacity': 0.92,
        'text-background-padding': '3px',
        'text-background-shape': 'roundrectangle',
        // Wrapping measures every word: a big lab's two thousand edge labels stay on one line.
        'text-wrap': big ? 'none' : 'wrap',
        'text-max-width': '128px',
        'min-zoomed-font-size': minFont,
        // Over the host box, under the namespace boxes: a veth pair ends at its box's border.
        'z-compound-depth': 'orphan',
      },
    },
    { selector: 'edge[kind = "cable"]', style: { 'line-color': p.edge.cable, width: 3 } },
    { selector: 'edge[kind = "port"]', style: { 'line-color': p.edge.port, width: 2.5 } },
    {
      selector: 'edge[kind = "publish"]',
      style: { 'line-color': p.edge.publish, width: 2, 'line-style': 'dashed', 'line-dash-pattern': [5, 4], 'target-arrow-shape': 'triangle', 'target-arrow-color': p.edge.publish, 'arrow-scale': 0.9 },
    },
    // The tunnel: wide, with the VTEP's address; packets ride it encapsulated (see the trace overlay).
    { selector: 'edge[kind = "tunnel"]', style: { 'line-color': p.edge.tunnel, width: 5, 'line-opacity': 0.8, 'line-cap': 'round' } },
    {
      selector: 'edge[kind = "macvlan"]',
      style: { 'line-color': p.edge.macvlan, width: 2, 'target-arrow-shape': 'tee', 'target-arrow-color': p.edge.macvlan, 'arrow-scale': 1.1 },
    },
    { selector: 'edge[!up]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], opacity: 0.7 } },
    // Classes other features set. Order matters: later rules win.
    { selector: '.faded', style: { opacity: 0.22 } },
    {
      selector: 'node.drop-target',
      style: { 'border-color': p.accent, 'border-width': 4, 'underlay-color': p.accent, 'underlay-opacity': 0.25, 'underlay-padding': 10 },
    },
    {
      selector: 'node:selected',
      style: { 'border-color': p.select, 'border-width': 3, 'underlay-color': p.select, 'underlay-opacity': 0.2, 'underlay-padding': 7 },
    },
    { selector: 'edge:selected', style: { 'line-color': p.select, width: 4 } },
    {
      selector: 'node.probe-source',
      style: { 'border-color': p.source, 'border-width': 4, 'underlay-color': p.source, 'underlay-opacity': 0.28, 'underlay-padding': 9 },
    },
    {
      selector: 'node.probe-target',
      style: { 'border-color': p.target, 'border-width': 4, 'underlay-color': p.target, 'underlay-opacity': 0.28, 'underlay-padding': 9 },
    },
    {
      selector: 'node.trace-active',
      style: { 'border-color': p.active, 'border-width': 4, 'underlay-color': p.active, 'underlay-opacity': 0.3, 'underlay-padding': 9 },
    },
    { selector: 'edge.trace-active', style: { 'line-color': p.active, width: 5, opacity: 1, 'z-index': 10 } },
    {
      selector: 'node.trace-drop',
      style: { 'border-color': p.drop, 'border-width': 4, 'underlay-color': p.drop, 'underlay-opacity': 0.35, 'underlay-padding': 10 },
    },
    { selector: 'edge.trace-drop', style: { 'line-color': p.drop, width: 5, opacity: 1, 'z-index': 10 } },
  ];
}
