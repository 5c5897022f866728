/**
 * Where a namespace is, seen from its host's shell, and how to run a read-only command there: the
 * host's root namespace directly, a named namespace through `ip netns exec` (`ip -n` for iproute2),
 * a container's through `docker exec`. The inspector shows these exact lines, so users learn them.
 *
 * Invariants: commands run with `execute` on the World as it is and the World they return is
 * dropped: nothing here changes the lab or its log. A simulation error becomes a section's output,
 * never an exception.
 */
import { execute } from '../../sim';
import type { Host, Netns, NsId, World } from '../../sim';

export type DockerState = NonNullable<Host['docker']>;
export type Container = DockerState['containers'][string];

/** A place the host's shell can reach. */
export type Place =
  | { kind: 'root'; host: Host; ns: Netns }
  | { kind: 'named'; host: Host; ns: Netns }
  | { kind: 'container'; host: Host; ns: Netns; container: Container }
  /** The internet NAT gateway, the LAN switch, or a namespace nobody can enter any more. */
  | { kind: 'other'; host: Host; ns: Netns };

/** One command's result, as the host's terminal would print it. */
export interface Run {
  command: string;
  output: string;
  exitCode: number;
}

/** The running container that owns a container namespace (not one that joined it with container:X). */
export function nsOwner(host: Host, nsId: NsId): Container | undefined {
  const d = host.docker;
  if (!d) return undefined;
  return d.containerOrder.map((id) => d.containers[id]).find((c) => c?.state === 'running' && c.ns === nsId);
}

export function placeOf(world: World, nsId: NsId): Place | undefined {
  const ns = world.netns[nsId];
  const host = ns ? world.hosts[ns.host] : undefined;
  if (!ns || !host) return undefined;
  if (host.rootNs === ns.id) return { kind: 'root', host, ns };
  if (ns.kind === 'named' && host.netns[ns.name] === ns.id) return { kind: 'named', host, ns };
  const container = ns.kind === 'container' ? nsOwner(host, ns.id) : undefined;
  if (container) return { kind: 'container', host, ns, container };
  return { kind: 'other', host, ns };
}

/**
 * The line that runs `cmd` in `place` from the host's shell. iproute2 commands in a named
 * namespace use `ip -n NS` (ip(8)) unless `netnsExec` asks for the `ip netns exec NS` form.
 */
export function lineIn(place: Place, cmd: string, netnsExec = false): string {
  switch (place.kind) {
    case 'root':
    case 'other':
      return cmd;
    case 'named':
      if (!netnsExec && cmd.startsWith('ip ')) return `ip -n ${place.ns.name} ${cmd.slice(3)}`;
      return `ip netns exec ${place.ns.name} ${cmd}`;
    case 'container':
      return `docker exec ${place.container.name} ${cmd}`;
  }
}

/** Runs `line` in the host's shell on `world` and forgets the World it returns. */
export function runOn(world: World, host: Host, line: string): Run {
  try {
    const r = execute(world, line, { host: host.id });
    return { command: line, output: r.output, exitCode: r.exitCode };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { command: line, output: `-bash: internal error: ${message}\n`, exitCode: 70 };
  }
}

/** Whether `c`'s image has `tool` on its $PATH (`docker exec` fails with exit 126 otherwise). */
export function imageHas(c: Container, tool: string): boolean {
  return c.img.tools.includes(tool);
}

/**
 * One top-level field of the first object of `docker inspect`'s JSON array, cut from the text as
 * printed (so it stays byte for byte what Docker prints, 4-space indents, Go's escaping) and
 * dedented to the left margin: `"NetworkSettings": { ... }`. Undefined when it is not there.
 */
export function inspectField(json: string, field: string): string | undefined {
  const lines = json.split('\n');
  const indent = '        ';
  const start = lines.findIndex((l) => l.startsWith(`${indent}"${field}": `));
  if (start < 0) return undefined;
  const first = lines[start]!;
  const opens = /[{[]$/.test(first);
  if (!opens) return first.slice(indent.length).replace(/,$/, '');
  let end = start + 1;
  while (end < lines.length && !/^ {8}[}\]],?$/.test(lines[end]!)) end++;
  if (end >= lines.length) return undefined;
  return lines
    .slice(start, end + 1)
    .map((l) => l.slice(indent.length))
    .join('\n')
    .replace(/,$/, '');
}

/** A container's name and where its network stack lives, in words: `host mode`, `joins web`. */
export function networkModeText(d: DockerState, c: Container): string {
  const mode = c.networkMode;
  if (mode.startsWith('container:')) {
    const target = c.joins ? d.containers[c.joins] : undefined;
    return `container:${target?.name ?? mode.slice('container:'.length, 'container:'.length + 12)}`;
  }
  if (mode === 'default') return 'bridge (default)';
  const net = d.networks[mode] ?? Object.values(d.networks).find((n) => n.name === mode);
  return net ? net.name : mode;
}
