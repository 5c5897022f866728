/**
 * iptables `filter` and `nat` tables: chains, policies, rules, and their evaluation
 * (iptables(8), iptables-extensions(8): addrtype, conntrack). The packet engine calls `traverse`
 * at each netfilter hook; it returns the verdict and the rule that decided, for the Trace.
 *
 * The table operations at the end are what the `iptables` command does to a table; they throw
 * SimError with iptables' own text, so a refused command leaves the World as it was.
 *
 * Invariants: built-in chains come first in hook order and always exist; a rule's `target` is a
 * standard verdict, a NAT/REJECT target, a user chain of the same table, or '' (no `-j`: the rule
 * only counts); `match.modules` lists the `-m` modules in the order iptables -S prints them.
 */
import { SimError } from './errors';
import { inPrefix } from './ip4';
import type { IptChain, IptMatch, IptRule, IptTable, Ip4, Netns, TableName } from './types';

export const BUILTIN_CHAINS: Record<TableName, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

export function emptyIptables(): Record<TableName, IptTable> {
  const make = (t: TableName): IptTable => ({
    chains: BUILTIN_CHAINS[t].map((name) => ({ name, policy: 'ACCEPT', rules: [], pkts: 0, bytes: 0 })),
  });
  return { filter: make('filter'), nat: make('nat') };
}

export function findChain(table: IptTable, name: string): IptChain | undefined {
  return table.chains.find((c) => c.name === name);
}

/** Like requireChain; `tableName` is kept for existing callers. */
export function getChain(table: IptTable, name: string, _tableName: TableName): IptChain {
  return requireChain(table, name);
}

/** Whether `name` is one of the table's built-in chains (they have a policy and hook). */
export function isBuiltinChain(tableName: TableName, name: string): boolean {
  return BUILTIN_CHAINS[tableName].includes(name);
}

/**
 * Chains in the order `iptables -L`/`-S` print them: built-ins in hook order, then user chains
 * sorted by name (both libiptc and iptables-nft sort them, whatever the creation order).
 */
