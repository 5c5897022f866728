/**
 * The iptables rules Docker 20.10 programs (libnetwork drivers/bridge/setup_ip_tables.go,
 * iptables/iptables.go, controller.go arrangeUserFilterRule), checked against a real 20.10 with
 * iptables-save (shared/tools/real-docker.sh):
 * - daemon start: chains DOCKER (nat, filter), DOCKER-ISOLATION-STAGE-1/2, DOCKER-USER; FORWARD
 *   policy DROP; nat PREROUTING/OUTPUT jumps to DOCKER;
 * - per network, inserted at the top so the newest network lists first: MASQUERADE of its subnet,
 *   `nat DOCKER -i br -j RETURN`, icc ACCEPT (icc=false appends a DROP at the end instead), the
 *   outgoing ACCEPT, `-o br -j DOCKER`, the conntrack ACCEPT; then the isolation pair; then the
 *   STAGE-1 and DOCKER-USER jumps are moved back to the top of FORWARD;
 * - `--internal`: only the icc rule and two STAGE-1 DROPs (traffic leaving or entering the subnet);
 * - per published port, appended: filter DOCKER ACCEPT, nat POSTROUTING hairpin MASQUERADE, nat
 *   DOCKER DNAT (`! -i br`, `-d HOSTIP` when bound to one address).
 */
import type { IptMatch, IptRule, IptTable, Netns } from '../net/types';
import { findChain, newChain, sameRule } from '../net/iptables';
import { formatIp4, maskOf, parseIp4 } from '../net/ip4';
import type { DockerNetwork, PortMapping } from './types';

type Spec = Partial<Omit<IptMatch, 'modules'>> & { modules?: string[] };

function rule(m: Spec, target: string, toDestination?: string): IptRule {
  const match: IptMatch = { modules: m.modules ?? [] };
  for (const k of ['proto', 'src', 'dst', 'in', 'out', 'dport', 'srcTypeLocal', 'dstTypeLocal', 'ctstate'] as const) {
    if (m[k] !== undefined) (match as unknown as Record<string, unknown>)[k] = m[k];
  }
  return { match, target, ...(toDestination ? { toDestination } : {}), pkts: 0, bytes: 0 };
}

const is = (name: string) => ({ neg: false, name });
const not = (name: string) => ({ neg: true, name });
const net = (addr: number, prefix: number, neg = false) => ({ neg, addr: (addr & maskOf(prefix)) >>> 0, prefix });

/** The chain, created (as `-N`) when missing. */
function chain(t: IptTable, name: string) {
  const c = findChain(t, name);
  if (c) return c;
  newChain(t, name);
  return findChain(t, name)!;
}

function insert(t: IptTable, name: string, r: IptRule): void {
  chain(t, name).rules.unshift(r);
}

function append(t: IptTable, name: string, r: IptRule): void {
  chain(t, name).rules.push(r);
}

/** Removes every rule equal to r (as `iptables -D` compares them). */
function remove(t: IptTable, name: string, r: IptRule): void {
  const c = findChain(t, name);
  if (c) c.rules = c.rules.filter((x) => !sameRule(x, r));
}

/** The daemon's own chains, as a fresh start makes them (without userland proxy the OUTPUT jump takes 127/8 too). */
export function setupChains(root: Netns, userlandProxy = true): void {
  const { filter, nat } = root.iptables;
  chain(nat, 'DOCKER');
  chain(filter, 'DOCKER');
  chain(filter, 'DOCKER-ISOLATION-STAGE-1');
  chain(filter, 'DOCKER-ISOLATION-STAGE-2');
  const pre = rule({ dstTypeLocal: { neg: false }, modules: ['addrtype'] }, 'DOCKER');
  const out = rule({ ...(userlandProxy ? { dst: net(0x7f000000, 8, true) } : {}), dstTypeLocal: { neg: false }, modules: ['addrtype'] }, 'DOCKER');
  if (!chain(nat, 'PREROUTING').rules.some((r) => r.target === 'DOCKER')) append(nat, 'PREROUTING', pre);
  chain(nat, 'OUTPUT').rules = chain(nat, 'OUTPUT').rules.filter((r) => r.target !== 'DOCKER');
  append(nat, 'OUTPUT', out);
  chain(filter, 'FORWARD').policy = 'DROP';
}

/** The jumps and RETURNs that stay on top/bottom (run after every network change). */
export function arrangeJumps(root: Netns): void {
  const { filter } = root.iptables;
  const s1 = rule({}, 'DOCKER-ISOLATION-STAGE-1');
  const user = rule({}, 'DOCKER-USER');
  const ret = rule({}, 'RETURN');
  for (const c of ['DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2']) {
    remove(filter, c, ret);
    append(filter, c, ret);
  }
  remove(filter, 'FORWARD', s1);
  insert(filter, 'FORWARD', s1);
  const u = chain(filter, 'DOCKER-USER');
  if (!u.rules.some((r) => r.target === 'RETURN')) append(filter, 'DOCKER-USER', ret);
  remove(filter, 'FORWARD', user);
  insert(filter, 'FORWARD', user);
}

