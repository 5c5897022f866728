/**
 * iptables' argument values and extensions (v1.8.9, nf_tables): error helpers, service names,
 * ports, address lists, NAT targets, and the match/target extensions the playground models
 * (tcp, udp, conntrack, state, addrtype, REJECT, DNAT/SNAT/MASQUERADE), as iptables/xshared.c
 * and the extensions' parse hooks accept them.
 */
import { SimError } from '../../net/errors';
import { maskOf, parseIp4, parsePrefix } from '../../net/ip4';
import type { IptMatch, IptRule } from '../../net/types';
import { ownEntry } from '../../net/world';

export const PREFIX = 'iptables v1.8.9 (nf_tables): ';
export const TRY = "Try `iptables -h' or 'iptables --help' for more information.";
/** xtables_error(PARAMETER_PROBLEM, …): exit 2 with the usage hint. */
export const usage = (msg: string) => new SimError(`${PREFIX}${msg}\n${TRY}`, 2);
/** Real iptables syntax the model has no field for (yet). */
export const unsupported = (what: string) => new SimError(`${PREFIX}${what} is not supported by the playground`, 2);

/** iptables' FMT_* flags that matter here. */
export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** The few /etc/services entries (Debian netbase) the playground names: port -> [tcp, udp]. */
const SERVICES =
  '20 ftp-data -;21 ftp fsp;22 ssh -;23 telnet -;25 smtp -;53 domain domain;67 - bootps;68 - bootpc;' +
  '69 - tftp;80 http -;110 pop3 -;123 - ntp;143 imap2 -;161 snmp snmp;162 snmp-trap snmp-trap;179 bgp -;' +
  '389 ldap ldap;443 https https;445 microsoft-ds -;465 submissions -;514 shell syslog;587 submission -;' +
  '636 ldaps ldaps;873 rsync -;993 imaps -;995 pop3s -;1080 socks -;1194 openvpn openvpn;1433 ms-sql-s -;' +
  '1812 radius radius;1813 radius-acct radius-acct;2000 cisco-sccp -;2049 nfs nfs;3306 mysql -;' +
  '3389 ms-wbt-server -;5060 sip sip;5353 - mdns;5432 postgresql -;5672 amqp -;6379 redis -;8080 http-alt -;' +
  '8081 tproxy -;8088 omniorb -;9418 git -';

const serviceTable: { port: number; tcp: string; udp: string }[] = SERVICES.split(';').map((e) => {
  const [port, tcp, udp] = e.split(' ');
  return { port: Number(port), tcp: tcp ?? '-', udp: udp ?? '-' };
});

/** getservbyport(3) over the table above. */
export function serviceName(port: number, proto: 'tcp' | 'udp'): string | undefined {
  const name = serviceTable.find((s) => s.port === port)?.[proto];
  return name && name !== '-' ? name : undefined;
}

/** getservbyname(3) over the table above. */
export function servicePort(name: string, proto: 'tcp' | 'udp'): number | undefined {
  return serviceTable.find((s) => s[proto] === name)?.port;
}

/** Protocol numbers iptables knows by name (xtables_chain_protos, then /etc/protocols). */
export const PROTOCOLS: Record<string, number> = {
  all: 0, icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, icmpv6: 58, sctp: 132, udplite: 136,
};

export function protoNumber(value: string): number {
  return ownEntry(PROTOCOLS, value) ?? Number(value);
}

/** tcp/udp `port[:port]` (xtables_parse_port, with service names); `a:` and `:b` are open ends. */
export function parsePorts(text: string, proto: 'tcp' | 'udp'): [number, number] {
  const one = (s: string) => {
    const n = /^\d+$/.test(s) ? Number(s) : servicePort(s, proto);
    if (n === undefined || n > 65535) throw usage(`invalid port/service \`${s}' specified`);
    return n;
  };
  const colon = text.indexOf(':');
  if (colon < 0) return [one(text), one(text)];
  const lo = colon === 0 ? 0 : one(text.slice(0, colon));
  const hi = colon === text.length - 1 ? 65535 : one(text.slice(colon + 1));
  if (lo > hi) throw usage('invalid portrange (min > max)');
  return [lo, hi];
}

/** `-s`/`-d` values (xtables_ipparse_multiple): `addr[/mask][,addr[/mask]…]`, masked to the network. */
export function parseAddrList(text: string): { addr: number; prefix: number }[] {
  return text.split(',').map((item) => {
    const slash = item.indexOf('/');
    const host = slash < 0 ? item : item.slice(0, slash);
    let prefix = 32;
    if (slash >= 0) {
      const mask = item.slice(slash + 1);
      const dotted = mask.includes('.') ? parseIp4(mask) : undefined;
      if (dotted !== undefined) {
        prefix = 32 - Math.log2((~dotted >>> 0) + 1);
        if (!Number.isInteger(prefix)) throw unsupported(`the non-contiguous mask \`${mask}'`);
      } else if (/^\d{1,2}$/.test(mask) && Number(mask) <= 32) {
        prefix = Number(mask);
      } else {
        throw usage(`invalid mask \`${mask}' specified`);
      }
    }
    // Only names the simulated /etc/hosts knows resolve.
    const addr = host === 'localhost' ? 0x7f000001 : parsePrefix(host)?.addr;
    if (addr === undefined) throw usage(`host/network \`${host}' not found`);
    return { addr: (addr & maskOf(prefix)) >>> 0, prefix };
  });
}

