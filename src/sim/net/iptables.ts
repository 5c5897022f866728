/**
 * iptables `filter` and `nat` tables: chains, policies, rules, and their evaluation
 * (iptables(8), iptables-extensions(8): addrtype, conntrack). The packet engine calls `traverse`
 * at each netfilter hook; it returns the verdict and the rule that decided, for the Trace.
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

export function getChain(table: IptTable, name: string, tableName: TableName): IptChain {
  const c = findChain(table, name);
  if (!c) {
    throw new SimError(`iptables: No chain/target/match by that name.`, 1);
  }
  void tableName;
  return c;
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
  ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED';
  /** Whether dst is a local address of the namespace (addrtype LOCAL). */
  dstLocal: boolean;
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
      if (r.target === 'ACCEPT' || r.target === 'DROP' || r.target === 'DNAT' || r.target === 'SNAT' || r.target === 'MASQUERADE') {
        return { verdict: r.target, chain: name, rule: i + 1, ruleRef: r };
      }
      if (r.target === 'REJECT') return { verdict: 'DROP', chain: name, rule: i + 1, ruleRef: r };
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
