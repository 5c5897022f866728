/**
 * The packet engine across VXLAN tunnels and macvlan devices, on labs that were run on a real
 * kernel with the same verdicts (fixtures-overlay.ts; see the kernel conformance harness).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../lab/script';
import { parseIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { macvlanLab, overlayLab } from './fixtures-overlay';
import { probe } from './probe';

function nsByName(world: World, name: string): string {
  return Object.values(world.netns).find((n) => n.name === name)!.id;
}

function ping(script: string, from: string, to: string) {
  const { world } = runScript(script);
  return probe(world, { from: nsByName(world, from), dst: parseIp4(to)!, proto: 'icmp' });
}

describe('packet engine: vxlan', () => {
  it('carries a container ping across hosts inside UDP 4789 and back', () => {
    const r = ping(overlayLab(), 'c1', '10.0.1.3');
    expect(r.outcome.kind).toBe('reply');
    const kinds = r.steps.map((s) => s.kind);
    // Proxy ARP answers from the overlay's neighbour table: no ARP crosses the tunnel.
    const arp = r.steps.find((s) => s.kind === 'arp-reply')!;
    expect(arp.reason).toMatch(/proxy ARP: vxlan0/);
    expect(kinds.filter((k) => k === 'vxlan-encap')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'vxlan-decap')).toHaveLength(2);
    const encap = r.steps.find((s) => s.kind === 'vxlan-encap')!;
    expect(encap.frame.vxlan).toMatchObject({ vni: 4096, outerSrc: parseIp4('10.9.0.1'), outerDst: parseIp4('10.9.0.2'), dport: 4789 });
    expect(encap.frame.src).toBe(parseIp4('10.0.1.2'));
    // The outer packet's steps between encap and decap are UDP and carry the tag.
    const i = kinds.indexOf('vxlan-encap');
    const j = kinds.indexOf('vxlan-decap');
    const outer = r.steps.slice(i + 1, j);
    expect(outer.map((s) => s.kind)).toEqual(['route-lookup', 'arp-request', 'arp-reply', 'transmit', 'veth-cross', 'deliver']);
    for (const s of outer) expect(s.frame.vxlan?.vni).toBe(4096);
    expect(outer.find((s) => s.kind === 'transmit')!.frame).toMatchObject({ proto: 'udp', dport: 4789, src: parseIp4('10.9.0.1'), dst: parseIp4('10.9.0.2') });
    expect(r.steps.find((s) => s.kind === 'deliver' && s.frame.proto === 'icmp')!.frame.vxlan).toBeUndefined();
  });

  it('drops at vxlan0 without an fdb entry (l2miss), as the kernel does', () => {
    const r = ping(overlayLab({ fdb: false }), 'c1', '10.0.1.3');
    expect(r.outcome.kind).toBe('timeout');
    expect(r.steps.at(-1)!.reason).toMatch(/vxlan0 has no fdb entry for 02:42:0a:00:01:03 .*l2miss/);
  });

  it('gets no ARP answer without the neighbour entry (proxy, l3miss)', () => {
    const r = ping(overlayLab({ neigh: false }), 'c1', '10.0.1.3');
    expect(r.outcome).toMatchObject({ kind: 'unreachable', code: 'host' });
    expect(r.steps.at(-1)!.reason).toMatch(/vxlan0 answers ARP itself .* no entry; l3miss/);
  });

  it('without proxy, ARP crosses the tunnel to the default destination', () => {
    const script = overlayLab({ proxy: false, neigh: false }) + 'bridge -n o1 fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.9.0.2\nbridge -n o2 fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.9.0.1\n';
    const r = ping(script, 'c1', '10.0.1.3');
    expect(r.outcome.kind).toBe('reply');
    expect(r.steps.find((s) => s.kind === 'arp-reply')!.reason).toBe('10.0.1.3 is-at 02:42:0a:00:01:03');
  });

  it('the underlay decides: a firewall dropping UDP 4789 on the remote host breaks the overlay', () => {
    const r = ping(overlayLab() + 'ip netns exec h2 iptables -A INPUT -p udp --dport 4789 -j DROP\n', 'c1', '10.0.1.3');
    expect(r.outcome.kind).toBe('timeout');
    const drop = r.steps.at(-1)!;
    expect(drop.reason).toMatch(/iptables filter rule 1 of INPUT: DROP/);
    expect(drop.frame.vxlan?.dport).toBe(4789);
  });
});

describe('packet engine: macvlan', () => {
  it('a child reaches another host through the lower device wire', () => {
    const r = ping(macvlanLab, 'm1', '192.168.205.11');
    expect(r.outcome.kind).toBe('reply');
    const mv = r.steps.filter((s) => s.kind === 'macvlan');
    expect(mv[0]!.reason).toBe("mv1 (macvlan, mode bridge) sends out of e1's wire");
    expect(r.steps.some((s) => s.kind === 'macvlan' && /^e1 -> mv1:/.test(s.reason))).toBe(true);
  });

  it('bridge-mode siblings talk directly', () => {
    const r = ping(macvlanLab, 'm1', '192.168.205.101');
    expect(r.outcome.kind).toBe('reply');
    expect(r.steps.some((s) => s.kind === 'macvlan' && /bridge-mode macvlans of e1 talk directly/.test(s.reason))).toBe(true);
    expect(r.steps.some((s) => s.kind === 'veth-cross')).toBe(false);
  });

  it('the parent cannot reach its own children, nor they it (the kernel quirk)', () => {
    expect(ping(macvlanLab, 'h1', '192.168.205.100').outcome).toMatchObject({ kind: 'unreachable', code: 'host' });
    expect(ping(macvlanLab, 'm1', '192.168.205.10').outcome.kind).not.toBe('reply');
    expect(ping(macvlanLab, 'h2', '192.168.205.100').outcome.kind).toBe('reply');
  });

  it('vepa and private children do not talk directly', () => {
    const vepa = macvlanLab.replace(/mode bridge/g, 'mode private');
    expect(ping(vepa, 'm1', '192.168.205.101').outcome.kind).not.toBe('reply');
    expect(ping(vepa, 'm1', '192.168.205.11').outcome.kind).toBe('reply');
  });
});
