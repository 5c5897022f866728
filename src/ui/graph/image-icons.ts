/**
 * Container image icons: one small inline SVG per image family (drawn, not the projects' logos),
 * as data URLs so Cytoscape paints them without a network request. 32x32, readable at 20px.
 */
import type { ImageFamily } from './to-elements';

function svgUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

const wrap = (bg: string, body: string): string =>
  svgUrl(`<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect x="1" y="1" width="30" height="30" rx="7" fill="${bg}"/>${body}</svg>`);

const ICON_SVG: Record<ImageFamily, string> = {
  // A cube: BusyBox, the box of tools.
  busybox: wrap(
    '#a16207',
    '<path d="M16 6 L26 11 L26 21 L16 26 L6 21 L6 11 Z" fill="#fde68a"/><path d="M16 16 L26 11 M16 16 L6 11 M16 16 L16 26" stroke="#a16207" stroke-width="1.6" fill="none"/>',
  ),
  // Mountain peaks.
  alpine: wrap('#0e5a84', '<path d="M4 24 L12 12 L16 18 L20 10 L28 24 Z" fill="#e0f2fe"/><path d="M12 12 L14 15 L11 15 Z" fill="#0e5a84"/>'),
  // A hexagon with an N.
  nginx: wrap(
    '#15803d',
    '<path d="M16 4 L26 10 L26 22 L16 28 L6 22 L6 10 Z" fill="#dcfce7"/><path d="M12 21 V11 L20 21 V11" stroke="#15803d" stroke-width="2.6" fill="none" stroke-linejoin="round"/>',
  ),
  // A cat's head.
  tomcat: wrap(
    '#c2410c',
    '<path d="M7 9 L12 13 H20 L25 9 L25 20 C25 25 21 27 16 27 C11 27 7 25 7 20 Z" fill="#fed7aa"/><circle cx="12.5" cy="18" r="1.6" fill="#7c2d12"/><circle cx="19.5" cy="18" r="1.6" fill="#7c2d12"/>',
  ),
  // A four-coloured pinwheel.
  centos: wrap(
    '#334155',
    '<rect x="6" y="6" width="9" height="9" fill="#facc15"/><rect x="17" y="6" width="9" height="9" fill="#4ade80"/><rect x="6" y="17" width="9" height="9" fill="#a78bfa"/><rect x="17" y="17" width="9" height="9" fill="#f472b6"/>',
  ),
  // Stacked layers.
  redis: wrap(
    '#b91c1c',
    '<path d="M5 20 L16 25 L27 20 L16 15 Z" fill="#fecaca"/><path d="M5 15 L16 20 L27 15 L16 10 Z" fill="#fee2e2"/><path d="M5 10 L16 15 L27 10 L16 5 Z" fill="#ffffff"/>',
  ),
  // A database cylinder.
  mysql: wrap(
    '#0e7490',
    '<ellipse cx="16" cy="9" rx="9" ry="3.5" fill="#fef3c7"/><path d="M7 9 V23 C7 25 11 26.5 16 26.5 C21 26.5 25 25 25 23 V9 C25 11 21 12.5 16 12.5 C11 12.5 7 11 7 9 Z" fill="#fbbf24"/><path d="M7 16 C7 18 11 19.5 16 19.5 C21 19.5 25 18 25 16" stroke="#0e7490" stroke-width="1.4" fill="none"/>',
  ),
  // A shipping container.
  generic: wrap(
    '#475569',
    '<rect x="5" y="9" width="22" height="15" rx="2" fill="#cbd5e1"/><path d="M10 11 V22 M14 11 V22 M18 11 V22 M22 11 V22" stroke="#475569" stroke-width="1.6"/>',
  ),
};

const kept: HTMLImageElement[] = [];
const preloaded = new Set<string>();

/**
 * Decodes images ahead of their first draw. Cytoscape re-styles a node, its parents and all their
 * descendants when the node's background image turns from loading to loaded (`:backgrounding`);
 * with a thousand container icons in one host box that is a thousand full-graph restyles. An image
 * already decoded by the page is complete the moment Cytoscape creates it, so nothing flips.
 */
export function preloadImages(urls: Iterable<string>): void {
  if (typeof Image === 'undefined') return;
  for (const url of urls) {
    if (preloaded.has(url)) continue;
    preloaded.add(url);
    const img = new Image();
    img.src = url;
    kept.push(img);
  }
}

/** The icon (an SVG data URL) drawn for a container of that image family. */
export function imageIcon(family: ImageFamily): string {
  return ICON_SVG[family];
}

export const ICON_FAMILIES = Object.keys(ICON_SVG) as ImageFamily[];

preloadImages(Object.values(ICON_SVG));
