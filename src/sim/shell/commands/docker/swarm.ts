/**
 * `docker swarm init|join|join-token|leave` and `docker node ls` (CLI 20.10): the swarm's control
 * plane of sim/docker/swarm.ts, with the CLI's texts.
 */
import { joinToken, nodeRows, swarmInit, swarmJoin, swarmLeave } from '../../../docker/swarm';
import { tabwrite } from '../../../docker/format/tabwriter';
import { dockerOf } from '../../../docker/network';
import type { Host } from '../../../net/types';
import { write, type ShellCtx } from '../../context';
import { has, last, parseFlags, requiresArgs, usageError } from './flags';

const SWARM_USAGE = `
Usage:  docker swarm COMMAND

Manage Swarm

Commands:
  ca          Display and rotate the root CA
  init        Initialize a swarm
  join        Join a swarm as a node and/or manager
  join-token  Manage join tokens
  leave       Leave the swarm
  unlock      Unlock swarm
  unlock-key  Manage the unlock key
  update      Update the swarm

Run 'docker swarm COMMAND --help' for more information on a command.
`;

const NODE_USAGE = `
Usage:  docker node COMMAND

Manage Swarm nodes

Commands:
  demote      Demote one or more nodes from manager in the swarm
  inspect     Display detailed information on one or more nodes
  ls          List nodes in the swarm
  promote     Promote one or more nodes to manager in the swarm
  ps          List tasks running on one or more nodes, defaults to current node
  rm          Remove one or more nodes from the swarm
  update      Update a node

Run 'docker node COMMAND --help' for more information on a command.
`;

export function swarmCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const [sub, ...rest] = argv;
  dockerOf(ctx.world, host);
  switch (sub) {
    case undefined:
      write(ctx, SWARM_USAGE.slice(1));
      return 0;
    case 'init': {
      const p = parseFlags('swarm init', rest, [
        { long: 'advertise-addr', value: true }, { long: 'listen-addr', value: true }, { long: 'data-path-port', value: true },
        { long: 'default-addr-pool', value: true }, { long: 'force-new-cluster', value: false },
      ], true);
      if (p.args.length) throw requiresArgs('swarm init', 'no arguments', '[OPTIONS]', 'Initialize a swarm');
      write(ctx, swarmInit(ctx.world, host, last(p, 'advertise-addr')));
      return 0;
    }
    case 'join': {
      const p = parseFlags('swarm join', rest, [
        { long: 'token', value: true }, { long: 'advertise-addr', value: true }, { long: 'listen-addr', value: true },
        { long: 'data-path-addr', value: true }, { long: 'availability', value: true },
      ], true);
      if (p.args.length !== 1) throw requiresArgs('swarm join', 'exactly 1 argument', '[OPTIONS] HOST:PORT', 'Join a swarm as a node and/or manager');
      write(ctx, swarmJoin(ctx.world, host, last(p, 'token') ?? '', p.args[0]!, last(p, 'advertise-addr')));
      return 0;
    }
    case 'join-token': {
      const p = parseFlags('swarm join-token', rest, [{ long: 'quiet', short: 'q', value: false }, { long: 'rotate', value: false }], true);
      if (p.args.length !== 1) throw requiresArgs('swarm join-token', 'exactly 1 argument', '[OPTIONS] (worker|manager)', 'Manage join tokens');
      write(ctx, joinToken(ctx.world, host, p.args[0]!, has(p, 'quiet'), has(p, 'rotate')));
      return 0;
    }
    case 'leave': {
      const p = parseFlags('swarm leave', rest, [{ long: 'force', short: 'f', value: false }], true);
      if (p.args.length) throw requiresArgs('swarm leave', 'no arguments', '[OPTIONS]', 'Leave the swarm');
      write(ctx, swarmLeave(ctx.world, host, has(p, 'force')));
      return 0;
    }
    default:
      throw usageError('swarm', `docker swarm: '${sub}' is not a docker command.`);
  }
}

export function nodeCommand(ctx: ShellCtx, host: Host, argv: string[]): number {
  const [sub, ...rest] = argv;
  dockerOf(ctx.world, host);
  switch (sub) {
    case undefined:
      write(ctx, NODE_USAGE.slice(1));
      return 0;
    case 'ls':
    case 'list': {
      const p = parseFlags('node ls', rest, [{ long: 'quiet', short: 'q', value: false }, { long: 'filter', short: 'f', value: true }, { long: 'format', value: true }], true);
      const rows = nodeRows(ctx.world, host);
      if (has(p, 'quiet')) {
        write(ctx, rows.slice(1).map((r) => `${r[0]!.replace(/ \*$/, '')}\n`).join(''));
        return 0;
      }
      write(ctx, tabwrite(rows.map((r) => `${r.join('\t')}\n`).join('')));
      return 0;
    }
    default:
      throw usageError('node', `docker node: '${sub}' is not a docker command.`);
  }
}
