/**
 * Import of a real host's Docker networks: the output of `docker network inspect $(docker network
 * ls -q)` and/or `docker inspect $(docker ps -aq)`, pasted one after the other (with the prompt lines
 * or messages between them), becomes a Lab whose log is the docker commands that rebuild those
 * networks and containers in the playground.
 *
 * Every command is tried on the World before it is kept (the World is immutable, so a try costs
 * nothing to drop): the importer checks the network's subnet, the container's addresses, state and
 * published ports, and when the faithful command does not give the real result it tries the next
 * closest one (`--ip`, an explicit `--subnet`, a filler container holding a gap of the default
 * bridge, a pinned host port, the image's own command), and says so in the report.
 *
 * Untrusted input: the text is scanned without recursion, every object is validated with zod,
 * names must be ones Docker accepts, and every argument is shell-quoted, so a name or command
 * from the dump can only ever be an argument of the docker command it was meant for.
 */
import { LAB_VERSION, type Lab } from './lab';
import { build, verify } from './import-inspect/build';
import { Builder, HOST, Restart } from './import-inspect/builder';
import { readDump } from './import-inspect/dump';
import { extractJson, IMPORT_LIMITS } from './import-inspect/read';

export { IMPORT_LIMITS };

/** A lab and the report of what was approximated or left out, or why nothing could be imported. */
export type ImportResult = { ok: true; lab: Lab; report: string[] } | { ok: false; error: string };

function cap(report: string[]): string[] {
  const max = IMPORT_LIMITS.report;
  return report.length <= max ? report : [...report.slice(0, max - 1), `… and ${report.length - max + 1} more`];
}

/**
 * Turns pasted `docker network inspect` / `docker inspect` output into a lab that rebuilds those
 * networks and containers; `report` says what was approximated or left out.
 */
export function importInspect(text: string): ImportResult {
  if (typeof text !== 'string') return { ok: false, error: 'Nothing to import: paste the output of docker network inspect and docker inspect.' };
  if (text.length > IMPORT_LIMITS.chars) {
    return { ok: false, error: `The text is ${text.length} characters; the import takes at most ${IMPORT_LIMITS.chars} (about ${IMPORT_LIMITS.containers} containers).` };
  }
  try {
    const ex = extractJson(text);
    if (!ex.values.length) {
      return { ok: false, error: 'No inspect output found: paste the output of `docker network inspect $(docker network ls -q)` and `docker inspect $(docker ps -aq)` (JSON arrays).' };
    }
    const notes = [...ex.notes];
    const host = readDump(ex.values, notes);
    if (!host) {
      return { ok: false, error: `None of the ${ex.values.length} JSON value(s) is a Docker network or container: ${notes.filter((n) => /skipped/.test(n)).slice(0, 3).join('; ')}` };
    }
    const force = new Set<string>();
    let b: Builder;
    // A pass that finds a pool network whose addresses cannot be had dynamically starts again with
    // that network's subnet given; after two such passes every network's is, and the next is the last.
    for (let pass = 0; ; pass++) {
      if (pass === 2) for (const n of host.nets) if (n.subnet && !n.isDefaultBridge) force.add(n.name);
      b = new Builder(host, force);
      try {
        build(b, pass >= 2);
        break;
      } catch (e) {
        if (!(e instanceof Restart)) throw e;
        force.add(e.net);
      }
    }
    const envs = host.ctrs.filter((c) => c.env).length;
    if (envs) notes.push(`environment variables are not imported (${envs} container(s) have some): they may hold secrets, and the playground's programs do not read them`);
    if (!b.log.length) notes.push('nothing to rebuild: the paste has only the default networks');
    const lab: Lab = { v: LAB_VERSION, name: 'Imported from docker inspect', hosts: [HOST], log: b.log };
    return { ok: true, lab, report: cap([...notes, ...b.notes, ...verify(b)]) };
  } catch (e) {
    return { ok: false, error: `The import failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
