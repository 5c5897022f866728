/**
 * A trace event as the timeline shows it: the frame's headers layer by layer (Ethernet II, ARP,
 * IPv4, ICMP/TCP/UDP, as Wireshark names the fields), the place it happened, a one-line summary,
 * and the "Decision" layer: what decided the frame's fate (the route, the iptables rule with its
 * chain, the FDB entry). Pure formatting of a TraceStep; the World only supplies names and rules.
 */
import { findChain } from '../net/iptables';
import { formatIp4 } from '../net/ip4';
import type { IptRule, TableName, World } from '../net/types';
import { ruleSave } from '../shell/commands/iptables-print';
import type { HeaderLayer } from './explain';
import { ifacePlace, nsLabel, placeName } from './places';
import type { Frame, StepKind, Trace, TraceStep } from './trace';

const ICMP: Record<NonNullable<Frame['icmp']>, [type: number, code: number, name: string]> = {
  'echo-request': [8, 0, 'echo request'],
  'echo-reply': [0, 0, 'echo reply'],
  'net-unreachable': [3, 0, 'net unreachable'],
  'host-unreachable': [3, 1, 'host unreachable'],
  'port-unreachable': [3, 3, 'port unreachable'],
  'time-exceeded': [11, 0, 'time to live exceeded in transit'],
};

const TCP_FLAGS: Record<string, string> = { S: 'SYN', A: 'ACK', R: 'RST', F: 'FIN', P: 'PSH', U: 'URG' };

const KIND_WORDS: Record<StepKind, string> = {
  'route-lookup': 'route lookup',
  'arp-request': 'ARP request (broadcast)',
  'arp-reply': 'ARP reply',
  transmit: 'transmit',
  'veth-cross': 'crosses the link',
  'bridge-forward': 'bridge forwards',
  'bridge-flood': 'bridge floods',
  netfilter: 'netfilter',
  'nat-dnat': 'destination NAT',
  'nat-snat': 'source NAT',
  forward: 'forward (routed)',
  deliver: 'delivered to the local stack',
  drop: 'dropped',
  'vxlan-encap': 'VXLAN encapsulation',
  'vxlan-decap': 'VXLAN decapsulation',
  macvlan: 'macvlan crossing',
};

export function tcpFlagNames(flags: string): string {
  return [...flags].map((f) => TCP_FLAGS[f] ?? f).join(', ');
}

/** Protocol column of the timeline: ARP, ICMP, TCP, UDP. */
export function protocolOf(step: TraceStep): string {
  return step.frame.proto.toUpperCase();
}

/** Where a step happened: `c1 eth0`, `docker-node1 docker0`, `c2 eth0 → docker-node1 veth1a2b3c4` for a crossing. */
export function describePlace(world: World, step: TraceStep): string {
  if (step.iface !== undefined && step.to !== undefined) return `${ifacePlace(world, step.iface)} → ${ifacePlace(world, step.to)}`;
  if (step.iface !== undefined && world.ifaces[step.iface]) return ifacePlace(world, step.iface);
  return placeName(world, step.ns);
}

function ipPort(ip: number, port?: number): string {
  return port === undefined ? formatIp4(ip) : `${formatIp4(ip)}:${port}`;
}

/** The frame in one line: `ICMP echo request 172.17.0.2 > 172.17.0.3 ttl 64`. */
export function frameSummary(f: Frame): string {
  if (f.type === 'arp') return `ARP ${formatIp4(f.src)} > ${formatIp4(f.dst)}`;
  const ttl = f.ttl === undefined ? '' : ` ttl ${f.ttl}`;
  if (f.proto === 'icmp') return `ICMP ${f.icmp ? ICMP[f.icmp][2] : ''} ${formatIp4(f.src)} > ${formatIp4(f.dst)}${ttl}`.replace('  ', ' ');
  const flags = f.tcpFlags ? ` [${tcpFlagNames(f.tcpFlags)}]` : '';
  return `${f.proto.toUpperCase()} ${ipPort(f.src, f.sport)} > ${ipPort(f.dst, f.dport)}${flags}${ttl}`;
}

/** For a NAT step: the frame as it was before the rewrite (the step before, when there is one). */
function beforeNat(step: TraceStep, prev: TraceStep | undefined, trace: Trace | undefined): Frame | undefined {
  if (prev && prev.frame.type === 'ipv4') return prev.frame;
  if (!trace || step.kind !== 'nat-dnat') return undefined;
  // DNAT in OUTPUT is the first thing that happens: the original destination shows in the
  // un-NATed answer delivered back to the sender.
  const back = [...trace.steps].reverse().find((s) => s.kind === 'deliver' && s.ns === step.ns && s.frame.dst === step.frame.src);
  return back ? { ...step.frame, dst: back.frame.src, ...(back.frame.sport !== undefined ? { dport: back.frame.sport } : {}) } : undefined;
}

