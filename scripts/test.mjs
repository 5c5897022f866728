#!/usr/bin/env node
// `npm test`: everything, in order: typecheck, lint, unit + scenario, kernel conformance, e2e.
// Missing prerequisites (root, iproute2, Chromium) are explained; under CI=true they fail the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ci = process.env.CI === 'true';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

// Each test runner also writes a JSON report, so the run can end with one honest count.
const reports = mkdtempSync(join(tmpdir(), 'dnp-test-'));
const vitestJson = (name) => ['--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, name)}`];
const counts = { passed: 0, failed: 0, skipped: 0 };
function countVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += r.numPassedTests;
  counts.failed += r.numFailedTests;
  counts.skipped += r.numPendingTests + r.numTodoTests;
}
function countPlaywright(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += r.stats.expected + r.stats.flaky;
  counts.failed += r.stats.unexpected;
  counts.skipped += r.stats.skipped;
}

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit and scenario tests', 'npx', ['vitest', 'run', ...vitestJson('unit.json')], () => countVitest(join(reports, 'unit.json'))],
];

const missing = [];
const kernelOk = isRoot && has('ip') && has('iptables') && has('ping') && has('python3');
if (kernelOk) {
  steps.push(['kernel conformance', 'npx', ['vitest', 'run', '--config', 'vitest.conformance.config.ts', ...vitestJson('kernel.json')],
    () => countVitest(join(reports, 'kernel.json'))]);
}
else missing.push('kernel conformance needs root, iproute2, iptables, iputils-ping and python3: ' +
  'sudo apt-get install -y iproute2 iptables iputils-ping python3 && sudo npm run test:conformance');
if (existsSync(chromium)) {
  steps.push(['e2e (production build in Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'],
    () => countPlaywright(join(reports, 'e2e.json')), { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'e2e.json') }]);
}
else missing.push(`e2e needs Chromium at ${chromium} (or set CHROMIUM_PATH): sudo apt-get install -y chromium`);

const failed = [];
for (const [name, cmd, args, count, env] of steps) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failed.push(name);
  count?.();
}
for (const m of missing) console.log(`\n!! skipped: ${m}`);
if (ci && missing.length) failed.push('prerequisites missing under CI=true');
console.log(failed.length ? `\nFAILED: ${failed.join(', ')}` : '\nall test steps passed');
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed.length ? 1 : 0);
