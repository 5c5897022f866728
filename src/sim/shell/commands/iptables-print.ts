/**
 * What `iptables` (v1.8.9, nf_tables) prints: `-L` tables, `-S` rule specs, the one-line rule echo
 * of `-v -A`, and `-h`. Layout follows iptables/xshared.c (print_header, print_rule_details,
 * print_ifaces, print_ipv4_addresses, save_ipv4_addr) and the extensions' print and save hooks,
 * checked byte for byte against the real binary.
 */
import { formatIp4 } from '../../net/ip4';
import type { IptChain, IptRule } from '../../net/types';

import { protoNumber, serviceName, type ListFormat } from './iptables-ext';

const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** xtables_print_num: counters rounded to K/M/G/T (4 digits and a unit) past 99999, unless -x. */
function printNum(n: number, fmt: ListFormat, notable = false): string {
  if (fmt.exact) return notable ? `${n} ` : `${lpad(String(n), 8)} `;
  if (n <= 99999) return notable ? `${n} ` : `${lpad(String(n), 5)} `;
  let mag = 0;
  do {
    n = Math.floor((n + 500) / 1000);
    mag++;
  } while (n > 9999 && mag < 4);
  const unit = ' KMGT'[mag]!;
  return notable ? `${n}${unit} ` : `${lpad(String(n), 4)}${unit} `;
}

/** `Chain X (policy P …)` / `Chain X (N references)` and the column header. */
export function chainHeader(chain: IptChain, refs: number, fmt: ListFormat): string {
  let s = `Chain ${chain.name}`;
  if (chain.policy) {
    s += ` (policy ${chain.policy}`;
    if (fmt.verbose) s += ` ${printNum(chain.pkts, fmt, true)}packets, ${printNum(chain.bytes, fmt, true)}bytes`;
    s += ')\n';
  } else {
    s += ` (${refs} references)\n`;
  }
  if (fmt.lineNumbers) s += 'num  ';
  if (fmt.verbose) s += fmt.exact ? `${lpad('pkts', 8)} ${lpad('bytes', 10)} ` : ' pkts bytes ';
  s += 'target     prot opt';
  if (fmt.verbose) s += ' in     out    ';
  return `${s} ${pad('source', 19)}  ${pad('destination', 19)} \n`;
}

/** Reverse lookups the simulated host can answer (/etc/hosts, /etc/networks); others print numerically. */
const HOST_NAMES: Record<string, string> = { '127.0.0.1': 'localhost' };
const NET_NAMES: Record<string, string> = { '127.0.0.0': 'loopback', '169.254.0.0': 'link-local' };

function addrText(a: { addr: number; prefix: number } | undefined, numeric: boolean): string {
  if (!a || a.prefix === 0) return numeric ? '0.0.0.0/0' : 'anywhere';
  const ip = formatIp4(a.addr);
  const name = numeric ? ip : (HOST_NAMES[ip] ?? NET_NAMES[ip] ?? ip);
  return a.prefix === 32 ? name : `${name}/${a.prefix}`;
}

function portText(port: number, proto: 'tcp' | 'udp', numeric: boolean): string {
  return (numeric ? undefined : serviceName(port, proto)) ?? String(port);
}

/** The extension columns after the addresses: ` tcp dpt:80`, ` ctstate …`, ` to:…`. */
function extrasText(rule: IptRule, numeric: boolean): string {
  const m = rule.match;
  let s = '';
  for (const mod of m.modules) {
    if (mod === 'tcp' || mod === 'udp') {
      s += ` ${mod}`;
      for (const [name, p] of [['spt', m.sport], ['dpt', m.dport]] as const) {
        if (!p) continue;
        const inv = p.neg ? '!' : '';
        s += p.lo === p.hi
          ? ` ${name}:${inv}${portText(p.lo, mod, numeric)}`
          : ` ${name}s:${inv}${portText(p.lo, mod, numeric)}:${portText(p.hi, mod, numeric)}`;
      }
    } else if (mod === 'conntrack' && m.ctstate) {
      s += `${m.ctstate.neg ? ' !' : ''} ctstate ${m.ctstate.states.join(',')}`;
    } else if (mod === 'state' && m.ctstate) {
      s += `${m.ctstate.neg ? ' !' : ''} state ${m.ctstate.states.join(',')}`;
    } else if (mod === 'addrtype' && (m.srcTypeLocal || m.dstTypeLocal)) {
      s += ' ADDRTYPE match';
      if (m.srcTypeLocal) s += ` src-type ${m.srcTypeLocal.neg ? '!' : ''}LOCAL`;
      if (m.dstTypeLocal) s += ` dst-type ${m.dstTypeLocal.neg ? '!' : ''}LOCAL`;
    }
  }
  if (rule.target === 'REJECT') s += ' reject-with icmp-port-unreachable';
  if (rule.toDestination !== undefined) s += ` to:${rule.toDestination}`;
  if (rule.toSource !== undefined) s += ` to:${rule.toSource}`;
  return s;
}

