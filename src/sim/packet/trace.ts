/**
 * Traces are data: what the packet engine did to one probe, step by step, for the tools to print
 * and the UI to animate. The engine never mutates the World; what it learns comes back as `learned`.
 */
import type { IfaceId, Ip4, NsId } from '../net/types';

export type StepKind =
  | 'route-lookup'
  | 'arp-request'
  | 'arp-reply'
  | 'transmit'
  | 'veth-cross'
  | 'bridge-forward'
  | 'bridge-flood'
  | 'netfilter'
  | 'nat-dnat'
  | 'nat-snat'
  | 'forward'
  | 'deliver'
  | 'drop'
  /** A frame leaves through a vxlan device: wrapped in UDP for the remote VTEP (frame.vxlan). */
  | 'vxlan-encap'
  /** A VTEP's UDP socket got the packet: the inner frame arrives on its vxlan device. */
  | 'vxlan-decap'
  /** A macvlan crossing: child -> its lower device's wire, wire -> child, or child -> sibling. */
  | 'macvlan';

/** The outer headers of a VXLAN-encapsulated frame (RFC 7348: outer IPv4 + UDP + VNI). */
export interface VxlanTag {
  vni: number;
  outerSrc: Ip4;
  outerDst: Ip4;
  sport: number;
  dport: number;
}

export interface Frame {
  srcMac?: string;
  dstMac?: string;
  /** 'arp' frames carry the ARP sender/target IPs in src/dst. */
  type: 'ipv4' | 'arp';
  src: Ip4;
  dst: Ip4;
  ttl?: number;
  proto: 'icmp' | 'tcp' | 'udp' | 'arp';
  icmp?: 'echo-request' | 'echo-reply' | 'host-unreachable' | 'net-unreachable' | 'port-unreachable' | 'time-exceeded';
  sport?: number;
  dport?: number;
  tcpFlags?: string;
  /**
   * Set on 'vxlan-encap' / 'vxlan-decap' steps (the inner frame, with its outer headers here) and
   * on the outer UDP packet's steps between them, so the UI can draw the frame as encapsulated.
   */
  vxlan?: VxlanTag;
}

export interface TraceStep {
  kind: StepKind;
  ns: NsId;
  /** Where it happened (the egress/ingress iface, or the bridge). */
  iface?: IfaceId;
  /** For crossings: the iface the frame arrives at. */
  to?: IfaceId;
  frame: Frame;
  /** Why, in a few words: the route, the rule, the FDB entry. */
  reason: string;
}

export type ProbeOutcome =
  | { kind: 'reply'; from: Ip4; ttl: number; hops: number }
  | { kind: 'unreachable'; from: Ip4; code: 'host' | 'net' | 'port' }
  | { kind: 'time-exceeded'; from: Ip4 }
  | { kind: 'no-route' }
  | { kind: 'send-error'; message: string }
  /** The destination is a broadcast address of ours and the sender did not ask for broadcast. */
  | { kind: 'broadcast' }
  | { kind: 'timeout' }
  /** TCP: the connection was accepted (SYN-ACK) or refused (RST). */
  | { kind: 'tcp-open'; from: Ip4; hops: number }
  | { kind: 'tcp-refused'; from: Ip4 };

export interface Trace {
  steps: TraceStep[];
  outcome: ProbeOutcome;
}