/**
 * One line for a timeline row: `ARP who-has 172.17.0.3 tell 172.17.0.2`, `ICMP echo request
 * 172.17.0.2 > 172.17.0.3 ttl 64`, `DNAT 192.168.205.10:8080 -> 172.17.0.2:80`. `prev` (the step
 * before in the trace) names what a NAT rewrote; `trace` helps for a DNAT that is the first step.
 */
export function stepSummary(world: World, step: TraceStep, prev?: TraceStep, trace?: Trace): string {
  const f = step.frame;
  switch (step.kind) {
    case 'arp-request':
      return `ARP who-has ${formatIp4(f.dst)} tell ${formatIp4(f.src)}`;
    case 'arp-reply':
      return `ARP ${formatIp4(f.src)} is-at ${f.srcMac ?? '?'}`;
    case 'route-lookup':
      return `Route to ${formatIp4(f.dst)}: ${step.reason.replace(/^route /, '')}`;
    case 'bridge-forward': {
      const br = step.iface !== undefined ? world.ifaces[step.iface]?.name ?? 'bridge' : 'bridge';
      if (step.to === undefined) return `${br} takes the frame itself (${f.dstMac ?? 'its MAC'}): up to ${placeName(world, step.ns)}'s IP stack`;
      return `${br} forwards to ${world.ifaces[step.to]?.name ?? step.to} (FDB: ${f.dstMac ?? '?'})`;
    }
    case 'nat-dnat':
    case 'nat-snat': {
      // The kind says which side changed: nat-dnat the destination (DNAT, or conntrack undoing a
      // SNAT on a reply), nat-snat the source (SNAT/MASQUERADE, or conntrack undoing a DNAT).
      const dst = step.kind === 'nat-dnat';
      const before = beforeNat(step, prev, trace);
      const was = before ? (dst ? ipPort(before.dst, before.dport) : ipPort(before.src, before.sport)) : '?';
      const now = dst ? ipPort(f.dst, f.dport) : ipPort(f.src, f.sport);
      if (step.reason.startsWith('conntrack')) return `conntrack: reply ${dst ? 'destination' : 'source'} ${was} -> ${now}`;
      const what = /MASQUERADE/.test(step.reason) ? 'MASQUERADE' : dst ? 'DNAT' : 'SNAT';
      return `${what} ${was} -> ${now}`;
    }
    case 'forward':
      return `Forward ${frameSummary(f)}`;
    case 'deliver':
      return `Delivered: ${frameSummary(f)}`;
    case 'drop':
      return `Dropped: ${step.reason}`;
    case 'vxlan-encap':
    case 'vxlan-decap': {
      const v = f.vxlan;
      const outer = v ? ` in UDP ${ipPort(v.outerSrc, v.sport)} > ${ipPort(v.outerDst, v.dport)} VNI ${v.vni}` : '';
      return `${step.kind === 'vxlan-encap' ? 'VXLAN encap' : 'VXLAN decap'}: ${frameSummary(f)}${outer}`;
    }
    default:
      return frameSummary(f);
  }
}

/** Summaries for every step of a trace (each NAT step sees the one before). */
export function stepSummaries(world: World, trace: Trace): string[] {
  return trace.steps.map((s, i) => stepSummary(world, s, trace.steps[i - 1], trace));
}

/** The iptables rule a step's reason names (`iptables filter rule 2 of X: DROP`, `nat DOCKER rule 4: …`). */
export function ruleOf(world: World, step: TraceStep): { table: TableName; chain: string; num?: number; rule?: IptRule; text: string } | undefined {
  const filter = /^iptables filter (?:rule (\d+) of|policy of) (\S+): DROP$/.exec(step.reason);
  const nat = /^nat (\S+) rule (\d+):/.exec(step.reason);
  const table: TableName | undefined = filter ? 'filter' : nat ? 'nat' : undefined;
  if (!table) return undefined;
  const chainName = filter ? filter[2]! : nat![1]!;
  const num = filter ? (filter[1] !== undefined ? Number(filter[1]) : undefined) : Number(nat![2]);
  const chain = world.netns[step.ns] ? findChain(world.netns[step.ns]!.iptables[table], chainName) : undefined;
  if (num === undefined) return { table, chain: chainName, text: `-P ${chainName} ${chain?.policy ?? 'DROP'}` };
  const rule = chain?.rules[num - 1];
  const flag = table === 'nat' ? '-t nat ' : '';
  return { table, chain: chainName, num, ...(rule ? { rule } : {}), text: rule ? `${flag}${ruleSave(chainName, rule, false).trim()}` : `${chainName} rule ${num}` };
}

