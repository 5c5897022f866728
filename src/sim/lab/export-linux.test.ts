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
