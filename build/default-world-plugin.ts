/**
 * `virtual:default-world`: the default World (one VM with Docker, DESIGN.md), computed by the core
 * at build time and shipped as JSON. The first picture then needs no simulation code at all; the
 * core loads with the shell, after first paint. `default-world.test.ts` checks it equals
 * `createDefaultWorld()` from the code it was built from.
 */
import type { Plugin } from 'vite';
import { createDefaultWorld } from '../src/sim/lab/default-world';

const ID = 'virtual:default-world';
const RESOLVED = `\0${ID}`;

export function defaultWorldPlugin(): Plugin {
  return {
    name: 'dnp-default-world',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? `export default JSON.parse(${JSON.stringify(JSON.stringify(createDefaultWorld()))});` : undefined),
  };
}