function decision(world: World, step: TraceStep): HeaderLayer {
  const fields: [string, string][] = [
    ['Event', KIND_WORDS[step.kind]],
    ['Namespace', nsLabel(world, step.ns)],
  ];
  if (step.iface !== undefined) fields.push(['Interface', describePlace(world, step)]);
  fields.push(['Reason', step.reason]);
  const rule = ruleOf(world, step);
  if (rule) fields.push([rule.table === 'nat' ? 'NAT rule' : 'iptables rule', `${rule.text}${rule.num !== undefined ? ` (rule ${rule.num} of ${rule.chain})` : ''}`]);
  if (step.kind === 'bridge-forward' && step.to !== undefined && step.frame.dstMac) {
    fields.push(['FDB entry', `${step.frame.dstMac} on port ${world.ifaces[step.to]?.name ?? step.to}`]);
  }
  if (step.kind === 'route-lookup' || step.kind === 'forward') fields.push(['Route', step.reason.replace(/^route /, '')]);
  return { name: 'Decision', fields };
}

/** The frame's headers as layers, outermost first, with a last "Decision" layer. */
export function frameHeaders(world: World, step: TraceStep): HeaderLayer[] {
  const f = step.frame;
  const layers: HeaderLayer[] = [];
  const v = f.vxlan;
  // On the encap/decap steps the frame is the inner one: its outer headers come first.
  const inner = v !== undefined && (step.kind === 'vxlan-encap' || step.kind === 'vxlan-decap');
  if (v && inner) {
    layers.push({ name: 'Outer IPv4', fields: [['Source', formatIp4(v.outerSrc)], ['Destination', formatIp4(v.outerDst)], ['Protocol', '17 (UDP)']] });
    layers.push({ name: 'UDP', fields: [['Source port', String(v.sport)], ['Destination port', String(v.dport)]] });
    layers.push({ name: 'VXLAN', fields: [['VNI', String(v.vni)]] });
  }
  if (f.srcMac !== undefined || f.dstMac !== undefined) {
    layers.push({
      name: 'Ethernet II',
      fields: [
        ['Destination', f.dstMac ?? '?'],
        ['Source', f.srcMac ?? '?'],
        ['Type', f.type === 'arp' ? '0x0806 (ARP)' : '0x0800 (IPv4)'],
      ],
    });
  }
  if (f.type === 'arp') {
    const request = step.kind === 'arp-request';
    layers.push({
      name: 'ARP',
      fields: [
        ['Opcode', request ? '1 (request)' : '2 (reply)'],
        ['Sender MAC', f.srcMac ?? '?'],
        ['Sender IP', formatIp4(f.src)],
        ['Target MAC', request ? '00:00:00:00:00:00' : f.dstMac ?? '?'],
        ['Target IP', formatIp4(f.dst)],
      ],
    });
  } else {
    const proto = f.proto === 'icmp' ? '1 (ICMP)' : f.proto === 'tcp' ? '6 (TCP)' : '17 (UDP)';
    layers.push({
      name: 'IPv4',
      fields: [
        ['Source', formatIp4(f.src)],
        ['Destination', formatIp4(f.dst)],
        ['TTL', f.ttl === undefined ? '?' : String(f.ttl)],
        ['Protocol', proto],
      ],
    });
    if (f.proto === 'icmp' && f.icmp) {
      const [type, code, name] = ICMP[f.icmp];
      const typeName = type === 3 ? 'destination unreachable' : type === 11 ? 'time exceeded' : name;
      layers.push({ name: 'ICMP', fields: [['Type', `${type} (${typeName})`], ['Code', `${code}${type === 3 || type === 11 ? ` (${name})` : ''}`]] });
    } else if (f.proto === 'tcp') {
      layers.push({
        name: 'TCP',
        fields: [
          ['Source port', String(f.sport ?? '?')],
          ['Destination port', String(f.dport ?? '?')],
          ['Flags', f.tcpFlags ? `${tcpFlagNames(f.tcpFlags)} (${f.tcpFlags})` : '(none)'],
        ],
      });
    } else if (f.proto === 'udp') {
      layers.push({ name: 'UDP', fields: [['Source port', String(f.sport ?? '?')], ['Destination port', String(f.dport ?? '?')]] });
      if (v && !inner) layers.push({ name: 'VXLAN', fields: [['VNI', String(v.vni)], ['Payload', 'an encapsulated Ethernet frame']] });
    }
  }
  layers.push(decision(world, step));
  return layers;
}
