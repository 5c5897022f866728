/**
 * `virtual:default-world`: the default World (one VM with Docker, DESIGN.md), computed by the core
 * at build time and shipped as JSON. The first picture then needs no simulation code at all; the
 * core loads with the shell, after first paint. `src/store/default-world.test.ts` checks it equals
 * `createDefaultWorld()`.
 *
 * The World is made by the core in a child process (tsx), so Vite's config loader never bundles
 * the simulation's sources into the config.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ID = 'virtual:default-world';
const RESOLVED = `\0${ID}`;
const SCRIPT = fileURLToPath(new URL('./print-default-world.ts', import.meta.url));

export function defaultWorldPlugin(): Plugin {
  let json: string | undefined;
  return {
    name: 'dnp-default-world',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      json ??= execFileSync(process.execPath, ['--import', 'tsx', SCRIPT], { encoding: 'utf8', maxBuffer: 1 << 26 });
      this.addWatchFile(SCRIPT);
      return `export default JSON.parse(${JSON.stringify(json)});`;
    },
  };
}
