/**
 * `docker network ls|create|rm|inspect|connect|disconnect|prune` (CLI 20.10, facts §8.2-8.3, §9.1-9.2).
 */
import { findContainer } from '../../../docker/container';
import { connectNetwork, disconnectNetwork } from '../../../docker/connect';
import { compileTemplate, formatNetworkLs, networkInspect } from '../../../docker/format';
import { forEachRef, printInspect } from './containers';
import { createNetwork, dockerOf, findNetwork, removeNetwork } from '../../../docker/network';
import { SimError } from '../../../net/errors';
import { findSwarmNetwork, overlayRecord } from '../../../docker/overlay';
import { inPrefix, parseIp4, parsePrefix } from '../../../net/ip4';
import type { Host } from '../../../net/types';
import { write, writeln, type ShellCtx } from '../../context';
import { all, has, last, parseFlags, requiresArgs, usageError } from './flags';

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

/**
 * The CLI's consolidateIpam checks (cli/command/network/create.go), in its order. A network with
 * several valid subnets is refused too: the playground models one subnet per network.
 */
function checkIpamFlags(subnets: string[], ranges: string[], gateways: string[], aux: string[]): void {
  const nets = subnets.map((s) => ({ text: s, p: parsePrefix(s, -1) }));
  const within = (ip: string, n: (typeof nets)[number]) => {
    const x = parsePrefix(ip, 32);
    return !!x && !!n.p && n.p.prefix >= 0 && x.prefix >= n.p.prefix && inPrefix(x.addr, n.p.addr, n.p.prefix);
  };
  for (let i = 0; i < nets.length; i++) {
    for (let j = i + 1; j < nets.length; j++) {
      const a = nets[i]!.p;
      const b = nets[j]!.p;
      if (a && b && a.prefix >= 0 && b.prefix >= 0 && (inPrefix(a.addr, b.addr, b.prefix) || inPrefix(b.addr, a.addr, a.prefix))) {
        throw new SimError('multiple overlapping subnet configuration is not supported', 1);
      }
    }
  }
  const rangesOf = new Map<string, string>();
  for (const r of ranges) {
    const n = nets.find((x) => within(r, x));
    if (!n) throw new SimError(`no matching subnet for range ${r}`, 1);
    const prev = rangesOf.get(n.text);
    if (prev !== undefined) throw new SimError(`cannot configure multiple ranges (${r}, ${prev}) on the same subnet (${n.text})`, 1);
    rangesOf.set(n.text, r);
  }
  for (const g of gateways) {
    if (!nets.some((x) => within(g, x))) throw new SimError(nets.length ? `no matching subnet for gateway ${g}` : 'every ip-range or gateway must have a corresponding subnet', 1);
  }
  for (const kv of aux) {
    const ip = kv.slice(kv.indexOf('=') + 1);
    if (!nets.some((x) => within(ip, x))) throw new SimError(`no matching subnet for aux-address ${ip}`, 1);
  }
  if (nets.length > 1) throw new SimError('the playground models one subnet per network (several --subnet flags are not supported yet)', 1);
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
        { long: 'aux-address', value: true },
      ], true);
      if (p.args.length !== 1) {
        throw requiresArgs('network create', 'exactly 1 argument', '[OPTIONS] NETWORK', 'Create a network');
      }
      checkIpamFlags(all(p, 'subnet'), all(p, 'ip-range'), all(p, 'gateway'), all(p, 'aux-address'));
      const n = createNetwork(ctx.world, host, {
        name: p.args[0]!, driver: last(p, 'driver') ?? 'bridge',
        ...(last(p, 'subnet') !== undefined ? { subnet: last(p, 'subnet')! } : {}),
        ...(last(p, 'gateway') !== undefined ? { gateway: last(p, 'gateway')! } : {}),
        ...(last(p, 'ip-range') !== undefined ? { ipRange: last(p, 'ip-range')! } : {}),
        internal: has(p, 'internal'), options: keyValues(all(p, 'opt')), labels: keyValues(all(p, 'label')),
        aux: keyValues(all(p, 'aux-address')), attachable: has(p, 'attachable'),
      });
      writeln(ctx, n.id);
      return 0;
    }
    case 'rm':
    case 'remove': {
      const p = parseFlags('network rm', rest, [{ long: 'force', short: 'f', value: false }], true);
      if (p.args.length === 0) throw requiresArgs('network rm', 'at least 1 argument', 'NETWORK [NETWORK...]', 'Remove one or more networks');
      return forEachRef(ctx, p.args, (r) => findNetwork(d(), r), (r) => `Error: No such network: ${r}`, (n, ref) => {
        removeNetwork(ctx.world, host, n);
        writeln(ctx, ref);
      });
    }
    case 'inspect': {
      const p = parseFlags('network inspect', rest, [{ long: 'format', short: 'f', value: true }, { long: 'verbose', short: 'v', value: false }], true);
      if (p.args.length === 0) throw requiresArgs('network inspect', 'at least 1 argument', '[OPTIONS] NETWORK [NETWORK...]', 'Display detailed information on one or more networks');
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
      if (p.args.length !== 2) throw requiresArgs('network connect', 'exactly 2 arguments', '[OPTIONS] NETWORK CONTAINER', 'Connect a container to a network');
      const [netRef, ctrRef] = p.args as [string, string];
      const local = findNetwork(d(), netRef);
      const sn = local ? undefined : findSwarmNetwork(ctx.world, host, netRef);
      const n = local ?? (sn ? overlayRecord(sn) : undefined);
      if (!n) throw new SimError(`Error response from daemon: network ${netRef} not found`, 1);
      const c = findContainer(d(), ctrRef);
      if (!c) throw new SimError(`Error response from daemon: No such container: ${ctrRef}`, 1);
      const ipText = last(p, 'ip');
      const ip = ipText === undefined ? undefined : parseIp4(ipText);
      if (ipText !== undefined && ip === undefined) throw new SimError(`invalid IPv4 address: ${ipText}`, 1);
      const err = connectNetwork(ctx.world, host, c, n, { ...(ip !== undefined ? { ip } : {}), aliases: all(p, 'alias') });
      if (err === undefined) return 0;
      writeln(ctx, err);
      return 1;
    }
    case 'disconnect': {
      const p = parseFlags('network disconnect', rest, [{ long: 'force', short: 'f', value: false }], true);
      if (p.args.length !== 2) throw requiresArgs('network disconnect', 'exactly 2 arguments', '[OPTIONS] NETWORK CONTAINER', 'Disconnect a container from a network');
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
