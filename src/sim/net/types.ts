/**
 * The kernel model's data: plain, JSON-serialisable records keyed by stable string ids.
 *
 * Invariants (checked by `worldViolations` in sim/lab/invariants.ts):
 * - every iface's `ns` exists and lists the iface; ifindexes are unique within a namespace;
 * - a veth's `peer` points back at it; a `master` is a bridge in the same namespace;
 * - IPv4 addresses are uint32 numbers, never strings (ip-num is used only at the edges).
 */

import type { DockerState, SwarmState } from '../docker/types';

export type HostId = string;
export type NsId = string;
export type IfaceId = string;

/** A uint32 IPv4 address (host byte order, as a JS number in 0..2^32-1). */
export type Ip4 = number;

export type IfaceKind = 'loopback' | 'ether' | 'veth' | 'bridge' | 'vxlan' | 'macvlan';

/** `macvlan mode ...`: bridge (Docker's default), vepa, private, passthru. */
export type MacvlanMode = 'bridge' | 'vepa' | 'private' | 'passthru';

/** One VXLAN forwarding entry: `bridge fdb add MAC dev vxlan0 dst IP self permanent` (all-zero MAC floods). */
export interface VxlanFdb {
  mac: string;
  dst: Ip4;
}

/**
 * A VXLAN device (drivers/net/vxlan): `ip -d link` prints `vxlan id VNI [remote R] [local L] [dev D]
 * srcport 0 0 dstport PORT [proxy] [l2miss] [l3miss] ageing 300`. Its UDP socket lives in the
 * namespace it was created in (`underlay`), even after the device moves to another namespace.
 */
export interface VxlanInfo {
  vni: number;
  /** UDP destination port (Docker's overlay uses 4789; `ip link add` without dstport gives 0 = 8472 in Linux). */
  port: number;
  /** The namespace whose IP stack carries the encapsulated packets. */
  underlay: NsId;
  local?: Ip4;
  /** Default remote VTEP for unknown destinations (`remote IP`). */
  remote?: Ip4;
  /** The underlay device (`dev eth1`), in `underlay`. */
  dev?: IfaceId;
  learning: boolean;
  /** Answers ARP from the device's neighbour table instead of sending it (Docker's overlay). */
  proxy: boolean;
  l2miss: boolean;
  l3miss: boolean;
  /** Static forwarding entries, in the order added. */
  fdb: VxlanFdb[];
}

export interface Addr4 {
  addr: Ip4;
  prefix: number;
  /** Broadcast address, only when given (`brd +` or Docker's own addresses). */
  brd?: Ip4;
  scope: 'global' | 'host' | 'link';
  secondary: boolean;
  /** Flags set by whoever added it, printed after the scope (`noprefixroute`, `dynamic`). */
  flags?: string[];
  /** Seconds of DHCP lease left, printed as `valid_lft Nsec`; undefined prints `forever`. */
  lft?: number;
}

export interface Iface {
  id: IfaceId;
  ns: NsId;
  ifindex: number;
  name: string;
  kind: IfaceKind;
  mac: string;
  mtu: number;
  /** Admin state (IFF_UP). Carrier and operstate are derived (see link.ts). */
  up: boolean;
  /** Once a qdisc was attached (first up) it stays `noqueue` after down, as the kernel does. */
  qdisc: 'noop' | 'noqueue' | 'pfifo_fast' | 'fq_codel';
  /** `qlen` printed by ip; undefined prints nothing (bridges). */
  txqlen?: number;
  addrs: Addr4[];
  /** The IPv6 link-local address (text), added when the link first gets carrier. */
  ll6?: string;
  /** veth peer, or the far end of a physical cable for `ether`. */
  peer?: IfaceId;
  /** Bridge this iface is enslaved to. */
  master?: IfaceId;
  /** When it was enslaved (a World counter): bridges flood newest port first (br_add_if adds at the head). */
  portSeq?: number;
  /** Bridges: MAC was set explicitly (Docker does), so ports don't change it. */
  macFixed?: boolean;
  /** Bridges: MTU set by the user (`ip link set br mtu N`), so it no longer follows its ports. */
  mtuByUser?: boolean;
  /** Bridges: has had a port. A bridge that never had one nor had its MAC set keeps carrier. */
  hadPort?: boolean;
  /** Bridges: learned forwarding database, MAC -> port iface id. */
  fdb?: Record<string, IfaceId>;
  /** macvlan: the lower device (`link eth1`), which may be in another namespace after a move. */
  link?: IfaceId;
  macvlanMode?: MacvlanMode;
  /** vxlan: its settings and forwarding entries. */
  vxlan?: VxlanInfo;
}

export interface Route {
  /** Destination network (0 for default). */
  dst: Ip4;
  prefix: number;
  via?: Ip4;
  dev: IfaceId;
  proto: 'kernel' | 'boot' | 'static' | 'dhcp';
  scope: 'link' | 'global' | 'host';
  src?: Ip4;
  metric?: number;
}

