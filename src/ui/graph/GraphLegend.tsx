/** A small key to the canvas' shapes and colours, in the current theme's palette. */
import { usePlayground } from '../../store';
import { PALETTES, type GraphPalette } from './graph-palette';
import { isOverlaySandbox } from './overlay-network';

interface Item {
  label: string;
  swatch: (p: GraphPalette) => { fill: string; border: string };
  line?: boolean;
  dashed?: boolean;
}

const ITEMS: Item[] = [
  { label: 'NIC', swatch: (p) => p.ether },
  { label: 'bridge', swatch: (p) => p.bridge },
  { label: 'veth', swatch: (p) => p.veth },
  { label: 'container', swatch: (p) => p.container },
  { label: 'netns', swatch: (p) => p.netns, dashed: true },
  { label: 'published', swatch: (p) => p.publish },
  { label: 'veth pair', swatch: (p) => ({ fill: p.edge.veth, border: p.edge.veth }), line: true },
  { label: 'cable', swatch: (p) => ({ fill: p.edge.cable, border: p.edge.cable }), line: true },
  { label: 'port', swatch: (p) => ({ fill: p.edge.port, border: p.edge.port }), line: true },
];

/** Shown only when the World has them: most labs are one host without overlays. */
const OVERLAY_ITEMS: Item[] = [
  { label: 'overlay', swatch: (p) => p.overlay },
  { label: 'VXLAN tunnel', swatch: (p) => ({ fill: p.edge.tunnel, border: p.edge.tunnel }), line: true },
];

export function GraphLegend() {
  const theme = usePlayground((s) => s.theme);
  const palette = PALETTES[theme];
  const overlays = usePlayground((s) => Object.values(s.world.netns).some(isOverlaySandbox));
  return (
    <ul className="graph-legend" aria-label="Legend" data-testid="graph-legend">
      {(overlays ? [...ITEMS, ...OVERLAY_ITEMS] : ITEMS).map((item) => {
        const { fill, border } = item.swatch(palette);
        return (
          <li key={item.label}>
            <span
              className={item.line ? 'legend-line' : 'legend-box'}
              style={{ background: fill, borderColor: border, borderStyle: item.dashed ? 'dashed' : 'solid' }}
              aria-hidden="true"
            />
            {item.label}
          </li>
        );
      })}
    </ul>
  );
}