/** xtables_chain_protos: the names iptables knows without /etc/protocols. */
const CHAIN_PROTOS = ['tcp', 'sctp', 'udp', 'udplite', 'icmp', 'icmpv6', 'esp', 'ah', 'mh', 'all'];

/**
 * The prot column: a number with -n (1.8.9; older releases print the name), else the name. The
 * `-v -A` echo is numeric underneath, so it names only xtables_chain_protos (`gre` prints `47`).
 */
function protoColumn(rule: IptRule, how: 'numeric' | 'names' | 'echo'): { inv: string; text: string } {
  const p = rule.match.proto;
  const value = p?.value ?? 'all';
  const num = String(protoNumber(value));
  const text = how === 'numeric' ? num : how === 'echo' && !CHAIN_PROTOS.includes(value) ? num : value;
  return { inv: p?.neg ? '!' : ' ', text };
}

/** One row of `iptables -L`. */
export function ruleRow(rule: IptRule, num: number, fmt: ListFormat): string {
  const m = rule.match;
  let s = fmt.lineNumbers ? pad(String(num), 4) + ' ' : '';
  if (fmt.verbose) s += printNum(rule.pkts, fmt) + printNum(rule.bytes, fmt);
  const proto = protoColumn(rule, fmt.numeric ? 'numeric' : 'names');
  s += `${pad(rule.target, 9)} ${proto.inv}${pad(proto.text, 4)} -- `;
  if (fmt.verbose) {
    const any = fmt.numeric ? '*' : 'any';
    const iface = (i: { neg: boolean; name: string } | undefined) => (i ? `${i.neg ? '!' : ''}${i.name}` : any);
    s += ` ${pad(iface(m.in), 6)} ${pad(iface(m.out), 6)} `;
  }
  s += `${m.src?.neg ? '!' : ' '}${pad(addrText(m.src, fmt.numeric), 19)} `;
  s += `${m.dst?.neg ? '!' : ' '}${pad(addrText(m.dst, fmt.numeric), 19)} `;
  return s + extrasText(rule, fmt.numeric) + '\n';
}

/** The rule as `iptables -v -A …` echoes it (FMT_NOTABLE | FMT_NUMERIC, no counters). */
export function ruleEcho(rule: IptRule): string {
  const m = rule.match;
  const proto = protoColumn(rule, 'echo');
  const iface = (i: { neg: boolean; name: string } | undefined) => (i ? `${i.neg ? '!' : ''}${i.name}` : '*');
  return (
    `${rule.target} ${proto.inv}${proto.text} opt -- in ${iface(m.in)} out ${iface(m.out)} ` +
    `${m.src?.neg ? '!' : ' '}${addrText(m.src, true)} ${m.dst?.neg ? '!' : ' '}-> ${addrText(m.dst, true)}` +
    `  ${extrasText(rule, true)}\n`
  );
}

/** `iptables -L [chain]` body for one chain (header and rows), or one row with a rule number. */
export function listChain(chain: IptChain, refs: number, fmt: ListFormat, rulenum?: number): string {
  if (rulenum !== undefined) {
    const r = chain.rules[rulenum - 1];
    return r ? ruleRow(r, rulenum, fmt) : '';
  }
  return chainHeader(chain, refs, fmt) + chain.rules.map((r, i) => ruleRow(r, i + 1, fmt)).join('');
}

