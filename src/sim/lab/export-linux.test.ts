import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportLinuxWorld, nsLabel } from './export-linux';
import { exportLinux, exportWorld } from '../../cli/export-linux';
import { runScript } from './script';
import { replay } from './lab';

const LAB = `
ip netns add ns1
ip link add v0 type veth peer name v1
ip link set v1 netns ns1
ip addr add 10.99.0.1/24 dev v0
ip link set v0 up
ip netns exec ns1 ip addr add 10.99.0.2/24 dev v1
ip netns exec ns1 ip link set v1 up
docker run -d --name web -p 8080:80 nginx
`;

describe('exportLinuxWorld', () => {
  const { world } = runScript(LAB);
  const script = exportLinuxWorld(world, 'p');

  it('builds every namespace of the World under the prefix, with its links, addresses and rules', () => {
    const spaces = Object.values(world.netns).map((ns) => `p-${nsLabel(world, ns)}`);
    expect(spaces).toContain('p-ns1');
    expect(spaces).toContain('p-docker-node1');
    for (const n of spaces) expect(script).toContain(`\nip netns add ${n}\n`);
    const v0 = Object.values(world.ifaces).find((i) => i.name === 'v0')!;
    const v1 = world.ifaces[v0.peer!]!;
    expect(script).toContain(`ip link add name v0 netns p-docker-node1 address ${v0.mac} type veth peer name v1 netns p-ns1 address ${v1.mac}`);
    expect(script).toContain('ip -n p-ns1 addr add 10.99.0.2/24 dev v1');
    // Docker's NAT for the published port, as iptables-restore input.
    expect(script).toMatch(/-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172\.17\.0\.2:80/);
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    execFileSync('bash', ['-n'], { input: script });
  });

  it('is what the CLI prints for the same lab script', () => {
    expect(exportLinux(LAB, 'p')).toBe(script);
    expect(exportWorld).toBe(exportLinuxWorld);
  });

  it('exports a replayed multi-host lab, naming the second host by hostname', () => {
    const { world: w } = replay({ hosts: ['docker-node1', 'docker-node2'], log: [{ t: 't2', h: 'docker-node2', c: 'ip netns add blue' }] });
    const out = exportLinuxWorld(w, 'lab');
    expect(out).toContain('ip netns add lab-docker-node2-blue');
    expect(out).toContain('ip netns add lab-docker-node2\n');
  });
});

describe('exportLinuxWorld: vxlan and macvlan', () => {
  it('makes a vxlan device in its underlay, moves it, then adds its fdb and PERMANENT neighbour entries', async () => {
    const { overlayLab } = await import('../packet/fixtures-overlay');
    const { world } = runScript(overlayLab());
    const out = exportLinuxWorld(world, 'p');
    const vx = Object.values(world.ifaces).find((i) => i.kind === 'vxlan' && world.netns[i.ns]!.name === 'o1')!;
    const lines = out.split('\n');
    const made = lines.indexOf(`ip -n p-h1 link add name stk0 address ${vx.mac} mtu 1450 type vxlan id 4096 dstport 4789 dev u1 nolearning proxy l2miss l3miss`);
    expect(made).toBeGreaterThan(0);
    expect(lines[made + 1]).toBe('ip -n p-h1 link set dev stk0 netns p-o1');
    expect(lines[made + 2]).toBe('ip -n p-o1 link set dev stk0 name vxlan0');
    const up = lines.indexOf('ip -n p-o1 link set dev vxlan0 up');
    const neigh = lines.indexOf('ip -n p-o1 neigh replace 10.0.1.3 lladdr 02:42:0a:00:01:03 dev vxlan0 nud permanent');
    const fdb = lines.indexOf('bridge -n p-o1 fdb append 02:42:0a:00:01:03 dev vxlan0 dst 10.9.0.2 self permanent');
    expect(lines.indexOf('ip -n p-o1 link set dev vxlan0 master br0')).toBeGreaterThan(made);
    expect(neigh).toBeGreaterThan(up);
    expect(fdb).toBeGreaterThan(up);
    execFileSync('bash', ['-n'], { input: out });
  });

  it('makes a macvlan child on its lower device, then moves and renames it', async () => {
    const { macvlanLab } = await import('../packet/fixtures-overlay');
    const { world } = runScript(macvlanLab);
    const out = exportLinuxWorld(world, 'p');
    const mv = Object.values(world.ifaces).find((i) => i.name === 'mv1')!;
    expect(out).toContain(`ip -n p-h1 link add link e1 name stk0 address ${mv.mac} type macvlan mode bridge\nip -n p-h1 link set dev stk0 netns p-m1\nip -n p-m1 link set dev stk0 name mv1\n`);
  });
});
