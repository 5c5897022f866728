/**
 * The Node CLI over the simulation core:
 *   run FILE [--json]              replay a lab script, print the transcript (or JSON steps)
 *   export-linux FILE --prefix P   print a bash script building the lab in real namespaces
 *   reach FILE --json              print ping verdicts between every namespace and address
 *   reach FILE --tcp [--json]      print TCP connect verdicts (open, refused, none) on listening ports
 */
import { readFileSync } from 'node:fs';
import { runScript } from '../sim/lab/script';
import { exportLinux } from './export-linux';
import { reach, tcpReachWorld } from './reach';

const USAGE = `usage: cli run FILE [--json]
       cli export-linux FILE --prefix P
       cli reach FILE [--json] [--tcp]
`;

function main(argv: string[]): number {
  const [verb, file, ...rest] = argv;
  if (!verb || !file) {
    process.stderr.write(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    process.stderr.write(`cli: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const json = rest.includes('--json');
  switch (verb) {
    case 'run': {
      const { steps } = runScript(text);
      if (json) {
        const rows = steps.map((s) => ({ host: s.host, command: s.command, output: s.output, exitCode: s.exitCode }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        for (const s of steps) process.stdout.write(`${s.prompt}${s.command}\n${s.output}`);
      }
      return 0;
    }
    case 'export-linux': {
      const i = rest.indexOf('--prefix');
      const prefix = i >= 0 ? rest[i + 1] : 'lab';
      if (!prefix || !/^[A-Za-z0-9_-]{1,24}$/.test(prefix)) {
        process.stderr.write('cli: --prefix takes 1-24 letters, digits, _ or -\n');
        return 2;
      }
      process.stdout.write(exportLinux(text, prefix));
      return 0;
    }
    case 'reach': {
      if (rest.includes('--tcp')) {
        const tcp = tcpReachWorld(runScript(text).world);
        if (json) process.stdout.write(`${JSON.stringify(tcp)}\n`);
        else for (const v of tcp) process.stdout.write(`${v.from} -> ${v.to}:${v.port}: ${v.result}\n`);
        return 0;
      }
      const verdicts = reach(text);
      if (json) process.stdout.write(`${JSON.stringify(verdicts)}\n`);
      else for (const v of verdicts) process.stdout.write(`${v.from} -> ${v.to}: ${v.ok ? 'ok' : 'no'}\n`);
      return 0;
    }
    default:
      process.stderr.write(USAGE);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
