/**
 * The World as a bash script that builds it in real network namespaces (the CLI's `export-linux`,
 * and the browser's "Linux namespaces script"). Every namespace of the World becomes `P-LABEL`;
 * links, addresses, routes, sysctls and iptables are written as the simulator holds them, so the
 * kernel can be asked the same questions (src/cli/kernel.ts). Every command is scoped to the lab's
 * namespaces. Pure: the CLI reads and writes the files.
 */
import { formatCidr, formatIp4 } from '../net/ip4';
import { ruleSave } from '../shell/commands/iptables-print';
import type { Iface, Netns, World } from '../net/types';
import { nsIfaces } from '../net/world';
import { shellQuote } from '../shell/quote';

/** The label of a namespace in reach/export: hostname, netns name, or the machine's name. */
export function nsLabel(world: World, ns: Netns): string {
  const host = world.hosts[ns.host]!;
  if (ns.kind === 'root') return host.hostname;
  // The NAT gateway (`docker-node2-nat`) and the LAN segment (`lan`) have lab-wide names. Other
  // machines' namespaces carry their hostname: the same netns, container or overlay sandbox name
  // can exist on two hosts (an overlay network's sandbox `1-<id>` is on every host).
  if (ns.kind === 'gateway' || ns.kind === 'segment' || world.hostOrder[0] === host.id) return ns.name;
  return `${host.hostname}-${ns.name}`;
}

/** The IPv4 knobs the simulator assumes, set in every lab namespace before any link exists. */
export const PINNED_SYSCTLS = [
  'net.ipv4.conf.all.rp_filter=0',
  'net.ipv4.conf.default.rp_filter=0',
  'net.ipv4.conf.all.arp_ignore=0',
  'net.ipv4.conf.default.arp_ignore=0',
  'net.ipv4.conf.all.arp_filter=0',
  'net.ipv4.conf.default.arp_filter=0',
  'net.ipv4.conf.all.accept_local=0',
  'net.ipv4.conf.default.accept_local=0',
  'net.ipv4.conf.all.promote_secondaries=0',
  'net.ipv4.conf.default.promote_secondaries=0',
  'net.ipv4.conf.all.route_localnet=0',
  'net.ipv4.icmp_echo_ignore_broadcasts=1',
];

const q = shellQuote;

