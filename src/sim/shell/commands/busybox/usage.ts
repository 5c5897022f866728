/**
 * BusyBox applet plumbing shared by `ip`, `ifconfig`, `route` and `netstat`: the usage text that
 * bb_show_usage() prints (libbb/appletlib.c: banner, blank line, `Usage: APPLET ...`, exit 1, or
 * exit 0 for `APPLET --help`), and option parsing with the messages of the glibc getopt() the
 * static Debian build links (`route: invalid option -- 'x'`).
 *
 * The banner is the one of BusyBox 1.35.0 as Debian builds it (the version of facts §0).
 */
import { SimError } from '../../../net/errors';

export const BUSYBOX_BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.';

/** trivial_usage + full_usage of each applet (BusyBox 1.35 `//usage:` lines, default config). */
const USAGE: Record<string, string> = {
  ip:
    '[OPTIONS] address|route|link|tunnel|neigh|rule [COMMAND]\n\n' +
    'OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n' +
    'COMMAND :=\n' +
    'ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n' +
    'ip route list|flush|add|del|change|append|replace|test ROUTE\n' +
    'ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n' +
    '\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n' +
    '\t[master IFACE | nomaster]\n' +
    'ip tunnel add|change|del|show [NAME]\n' +
    '\t[mode ipip|gre|sit]\n' +
    '\t[remote ADDR] [local ADDR] [ttl TTL]\n' +
    'ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n' +
    'ip rule [list] | add|del SELECTOR ACTION',
  ifconfig:
    '[-a] interface [address]\n\n' +
    'Configure a network interface\n\n' +
    '\t[add ADDRESS[/PREFIXLEN]]\n' +
    '\t[del ADDRESS[/PREFIXLEN]]\n' +
    '\t[[-]broadcast [ADDRESS]] [[-]pointopoint [ADDRESS]]\n' +
    '\t[netmask ADDRESS] [dstaddr ADDRESS]\n' +
    '\t[hw ether|infiniband ADDRESS] [metric NN] [mtu NN]\n' +
    '\t[[-]trailers] [[-]arp] [[-]allmulti]\n' +
    '\t[multicast] [[-]promisc] [txqueuelen NN] [[-]dynamic]\n' +
    '\t[up|down] ...',
  route:
    '[{add|del|delete}]\n\n' +
    'Edit kernel routing tables\n\n' +
    "\t-n\tDon't resolve names\n" +
    '\t-e\tDisplay other/more information\n' +
    '\t-A inet{6}\tSelect address family',
  netstat:
    '[-ral] [-tuwx] [-enWp]\n\n' +
    'Display networking information\n\n' +
    '\t-r\tRouting table\n' +
    '\t-a\tAll sockets\n' +
    '\t-l\tListening sockets\n' +
    '\t\tElse: connected sockets\n' +
    '\t-t\tTCP sockets\n' +
    '\t-u\tUDP sockets\n' +
    '\t-w\tRaw sockets\n' +
    '\t-x\tUnix sockets\n' +
    '\t\tElse: all socket types\n' +
    '\t-e\tOther/more information\n' +
    "\t-n\tDon't resolve names\n" +
    '\t-W\tWide display\n' +
    '\t-p\tShow PID/program name for sockets',
};

export function usageText(applet: string): string {
  return `${BUSYBOX_BANNER}\n\nUsage: ${applet} ${USAGE[applet] ?? ''}\n`;
}

/** bb_show_usage(): the usage on stderr, exit 1. `prefix` is printed first (a getopt complaint). */
export function showUsage(applet: string, prefix = ''): never {
  throw new SimError(`${prefix}${usageText(applet)}`.replace(/\n$/, ''), 1);
}

/** bb_error_msg_and_die(): `APPLET: message`, exit 1. */
export function die(applet: string, message: string, exitCode = 1): never {
  throw new SimError(`${applet}: ${message}`, exitCode);
}

export interface GetoptResult {
  /** Option letter -> how often it was given. */
  count: Record<string, number>;
  /** Option letter -> its argument (for letters followed by `:` in the spec). */
  arg: Record<string, string>;
  operands: string[];
}

/**
 * glibc getopt() with argument permutation: `spec` as in getopt(3) (`A:ne`); `long` maps the
 * accepted long names to their letters. Errors call `fail` with glibc's message.
 */
export function getopt(
  applet: string,
  argv: string[],
  spec: string,
  fail: (message: string) => never,
  long: Record<string, string> = {},
): GetoptResult {
  const res: GetoptResult = { count: {}, arg: {}, operands: [] };
  const takesArg = (c: string) => spec[spec.indexOf(c) + 1] === ':';
  const args = argv.slice(1);
  while (args.length) {
    const a = args.shift()!;
    if (a === '--') {
      res.operands.push(...args);
      break;
    }
    if (a.startsWith('--')) {
      const [name = '', value] = a.slice(2).split('=', 2);
      const hits = Object.keys(long).filter((k) => k.startsWith(name));
      const exact = hits.find((k) => k === name);
      if (!exact && hits.length !== 1) {
        fail(hits.length > 1 ? `${applet}: option '${a}' is ambiguous` : `${applet}: unrecognized option '${a}'`);
      }
      const c = long[exact ?? hits[0]!]!;
      res.count[c] = (res.count[c] ?? 0) + 1;
      if (takesArg(c)) {
        const v = value ?? args.shift();
        if (v === undefined) fail(`${applet}: option '--${exact ?? hits[0]}' requires an argument`);
        res.arg[c] = v;
      }
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      res.operands.push(a);
      continue;
    }
    for (let i = 1; i < a.length; i++) {
      const c = a[i]!;
      if (c === ':' || !spec.includes(c)) fail(`${applet}: invalid option -- '${c}'`);
      res.count[c] = (res.count[c] ?? 0) + 1;
      if (takesArg(c)) {
        const v = i + 1 < a.length ? a.slice(i + 1) : args.shift();
        if (v === undefined) fail(`${applet}: option requires an argument -- '${c}'`);
        res.arg[c] = v;
        break;
      }
    }
  }
  return res;
}

/** BusyBox's own `APPLET --help` (exit 0) or getopt error handling (usage, exit 1). */
export function busyboxGetopt(applet: string, argv: string[], spec: string): GetoptResult {
  return getopt(applet, argv, spec, (m) => showUsage(applet, `${m}\n`));
}

/** True when argv is exactly `APPLET --help`: BusyBox prints the usage and exits 0. */
export function isHelp(argv: string[]): boolean {
  return argv.length === 2 && argv[1] === '--help';
}