export interface Neigh {
  ip: Ip4;
  dev: IfaceId;
  mac?: string;
  state: 'REACHABLE' | 'STALE' | 'FAILED' | 'PERMANENT';
}

export type Verdict = 'ACCEPT' | 'DROP' | 'RETURN';

export interface IptMatch {
  proto?: { neg: boolean; value: string };
  src?: { neg: boolean; addr: Ip4; prefix: number };
  dst?: { neg: boolean; addr: Ip4; prefix: number };
  in?: { neg: boolean; name: string };
  out?: { neg: boolean; name: string };
  dport?: { neg: boolean; lo: number; hi: number };
  sport?: { neg: boolean; lo: number; hi: number };
  /** `-m addrtype --dst-type LOCAL` (neg with `!`). */
  dstTypeLocal?: { neg: boolean };
  /** `-m addrtype --src-type LOCAL` (Docker's hairpin MASQUERADE without userland proxy). */
  srcTypeLocal?: { neg: boolean };
  /** `-m conntrack --ctstate A,B`. */
  ctstate?: { neg: boolean; states: string[] };
  /** `-m` module names in the order given, as `iptables -S` prints them. */
  modules: string[];
}

export interface IptRule {
  match: IptMatch;
  /** ACCEPT, DROP, RETURN, MASQUERADE, DNAT, SNAT, or a user chain name. */
  target: string;
  toDestination?: string;
  toSource?: string;
  /** Per-rule counters as `iptables -L -v` shows them. */
  pkts: number;
  bytes: number;
}

export interface IptChain {
  name: string;
  /** Built-in chains have a policy; user chains do not. */
  policy?: 'ACCEPT' | 'DROP';
  rules: IptRule[];
  pkts: number;
  bytes: number;
}

export type TableName = 'filter' | 'nat';

export interface IptTable {
  /** Built-in chains first in kernel order, then user chains in creation order. */
  chains: IptChain[];
}

export interface ConntrackEntry {
  proto: 'icmp' | 'tcp' | 'udp';
  /** Original direction tuple. */
  src: Ip4;
  dst: Ip4;
  sport: number;
  dport: number;
  /** Reply direction tuple (differs from the original when NAT applied). */
  rsrc: Ip4;
  rdst: Ip4;
  rsport: number;
  rdport: number;
}

export interface Socket {
  proto: 'tcp' | 'udp';
  addr: Ip4;
  port: number;
  program: string;
  /** Process id shown by `netstat -p` (`20991/docker-proxy`). */
  pid?: number;
  /** The container whose process opened it (sim/docker), so stopping the container closes it. */
  owner?: string;
  /** docker-proxy: where it forwards accepted connections (a new connection from this namespace). */
  proxy?: { addr: Ip4; port: number };
}

/**
 * `overlay`: a Docker overlay network's sandbox on one host (`/var/run/docker/netns/1-<netid>`, not
 * listed by `ip netns`), holding `br0` and `vxlan0`.
 */
export type NsKind = 'root' | 'named' | 'container' | 'gateway' | 'segment' | 'overlay';

export interface Netns {
  id: NsId;
  host: HostId;
  kind: NsKind;
  /** `ip netns` name for named namespaces; a label for the others. */
  name: string;
  /** Next ifindex the kernel hands out in this namespace (dev_new_index). */
  nextIfindex: number;
  ifaces: IfaceId[];
  routes: Route[];
  neigh: Neigh[];
  iptables: Record<TableName, IptTable>;
  conntrack: ConntrackEntry[];
  ipForward: boolean;
  /** net.bridge.bridge-nf-call-iptables (br_netfilter is loaded on a Docker host). */
  bridgeNfCallIptables: boolean;
  /** Peer netns ids as this namespace numbers them (`link-netnsid`), allocated on first use. */
  netnsIds: Record<NsId, number>;
  sockets: Socket[];
  /** net.ipv6.conf.all.disable_ipv6 (Docker sets it in containers). */
  ipv6Disabled: boolean;
}

export interface Host {
  id: HostId;
  hostname: string;
  rootNs: NsId;
  /** Named namespaces (`ip netns add`) in creation order: name -> NsId. */
  netns: Record<string, NsId>;
  netnsOrder: string[];
  /** Files the tools read and write (`/etc/hosts`, `/etc/resolv.conf`, `/etc/docker/daemon.json`). */
  files: Record<string, string>;
  /** The Docker daemon on this host (sim/docker), if installed. */
  docker?: DockerState;
}

export interface World {
  version: 1;
  /** The PRNG state: MACs, veth names and ids come from here, so a replay is byte for byte. */
  rng: number;
  /** Counter behind every generated record id. */
  seq: number;
  /** The lab's clock in ms since the epoch: each command advances it (no wall clock in the core). */
  clock: number;
  hosts: Record<HostId, Host>;
  hostOrder: HostId[];
  netns: Record<NsId, Netns>;
  ifaces: Record<IfaceId, Iface>;
  /** The swarm the hosts' daemons form (`docker swarm init` / `join`), if any (sim/docker). */
  swarm?: SwarmState;
}