export function listedChains(table: IptTable, tableName: TableName): IptChain[] {
  const builtins = BUILTIN_CHAINS[tableName].map((n) => findChain(table, n)).filter((c) => c !== undefined);
  const user = table.chains.filter((c) => !isBuiltinChain(tableName, c.name));
  return [...builtins, ...user.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
}

/** How many rules jump to `name`: the `(N references)` of `iptables -L`. */
export function chainRefs(table: IptTable, name: string): number {
  let n = 0;
  for (const c of table.chains) for (const r of c.rules) if (r.target === name) n++;
  return n;
}

/** JSON with sorted keys and no undefined fields, so rules built in any key order compare equal. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => [k, canonical(o[k])]);
}

/** Rule identity as `iptables -D`/`-C` compare rules: everything but the counters. */
export function sameRule(a: IptRule, b: IptRule): boolean {
  // Cheap rejections first: Docker removes rules one by one from chains of hundreds of rules.
  if (a.target !== b.target || a.toDestination !== b.toDestination || a.toSource !== b.toSource) return false;
  const am = a.match as unknown as Record<string, unknown>;
  const bm = b.match as unknown as Record<string, unknown>;
  for (const k in am) {
    const x = am[k] as Record<string, unknown> | undefined;
    const y = bm[k] as Record<string, unknown> | undefined;
    if (x && y && typeof x === 'object' && typeof y === 'object') for (const f in x) if (typeof x[f] !== 'object' && x[f] !== y[f]) return false;
  }
  const key = (r: IptRule) => JSON.stringify(canonical([r.match, r.target, r.toDestination, r.toSource]));
  return key(a) === key(b);
}

/**
 * Targets the kernel only accepts in some tables and hooks (iptables-extensions(8)); a user chain
 * inherits the hooks of the built-in chains that reach it.
 */
const TARGET_PLACES: Record<string, { table: TableName; hooks: string[] }> = {
  DNAT: { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
  SNAT: { table: 'nat', hooks: ['POSTROUTING', 'INPUT'] },
  MASQUERADE: { table: 'nat', hooks: ['POSTROUTING'] },
  REJECT: { table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
};

/**
 * What nf_tables would say about the table as a whole after a change, as an errno text:
 * `Invalid argument` for a target outside its table/hooks, `Too many links` for a jump loop
 * reachable from a built-in chain (loops among unreferenced user chains are accepted, as the kernel
 * validates from base chains only). Undefined when the table is valid.
 */
export function validateTable(table: IptTable, tableName: TableName): 'Invalid argument' | 'Too many links' | undefined {
  const hooks = new Map<string, Set<string>>();
  let loop = false;
  const visit = (name: string, hook: string, path: string[]) => {
    if (path.includes(name)) {
      loop = true;
      return;
    }
    const chain = findChain(table, name);
    if (!chain) return;
    const set = hooks.get(name) ?? new Set<string>();
    hooks.set(name, set);
    set.add(hook);
    for (const r of chain.rules) if (findChain(table, r.target)) visit(r.target, hook, [...path, name]);
  };
  for (const b of BUILTIN_CHAINS[tableName]) visit(b, b, []);
  for (const c of table.chains) {
    for (const r of c.rules) {
      const place = TARGET_PLACES[r.target];
      if (!place) continue;
      if (place.table !== tableName) return 'Invalid argument';
      for (const h of hooks.get(c.name) ?? []) if (!place.hooks.includes(h)) return 'Invalid argument';
    }
  }
  return loop ? 'Too many links' : undefined;
}

/** What the rules look at: the packet as the hook sees it. */
export interface PacketView {
  proto: 'icmp' | 'tcp' | 'udp';
  src: Ip4;
  dst: Ip4;
  sport?: number;
  dport?: number;
  in?: string;
  out?: string;
  ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
  /** Whether dst is a local address of the namespace (addrtype LOCAL). */
  dstLocal: boolean;
  /** Whether src is a local address of the namespace. */
  srcLocal?: boolean;
}

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export function ruleMatches(m: IptMatch, p: PacketView): boolean {
  const x = (neg: boolean, ok: boolean) => (neg ? !ok : ok);
  if (m.proto && m.proto.value !== 'all' && !x(m.proto.neg, m.proto.value === p.proto)) return false;
  if (m.src && !x(m.src.neg, inPrefix(p.src, m.src.addr, m.src.prefix))) return false;
  if (m.dst && !x(m.dst.neg, inPrefix(p.dst, m.dst.addr, m.dst.prefix))) return false;
  if (m.in && !x(m.in.neg, ifaceMatches(m.in.name, p.in))) return false;
  if (m.out && !x(m.out.neg, ifaceMatches(m.out.name, p.out))) return false;
  if (m.dport) {
    if (p.dport === undefined) return false;
    if (!x(m.dport.neg, p.dport >= m.dport.lo && p.dport <= m.dport.hi)) return false;
  }
  if (m.sport) {
    if (p.sport === undefined) return false;
    if (!x(m.sport.neg, p.sport >= m.sport.lo && p.sport <= m.sport.hi)) return false;
  }
  if (m.dstTypeLocal && !x(m.dstTypeLocal.neg, p.dstLocal)) return false;
  if (m.srcTypeLocal && !x(m.srcTypeLocal.neg, p.srcLocal ?? false)) return false;
  if (m.ctstate && !x(m.ctstate.neg, m.ctstate.states.includes(p.ctstate))) return false;
  return true;
}

export interface Decision {
  /** ACCEPT / DROP, or a NAT target (DNAT, SNAT, MASQUERADE) when the table is nat. */
  verdict: string;
  /** The chain and 1-based rule number that decided; undefined when the policy did. */
  chain: string;
  rule?: number;
  ruleRef?: IptRule;
}

/**
 * Walks a built-in chain (jumping into user chains, RETURN back) and gives the first terminal
 * decision, or the chain's policy. Loops are impossible: iptables refuses them at insert time.
 */
export function traverse(ns: Netns, tableName: TableName, chainName: string, p: PacketView): Decision {
  const table = ns.iptables[tableName];
  const walk = (name: string, depth: number): Decision | undefined => {
    const chain = findChain(table, name);
    if (!chain || depth > 32) return undefined;
    for (let i = 0; i < chain.rules.length; i++) {
      const r = chain.rules[i]!;
      if (!ruleMatches(r.match, p)) continue;
      if (r.target === 'RETURN') return undefined;
      if (
        r.target === 'ACCEPT' ||
        r.target === 'DROP' ||
        r.target === 'DNAT' ||
        r.target === 'SNAT' ||
        r.target === 'MASQUERADE'
      ) {
        return { verdict: r.target, chain: name, rule: i + 1, ruleRef: r };
      }
      if (r.target === 'REJECT') return { verdict: 'DROP', chain: name, rule: i + 1, ruleRef: r };
      if (r.target === '') continue;
      const sub = walk(r.target, depth + 1);
      if (sub) return sub;
    }
    return undefined;
  };
  const builtin = findChain(table, chainName);
  const d = walk(chainName, 0);
  if (d) return d;
  return { verdict: builtin?.policy ?? 'ACCEPT', chain: chainName };
}

// ---- Table operations, as iptables' commands make them. They throw SimError with the text and
// exit code iptables (v1.8.9, nf_tables backend) prints, so a failed command changes nothing.

const NFT = 'iptables v1.8.9 (nf_tables):';
const refused = (msg: string) => new SimError(`iptables: ${msg}.`, 1);
const NO_CHAIN = 'No chain/target/match by that name';
const BAD_RULE = 'Bad rule (does a matching rule exist in that chain?)';

/** The chain, or iptables' `No chain/target/match by that name.` (exit 1). */
export function requireChain(table: IptTable, name: string): IptChain {
  const c = findChain(table, name);
  if (!c) throw refused(NO_CHAIN);
  return c;
}

/**
 * `-A`, `-I chain n` and `-R chain n`: puts the rules in, then checks the whole table as nf_tables
 * does at commit (`RULE_APPEND failed (Invalid argument): rule in chain X`, exit 4); legacy
 * iptables and 1.4.21 say `iptables: Invalid argument. Run `dmesg' for more information.`, exit 1.
 * Built-in chains always count as created: iptables-nft creates them lazily, so on a namespace
 * that never had a rule `-R INPUT 1` says `No chain/target/match by that name.` instead.
 */
export function putRules(
  table: IptTable, tableName: TableName, chainName: string, rules: IptRule[], how: 'append' | 'insert' | 'replace', n = 1,
): void {
  const chain = requireChain(table, chainName);
  if (how === 'insert' && n > chain.rules.length + 1) throw refused('Index of insertion too big');
  if (how === 'replace' && n > chain.rules.length) throw refused('Index of replacement too big');
  for (const r of rules) {
    if (how === 'append') chain.rules.push(r);
    else chain.rules.splice(n - 1, how === 'replace' ? 1 : 0, r);
  }
  const op = { append: 'RULE_APPEND', insert: 'RULE_INSERT', replace: 'RULE_REPLACE' }[how];
  const fail = (errno: string) => new SimError(`${NFT}  ${op} failed (${errno}): rule in chain ${chain.name}`, 4);
  for (const r of rules) {
    const m = r.match;
    if (isBuiltinChain(tableName, r.target)) {
      throw fail(r.target === chain.name ? 'Operation not supported' : 'No such file or directory');
    }
    // nf_tables refuses `! -s 0.0.0.0/0` (never matches) and a tcp/udp match without that
    // protocol; legacy iptables accepts both.
    if ((m.src?.neg && m.src.prefix === 0) || (m.dst?.neg && m.dst.prefix === 0)) throw fail('Invalid argument');
    for (const mod of m.modules) {
      if ((mod === 'tcp' || mod === 'udp') && (m.proto?.value !== mod || m.proto.neg)) throw fail('Invalid argument');
    }
  }
  const errno = validateTable(table, tableName);
  if (errno) throw fail(errno);
}

/** `-C`/`-D` with a rule spec: every rule must be there (`Bad rule …`, exit 1); -D removes them. */
export function findRules(table: IptTable, chainName: string, rules: IptRule[], remove: boolean): void {
  const chain = findChain(table, chainName);
  if (!chain || rules.some((r) => !chain.rules.some((x) => sameRule(x, r)))) throw refused(BAD_RULE);
  if (remove) for (const r of rules) chain.rules.splice(chain.rules.findIndex((x) => sameRule(x, r)), 1);
}

/** `-D chain n`. */
export function deleteRuleNum(table: IptTable, chainName: string, n: number): void {
  const chain = requireChain(table, chainName);
  if (n > chain.rules.length) throw refused('Index of deletion too big');
  chain.rules.splice(n - 1, 1);
}

/** `-Z` for one chain or all, and `-Z chain n` (`Bad rule …` when the chain is missing). */
export function zeroCounters(table: IptTable, chainName?: string, n?: number): void {
  if (n !== undefined) {
    const chain = findChain(table, chainName ?? '');
    if (!chain) throw refused(BAD_RULE);
    const r = chain.rules[n - 1];
    if (r) r.pkts = r.bytes = 0;
    return;
  }
  for (const c of chainName === undefined ? table.chains : [requireChain(table, chainName)]) {
    c.pkts = c.bytes = 0;
    for (const r of c.rules) r.pkts = r.bytes = 0;
  }
}

/** `-N chain`. */
export function newChain(table: IptTable, name: string): void {
  if (findChain(table, name)) throw refused('Chain already exists');
  table.chains.push({ name, rules: [], pkts: 0, bytes: 0 });
}

/**
 * `-X [chain]`: only empty, unreferenced user chains go, and `-X` alone is all-or-nothing.
 * Legacy iptables says `iptables: Directory not empty.` (rules left) or `iptables: Too many links.`
 * (still referenced), exit 1. Returns the chains deleted.
 */
export function deleteChains(table: IptTable, tableName: TableName, name?: string): string[] {
  let victims: IptChain[];
  if (name !== undefined) {
    const c = findChain(table, name);
    if (!c || isBuiltinChain(tableName, c.name)) throw refused(NO_CHAIN);
    victims = [c];
  } else {
    victims = listedChains(table, tableName).filter((c) => !isBuiltinChain(tableName, c.name));
  }
  const busy = victims.find((c) => c.rules.length > 0 || chainRefs(table, c.name) > 0);
  if (busy) throw new SimError(`${NFT}  CHAIN_DEL failed (Device or resource busy): chain ${busy.name}`, 4);
  table.chains = table.chains.filter((c) => !victims.includes(c));
  return victims.map((c) => c.name);
}

/** `-P chain ACCEPT|DROP`: the policy is checked first, then that the chain is built in. */
export function setPolicy(table: IptTable, tableName: TableName, name: string, policy: string): void {
  if (policy !== 'ACCEPT' && policy !== 'DROP') throw refused("Bad policy name. Run `dmesg' for more information");
  const chain = findChain(table, name);
  if (!chain || !isBuiltinChain(tableName, name)) throw refused('Bad built-in chain name');
  chain.policy = policy;
}

/**
 * `-E old new`: renames a user chain and the jumps to it. iptables-nft 1.8.9 also renames a
 * built-in chain once it holds rules (and then lists the table as incompatible); refused here.
 */
export function renameChain(table: IptTable, tableName: TableName, from: string, to: string): void {
  const chain = findChain(table, from);
  if (!chain || isBuiltinChain(tableName, from)) throw refused(NO_CHAIN);
  if (findChain(table, to)) throw refused('File exists');
  for (const c of table.chains) for (const r of c.rules) if (r.target === from) r.target = to;
  chain.name = to;
}
