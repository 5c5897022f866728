/**
 * `docker` (CLI 20.10) on a host: the subcommands of sim/docker's daemon, with the CLI's own
 * wrapping of errors and exit codes (facts §8.0). Runs only on a host (no docker in containers).
 */
import { SimError } from '../../../net/errors';
import { getHost } from '../../../net/world';
import { write, writeln, type Command } from '../../context';
import { execCommand, imagesCommand, inspectCommand, lifecycleCommand, logsCommand, portCommand, psCommand, pullCommand, rmiCommand, waitCommand } from './containers';
import { buildCommand } from './build';
import { networkCommand } from './network';
import { runCommand } from './run';
import { nodeCommand, swarmCommand } from './swarm';

const USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks
  node        Manage Swarm nodes
  swarm       Manage Swarm

Commands:
  build       Build an image from a Dockerfile
  create      Create a new container
  exec        Run a command in a running container
  images      List images
  inspect     Return low-level information on Docker objects
  logs        Fetch the logs of a container
  port        List port mappings or a specific mapping for the container
  ps          List containers
  pull        Pull an image or a repository from a registry
  restart     Restart one or more containers
  rm          Remove one or more containers
  rmi         Remove one or more images
  run         Run a command in a new container
  start       Start one or more stopped containers
  stop        Stop one or more running containers
  version     Show the Docker version information
  wait        Block until one or more containers stop, then print their exit codes

Run 'docker COMMAND --help' for more information on a command.
`;

const VERSION = 'Docker version 20.10.24, build 297e128\n';

export const dockerCommand: Command = (ctx, argv) => {
  if (ctx.place.container !== undefined) {
    writeln(ctx, 'sh: docker: not found');
    return 127;
  }
  const host = getHost(ctx.world, ctx.place.host);
  if (!host.docker) {
    writeln(ctx, '-bash: docker: command not found');
    return 127;
  }
  const args = argv.slice(1);
  let sub = args[0];
  const rest = args.slice(1);
  if (sub === 'container' && rest[0] === 'inspect') return inspectCommand(ctx, host, rest.slice(1), 'container');
  if (sub === 'container' || sub === 'image') {
    const inner = rest.shift();
    const map: Record<string, string> = { ls: sub === 'image' ? 'images' : 'ps', list: 'ps', rm: sub === 'image' ? 'rmi' : 'rm' };
    sub = inner === undefined ? undefined : (map[inner] ?? inner);
  }
  switch (sub) {
    case undefined:
    case '--help':
      write(ctx, USAGE.slice(1));
      return 0;
    case '--version':
    case '-v':
      write(ctx, VERSION);
      return 0;
    case 'run':
    case 'create':
      return runCommand(ctx, host, sub, rest);
    case 'ps':
      return psCommand(ctx, host, rest);
    case 'start':
    case 'stop':
    case 'restart':
    case 'rm':
      return lifecycleCommand(ctx, host, sub, rest);
    case 'exec':
      return execCommand(ctx, host, rest);
    case 'logs':
      return logsCommand(ctx, host, rest);
    case 'port':
      return portCommand(ctx, host, rest);
    case 'inspect':
      return inspectCommand(ctx, host, rest);
    case 'images':
      return imagesCommand(ctx, host, rest);
    case 'pull':
      return pullCommand(ctx, host, rest);
    case 'build':
      return buildCommand(ctx, host, rest);
    case 'wait':
      return waitCommand(ctx, host, rest);
    case 'rmi':
      return rmiCommand(ctx, host, rest);
    case 'network':
      return networkCommand(ctx, host, rest);
    case 'swarm':
      return swarmCommand(ctx, host, rest);
    case 'node':
      return nodeCommand(ctx, host, rest);
    default:
      if (sub.startsWith('-')) throw new SimError(`unknown flag: ${sub}\nSee 'docker --help'.`, 125);
      throw new SimError(`docker: '${sub}' is not a docker command.\nSee 'docker --help'`, 1);
  }
};
