/**
 * A Docker network whose Linux bridge a user deleted (`ip link del docker0`): libnetwork looks the
 * bridge up by name at join time and fails with its error, leaving no half-made endpoint (found by
 * the World checker and the shell fuzz: the join used to crash on the missing bridge).
 */
import { describe, expect, it } from 'vitest';
import { worldViolations } from '../lab/invariants';
import { runLabScript } from '../lab/lab';

const GONE = /^docker: Error response from daemon: failed to create endpoint c1 on network bridge: adding interface veth[0-9a-f]{7} to bridge docker0 failed: could not find bridge docker0: route ip\+net: no such network interface\.?\n/;

describe('a network whose bridge was deleted', () => {
  it('docker run fails with the daemon error, the container stays Created, nothing leaks', () => {
    const { world, steps } = runLabScript('ip link del docker0\ndocker run -d --name c1 busybox sleep 1000\ndocker ps -a --format "{{.Names}} {{.Status}}"\n');
    const run = steps[1]!;
    expect(run.exitCode).toBe(125);
    expect(run.output.split('\n').slice(1).join('\n')).toMatch(GONE);
    expect(steps[2]!.output).toBe('c1 Created\n');
    const bridge = Object.values(world.hosts[world.hostOrder[0]!]!.docker!.networks).find((n) => n.name === 'bridge')!;
    expect(bridge.allocated).toEqual([bridge.gateway]);
    expect(Object.values(world.ifaces).filter((i) => i.kind === 'veth')).toEqual([]);
    expect(worldViolations(world)).toEqual([]);
  });

  it('a renamed bridge is not found: libnetwork looks it up by name', () => {
    const { steps } = runLabScript('ip link set docker0 down\nip link set docker0 name foo\ndocker run -d --name c1 busybox sleep 1000\n');
    expect(steps[1]!.exitCode).toBe(0);
    expect(steps[2]!.exitCode).toBe(125);
    expect(steps[2]!.output.split('\n').slice(1).join('\n')).toMatch(GONE);
  });

  it('a bridge made again under the name is taken, as libnetwork finds it by name', () => {
    const { world, steps } = runLabScript('ip link del docker0\nip link add docker0 type bridge\ndocker run -d --name c1 busybox sleep 1000\n');
    expect(steps[2]!.exitCode).toBe(0);
    expect(worldViolations(world)).toEqual([]);
  });

  it('an overlay-only container needs docker_gwbridge: its start fails the same way', () => {
    const { world, steps } = runLabScript(`docker swarm init --advertise-addr 192.168.205.10
docker network create -d overlay --attachable ov
ip link del docker_gwbridge
docker run -d --name c2 --network ov busybox sleep 100
`);
    expect(steps[3]!.exitCode).toBe(125);
    // libnetwork's setupDefaultGW: endpoint gateway_<id12>, its error wrapped with the container's id.
    const id = world.hosts[world.hostOrder[0]!]!.docker!.containerOrder.map((c) => world.hosts[world.hostOrder[0]!]!.docker!.containers[c]!).find((c) => c.name === 'c2')!.id;
    expect(steps[3]!.output).toContain(
      `Error response from daemon: container ${id}: endpoint create on GW Network failed: failed to create endpoint gateway_${id.slice(0, 12)} on network docker_gwbridge: adding interface veth`,
    );
    expect(steps[3]!.output).toContain('could not find bridge docker_gwbridge: route ip+net: no such network interface');
    expect(worldViolations(world)).toEqual([]);
  });
});
