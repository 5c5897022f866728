/**
 * `exit [N]`: leaves the interactive shell the terminal is in. When that shell is a container's
 * main process (`docker run -it busybox`), the container exits with N. On the host it does nothing:
 * the playground's terminal stays open.
 */
import { exitContainer } from '../../docker/container';
import { SimError } from '../../net/errors';
import type { Command } from '../context';

export const exitCommand: Command = (ctx, argv) => {
  const arg = argv[1];
  const code = arg === undefined ? 0 : Number(arg);
  if (!Number.isInteger(code)) throw new SimError(`sh: exit: Illegal number: ${arg}`, 2);
  const s = ctx.session;
  if (!s) return code & 255;
  if (ctx.signal) ctx.signal.leave = true;
  const host = ctx.world.hosts[ctx.place.host];
  const c = s.container !== undefined ? host?.docker?.containers[s.container] : undefined;
  if (s.main && host && c && c.state === 'running') exitContainer(ctx.world, host, c, code & 255);
  return code & 255;
};
