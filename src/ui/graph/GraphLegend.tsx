/** A small key to the canvas' shapes and colours. */
import { COLORS } from './graph-style';

const ITEMS: { label: string; swatch: string; line?: boolean }[] = [
  { label: 'NIC', swatch: COLORS.ether },
  { label: 'veth', swatch: COLORS.veth },
  { label: 'bridge', swatch: COLORS.bridge },
  { label: 'namespace', swatch: COLORS.netnsBorder },
  { label: 'veth pair', swatch: '#a78bfa', line: true },
  { label: 'cable', swatch: '#38bdf8', line: true },
  { label: 'bridge port', swatch: '#f59e0b', line: true },
];

export function GraphLegend() {
  return (
    <ul className="graph-legend" aria-label="Legend">
      {ITEMS.map((item) => (
        <li key={item.label}>
          <span
            className={item.line ? 'legend-line' : 'legend-box'}
            style={{ background: item.swatch }}
            aria-hidden="true"
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