/** DNAT `--to-destination` / SNAT `--to-source`: `addr[:port]` (libxt_NAT parse_to; no ranges). */
export function parseNatTo(text: string, portOk: boolean): string {
  const colon = text.indexOf(':');
  const addr = colon < 0 ? text : text.slice(0, colon);
  if (colon >= 0) {
    if (!portOk) throw usage('Need TCP, UDP, SCTP or DCCP with port specification');
    const [, digits = '', rest = ''] = /^(\d*)(.*)$/.exec(text.slice(colon + 1))!;
    if (rest.startsWith('-')) throw unsupported('a port range in a NAT target');
    if (digits === '' || Number(digits) > 65535) throw usage(`Port \`${text.slice(colon + 1)}' not valid`);
    if (rest !== '') throw usage(`Garbage after port value: \`${rest}'`);
  }
  if (addr.includes('-')) throw unsupported('an address range in a NAT target');
  if (parseIp4(addr) === undefined) throw usage(`Bad IP address "${addr}"`);
  return colon < 0 ? addr : `${addr}:${parseInt(text.slice(colon + 1), 10)}`;
}

// ---- Extensions: the matches and targets the playground models, read as libxt_*.c read them.

/** A getopt_long option: `arg` 0 none, 1 required, 2 optional. */
export type LongOpt = { name: string; arg: 0 | 1 | 2; val: string };

const MATCHES = ('comment multiport mark connmark limit recent iprange mac owner physdev set string time u32 ' +
  'length ttl hashlimit connlimit pkttype policy socket statistic tos dscp ecn helper cpu devgroup rpfilter ' +
  'ipvs realm quota nfacct cgroup bpf esp ah udplite connbytes cluster').split(' ');

export type St = {
  match: IptMatch;
  proto?: { name: string; num: number; neg: boolean };
  rule: Partial<Pick<IptRule, 'toDestination' | 'toSource'>>;
};

/** An extension (match or target) once loaded: its long options and how it reads them. */
export interface Ext {
  name: string;
  opts: LongOpt[];
  seen: Set<string>;
  parse(st: St, opt: string, arg: string, inv: boolean): void;
  final?(st: St): void;
}

const once = (ext: Ext, opt: string, msg: string) => {
  if (ext.seen.has(opt)) throw usage(msg);
  ext.seen.add(opt);
};
const longOpts = (spec: string): LongOpt[] =>
  spec.split(' ').map((e) => {
    const [name, arg] = e.split(':') as [string, string];
    return { name, arg: Number(arg) as 0 | 1, val: name };
  });

function portsExt(name: 'tcp' | 'udp'): Ext {
  const more = name === 'tcp' ? ' syn:0 tcp-flags:1 tcp-option:1' : '';
  return {
    name,
    opts: longOpts(`source-port:1 sport:1 destination-port:1 dport:1${more}`),
    seen: new Set(),
    parse(st, opt, arg, inv) {
      if (['syn', 'tcp-flags', 'tcp-option'].includes(opt)) throw unsupported(`--${opt}`);
      const which = opt === 'sport' || opt === 'source-port' ? 'sport' : 'dport';
      const long = which === 'sport' ? 'source-port' : 'destination-port';
      if (st.proto?.name !== name) throw usage(`${name.toUpperCase()} match requires '-p ${name}'`);
      // tcp still parses the old way; udp goes through libxtables' x6 parser.
      once(this, which, name === 'tcp' ? `Only one \`--${long}' allowed` : `udp: option "--${long}" can only be used once.\n`);
      const [lo, hi] = parsePorts(arg, name);
      if (lo !== 0 || hi !== 65535 || inv) st.match[which] = { neg: inv, lo, hi };
    },
  };
}

const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