/** A rule as `iptables -S` writes it, after `-A CHAIN`; `counters` adds `-c P B` (with -v). */
export function ruleSave(chain: string, rule: IptRule, counters: boolean): string {
  const m = rule.match;
  const inv = (n: boolean) => (n ? ' !' : '');
  let s = `-A ${chain}`;
  if (m.src) s += `${inv(m.src.neg)} -s ${formatIp4(m.src.addr)}/${m.src.prefix}`;
  if (m.dst) s += `${inv(m.dst.neg)} -d ${formatIp4(m.dst.addr)}/${m.dst.prefix}`;
  if (m.in) s += `${inv(m.in.neg)} -i ${m.in.name}`;
  if (m.out) s += `${inv(m.out.neg)} -o ${m.out.name}`;
  if (m.proto) s += `${inv(m.proto.neg)} -p ${m.proto.value}`;
  for (const mod of m.modules) {
    s += ` -m ${mod}`;
    if (mod === 'tcp' || mod === 'udp') {
      for (const [name, p] of [['sport', m.sport], ['dport', m.dport]] as const) {
        if (p) s += `${inv(p.neg)} --${name} ${p.lo === p.hi ? p.lo : `${p.lo}:${p.hi}`}`;
      }
    } else if ((mod === 'conntrack' || mod === 'state') && m.ctstate) {
      s += `${inv(m.ctstate.neg)} --${mod === 'state' ? 'state' : 'ctstate'} ${m.ctstate.states.join(',')}`;
    } else if (mod === 'addrtype' && (m.srcTypeLocal || m.dstTypeLocal)) {
      if (m.srcTypeLocal) s += `${inv(m.srcTypeLocal.neg)} --src-type LOCAL`;
      if (m.dstTypeLocal) s += `${inv(m.dstTypeLocal.neg)} --dst-type LOCAL`;
    }
  }
  if (counters) s += ` -c ${rule.pkts} ${rule.bytes}`;
  if (rule.target !== '') s += ` -j ${rule.target}`;
  if (rule.target === 'REJECT') s += ' --reject-with icmp-port-unreachable';
  if (rule.toDestination !== undefined) s += ` --to-destination ${rule.toDestination}`;
  if (rule.toSource !== undefined) s += ` --to-source ${rule.toSource}`;
  return s + '\n';
}

/** `-P CHAIN POLICY` or `-N CHAIN`, the first lines `iptables -S` prints for a chain. */
export function chainSave(chain: IptChain, counters: boolean): string {
  if (!chain.policy) return `-N ${chain.name}\n`;
  return `-P ${chain.name} ${chain.policy}${counters ? ` -c ${chain.pkts} ${chain.bytes}` : ''}\n`;
}

/** `iptables -h` (xtables_printhelp), without the per-extension sections. */
export const HELP = `iptables v1.8.9 (nf_tables)

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain\t\tAppend to chain
  --check   -C chain\t\tCheck for the existence of a rule
  --delete  -D chain\t\tDelete matching rule from chain
  --delete  -D chain rulenum
\t\t\t\tDelete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
\t\t\t\tInsert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
\t\t\t\tReplace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
\t\t\t\tList the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
\t\t\t\tPrint the rules in a chain or all chains
  --flush   -F [chain]\t\tDelete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
\t\t\t\tZero counters in chain or all chains
  --new     -N chain\t\tCreate a new user-defined chain
  --delete-chain
            -X [chain]\t\tDelete a user-defined chain
  --policy  -P chain target
\t\t\t\tChange policy on chain to target
  --rename-chain
            -E old-chain new-chain
\t\t\t\tChange chain name, (moving any references)

Options:
    --ipv4\t-4\t\tNothing (line is ignored by ip6tables-restore)
    --ipv6\t-6\t\tError (line is ignored by iptables-restore)
[!] --protocol\t-p proto\tprotocol: by number or name, eg. \`tcp'
[!] --source\t-s address[/mask][...]
\t\t\t\tsource specification
[!] --destination -d address[/mask][...]
\t\t\t\tdestination specification
[!] --in-interface -i input name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
 --jump\t-j target
\t\t\t\ttarget for rule (may load target extension)
  --goto      -g chain
\t\t\t       jump to chain with no return
  --match\t-m match
\t\t\t\textended match (may load extension)
  --numeric\t-n\t\tnumeric output of addresses and ports
[!] --out-interface -o output name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
  --table\t-t table\ttable to manipulate (default: \`filter')
  --verbose\t-v\t\tverbose mode
  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up
  --line-numbers\t\tprint line numbers when listing
  --exact\t-x\t\texpand numbers (display exact values)
[!] --fragment\t-f\t\tmatch second or further fragments only
  --modprobe=<command>\t\ttry to insert modules using this command
  --set-counters -c PKTS BYTES\tset the counter during insert/append
[!] --version\t-V\t\tprint package version.
`;
