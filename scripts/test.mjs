#!/usr/bin/env node
// `npm test`: everything, in order: typecheck, lint, unit + scenario, kernel conformance, e2e.
// Missing prerequisites (root, iproute2, Chromium) are explained; under CI=true they fail the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ci = process.env.CI === 'true';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit and scenario tests', 'npx', ['vitest', 'run']],
];

const missing = [];
const kernelOk = isRoot && has('ip') && has('iptables') && has('ping');
if (kernelOk) steps.push(['kernel conformance', 'npx', ['vitest', 'run', '--config', 'vitest.conformance.config.ts']]);
else missing.push('kernel conformance needs root, iproute2, iptables and iputils-ping: ' +
  'sudo apt-get install -y iproute2 iptables iputils-ping && sudo npm run test:conformance');
if (existsSync(chromium)) steps.push(['e2e (production build in Chromium)', 'npx', ['playwright', 'test']]);
else missing.push(`e2e needs Chromium at ${chromium} (or set CHROMIUM_PATH): sudo apt-get install -y chromium`);

const failed = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed.push(name);
}
for (const m of missing) console.log(`\n!! skipped: ${m}`);
if (ci && missing.length) failed.push('prerequisites missing under CI=true');
console.log(failed.length ? `\nFAILED: ${failed.join(', ')}` : '\nall test steps passed');
process.exit(failed.length ? 1 : 0);