function statesExt(name: 'conntrack' | 'state'): Ext {
  const opt = name === 'state' ? 'state' : 'ctstate';
  const unsupportedOpts = name === 'conntrack'
    ? ' ctproto:1 ctorigsrc:1 ctorigdst:1 ctreplsrc:1 ctrepldst:1 ctorigsrcport:1 ctorigdstport:1 ctreplsrcport:1 ' +
      'ctrepldstport:1 ctstatus:1 ctexpire:1 ctdir:1'
    : '';
  return {
    name,
    opts: longOpts(`${opt}:1${unsupportedOpts}`),
    seen: new Set(),
    parse(st, o, arg, inv) {
      if (o !== opt) throw unsupported(`--${o}`);
      once(this, o, `${name}: option "--${opt}" can only be used once.\n`);
      const valid = name === 'state' ? CT_STATES.slice(0, 5) : CT_STATES;
      const given = arg.split(',').map((s) => {
        if (!valid.includes(s.toUpperCase())) throw usage(`Bad ${opt} "${s}"`);
        return s.toUpperCase();
      });
      st.match.ctstate = { neg: inv, states: valid.filter((s) => given.includes(s)) };
    },
    final() {
      if (this.seen.size > 0) return;
      throw usage(name === 'state' ? 'state: option "--state" must be specified\n' : 'conntrack: At least one option is required');
    },
  };
}

const ADDR_TYPES = 'UNSPEC UNICAST LOCAL BROADCAST ANYCAST MULTICAST BLACKHOLE UNREACHABLE PROHIBIT THROW NAT XRESOLVE';

const addrtypeExt = (): Ext => ({
  name: 'addrtype',
  opts: longOpts('src-type:1 dst-type:1 limit-iface-in:0 limit-iface-out:0'),
  seen: new Set(),
  parse(st, opt, arg, inv) {
    if (opt !== 'dst-type' && opt !== 'src-type') throw unsupported(`addrtype --${opt}`);
    once(this, opt, `addrtype: option "--${opt}" can only be used once.\n`);
    for (const t of arg.split(',')) {
      if (!ADDR_TYPES.split(' ').includes(t.toUpperCase())) throw usage(`addrtype: bad type "${t}"`);
      if (t.toUpperCase() !== 'LOCAL') throw unsupported(`addrtype --${opt} ${t.toUpperCase()}`);
    }
    if (opt === 'dst-type') st.match.dstTypeLocal = { neg: inv };
    else st.match.srcTypeLocal = { neg: inv };
  },
  final() {
    if (this.seen.size === 0) throw usage('addrtype: you must specify --src-type or --dst-type');
  },
});

/** Protocol matches whose options the playground knows by name but does not model. */
const opaqueExt = (name: string, spec: string): Ext => ({
  name, opts: longOpts(spec), seen: new Set(), parse: (_st, opt) => { throw unsupported(`--${opt}`); },
});

const REJECT_TYPES = ('icmp-net-unreachable net-unreach icmp-host-unreachable host-unreach icmp-proto-unreachable ' +
  'proto-unreach icmp-port-unreachable port-unreach icmp-net-prohibited net-prohib icmp-host-prohibited ' +
  'host-prohib tcp-reset tcp-rst icmp-admin-prohibited admin-prohib').split(' ');

export function targetExt(name: string): Ext {
  const spec = { REJECT: 'reject-with:1', DNAT: 'to-destination:1 random:0 persistent:0',
    SNAT: 'to-source:1 random:0 random-fully:0 persistent:0', MASQUERADE: 'to-ports:1 random:0 random-fully:0' }[name];
  return {
    name,
    opts: longOpts(spec ?? ''),
    seen: new Set(),
    parse(st, opt, arg, inv) {
      if (inv) throw usage(`${name}: option "--${opt}" cannot be inverted.\n`);
      once(this, opt, `${name}: option "--${opt}" can only be used once.\n`);
      if (opt === 'reject-with') {
        if (!REJECT_TYPES.includes(arg)) throw usage(`unknown reject type "${arg}"`);
        // IptRule has no field for the ICMP type yet; only the default is kept.
        if (arg !== 'icmp-port-unreachable' && arg !== 'port-unreach') throw unsupported(`--reject-with ${arg}`);
      } else if (opt === 'to-destination' || opt === 'to-source') {
        const portOk = ['tcp', 'udp', 'sctp', 'dccp'].includes(st.proto?.name ?? '');
        const to = parseNatTo(arg, portOk);
        if (opt === 'to-destination') st.rule.toDestination = to;
        else st.rule.toSource = to;
      } else {
        throw unsupported(`${name} --${opt}`);
      }
    },
    final() {
      const need = { DNAT: 'to-destination', SNAT: 'to-source' }[name];
      if (need && !this.seen.has(need)) throw usage(`${name}: option "--${need}" must be specified\n`);
    },
  };
}

export function loadMatch(name: string): Ext {
  if (name === 'tcp' || name === 'udp') return portsExt(name);
  if (name === 'conntrack' || name === 'state') return statesExt(name);
  if (name === 'addrtype') return addrtypeExt();
  if (name === 'icmp') return opaqueExt(name, 'icmp-type:1');
  if (name === 'sctp' || name === 'dccp') return opaqueExt(name, 'source-port:1 sport:1 destination-port:1 dport:1');
  if (MATCHES.includes(name)) throw unsupported(`match \`${name}'`);
  throw usage(`Couldn't load match \`${name}':No such file or directory\n`);
}
