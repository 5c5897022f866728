/**
 * `netstat` from net-tools 2.0 (CentOS 7), and the registry entry that hands BusyBox userlands to
 * their own applet. Sockets: `-t -u -w -x -l -a -n -p` (and their long names); `-r` prints the
 * routing table (MSS/Window/irtt columns). Bad options print glibc's complaint and the usage,
 * exit 4 (E_USAGE). Statistics, interfaces and groups are not simulated.
 */
import { SimError } from '../../../net/errors';
import type { ShellCtx } from '../../context';
import { userlandOf, write } from '../../context';
import { busyboxNetstat } from '../busybox/netstat';
import { getopt } from '../busybox/usage';
import { printNetstat } from './netstat-print';
import { printRouteTable } from './route-table';
import { NETTOOLS_AFLIST } from './route';

const NETSTAT_USAGE =
  'usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n' +
  '       netstat [-vWnNcaeol] [<Socket> ...]\n' +
  '       netstat { [-vWeenNac] -I[<Iface>] | [-veenNac] -i | [-cnNe] -M | -s [-6tuw] } [delay]\n\n' +
  '        -r, --route              display routing table\n' +
  '        -I, --interfaces=<Iface> display interface table for <Iface>\n' +
  '        -i, --interfaces         display interface table\n' +
  '        -g, --groups             display multicast group memberships\n' +
  '        -s, --statistics         display networking statistics (like SNMP)\n' +
  '        -M, --masquerade         display masqueraded connections\n\n' +
  '        -v, --verbose            be verbose\n' +
  "        -W, --wide               don't truncate IP addresses\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        --numeric-hosts          don't resolve host names\n" +
  "        --numeric-ports          don't resolve port names\n" +
  "        --numeric-users          don't resolve user names\n" +
  '        -N, --symbolic           resolve hardware names\n' +
  '        -e, --extend             display other/more information\n' +
  '        -p, --programs           display PID/Program name for sockets\n' +
  '        -o, --timers             display timers\n' +
  '        -c, --continuous         continuous listing\n\n' +
  '        -l, --listening          display listening server sockets\n' +
  '        -a, --all                display all sockets (default: connected)\n' +
  '        -F, --fib                display Forwarding Information Base (default)\n' +
  '        -C, --cache              display routing cache instead of FIB\n' +
  '        -Z, --context            display SELinux security context for sockets\n\n' +
  '  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-w|--raw} {-x|--unix}\n' +
  '           --ax25 --ipx --netrom\n' +
  "  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet\n" +
  '  List of possible address families (which support routing):\n' +
  NETTOOLS_AFLIST;

function usage(prefix = ''): never {
  throw new SimError(`${prefix}${NETSTAT_USAGE}`.replace(/\n$/, ''), 4);
}

const LONG: Record<string, string> = {
  route: 'r', interfaces: 'i', groups: 'g', statistics: 's', masquerade: 'M', verbose: 'v', wide: 'W',
  numeric: 'n', 'numeric-hosts': 'n', 'numeric-ports': 'n', 'numeric-users': 'n', symbolic: 'N',
  extend: 'e', programs: 'p', timers: 'o', continuous: 'c', listening: 'l', all: 'a', fib: 'F',
  cache: 'C', context: 'Z', tcp: 't', udp: 'u', udplite: 'U', raw: 'w', unix: 'x', help: 'h', version: 'V',
  protocol: 'A', inet: '4', inet6: '6',
};

export function netstatCommand(ctx: ShellCtx, argv: string[]): number {
  if (userlandOf(ctx) === 'busybox') return busyboxNetstat(ctx, argv);
  const { count } = getopt('netstat', argv, 'A:CFIMacdeghilnNoprsStuUvVWwx64?Z', (m) => usage(`${m}\n`), LONG);
  if (count['h'] || count['?']) usage();
  for (const unsupported of ['i', 'I', 'g', 's', 'M', 'e', 'o', 'V', 'Z']) {
    if (count[unsupported]) throw new SimError(`netstat: -${unsupported}: not available in the playground yet`, 1);
  }
  const ns = ctx.world.netns[ctx.place.ns]!;
  const numeric = !!count['n'];
  if (count['r']) {
    write(ctx, printRouteTable(ctx, ns, { flavour: 'nettools', numeric, netstat: true }));
    return 0;
  }
  const listening = !!(count['l'] || count['a']);
  const connected = !!count['a'] || !count['l'];
  const inetOnly = count['4'] || count['6'];
  const family = count['4'] && !count['6'] ? 4 : count['6'] && !count['4'] ? 6 : undefined;
  const any = count['t'] || count['u'] || count['U'] || count['w'] || count['x'];
  write(ctx, printNetstat(ctx, ns, {
    flavour: 'nettools',
    listening,
    connected,
    numeric,
    programs: !!count['p'],
    tcp: !any || !!count['t'],
    udp: !any || !!count['u'],
    raw: !any || !!count['w'],
    unix: (!any && !inetOnly) || !!count['x'],
    ...(family ? { family } : {}),
  }));
  return 0;
}
