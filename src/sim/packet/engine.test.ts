/**
 * The packet engine on small labs built with real commands; assertions on the step kinds and
 * outcomes (STYLE.md: tests assert on `steps.map(s => s.kind)`).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../lab/script';
import { parseIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { probe } from './engine';

const pair = `
ip netns add n1
ip netns add n2
ip link add v1 type veth peer name v2
ip link set v1 netns n1
ip link set v2 netns n2
ip -n n1 addr add 10.1.0.1/24 dev v1
ip -n n2 addr add 10.1.0.2/24 dev v2
ip -n n1 link set v1 up
ip -n n2 link set v2 up
`;

/** n1 (10.1.0.0/24) -- r -- n2 (10.2.0.0/24), with default routes via r. */
const routed = `
ip netns add n1
ip netns add n2
ip netns add r
ip link add a1 type veth peer name r1
ip link add a2 type veth peer name r2
ip link set a1 netns n1
ip link set r1 netns r
ip link set a2 netns n2
ip link set r2 netns r
ip -n n1 addr add 10.1.0.2/24 dev a1
ip -n r addr add 10.1.0.1/24 dev r1
ip -n n2 addr add 10.2.0.2/24 dev a2
ip -n r addr add 10.2.0.1/24 dev r2
ip -n n1 link set a1 up
ip -n r link set r1 up
ip -n n2 link set a2 up
ip -n r link set r2 up
ip -n n1 route add default via 10.1.0.1
ip -n n2 route add default via 10.2.0.1
`;

function nsByName(world: World, name: string): string {
  return Object.values(world.netns).find((n) => n.name === name)!.id;
}

function ping(script: string, from: string, to: string) {
  const { world } = runScript(script);
  return probe(world, { from: nsByName(world, from), dst: parseIp4(to)!, proto: 'icmp' });
}

describe('packet engine', () => {
  it('crosses a veth pair: ARP, echo request, echo reply', () => {
    const r = ping(pair, 'n1', '10.1.0.2');
    expect(r.outcome).toEqual({ kind: 'reply', from: parseIp4('10.1.0.2'), ttl: 64, hops: 2 });
    expect(r.steps.map((s) => s.kind)).toEqual([
      'route-lookup', 'arp-request', 'arp-reply', 'transmit', 'veth-cross', 'deliver',
      'route-lookup', 'arp-request', 'arp-reply', 'transmit', 'veth-cross', 'deliver',
    ]);
  });

  it('gets no ARP answer from an address nobody has: host unreachable from ourselves', () => {
    const r = ping(pair, 'n1', '10.1.0.9');
    expect(r.outcome).toEqual({ kind: 'unreachable', from: parseIp4('10.1.0.1'), code: 'host' });
  });

  it('has no route off-link without a default route', () => {
    expect(ping(pair, 'n1', '10.9.0.1').outcome.kind).toBe('no-route');
  });

  it('needs lo up to reach its own address', () => {
    expect(ping(pair, 'n1', '10.1.0.1').outcome.kind).toBe('timeout');
    expect(ping(`${pair}\nip -n n1 link set lo up`, 'n1', '10.1.0.1').outcome.kind).toBe('reply');
  });

  it('does not forward until ip_forward=1, then the reply comes back with TTL 63', () => {
    expect(ping(routed, 'n1', '10.2.0.2').outcome.kind).toBe('timeout');
    const r = ping(`${routed}\nip netns exec r sysctl -w net.ipv4.ip_forward=1`, 'n1', '10.2.0.2');
    expect(r.outcome).toMatchObject({ kind: 'reply', ttl: 63 });
    expect(r.steps.filter((s) => s.kind === 'forward')).toHaveLength(2);
  });

  it('answers ARP for any local address (weak host model): the router replies from its far side', () => {
    expect(ping(routed, 'n1', '10.2.0.1').outcome.kind).toBe('reply');
  });

  it('router without a route back to the sender: silence', () => {
    const noBack = routed.replace('ip -n n2 route add default via 10.2.0.1', '');
    expect(ping(`${noBack}\nip netns exec r sysctl -w net.ipv4.ip_forward=1`, 'n1', '10.2.0.2').outcome.kind).toBe('timeout');
  });

  it('floods ARP through a bridge and forwards unicast by MAC', () => {
    const bridged = `
ip link add br0 type bridge
ip link set br0 up
ip netns add n1
ip netns add n2
ip link add v1 type veth peer name p1
ip link add v2 type veth peer name p2
ip link set v1 netns n1
ip link set v2 netns n2
ip link set p1 master br0
ip link set p2 master br0
ip link set p1 up
ip link set p2 up
ip -n n1 addr add 10.5.0.1/24 dev v1
ip -n n2 addr add 10.5.0.2/24 dev v2
ip -n n1 link set v1 up
ip -n n2 link set v2 up
`;
    const r = ping(bridged, 'n1', '10.5.0.2');
    expect(r.outcome.kind).toBe('reply');
    expect(r.steps.filter((s) => s.kind === 'bridge-forward')).toHaveLength(2);
    expect(ping(`${bridged}\nip link set br0 down`, 'n1', '10.5.0.2').outcome.kind).not.toBe('reply');
  });

  it('never changes the World it reads', () => {
    const { world } = runScript(routed);
    const before = JSON.stringify(world);
    probe(world, { from: nsByName(world, 'n1'), dst: parseIp4('10.2.0.2')!, proto: 'icmp' });
    expect(JSON.stringify(world)).toBe(before);
  });
});
