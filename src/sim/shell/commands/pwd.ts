/**
 * `pwd`: the working directory (`docker exec -w DIR`, else `/` in a container and root's home on
 * the host, where the prompt shows `~`).
 */
import { write, type Command } from '../context';

export const pwdCommand: Command = (ctx) => {
  write(ctx, `${ctx.place.cwd ?? (ctx.place.container !== undefined ? '/' : '/root')}\n`);
  return 0;
};
