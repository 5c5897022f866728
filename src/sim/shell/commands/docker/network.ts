/**
 * `docker network ls|create|rm|inspect|connect|disconnect|prune` (CLI 20.10, facts §8.2-8.3, §9.1-9.2).
 */
import { findContainer } from '../../../docker/container';
import { connectNetwork, disconnectNetwork } from '../../../docker/connect';
import { compileTemplate, formatNetworkLs, networkInspect } from '../../../docker/format';
import { printInspect } from './containers';
import { createNetwork, dockerOf, findNetwork, removeNetwork } from '../../../docker/network';
import { SimError } from '../../../net/errors';
import { parseIp4 } from '../../../net/ip4';
import type { Host } from '../../../net/types';
import { write, writeln, type ShellCtx } from '../../context';
import { all, has, last, parseFlags, usageError } from './flags';

const NETWORK_USAGE = `
Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
`;

function keyValues(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    out[i < 0 ? kv : kv.slice(0, i)] = i < 0 ? '' : kv.slice(i + 1);
  }
  return out;
}

export function networkCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const [sub, ...rest] = argv;
  const d = () => dockerOf(ctx.world, host);
  switch (sub) {
    case undefined:
      write(ctx, NETWORK_USAGE.slice(1));
      return 0;
    case 'ls':
    case 'list': {
      const p = parseFlags('network ls', rest, [
        { long: 'quiet', short: 'q', value: false }, { long: 'no-trunc', value: false }, { long: 'filter', short: 'f', value: true },
        { long: 'format', value: true },
      ], true);
      const r = formatNetworkLs(d(), { quiet: has(p, 'quiet'), noTrunc: has(p, 'no-trunc'), filters: all(p, 'filter') });
      if (!r.ok) throw new SimError(`${r.error}\nSee 'docker network ls --help'.`, r.exitCode);
      write(ctx, r.text);
      return 0;
    }
    case 'create': {
      const p = parseFlags('network create', rest, [
        { long: 'driver', short: 'd', value: true }, { long: 'subnet', value: true }, { long: 'gateway', value: true },
        { long: 'ip-range', value: true }, { long: 'internal', value: false }, { long: 'opt', short: 'o', value: true },
        { long: 'label', value: true }, { long: 'attachable', value: false }, { long: 'ipv6', value: false },
      ], true);
      if (p.args.length !== 1) {
        throw usageError('network create', `"docker network create" requires exactly 1 argument.\nUsage:  docker network create [OPTIONS] NETWORK\n\nCreate a network`);
      }
      if (all(p, 'subnet').length > 1) throw new SimError('multiple overlapping subnet configuration is not supported', 1);
      const n = createNetwork(ctx.world, host, {
        name: p.args[0]!, driver: last(p, 'driver') ?? 'bridge',
        ...(last(p, 'subnet') !== undefined ? { subnet: last(p, 'subnet')! } : {}),
        ...(last(p, 'gateway') !== undefined ? { gateway: last(p, 'gateway')! } : {}),
        ...(last(p, 'ip-range') !== undefined ? { ipRange: last(p, 'ip-range')! } : {}),
        internal: has(p, 'internal'), options: keyValues(all(p, 'opt')), labels: keyValues(all(p, 'label')),
      });
      writeln(ctx, n.id);
      return 0;
    }
    case 'rm':
    case 'remove': {
      const p = parseFlags('network rm', rest, [{ long: 'force', short: 'f', value: false }], true);
      if (p.args.length === 0) throw usageError('network rm', `"docker network rm" requires at least 1 argument.\nUsage:  docker network rm NETWORK [NETWORK...]\n\nRemove one or more networks`);
      let status = 0;
      for (const ref of p.args) {
        const n = findNetwork(d(), ref);
        if (!n) {
          writeln(ctx, `Error: No such network: ${ref}`);
          status = 1;
          continue;
        }
        try {
          removeNetwork(ctx.world, host, n);
          writeln(ctx, ref);
        } catch (e) {
          if (!(e instanceof SimError)) throw e;
          writeln(ctx, e.message);
          status = 1;
        }
      }
      return status;
    }
    case 'inspect': {
      const p = parseFlags('network inspect', rest, [{ long: 'format', short: 'f', value: true }, { long: 'verbose', short: 'v', value: false }], true);
      if (p.args.length === 0) throw usageError('network inspect', `"docker network inspect" requires at least 1 argument.\nUsage:  docker network inspect [OPTIONS] NETWORK [NETWORK...]\n\nDisplay detailed information on one or more networks`);
      const fmt = last(p, 'format');
      const tpl = fmt === undefined ? undefined : compileTemplate(fmt);
      if (tpl && !tpl.ok) throw new SimError(tpl.error, tpl.exitCode);
      const found: unknown[] = [];
      const missing: string[] = [];
      for (const ref of p.args) {
        const n = findNetwork(d(), ref);
        if (n) found.push(networkInspect(ctx.world, d(), n));
        else missing.push(ref);
      }
      const status = printInspect(ctx, found, tpl?.ok ? tpl.template : undefined);
      for (const m of missing) writeln(ctx, `Error: No such network: ${m}`);
      return missing.length ? 1 : status;
    }
    case 'connect': {
      const p = parseFlags('network connect', rest, [
        { long: 'ip', value: true }, { long: 'alias', value: true }, { long: 'link', value: true }, { long: 'ip6', value: true },
      ], true);
      if (p.args.length !== 2) throw usageError('network connect', `"docker network connect" requires exactly 2 arguments.\nUsage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\nConnect a container to a network`);
      const [netRef, ctrRef] = p.args as [string, string];
      const n = findNetwork(d(), netRef);
      if (!n) throw new SimError(`Error response from daemon: network ${netRef} not found`, 1);
      const c = findContainer(d(), ctrRef);
      if (!c) throw new SimError(`Error response from daemon: No such container: ${ctrRef}`, 1);
      const ipText = last(p, 'ip');
      const ip = ipText === undefined ? undefined : parseIp4(ipText);
      if (ipText !== undefined && ip === undefined) throw new SimError(`invalid IPv4 address: ${ipText}`, 1);
      connectNetwork(ctx.world, host, c, n, { ...(ip !== undefined ? { ip } : {}), aliases: all(p, 'alias') });
      return 0;
    }
    case 'disconnect': {
      const p = parseFlags('network disconnect', rest, [{ long: 'force', short: 'f', value: false }], true);
      if (p.args.length !== 2) throw usageError('network disconnect', `"docker network disconnect" requires exactly 2 arguments.\nUsage:  docker network disconnect [OPTIONS] NETWORK CONTAINER\n\nDisconnect a container from a network`);
      const [netRef, ctrRef] = p.args as [string, string];
      const n = findNetwork(d(), netRef);
      if (!n) throw new SimError(`Error response from daemon: network ${netRef} not found`, 1);
      const c = findContainer(d(), ctrRef);
      if (!c) throw new SimError(`Error response from daemon: No such container: ${ctrRef}`, 1);
      disconnectNetwork(ctx.world, host, c, n);
      return 0;
    }
    case 'prune': {
      const p = parseFlags('network prune', rest, [{ long: 'force', short: 'f', value: false }, { long: 'filter', value: true }], true);
      if (!has(p, 'force')) {
        write(ctx, 'WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] \n');
        return 0;
      }
      const state = d();
      const unused = Object.values(state.networks)
        .filter((n) => !n.predefined && !Object.values(state.containers).some((c) => c.endpoints.some((e) => e.network === n.id) || c.wanted.some((w) => w.network === n.id)))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (unused.length) {
        writeln(ctx, 'Deleted Networks:');
        for (const n of unused) {
          removeNetwork(ctx.world, host, n);
          writeln(ctx, n.name);
        }
        writeln(ctx);
      }
      return 0;
    }
    default:
      throw usageError('network', `docker network: '${sub}' is not a docker command.`);
  }
}
