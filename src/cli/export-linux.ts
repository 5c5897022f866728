/**
 * `export-linux`: a lab script as a bash script that builds its World in real network namespaces.
 * The World -> script part lives in sim/lab/export-linux.ts (the browser offers it too); this
 * file keeps the CLI's names for it.
 */
import { exportLinuxWorld } from '../sim/lab/export-linux';
import { runScript } from '../sim/lab/script';

export { nsLabel, PINNED_SYSCTLS, exportLinuxWorld as exportWorld } from '../sim/lab/export-linux';

export function exportLinux(labText: string, prefix: string): string {
  return exportLinuxWorld(runScript(labText).world, prefix);
}