function networkRules(n: DockerNetwork, hairpin: boolean) {
  const br = n.bridgeName!;
  const s = n.subnet!;
  return {
    masq: rule({ src: net(s.addr, s.prefix), out: not(br) }, 'MASQUERADE'),
    skipDnat: rule({ in: is(br) }, 'RETURN'),
    hairpinMasq: rule({ out: is(br), srcTypeLocal: { neg: false }, modules: ['addrtype'] }, 'MASQUERADE'),
    icc: rule({ in: is(br), out: is(br) }, n.icc ? 'ACCEPT' : 'DROP'),
    outgoing: rule({ in: is(br), out: not(br) }, 'ACCEPT'),
    toDocker: rule({ out: is(br) }, 'DOCKER'),
    established: rule({ out: is(br), ctstate: { neg: false, states: ['RELATED', 'ESTABLISHED'] }, modules: ['conntrack'] }, 'ACCEPT'),
    iso1: rule({ in: is(br), out: not(br) }, 'DOCKER-ISOLATION-STAGE-2'),
    iso2: rule({ out: is(br) }, 'DROP'),
    inDrop: rule({ in: is(br), dst: net(s.addr, s.prefix, true) }, 'DROP'),
    outDrop: rule({ out: is(br), src: net(s.addr, s.prefix, true) }, 'DROP'),
    hairpin,
  };
}

/** Installs (or, with `remove`, deletes) a bridge network's rules. */
export function programNetwork(root: Netns, n: DockerNetwork, opts: { userlandProxy: boolean }, on: boolean): void {
  const { filter, nat } = root.iptables;
  const r = networkRules(n, !opts.userlandProxy);
  const put = (t: IptTable, c: string, x: IptRule, how: 'insert' | 'append' = 'insert') =>
    on ? (how === 'insert' ? insert(t, c, x) : append(t, c, x)) : remove(t, c, x);
  if (n.internal) {
    put(filter, 'DOCKER-ISOLATION-STAGE-1', r.inDrop);
    put(filter, 'DOCKER-ISOLATION-STAGE-1', r.outDrop);
    put(filter, 'FORWARD', r.icc, n.icc ? 'insert' : 'append');
  } else {
    if (n.masquerade) put(nat, 'POSTROUTING', r.masq);
    if (r.hairpin) put(nat, 'POSTROUTING', r.hairpinMasq);
    else put(nat, 'DOCKER', r.skipDnat);
    put(filter, 'FORWARD', r.icc, n.icc ? 'insert' : 'append');
    put(filter, 'FORWARD', r.outgoing);
    put(filter, 'FORWARD', r.toDocker);
    put(filter, 'FORWARD', r.established);
    put(filter, 'DOCKER-ISOLATION-STAGE-1', r.iso1);
    put(filter, 'DOCKER-ISOLATION-STAGE-2', r.iso2);
  }
  arrangeJumps(root);
}

function portRules(n: DockerNetwork, ip: number, p: PortMapping, hairpin: boolean) {
  const br = n.bridgeName!;
  const proto = { neg: false, value: p.proto };
  const cport = { neg: false, lo: p.containerPort, hi: p.containerPort };
  const hport = { neg: false, lo: p.hostPort, hi: p.hostPort };
  const hostIp = p.hostIp === '0.0.0.0' || p.hostIp === '' ? undefined : p.hostIp;
  const hostDst = hostIp ? { dst: net(parseIp4(hostIp) ?? 0, 32) } : {};
  return {
    accept: rule({ dst: net(ip, 32), in: not(br), out: is(br), proto, dport: cport, modules: [p.proto] }, 'ACCEPT'),
    masq: rule({ src: net(ip, 32), dst: net(ip, 32), proto, dport: cport, modules: [p.proto] }, 'MASQUERADE'),
    dnat: rule({ ...hostDst, ...(hairpin ? {} : { in: not(br) }), proto, dport: hport, modules: [p.proto] }, 'DNAT', `${formatIp4(ip)}:${p.containerPort}`),
  };
}


/** A published port's three rules (appended), or their removal. */
export function programPort(root: Netns, n: DockerNetwork, ip: number, p: PortMapping, opts: { userlandProxy: boolean }, on: boolean): void {
  const { filter, nat } = root.iptables;
  const r = portRules(n, ip, p, !opts.userlandProxy);
  if (on) {
    append(filter, 'DOCKER', r.accept);
    append(nat, 'POSTROUTING', r.masq);
    append(nat, 'DOCKER', r.dnat);
  } else {
    remove(filter, 'DOCKER', r.accept);
    remove(nat, 'POSTROUTING', r.masq);
    remove(nat, 'DOCKER', r.dnat);
  }
}
