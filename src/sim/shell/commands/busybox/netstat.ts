/**
 * BusyBox 1.35 `netstat` (networking/netstat.c), options `laentuwxrWp`: without -l/-a only
 * connected sockets (none are modelled), without -t/-u/-w/-x every socket type. `-r` prints the
 * routing table in netstat form. `-p` is the official busybox image's build (FEATURE_NETSTAT_PRG):
 * processes of other PID namespaces show as `-`.
 */
import type { ShellCtx } from '../../context';
import { write } from '../../context';
import { printNetstat } from '../nettools/netstat-print';
import { printRouteTable } from '../nettools/route-table';
import { busyboxGetopt, isHelp, usageText } from './usage';

export function busyboxNetstat(ctx: ShellCtx, argv: string[]): number {
  if (isHelp(argv)) {
    write(ctx, usageText('netstat'));
    return 0;
  }
  const { count } = busyboxGetopt('netstat', argv, 'laentuwxrWp');
  const ns = ctx.world.netns[ctx.place.ns]!;
  const numeric = !!count['n'];
  if (count['r']) {
    write(ctx, printRouteTable(ctx, ns, { flavour: 'busybox', numeric, netstat: !count['e'] }));
    return 0;
  }
  let listening = false;
  let connected = true;
  if (count['l']) {
    connected = false;
    listening = true;
  }
  if (count['a']) listening = connected = true;
  const any = count['t'] || count['u'] || count['w'] || count['x'];
  write(ctx, printNetstat(ctx, ns, {
    flavour: 'busybox',
    listening,
    connected,
    numeric,
    programs: !!count['p'],
    tcp: !any || !!count['t'],
    udp: !any || !!count['u'],
    raw: !any || !!count['w'],
    unix: !any || !!count['x'],
  }));
  return 0;
}
