/** Actions on the whole canvas shared by the top bar and the shortcuts: fit, export as PNG. */
import { usePlayground } from '../../store';
import { getCy } from '../graph/cy-context';
import { fitAll } from '../graph/viewport';

export function fitGraph(): void {
  const cy = getCy();
  if (cy) fitAll(cy);
}

/** The file name of an export: the first host's name and the lab's size, no clock (reproducible). */
export function pngFileName(hostname: string, commands: number): string {
  const safe = hostname.replace(/[^A-Za-z0-9._-]+/g, '-') || 'lab';
  return `${safe}-${commands}-commands.png`;
}

/** Downloads the whole graph (not just the viewport) as a PNG, on the theme's canvas colour. */
export function exportPng(): boolean {
  const cy = getCy();
  if (!cy || cy.nodes().empty()) return false;
  const state = usePlayground.getState();
  const bg = getComputedStyle(document.querySelector('.app') ?? document.body).getPropertyValue('--canvas').trim() || '#0f172a';
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg, maxWidth: 8000, maxHeight: 8000 });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  const host = state.world.hosts[state.world.hostOrder[0] ?? '']?.hostname ?? 'lab';
  a.href = url;
  a.download = pngFileName(host, state.log.length);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return true;
}