/** The World as a root-run bash script of `ip netns`, `ip link`, `ip addr`, `ip route`, `sysctl` and `iptables-restore`. */
export function exportLinuxWorld(world: World, prefix: string): string {
  const spaces = Object.values(world.netns);
  const name = (ns: Netns) => `${prefix}-${nsLabel(world, ns)}`;
  const unplugged = Object.values(world.ifaces).some((i) => i.kind === 'ether' && !i.peer);
  const voidNs = `${prefix}-unplugged`;
  const all = [...spaces.map(name), ...(unplugged ? [voidNs] : [])];
  const lines: string[] = [
    '#!/usr/bin/env bash',
    '# Built by docker-network-playground export-linux. Run as root from the root namespace.',
    `# namespaces: ${all.join(' ')}`,
    'set -e',
  ];
  const sh = (s: string) => lines.push(s);
  for (const n of all) {
    sh(`ip netns add ${q(n)}`);
    // A new namespace copies the host's IPv4 conf; pin what the simulator models (rp_filter=0, ...).
    sh(`ip netns exec ${q(n)} sysctl -qw ${PINNED_SYSCTLS.join(' ')}`);
  }
  const done = new Set<string>();
  for (const ns of spaces) {
    for (const i of nsIfaces(world, ns)) {
      if (i.kind === 'loopback' || isStacked(i) || done.has(i.id)) continue;
      done.add(i.id);
      if (i.kind === 'bridge') {
        sh(`ip -n ${q(name(ns))} link add name ${q(i.name)}${linkOpts(i)} type bridge`);
        // An explicit MAC, or one port ever, ends a new bridge's carrier-without-ports; an address
        // set on the kernel's bridge gives the same state.
        const emptied = i.hadPort && !Object.values(world.ifaces).some((p) => p.master === i.id);
        if (i.macFixed || emptied) sh(`ip -n ${q(name(ns))} link set dev ${q(i.name)} address ${i.mac}`);
        continue;
      }
      const peer = i.peer ? world.ifaces[i.peer] : undefined;
      if (peer) {
        done.add(peer.id);
        const pns = world.netns[peer.ns]!;
        sh(
          `ip link add name ${q(i.name)} netns ${q(name(ns))} address ${i.mac}${linkOpts(i)} type veth ` +
            `peer name ${q(peer.name)} netns ${q(name(pns))} address ${peer.mac}${linkOpts(peer)}`,
        );
      } else {
        // An unplugged NIC: a veth whose far end stays down in a namespace of its own.
        sh(`ip link add name ${q(i.name)} netns ${q(name(ns))} address ${i.mac}${linkOpts(i)} type veth peer name u${done.size} netns ${voidNs}`);
      }
    }
  }
  stackedLinks(world, name, sh);
  for (const ns of spaces) {
    const n = q(name(ns));
    const ifaces = nsIfaces(world, ns);
    // Enslave in the lab's order: the kernel floods the newest port first, and first ARP reply wins.
    const ports = ifaces.filter((i) => i.master).sort((a, b) => (a.portSeq ?? 0) - (b.portSeq ?? 0));
    for (const i of ports) sh(`ip -n ${n} link set dev ${q(i.name)} master ${q(world.ifaces[i.master!]!.name)}`);
    for (const i of ifaces) {
      if (i.kind === 'loopback' && i.addrs.some((a) => a.addr === 0x7f000001)) sh(`ip -n ${n} link set dev lo up`);
      for (const a of i.addrs) {
        if (i.kind === 'loopback' && a.addr === 0x7f000001) continue;
        const brd = a.brd !== undefined ? ` broadcast ${formatIp4(a.brd)}` : '';
        sh(`ip -n ${n} addr add ${formatCidr(a.addr, a.prefix)}${brd} dev ${q(i.name)}`);
      }
    }
    for (const i of ifaces) sh(`ip -n ${n} link set dev ${q(i.name)} ${i.up ? 'up' : 'down'}`);
    sh(`ip -n ${n} route flush table main 2>/dev/null || true`);
    const direct = ns.routes.filter((r) => r.via === undefined);
    const viaGw = ns.routes.filter((r) => r.via !== undefined);
    for (const r of [...direct, ...viaGw]) {
      const dev = world.ifaces[r.dev]!;
      // `append`: two links on one prefix give two routes, which `add` would refuse as existing.
      let s = `ip -n ${n} route append ${r.prefix === 0 ? 'default' : formatCidr(r.dst, r.prefix)}`;
      if (r.via !== undefined) s += ` via ${formatIp4(r.via)}`;
      s += ` dev ${q(dev.name)} proto ${r.proto} scope ${r.scope}`;
      if (r.src !== undefined) s += ` src ${formatIp4(r.src)}`;
      if (r.metric !== undefined) s += ` metric ${r.metric}`;
      sh(s);
    }
    // Static entries once the links are up (a link going down flushes its neighbours, even permanent ones).
    for (const e of ns.neigh) {
      if (e.state !== 'PERMANENT' || !e.mac || !world.ifaces[e.dev]) continue;
      sh(`ip -n ${n} neigh replace ${formatIp4(e.ip)} lladdr ${e.mac} dev ${q(world.ifaces[e.dev]!.name)} nud permanent`);
    }
    for (const i of ifaces) {
      for (const e of i.vxlan?.fdb ?? []) sh(`bridge -n ${n} fdb append ${e.mac} dev ${q(i.name)} dst ${formatIp4(e.dst)} self permanent`);
    }
    sh(`ip netns exec ${n} sysctl -qw net.ipv4.ip_forward=${ns.ipForward ? 1 : 0}`);
    if (ifaces.some((i: Iface) => i.kind === 'bridge')) {
      sh(`ip netns exec ${n} sysctl -qw net.bridge.bridge-nf-call-iptables=${ns.bridgeNfCallIptables ? 1 : 0}`);
    }
    const rules = iptablesRestore(ns);
    if (rules) sh(`ip netns exec ${n} iptables-restore <<'EOF'\n${rules}EOF`);
  }
  sh('');
  sh('# Teardown:');
  for (const n of all) sh(`# ip netns del ${q(n)}`);
  return `${lines.join('\n')}\n`;
}

