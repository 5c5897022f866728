/**
 * `ip` (iproute2 6.1): global options, then OBJECT dispatch by unique prefix in iproute2's own
 * table order (ip/ip.c `cmds[]`), so `ip a`, `ip l`, `ip r`, `ip n`, `ip net` mean what they mean.
 */
import { SimError } from '../../../net/errors';
import type { Netns } from '../../../net/types';
import type { ShellCtx } from '../../context';
import { userlandOf, write } from '../../context';
import { busyboxIp } from '../busybox/ip';
import { ipAddr } from './addr';
import { ipLink } from './link';
import { ipNeigh } from './neigh';
import { ipNetns, openNetns } from './netns';
import { ipRoute } from './route';

export interface IpCtx {
  shell: ShellCtx;
  ns: Netns;
  family?: 4 | 6;
  /** `-o` / `-oneline`: each record on one line (ip/ip.c `oneline`, _SL_ = `\\`). */
  oneline?: boolean;
  /** `-d` / `-details`: the link's kind-specific line (vxlan, macvlan). */
  details?: boolean;
}

type Handler = (c: IpCtx, args: string[]) => number;

const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** iproute2's cmds[] order decides what a prefix means. */
const OBJECTS: [string, Handler | null][] = [
  ['address', ipAddr],
  ['addrlabel', null],
  ['maddress', null],
  ['route', ipRoute],
  ['rule', null],
  ['neighbor', ipNeigh],
  ['neighbour', ipNeigh],
  ['ntable', null],
  ['ntbl', null],
  ['link', ipLink],
  ['l2tp', null],
  ['fou', null],
  ['ila', null],
  ['macsec', null],
  ['tunnel', null],
  ['tuntap', null],
  ['tap', null],
  ['token', null],
  ['tcpmetrics', null],
  ['tcp_metrics', null],
  ['monitor', null],
  ['xfrm', null],
  ['mroute', null],
  ['mrule', null],
  ['netns', ipNetns],
  ['netconf', null],
  ['vrf', null],
  ['sr', null],
  ['nexthop', null],
  ['mptcp', null],
  ['ioam', null],
  ['help', null],
];

/** iproute2's matches(): a non-empty prefix of the keyword. */
export function matches(arg: string, keyword: string): boolean {
  return arg.length > 0 && keyword.startsWith(arg);
}

export function ipCommand(ctx: ShellCtx, argv: string[]): number {
  if (userlandOf(ctx) === 'busybox') return busyboxIp(ctx, argv);
  const args = argv.slice(1);
  let ns = ctx.world.netns[ctx.place.ns]!;
  let family: 4 | 6 | undefined;
  let oneline = false;
  let details = false;
  while (args.length && args[0]!.startsWith('-')) {
    let opt = args.shift()!;
    if (opt.startsWith('--')) opt = opt.slice(1);
    if (opt === '-4') family = 4;
    else if (opt === '-6') family = 6;
    else if (matches(opt, '-netns') && opt.length >= 2) {
      const name = args.shift();
      if (name === undefined) throw new SimError('No netns name specified', 255);
      ns = openNetns(ctx, name);
    } else if (matches(opt, '-Version') && opt.length >= 2) {
      write(ctx, 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
      return 0;
    } else if (matches(opt, '-help') && opt.length >= 2) {
      write(ctx, IP_USAGE);
      return 255;
    } else if (matches(opt, '-oneline') && opt.length >= 2) {
      oneline = true;
    } else if (opt === '-d' || (matches(opt, '-details') && opt.length >= 3)) {
      details = true;
    } else if (['-s', '-d', '-r', '-c', '-N', '-a'].includes(opt) || matches(opt, '-details') || matches(opt, '-statistics') || matches(opt, '-color')) {
      // Accepted and ignored: they only add detail to the output.
    } else if (opt === '-f' || matches(opt, '-family')) {
      const f = args.shift();
      if (f === 'inet') family = 4;
      else if (f === 'inet6') family = 6;
    } else {
      throw new SimError(`Option "${opt}" is unknown, try "ip -help".`, 255);
    }
  }
  const object = args.shift();
  if (object === undefined) {
    write(ctx, IP_USAGE);
    return 255;
  }
  const c: IpCtx = { shell: ctx, ns, ...(family ? { family } : {}), ...(oneline ? { oneline } : {}), ...(details ? { details } : {}) };
  for (const [name, handler] of OBJECTS) {
    if (!matches(object, name)) continue;
    if (name === 'help') {
      write(ctx, IP_USAGE);
      return 255;
    }
    if (!handler) throw new SimError(`ip ${name}: not available in the playground yet`, 255);
    return handler(c, args);
  }
  throw new SimError(`Object "${object}" is unknown, try "ip help".`, 255);
}

/** Takes `dev NAME` or a bare NAME from args (iproute2's `dev` keyword is optional in most places). */
export function nextArg(args: string[], what: string): string {
  const v = args.shift();
  if (v === undefined) throw new SimError(`Command line is not complete. Try option "help"`, 255);
  void what;
  return v;
}
