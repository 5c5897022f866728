/**
 * Regression tests for invariant violations the World checker (lab/invariants.ts) found in the
 * kernel model: ifindexes handed out twice, vxlan devices outliving their underlay, a physical NIC
 * destroyed with the namespace it was moved into.
 */
import { describe, expect, it } from 'vitest';
import { worldViolations } from '../lab/invariants';
import { runScript } from '../lab/script';
import type { World } from './types';

function run(script: string): World {
  const { world, steps } = runScript(script);
  for (const s of steps) expect([s.command, s.exitCode, s.output]).toEqual([s.command, 0, '']);
  return world;
}

const byName = (w: World, name: string) => Object.values(w.ifaces).filter((i) => i.name === name);

describe('link lifetimes', () => {
  it('a new link skips the ifindex of a link moved in (dev_new_index), instead of taking it twice', () => {
    // vxlan0 keeps ifindex 5 in ov1, whose own counter is at 2: the fourth link made there must not get 5.
    const w = run(`ip netns add ov1
ip link add vxlan0 type vxlan id 42 dstport 4789 dev eth1
ip link set vxlan0 netns ov1
ip -n ov1 link add br0 type bridge
ip -n ov1 link add veth0 type veth peer name eth0
ip -n ov1 link add veth1 type veth peer name eth9
`);
    const ns = Object.values(w.netns).find((n) => n.name === 'ov1')!;
    const indexes = ns.ifaces.map((id) => w.ifaces[id]!.ifindex);
    expect(new Set(indexes).size).toBe(indexes.length);
    expect(byName(w, 'vxlan0')[0]!.ifindex).toBe(5);
    expect(byName(w, 'eth9')[0]!.ifindex).toBe(6);
    expect(worldViolations(w)).toEqual([]);
  });

  it('a vxlan device goes with the namespace its socket lives in, wherever it was moved', () => {
    const w = run(`ip netns add a
ip netns add b
ip -n a link add vx0 type vxlan id 5 dstport 4789 dev lo
ip -n a link set vx0 netns b
ip netns del a
`);
    expect(byName(w, 'vx0')).toEqual([]);
    expect(worldViolations(w)).toEqual([]);
  });

  it('a vxlan device goes with its underlay device (vxlan_handle_lowerdev_unregister)', () => {
    const w = run(`ip link add v1 type veth peer name v2
ip link add vx type vxlan id 1 dev v1 dstport 0
ip link del v1
`);
    expect(byName(w, 'vx')).toEqual([]);
    expect(worldViolations(w)).toEqual([]);
  });

  it('a physical NIC in a deleted namespace goes back to the host, down, its macvlan child kept', () => {
    const w = run(`ip netns add red
ip link add mv0 link eth1 type macvlan mode bridge
ip addr add 10.7.0.1/24 dev eth0
ip link set eth1 netns red
ip -n red link set eth1 up
ip netns del red
`);
    const root = w.netns[w.hosts[w.hostOrder[0]!]!.rootNs]!;
    const [eth1] = byName(w, 'eth1').filter((i) => i.ns === root.id);
    expect(eth1).toMatchObject({ up: false, addrs: [] });
    expect(w.ifaces[eth1!.peer!]!.peer).toBe(eth1!.id);
    expect(byName(w, 'mv0')[0]!.link).toBe(eth1!.id);
    expect(worldViolations(w)).toEqual([]);
  });

  it('the NIC coming back is renamed dev<ifindex> when its name is taken on the host', () => {
    const w = run(`ip netns add red
ip link set eth1 netns red
ip link add eth1 type bridge
ip netns del red
`);
    const names = byName(w, 'dev3').map((i) => i.kind);
    expect(names).toEqual(['ether']);
    expect(worldViolations(w)).toEqual([]);
  });

  it('with dev<ifindex> taken too, the NIC takes the first free devN and the delete succeeds (dev%d)', () => {
    // eth1 is ifindex 3: eth1 and dev3 are taken on the host, and dev0 as well, so it comes back as dev1.
    const w = run(`ip netns add red
ip link set eth1 netns red
ip link add eth1 type bridge
ip link add dev3 type bridge
ip link add dev0 type bridge
ip netns del red
`);
    expect(byName(w, 'dev1').map((i) => [i.kind, i.mac])).toEqual([['ether', byName(runScript('').world, 'eth1')[0]!.mac]]);
    expect(['eth1', 'dev3', 'dev0'].map((n) => byName(w, n).map((i) => i.kind))).toEqual([['bridge'], ['bridge'], ['bridge']]);
    expect(worldViolations(w)).toEqual([]);
  });
});

describe('bridge ports', () => {
  it('a bridge cannot be a port of another bridge or of itself (br_add_if: -ELOOP), with ip or brctl', () => {
    const { world, steps } = runScript(`ip link add br0 type bridge
ip link add br1 type bridge
ip link set br1 master br0
brctl addif br0 br1
brctl addif br0 lo
ip link set br0 master br0
brctl addif br0 br0
ip link add br2 master br0 type bridge
ip link set lo master br0
ip link set lo master lo
`);
    expect(steps.slice(2).map((s) => [s.exitCode, s.output])).toEqual([
      // iproute2 prints the kernel's extack; brctl's ioctl has none, so br_cmd_addif words ELOOP itself.
      [2, 'Error: Can not enslave a bridge to a bridge.\n'],
      [1, "device br1 is a bridge device itself; can't enslave a bridge device to a bridge device.\n"],
      [1, "can't add lo to bridge br0: Invalid argument\n"],
      [2, 'Error: Can not enslave a bridge to a bridge.\n'],
      [1, "device br0 is a bridge device itself; can't enslave a bridge device to a bridge device.\n"],
      [2, 'Error: Can not enslave a bridge to a bridge.\n'],
      [2, 'RTNETLINK answers: Invalid argument\n'],
      [2, 'RTNETLINK answers: Operation not supported\n'],
    ]);
    expect(byName(world, 'br2')).toEqual([]);
    expect(byName(world, 'br0')[0]!.master).toBeUndefined();
    expect(byName(world, 'br1')[0]!.master).toBeUndefined();
    expect(worldViolations(world)).toEqual([]);
  });
});
