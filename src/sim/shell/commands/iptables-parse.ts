/**
 * iptables argv as v1.8.9 reads it (iptables/xshared.c do_parse): getopt_long with bundled short
 * options (`-nvL`), optional arguments (`-L [chain [n]]`), unique prefixes of long options
 * (`--line`), `!` as its own word, the command/option legality table, and extension options that
 * exist only once `-m`, `-p` or `-j` loaded their extension. Produces the rules to add or match.
 */
import { SimError } from '../../net/errors';
import type { IptMatch, IptRule } from '../../net/types';
import { ownEntry } from '../../net/world';
import {
  loadMatch, parseAddrList, PROTOCOLS, targetExt, TRY, unsupported, usage, type Ext,
  type ListFormat, type LongOpt, type St,
} from './iptables-ext';

// Command bits and their letters, as xshared.h numbers them (CMD_INSERT = 1 … CMD_CHECK = 1 << 14).
const CMD_CHARS = 'IDDRALFZNXPESZC';
export const [INSERT, DELETE, DELETE_NUM, REPLACE, APPEND, LIST, FLUSH, ZERO, NEW_CHAIN, DELETE_CHAIN, SET_POLICY, RENAME,
  LIST_RULES, ZERO_NUM, CHECK] = [...CMD_CHARS].map((_, i) => 1 << i) as number[] as [
  number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
const cmdChar = (mask: number) => CMD_CHARS[31 - Math.clz32(mask)];
const RULE_CMDS = INSERT | DELETE | REPLACE | APPEND | CHECK;

// Options with a "multiple -x flags" check, and the commands_v_options table ('x' = illegal).
const OPTS = 'nsdpjvxio0cf';
const INVERTIBLE = 'sdpiof';
const LEGAL = ['x     x  x  ', 'x     x  xx ', 'xxxxx xxxxxx', 'x     x  x  ', 'x     x  x  ', ' xxxx  xx xx',
  'xxxxx xxxxxx', 'xxxxx xxxxxx', 'xxxxx xxxxxx', 'xxxxx xxxxxx', 'xxxxx xxxx x', 'xxxxx xxxxxx', 'xxxxx xxxxxx',
  'xxxxx xxxxxx', 'x     x  xx '];

const SHORT: Record<string, 0 | 1 | 2> = Object.fromEntries(
  [...'A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fvw::W::nt:m:xc:g:46'.matchAll(/(\w)(:*)/g)].map((m) => [
    m[1]!, m[2]!.length as 0 | 1 | 2]),
);
const BASE_LONG: LongOpt[] = (
  'append:1:A check:1:C delete:1:D insert:1:I replace:1:R list:2:L list-rules:2:S flush:2:F zero:2:Z ' +
  'new-chain:1:N delete-chain:2:X rename-chain:1:E policy:1:P source:1:s destination:1:d src:1:s dst:1:d ' +
  'protocol:1:p in-interface:1:i jump:1:j table:1:t match:1:m numeric:0:n out-interface:1:o verbose:0:v ' +
  'wait:2:w wait-interval:2:W exact:0:x fragments:0:f version:0:V help:2:h line-numbers:0:0 modprobe:1:M ' +
  'set-counters:1:c goto:1:g ipv4:0:4 ipv6:0:6'
).split(' ').map((e) => {
  const [name, arg, val] = e.split(':') as [string, string, string];
  return { name, arg: Number(arg) as 0 | 1 | 2, val };
});

const STANDARD = ['ACCEPT', 'DROP', 'RETURN'];
/** Targets iptables has an extension for: `-N` may not take their names. */
const TARGETS = ('ACCEPT DROP RETURN QUEUE NFQUEUE REJECT DNAT SNAT MASQUERADE REDIRECT NETMAP LOG NFLOG ULOG MARK ' +
  'CONNMARK CT NOTRACK TRACE TCPMSS TOS TTL DSCP ECN CLASSIFY CHECKSUM AUDIT SET TEE SECMARK CONNSECMARK LED ' +
  'IDLETIMER HMARK SYNPROXY TPROXY CLUSTERIP RATEEST TCPOPTSTRIP').split(' ');

/** What a parsed command line asks for. */
export interface Parsed {
  command: number;
  table: string;
  chain?: string;
  rulenum?: number;
  newname?: string;
  policy?: string;
  fmt: ListFormat;
  rules: IptRule[];
  /** A `-j` that is neither a standard target nor an extension: it must name a chain. */
  chainJump?: string;
}

/** One getopt_long result: the option's code (`\x01` for a non-option), its argument, the bad word. */
type Got = { c: string; optarg?: string; bad?: string };

/** do_parse: argv (without `iptables`) to a command, or help/version, or a thrown usage error. */
export function parseArgv(args: string[]): Parsed | 'help' | 'version' {
  let optind = 0;
  let nextchar = '';
  let command = 0;
  let options = 0;
  let invert = false;
  let verbose = false;
  let table = 'filter';
  let protoUsed = false;
  const p: { chain?: string; rulenum?: number; newname?: string; policy?: string } = {};
  const st: St = { match: { modules: [] }, rule: {} };
  const iface: { in?: string; out?: string } = {};
  const inv = new Set<string>();
  const addrs: { s?: string; d?: string } = {};
  const exts: Ext[] = [];
  let target: Ext | undefined;
  let jump: string | undefined;
  let counters: [number, number] | undefined;

  const hasArg = () => optind < args.length && !args[optind]!.startsWith('-') && !args[optind]!.startsWith('!');
  const rulenum = (s: string) => {
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 0x7fffffff) throw usage(`Invalid rule number \`${s}'`);
    return Number(s);
  };
  const addCommand = (cmd: number, others: number) => {
    if (invert) throw usage("unexpected '!' flag");
    if (command & ~others) throw usage(`Cannot use -${cmdChar(cmd)} with -${cmdChar(command & ~others)}`);
    command |= cmd;
  };
  const setOption = (c: string) => {
    const bit = 1 << OPTS.indexOf(c);
    if (options & bit) throw usage(`multiple -${c} flags not allowed`);
    options |= bit;
    if (!invert) return;
    if (!INVERTIBLE.includes(c)) throw usage(`cannot have ! before -${c}`);
    inv.add(c);
  };
  const optionalChain = (optarg: string | undefined) => {
    if (optarg !== undefined) p.chain = optarg;
    else if (hasArg()) p.chain = args[optind++]!;
  };
  const addMatch = (ext: Ext) => {
    if (st.match.modules.includes(ext.name)) throw unsupported(`a second \`-m ${ext.name}'`);
    st.match.modules.push(ext.name);
    exts.push(ext);
  };

  /** getopt_long over the base options plus the loaded extensions' (newest first, as merged). */
  const getopt = (): (Got & { word: string }) | undefined => {
    const g = getopt1();
    return g && { ...g, word: args[optind - 1] ?? '' };
  };
  const getopt1 = (): Got | undefined => {
    if (nextchar === '') {
      const a = args[optind];
      if (a === undefined) return undefined;
      optind++;
      if (a === '--') return undefined;
      if (!a.startsWith('-') || a === '-') return { c: '\x01', optarg: a };
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        const name = a.slice(2, eq < 0 ? undefined : eq);
        const value = eq < 0 ? undefined : a.slice(eq + 1);
        const all = [...BASE_LONG, ...(target?.opts.map((o) => ({ ...o, val: `T:${o.val}` })) ?? []),
          ...exts.flatMap((e, i) => e.opts.map((o) => ({ ...o, val: `${i}:${o.val}` }))).reverse()];
        let o = all.find((x) => x.name === name);
        if (!o) {
          const cands = all.filter((x) => x.name.startsWith(name));
          o = cands[0];
          if (!o || cands.some((x) => x.val !== o!.val || x.arg !== o!.arg)) return { c: '?', bad: a };
        }
        if (o.arg === 0) return value === undefined ? { c: o.val } : { c: '?', bad: a };
        if (value !== undefined) return { c: o.val, optarg: value };
        if (o.arg === 2) return { c: o.val };
        if (optind < args.length) return { c: o.val, optarg: args[optind++]! };
        return { c: ':', bad: a };
      }
      nextchar = a.slice(1);
    }
    const c = nextchar[0]!;
    nextchar = nextchar.slice(1);
    const has = SHORT[c];
    if (has === undefined) return { c: '?', bad: `-${c}` };
    if (has === 0) return { c };
    if (nextchar !== '') {
      const v = nextchar;
      nextchar = '';
      return { c, optarg: v };
    }
    if (has === 2) return { c };
    if (optind < args.length) return { c, optarg: args[optind++]! };
    return { c: ':', bad: args[optind - 1]! };
  };

  for (;;) {
    const at = { optind, nextchar };
    const g = getopt();
    if (!g) break;
    const arg = g.optarg ?? '';
    const word = g.word;
    switch (g.c) {
      case 'A': addCommand(APPEND, 0); p.chain = arg; break;
      case 'C': addCommand(CHECK, 0); p.chain = arg; break;
      case 'D':
        addCommand(DELETE, 0);
        p.chain = arg;
        if (hasArg()) {
          p.rulenum = rulenum(args[optind++]!);
          command = DELETE_NUM;
        }
        break;
      case 'R':
        addCommand(REPLACE, 0);
        p.chain = arg;
        if (!hasArg()) throw usage('-R requires a rule number');
        p.rulenum = rulenum(args[optind++]!);
        break;
      case 'I':
        addCommand(INSERT, 0);
        p.chain = arg;
        p.rulenum = hasArg() ? rulenum(args[optind++]!) : 1;
        break;
      case 'L':
      case 'S':
        addCommand(g.c === 'L' ? LIST : LIST_RULES, ZERO | ZERO_NUM);
        optionalChain(g.optarg);
        if (hasArg()) p.rulenum = rulenum(args[optind++]!);
        break;
      case 'F': addCommand(FLUSH, 0); optionalChain(g.optarg); break;
      case 'Z':
        addCommand(ZERO, LIST | LIST_RULES);
        optionalChain(g.optarg);
        if (hasArg()) {
          p.rulenum = rulenum(args[optind++]!);
          command = ZERO_NUM;
        }
        break;
      case 'N':
        if (arg.length >= 29) throw usage(`chain name \`${arg}' too long (must be under 29 chars)`);
        if (arg.startsWith('-') || arg.startsWith('!')) throw usage(`chain name not allowed to start with \`${arg[0]}'`);
        if (TARGETS.includes(arg)) throw usage('chain name may not clash with target name');
        if (/\s/.test(arg)) throw usage(`Invalid chain name \`${arg}'`);
        addCommand(NEW_CHAIN, 0);
        p.chain = arg;
        break;
      case 'X': addCommand(DELETE_CHAIN, 0); optionalChain(g.optarg); break;
      case 'E':
        addCommand(RENAME, 0);
        p.chain = arg;
        if (!hasArg()) throw usage('-E requires old-chain-name and new-chain-name');
        p.newname = args[optind++]!;
        break;
      case 'P':
        addCommand(SET_POLICY, 0);
        p.chain = arg;
        if (!hasArg()) throw usage('-P requires a chain and a policy');
        p.policy = args[optind++]!;
        break;
      case 'h': return 'help';
      case 'V': return 'version';
      case 'p': {
        setOption('p');
        const name = word.toLowerCase();
        const num = /^\d+$/.test(name) && Number(name) <= 255 ? Number(name) : ownEntry(PROTOCOLS, name);
        if (num === undefined) throw usage(`unknown protocol "${name}" specified`);
        if (num === 0 && invert) throw usage('rule would never match protocol');
        const known = Object.keys(PROTOCOLS).find((k) => PROTOCOLS[k] === num);
        st.proto = { name: known ?? String(num), num, neg: invert };
        break;
      }
      // 1.8.9 reads -s/-d/-p/-i/-o/-j from argv[optind - 1], so `--dst=1.2.3.4` or `-jACCEPT` keep
      // the option text (fixed in 1.8.10; 1.4.21 and 1.8.7 use optarg).
      case 's': case 'd': setOption(g.c); addrs[g.c] = word; break;
      case 'i': case 'o':
        if (arg === '') throw usage('Empty interface is likely to be undesired');
        setOption(g.c);
        if (word.length > 15) throw usage(`interface name \`${word}' must be shorter than IFNAMSIZ (15)`);
        iface[g.c === 'i' ? 'in' : 'out'] = word;
        break;
      case 'j':
        setOption('j');
        if (word.length < 1) throw usage('Invalid target name (too short)');
        if (word.length >= 29) throw usage(`Invalid target name \`${word}' (28 chars max)`);
        if (/\s/.test(word)) throw usage(`Invalid target name \`${word}'`);
        jump = word;
        if (['REJECT', 'DNAT', 'SNAT', 'MASQUERADE'].includes(word)) target = targetExt(word);
        else if (TARGETS.includes(word) && !STANDARD.includes(word)) throw unsupported(`target ${word}`);
        break;
      case 'g': throw unsupported('-g (goto)');
      case 'f': throw unsupported('-f (fragments)');
      case 'v': if (!verbose) setOption('v'); verbose = true; break;
      case 'm':
        if (invert) throw usage('unexpected ! flag before --match');
        addMatch(loadMatch(arg));
        break;
      case 'n': case 'x': case '0': setOption(g.c); break;
      case 't':
        if (invert) throw usage('unexpected ! flag before --table');
        table = arg;
        break;
      case 'w': case 'W': if (g.optarg === undefined && hasArg()) optind++; break;
      case 'M': case '4': break;
      case '6': throw new SimError(TRY, 2);
      case 'c': {
        setOption('c');
        const comma = arg.indexOf(',', 1);
        const b = comma >= 0 ? arg.slice(comma + 1) : hasArg() ? args[optind++]! : undefined;
        if (b === undefined) throw usage('-c requires packet and byte counter');
        const a = comma >= 0 ? arg.slice(0, comma) : arg;
        if (!/^\d+/.test(a)) throw usage('-c packet counter not numeric');
        if (!/^\d+/.test(b)) throw usage('-c byte counter not numeric');
        counters = [parseInt(a, 10), parseInt(b, 10)];
        break;
      }
      case '\x01':
        if (arg === '!') {
          if (invert) throw usage('multiple consecutive ! not allowed');
          invert = true;
          continue;
        }
        throw new SimError(`Bad argument \`${arg}'\n${TRY}`, 2);
      case '?': case ':': {
        // command_default: an unknown option first loads the `-p` protocol's match, then retries.
        if (st.proto && !protoUsed) {
          protoUsed = true;
          if (['tcp', 'udp', 'icmp', 'sctp', 'dccp'].includes(st.proto.name)) {
            addMatch(loadMatch(st.proto.name));
            ({ optind, nextchar } = at);
            continue;
          }
        }
        throw usage(g.c === ':' ? `option "${g.bad}" requires an argument` : `unknown option "${g.bad}"`);
      }
      default: {
        const [owner, opt] = g.c.split(':') as [string, string];
        const ext = owner === 'T' ? target! : exts[Number(owner)]!;
        ext.parse(st, opt, arg, invert);
      }
    }
    invert = false;
  }

  if (table === 'nat' && (p.policy === 'DROP' || jump === 'DROP')) {
    throw usage('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
  }
  for (const e of exts) e.final?.(st);
  target?.final?.(st);
  if (optind < args.length) throw usage('unknown arguments found on commandline');
  if (!command) throw usage('no command specified');
  if (invert) throw usage('nothing appropriate following !');

  // post_parse: rule commands default to 0.0.0.0/0; given addresses are checked whatever the command.
  const rules: IptRule[] = [];
  const isRule = (command & RULE_CMDS) !== 0;
  const srcs = addrs.s !== undefined || isRule ? parseAddrList(addrs.s ?? '0.0.0.0/0') : [];
  const dsts = addrs.d !== undefined || isRule ? parseAddrList(addrs.d ?? '0.0.0.0/0') : [];
  if ((srcs.length > 1 || dsts.length > 1) && (inv.has('s') || inv.has('d'))) {
    throw usage('! not allowed with multiple source or destination IP addresses');
  }
  if (command === REPLACE && (srcs.length > 1 || dsts.length > 1)) {
    throw usage('Replacement rule does not specify a unique address');
  }
  if (isRule) {
    const m = st.match;
    for (const s of srcs) {
      for (const d of dsts) {
        const match: IptMatch = { modules: [...m.modules] };
        if (st.proto && st.proto.num !== 0) match.proto = { neg: st.proto.neg, value: st.proto.name };
        if (s.prefix !== 0 || inv.has('s')) match.src = { neg: inv.has('s'), ...s };
        if (d.prefix !== 0 || inv.has('d')) match.dst = { neg: inv.has('d'), ...d };
        // `-i +` matches every interface, so iptables drops it from the rule.
        if (iface.in !== undefined && (iface.in !== '+' || inv.has('i'))) match.in = { neg: inv.has('i'), name: iface.in };
        if (iface.out !== undefined && (iface.out !== '+' || inv.has('o'))) match.out = { neg: inv.has('o'), name: iface.out };
        for (const k of ['dport', 'sport', 'srcTypeLocal', 'dstTypeLocal', 'ctstate'] as const) {
          if (m[k]) Object.assign(match, { [k]: JSON.parse(JSON.stringify(m[k])) as unknown });
        }
        rules.push({ match, target: jump ?? '', ...st.rule, pkts: counters?.[0] ?? 0, bytes: counters?.[1] ?? 0 });
      }
    }
  }

  for (let i = 0; i < OPTS.length; i++) {
    let legal = 0;
    for (let j = 0; j < LEGAL.length; j++) {
      if (!(command & (1 << j)) || !(options & (1 << i))) continue;
      if (LEGAL[j]![i] !== 'x') legal = 1;
      else if (legal === 0) legal = -1;
    }
    if (legal === -1) throw usage(`Illegal option \`-${OPTS[i]}' with this command`);
  }
  if (p.chain !== undefined && p.chain.length >= 29) {
    throw usage(`chain name \`${p.chain}' too long (must be under 29 chars)`);
  }
  if (command & (RULE_CMDS | DELETE_NUM)) {
    if ((p.chain === 'PREROUTING' || p.chain === 'INPUT') && iface.out !== undefined) throw usage(`Can't use -o with ${p.chain}\n`);
    if ((p.chain === 'POSTROUTING' || p.chain === 'OUTPUT') && iface.in !== undefined) throw usage(`Can't use -i with ${p.chain}\n`);
  }
  const has = (c: string) => (options & (1 << OPTS.indexOf(c))) !== 0;
  return {
    command, table, ...p, rules,
    fmt: { numeric: has('n'), verbose, exact: has('x'), lineNumbers: has('0') },
    ...(jump !== undefined && !target && !STANDARD.includes(jump) ? { chainJump: jump } : {}),
  };
}
