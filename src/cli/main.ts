/**
 * The Node CLI over the simulation core:
 *   run FILE [--json]              replay a lab script, print the transcript (or JSON steps)
 *   export-linux FILE --prefix P   print a bash script building the lab in real namespaces
 *   reach FILE --json              print ping verdicts between every namespace and address
 *   reach FILE --tcp [--json]      print TCP connect verdicts (open, refused, none) on listening ports
 *   export-docker FILE             print the lab as a bash script of real docker/ip commands
 *   export-compose FILE            print the lab as a compose.yaml (what it leaves out on stderr)
 *   link FILE                      print the lab's share-link fragment (`lab=1.…`)
 *   import-inspect FILE            print the lab script that rebuilds the host of a docker inspect dump
 *
 * Every verb reads the script as a lab (labFromScript): `[root@docker-node2 ~]#` prompts pick the
 * machine, and `lab host add` lines make more.
 */
import { readFileSync } from 'node:fs';
import { labFromScript, runLabScript } from '../sim/lab/lab';
import { labFragment } from '../sim/lab/codec';
import { exportCompose } from '../sim/lab/export-compose';
import { exportDockerScript, formatLine } from '../sim/lab/export-docker';
import { importInspect } from '../sim/lab/import-inspect';
import { exportLinux } from './export-linux';
import { reach, tcpReachWorld } from './reach';

const USAGE = `usage: cli run FILE [--json]
       cli export-linux FILE --prefix P
       cli reach FILE [--json] [--tcp]
       cli export-docker FILE
       cli export-compose FILE
       cli link FILE
       cli import-inspect FILE
`;

async function main(argv: string[]): Promise<number> {
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
      const { steps } = runLabScript(text);
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
        const tcp = tcpReachWorld(runLabScript(text).world);
        if (json) process.stdout.write(`${JSON.stringify(tcp)}\n`);
        else for (const v of tcp) process.stdout.write(`${v.from} -> ${v.to}:${v.port}: ${v.result}\n`);
        return 0;
      }
      const verdicts = reach(text);
      if (json) process.stdout.write(`${JSON.stringify(verdicts)}\n`);
      else for (const v of verdicts) process.stdout.write(`${v.from} -> ${v.to}: ${v.ok ? 'ok' : 'no'}\n`);
      return 0;
    }
    case 'export-docker':
      process.stdout.write(exportDockerScript(labFromScript(text)));
      return 0;
    case 'export-compose': {
      const { yaml, leftOut } = exportCompose(labFromScript(text));
      process.stdout.write(yaml);
      for (const l of leftOut) process.stderr.write(`left out: ${l}\n`);
      return 0;
    }
    case 'link':
      process.stdout.write(`${await labFragment(labFromScript(text))}\n`);
      return 0;
    case 'import-inspect': {
      const r = importInspect(text);
      if (!r.ok) {
        process.stderr.write(`cli: ${r.error}\n`);
        return 1;
      }
      // A lab script of one machine (an import is one host), here-documents for file bodies.
      for (const e of r.lab.log) {
        process.stdout.write(`${formatLine({ command: e.c, ...(e.i !== undefined ? { stdin: e.i } : {}) })}\n`);
      }
      for (const l of r.report) process.stderr.write(`note: ${l}\n`);
      return 0;
    }
    default:
      process.stderr.write(USAGE);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
