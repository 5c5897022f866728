/**
 * `ip netns` (ip/ipnetns.c): named namespaces live under /var/run/netns on their host.
 */
import { SimError } from '../../../net/errors';
import { destroyNetns } from '../../../net/link';
import type { Netns } from '../../../net/types';
import { createNetns, getHost, getNs, ownEntry } from '../../../net/world';
import type { ShellCtx } from '../../context';
import { write } from '../../context';
import { runArgv } from '../../execute';
import type { IpCtx } from './index';
import { matches } from './index';

export const NETNS_DIR = '/var/run/netns';

const NETNS_USAGE = `Usage: ip netns list
       ip netns add NAME
       ip netns set NAME NETNSID
       ip [-all] netns delete [NAME]
       ip netns identify [PID]
       ip netns pids NAME
       ip [-all] netns exec [NAME] cmd ...
       ip netns monitor
       ip netns list-id
`;

/** Finds a named namespace of the shell's host, as `ip -n NAME` / `ip netns exec NAME` open it. */
export function openNetns(ctx: ShellCtx, name: string): Netns {
  const host = getHost(ctx.world, ctx.place.host);
  const id = ownEntry(host.netns, name);
  if (id === undefined) throw new SimError(`Cannot open network namespace "${name}": No such file or directory`, 255);
  return getNs(ctx.world, id);
}

export function ipNetns(c: IpCtx, args: string[]): number {
  const ctx = c.shell;
  const verb = args.shift() ?? 'list';
  const host = getHost(ctx.world, ctx.place.host);
  if (matches(verb, 'list') || verb === 'show') {
    for (const name of [...host.netnsOrder].reverse()) {
      const id = c.ns.netnsIds[host.netns[name]!];
      write(ctx, id === undefined ? `${name}\n` : `${name} (id: ${id})\n`);
    }
    return 0;
  }
  if (matches(verb, 'help')) {
    write(ctx, NETNS_USAGE);
    return 255;
  }
  if (verb === 'add') {
    const name = args.shift();
    if (name === undefined) throw new SimError('No netns name specified', 255);
    if (name.includes('/') || name === '.' || name === '..' || name.length === 0) throw new SimError(`Invalid netns name "${name}"`, 255);
    // The one name a plain object cannot hold as a key (the playground's limit, not iproute2's).
    if (name === '__proto__') throw new SimError(`Invalid netns name "${name}": reserved by the playground`, 255);
    if (ownEntry(host.netns, name) !== undefined) {
      throw new SimError(`Cannot create namespace file "${NETNS_DIR}/${name}": File exists`, 1);
    }
    const ns = createNetns(ctx.world, host.id, 'named', name);
    host.netns[name] = ns.id;
    host.netnsOrder.push(name);
    return 0;
  }
  if (matches(verb, 'delete')) {
    const name = args.shift();
    if (name === undefined) throw new SimError('No netns name specified', 255);
    const id = ownEntry(host.netns, name);
    if (id === undefined) throw new SimError(`Cannot remove namespace file "${NETNS_DIR}/${name}": No such file or directory`, 1);
    destroyNetns(ctx.world, id);
    delete host.netns[name];
    host.netnsOrder = host.netnsOrder.filter((n) => n !== name);
    return 0;
  }
  if (matches(verb, 'exec')) {
    const name = args.shift();
    if (name === undefined) throw new SimError('No netns name specified', 255);
    const ns = openNetns(ctx, name);
    if (args.length === 0) throw new SimError('No command specified', 255);
    if (args.length === 1 && /^(\/bin\/|\/usr\/bin\/)?(bash|sh)$/.test(args[0]!) && ctx.signal) {
      // An interactive shell in the namespace: the terminal's session until `exit`.
      ctx.signal.enter = { ns: ns.id };
      return 0;
    }
    const inner: ShellCtx = { ...ctx, place: { host: ctx.place.host, ns: ns.id } };
    const code = runArgv(inner, args);
    if (code === 127 && ctx.out.at(-1)?.endsWith('command not found\n')) {
      ctx.out.pop();
      write(ctx, `exec of "${args[0]}" failed: No such file or directory\n`);
      return 255;
    }
    return code;
  }
  if (matches(verb, 'identify')) {
    const found = host.netnsOrder.find((n) => host.netns[n] === c.ns.id);
    if (found) write(ctx, `${found}\n`);
    return 0;
  }
  throw new SimError(`Command "${verb}" is unknown, try "ip netns help".`, 255);
}