/** A device made on top of another (stackedLinks): a vxlan over its underlay, a macvlan on its lower device. */
const isStacked = (i: Iface) => i.kind === 'vxlan' || i.kind === 'macvlan';

/**
 * vxlan and macvlan devices, once the links under them exist. A vxlan device is made in its
 * underlay namespace (its UDP socket stays there) and a macvlan on its lower device, under a
 * temporary name, then moved to its namespace and renamed.
 */
function stackedLinks(world: World, name: (ns: Netns) => string, sh: (s: string) => void): void {
  let k = 0;
  for (const i of Object.values(world.ifaces)) {
    if (!isStacked(i)) continue;
    const home = world.netns[i.ns]!;
    let maker: Netns | undefined;
    // `ip link add [link LOWER] name N address M [OPTS] type ...`: a macvlan names its lower device first.
    let lowerArg = '';
    let spec: string;
    if (i.kind === 'vxlan' && i.vxlan) {
      const v = i.vxlan;
      maker = world.netns[v.underlay];
      const dev = v.dev ? world.ifaces[v.dev] : undefined;
      spec = `type vxlan id ${v.vni} dstport ${v.port}`;
      if (v.remote !== undefined) spec += ` remote ${formatIp4(v.remote)}`;
      if (v.local !== undefined) spec += ` local ${formatIp4(v.local)}`;
      if (dev && dev.ns === v.underlay) spec += ` dev ${q(dev.name)}`;
      if (!v.learning) spec += ' nolearning';
      if (v.proxy) spec += ' proxy';
      if (v.l2miss) spec += ' l2miss';
      if (v.l3miss) spec += ' l3miss';
    } else {
      const lower = i.link ? world.ifaces[i.link] : undefined;
      if (!lower) continue;
      maker = world.netns[lower.ns];
      lowerArg = `link ${q(lower.name)} `;
      spec = `type macvlan mode ${i.macvlanMode ?? 'vepa'}`;
    }
    if (!maker) continue;
    const moved = maker.id !== home.id;
    const tmp = moved ? `stk${k++}` : i.name;
    const m = q(name(maker));
    sh(`ip -n ${m} link add ${lowerArg}name ${q(tmp)} address ${i.mac}${linkOpts(i)} ${spec}`);
    if (moved) {
      sh(`ip -n ${m} link set dev ${q(tmp)} netns ${q(name(home))}`);
      sh(`ip -n ${q(name(home))} link set dev ${q(tmp)} name ${q(i.name)}`);
    }
  }
}

/**
 * MTU and queue length where they differ from what `ip link add` gives on a current kernel (1500,
 * 1000): Docker makes its veths with the network's MTU and no queue, and a bridge of CentOS 7's
 * kernel has no queue either (the World has no qlen for them).
 */
function linkOpts(i: Iface): string {
  let s = i.mtu !== 1500 ? ` mtu ${i.mtu}` : '';
  if ((i.txqlen ?? 0) !== 1000) s += ` txqueuelen ${i.txqlen ?? 0}`;
  return s;
}

function iptablesRestore(ns: Netns): string {
  let out = '';
  for (const table of ['filter', 'nat'] as const) {
    const t = ns.iptables[table];
    const touched = t.chains.some((c) => c.rules.length || (c.policy && c.policy !== 'ACCEPT') || !c.policy);
    if (!touched) continue;
    out += `*${table}\n`;
    for (const c of t.chains) out += `:${c.name} ${c.policy ?? '-'} [0:0]\n`;
    for (const c of t.chains) for (const r of c.rules) out += ruleSave(c.name, r, false);
    out += 'COMMIT\n';
  }
  return out;
}
