/**
 * `export-linux`: a lab script as a bash script that builds its World in real network namespaces.
 * The World -> script part lives in sim/lab/export-linux.ts (the browser offers it too); this
 * file keeps the CLI's names for it.
 */
import { exportLinuxWorld } from '../sim/lab/export-linux';
import { labFromScript, runLabScript } from '../sim/lab/lab';
import { runScript, type StepResult } from '../sim/lab/script';
import type { World } from '../sim/net/types';

export { nsLabel, PINNED_SYSCTLS, exportLinuxWorld as exportWorld } from '../sim/lab/export-linux';

/**
 * A lab script's World and steps: on the single default machine, or, when its prompts name other
 * machines (`[root@docker-node2 ~]# ...`), on every machine they name (labFromScript + replay).
 */
export function simulateLab(labText: string): { world: World; steps: StepResult[] } {
  return labFromScript(labText).hosts.length > 1 ? runLabScript(labText) : runScript(labText);
}

export function exportLinux(labText: string, prefix: string): string {
  return exportLinuxWorld(simulateLab(labText).world, prefix);
}
