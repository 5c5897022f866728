/**
 * The packet engine on small labs built with real commands; assertions on the step kinds and
 * outcomes (STYLE.md: tests assert on `steps.map(s => s.kind)`).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../lab/script';
import { parseIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { wire } from './fixtures-overlay';
import { probe } from './probe';

const pair = `
${wire(['n1', 'v1', '10.1.0.1/24'], ['n2', 'v2', '10.1.0.2/24'])}`;

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

/** n1 and n2 on a host bridge br0. */
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
      // The responder learned the requester's MAC from the ARP request: no ARP on the way back.
      'route-lookup', 'transmit', 'veth-cross', 'deliver',
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

  it('on a Docker host, bridged IPv4 meets FORWARD policy DROP (br_netfilter): the classic gotcha', () => {
    const r = ping(bridged, 'n1', '10.5.0.2');
    expect(r.outcome.kind).toBe('timeout');
    expect(r.steps.at(-1)).toMatchObject({ kind: 'drop', reason: 'iptables filter policy of FORWARD: DROP' });
  });

  it('floods ARP through a bridge and forwards unicast by MAC', () => {
    const r = ping(`${bridged}\niptables -P FORWARD ACCEPT`, 'n1', '10.5.0.2');
    expect(r.outcome.kind).toBe('reply');
    expect(r.steps.filter((s) => s.kind === 'bridge-forward')).toHaveLength(2);
    expect(ping(`${bridged}\niptables -P FORWARD ACCEPT\nip link set br0 down`, 'n1', '10.5.0.2').outcome.kind).not.toBe('reply');
  });

  it('runs bridged IPv4 through the FORWARD chain of the bridge namespace (br_netfilter)', () => {
    const dropped = ping(`${bridged}\niptables -P FORWARD ACCEPT\niptables -I FORWARD -i br0 -o br0 -j DROP`, 'n1', '10.5.0.2');
    expect(dropped.outcome.kind).toBe('timeout');
    expect(dropped.steps.at(-1)).toMatchObject({ kind: 'drop', reason: 'iptables filter rule 1 of FORWARD: DROP' });
    const off = `${bridged}\niptables -I FORWARD -i br0 -o br0 -j DROP\nsysctl -w net.bridge.bridge-nf-call-iptables=0`;
    expect(ping(off, 'n1', '10.5.0.2').outcome.kind).toBe('reply');
  });

  it('reaches the bridge\'s own address from a port and back, and the bridge learns both MACs', () => {
    const lab = `
ip netns add n1
ip link add br0 type bridge
ip link add v1 type veth peer name e1
ip link set e1 netns n1
ip link set v1 master br0
ip link set br0 up
ip link set v1 up
ip -n n1 link set e1 up
ip addr add 10.77.0.1/24 dev br0
ip -n n1 addr add 10.77.0.2/24 dev e1
`;
    expect(ping(lab, 'n1', '10.77.0.1').outcome.kind).toBe('reply');
    expect(ping(lab, 'docker-node1', '10.77.0.2').outcome.kind).toBe('reply');
    const { steps } = runScript(`${lab}\nip netns exec n1 ping -c1 10.77.0.1\nbridge fdb show`);
    const e1Mac = /link\/ether (\S+)/.exec(runScript(`${lab}\nip -n n1 link show e1`).steps.at(-1)!.output)![1];
    expect(steps.at(-1)!.output).toContain(`${e1Mac} dev v1 master br0 \n`);
  });

  const forwarding = `${routed}\nip netns exec r sysctl -w net.ipv4.ip_forward=1`;

  it('MASQUERADE lets a sender the far side has no route to get its answer', () => {
    const noBack = forwarding.replace('ip -n n2 route add default via 10.2.0.1', '');
    expect(ping(noBack, 'n1', '10.2.0.2').outcome.kind).toBe('timeout');
    const r = ping(`${noBack}\nip netns exec r iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -o r2 -j MASQUERADE`, 'n1', '10.2.0.2');
    expect(r.outcome).toMatchObject({ kind: 'reply', from: parseIp4('10.2.0.2') });
    expect(r.steps.filter((s) => s.kind === 'nat-snat' || s.kind === 'nat-dnat').map((s) => s.reason)).toEqual([
      'nat POSTROUTING rule 1: MASQUERADE to 10.2.0.1',
      'conntrack: reply destination back to 10.1.0.2',
    ]);
  });

  it('DNAT sends a probe for one address to another; the reply comes back from the first', () => {
    const dnat = `${forwarding}\nip netns exec r iptables -t nat -A PREROUTING -d 10.1.0.100 -j DNAT --to-destination 10.2.0.2\nip -n n1 route add 10.1.0.100 via 10.1.0.1`;
    const r = ping(dnat, 'n1', '10.1.0.100');
    expect(r.outcome).toMatchObject({ kind: 'reply', from: parseIp4('10.1.0.100') });
  });

  it('a DROP in OUTPUT fails the send; a DROP in INPUT is silence', () => {
    expect(ping(`${pair}\nip netns exec n1 iptables -A OUTPUT -d 10.1.0.2 -j DROP`, 'n1', '10.1.0.2').outcome.kind).toBe('send-error');
    expect(ping(`${pair}\nip netns exec n2 iptables -A INPUT -p icmp -j DROP`, 'n1', '10.1.0.2').outcome.kind).toBe('timeout');
  });

  it('only answers what conntrack has seen: ESTABLISHED matches the reply, not a stray packet', () => {
    const stateful = `${pair}\nip netns exec n1 iptables -P INPUT DROP\nip netns exec n1 iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`;
    expect(ping(stateful, 'n1', '10.1.0.2').outcome.kind).toBe('reply');
    expect(ping(stateful, 'n2', '10.1.0.1').outcome.kind).toBe('timeout');
  });

  it('TCP connect: SYN-ACK from a listening socket, RST from a closed port, silence when dropped', () => {
    const { world } = runScript(pair);
    const n2 = world.netns[nsByName(world, 'n2')]!;
    const listening = { ...world, netns: { ...world.netns, [n2.id]: { ...n2, sockets: [{ proto: 'tcp' as const, addr: 0, port: 80, program: 'httpd' }] } } };
    const connect = (w: World, port: number) => probe(w, { from: nsByName(w, 'n1'), dst: parseIp4('10.1.0.2')!, proto: 'tcp', dport: port });
    expect(connect(listening, 80).outcome).toMatchObject({ kind: 'tcp-open', from: parseIp4('10.1.0.2') });
    expect(connect(listening, 81).outcome).toMatchObject({ kind: 'tcp-refused' });
    const dropped = runScript(`${pair}\nip netns exec n2 iptables -A INPUT -p tcp --dport 80 -j DROP`).world;
    expect(connect(dropped, 80).outcome.kind).toBe('timeout');
  });

  it('never changes the World it reads', () => {
    const { world } = runScript(routed);
    const before = JSON.stringify(world);
    probe(world, { from: nsByName(world, 'n1'), dst: parseIp4('10.2.0.2')!, proto: 'icmp' });
    expect(JSON.stringify(world)).toBe(before);
  });
});
