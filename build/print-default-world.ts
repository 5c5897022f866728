/** Prints the default World as JSON (run by default-world-plugin.ts in a child process). */
import { createDefaultWorld } from '../src/sim/lab/default-world';

process.stdout.write(JSON.stringify(createDefaultWorld()));
