/**
 * BusyBox 1.35 `route` (networking/route.c): `route [-ne] [-A inet]` prints the table;
 * `add`/`del`/`delete` need CAP_NET_ADMIN, which a container lacks (`SIOCADDRT: Operation not
 * permitted`); anything else is a usage error.
 */
import type { ShellCtx } from '../../context';
import { write } from '../../context';
import { printRouteTable } from '../nettools/route-table';
import { busyboxGetopt, die, isHelp, showUsage, usageText } from './usage';

export function busyboxRoute(ctx: ShellCtx, argv: string[]): number {
  if (isHelp(argv)) {
    write(ctx, usageText('route'));
    return 0;
  }
  // route.c renames -net/-host before getopt so they are not taken for options.
  const opts = busyboxGetopt('route', argv.map((a) => (a === '-net' || a === '-host' ? `#${a.slice(1)}` : a)), 'A:ne');
  const family = opts.arg['A'];
  if (family !== undefined && family !== 'inet') {
    if (family === 'inet6') die('route', '-A inet6: not available in the playground yet');
    showUsage('route');
  }
  const verb = opts.operands[0];
  if (verb === undefined) {
    const ns = ctx.world.netns[ctx.place.ns]!;
    write(ctx, printRouteTable(ctx, ns, { flavour: 'busybox', numeric: !!opts.count['n'], netstat: !!opts.count['e'] }));
    return 0;
  }
  const what = ['add', 'del', 'delete'].indexOf(verb);
  if (what < 0 || opts.operands.length < 2) showUsage('route');
  return die('route', `${what === 0 ? 'SIOCADDRT' : 'SIOCDELRT'}: Operation not permitted`);
}
