/**
 * `systemctl start|stop|restart|status docker` (and `service docker restart`): the daemon reads
 * /etc/docker/daemon.json when it starts; a bad file fails the job with systemd's message.
 */
import { startDaemon, stopDaemon } from '../../docker/daemon';
import { SimError } from '../../net/errors';
import { getHost } from '../../net/world';
import { writeln, type Command, type ShellCtx } from '../context';

function control(ctx: ShellCtx, verb: string, unit: string): number {
  const host = getHost(ctx.world, ctx.place.host);
  const name = unit.replace(/\.service$/, '');
  if (name !== 'docker' || !host.docker) {
    throw new SimError(`Failed to ${verb} ${unit}.service: Unit not found.`.replace('.service.service', '.service'), 5);
  }
  const d = host.docker;
  switch (verb) {
    case 'start':
    case 'restart':
      if (verb === 'restart' || !d.running) {
        stopDaemon(ctx.world, host);
        try {
          startDaemon(ctx.world, host);
        } catch (e) {
          // The stop happened; only the start failed (startDaemon checks before it changes anything).
          if (!(e instanceof SimError)) throw e;
          writeln(ctx, e.message);
          return e.exitCode;
        }
      }
      return 0;
    case 'stop':
      stopDaemon(ctx.world, host);
      return 0;
    case 'status':
      writeln(ctx, `● docker.service - Docker Application Container Engine`);
      writeln(ctx, `   Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; vendor preset: disabled)`);
      writeln(ctx, d.running ? '   Active: active (running)' : '   Active: failed (Result: exit-code)');
      return d.running ? 0 : 3;
    case 'enable':
    case 'daemon-reload':
      return 0;
    default:
      throw new SimError(`Unknown operation '${verb}'.`, 1);
  }
}

export const systemctlCommand: Command = (ctx, argv) => {
  const [verb, unit] = argv.slice(1);
  if (verb === 'daemon-reload') return 0;
  if (verb === undefined || unit === undefined) throw new SimError('Too few arguments.', 1);
  return control(ctx, verb, unit);
};

export const serviceCommand: Command = (ctx, argv) => {
  const [unit, verb] = argv.slice(1);
  if (unit === undefined || verb === undefined) throw new SimError('Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]', 1);
  if (verb !== 'status') writeln(ctx, `Redirecting to /bin/systemctl ${verb} ${unit}.service`);
  return control(ctx, verb, unit);
};
