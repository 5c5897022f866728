/**
 * Interactive shells: `docker exec -it C sh`, `docker run -it IMAGE`, `ip netns exec NS bash` make
 * the next lines run in that shell (its prompt, its tools) until `exit`.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './script';

describe('interactive shells in a lab script', () => {
  it('docker exec -it C sh: BusyBox prompt and tools until exit; without -i the shell returns at once', () => {
    const { steps } = runScript(`docker run -d --name test1 busybox sleep 3600
docker exec test1 sh
hostname
docker exec -it test1 sh
/ # hostname
/ # curl x
/ # exit
hostname`);
    expect(steps.map((s) => s.prompt)).toEqual([
      '[root@docker-node1 ~]# ', '[root@docker-node1 ~]# ', '[root@docker-node1 ~]# ', '[root@docker-node1 ~]# ',
      '/ # ', '/ # ', '/ # ', '[root@docker-node1 ~]# ',
    ]);
    expect(steps[2]!.output).toBe('docker-node1\n');
    expect(steps[4]!.output).toBe(`${steps[0]!.output.slice(0, 12)}\n`);
    expect(steps[5]).toMatchObject({ output: 'sh: curl: not found\n', exitCode: 127 });
    expect(steps[7]!.output).toBe('docker-node1\n');
  });

  it('docker run -it: the shell is the main process, so exit stops the container', () => {
    const { world, steps } = runScript(`docker run -it --name c1 centos:7
ping -c 1 172.17.0.1
exit 3
docker ps -a --format '{{.Names}} {{.Status}}'`);
    expect(steps[1]!.prompt).toMatch(/^\[root@[0-9a-f]{12} \/\]# $/);
    expect(steps[1]!.output).toContain('56(84) bytes of data.');
    expect(steps[3]!.output).toMatch(/^c1 Exited \(3\) /);
    const d = world.hosts[world.hostOrder[0]!]!.docker!;
    expect(Object.values(d.containers)[0]!.state).toBe('exited');
  });

  it('ip netns exec NS bash: the namespace until exit, with the host prompt', () => {
    const { steps } = runScript(`ip netns add n1
ip netns exec n1 bash
ip link
exit
ip link show lo`);
    expect(steps[2]!.output).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
    expect(steps[4]!.output).toContain('state UNKNOWN');
  });
});
