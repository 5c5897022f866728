/**
 * `docker network connect` / `disconnect` on a running container: the endpoint settings inspect
 * shows, and the published ports following the gateway endpoint (libnetwork Join/sbLeave move
 * external connectivity). The lab-c case (9000:80 moved from bridge to n9) was recorded on a real
 * 20.10: src/sim/lab/__golden__/export-real/real-c.json.
 */
import { describe, expect, it } from 'vitest';
import { formatIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { findHostByName } from '../net/world';
import { execute, type ExecResult } from '../shell/execute';
import { createLabWorld } from '../lab/lab';
import { lab } from '../lab/session.test-util';

const NODE2 = (w: World) => findHostByName(w, 'docker-node2')!.id;

/** Runs lines on docker-node1 (or on `host`), keeping the World. */
function runAll(w: World, lines: string[], host?: (w: World) => string): { world: World; runs: ExecResult[] } {
  const runs: ExecResult[] = [];
  for (const l of lines) {
    const r = execute(w, l, host ? { host: host(w) } : {});
    runs.push(r);
    w = r.world;
  }
  return { world: w, runs };
}

const inspect = (w: World, fmt: string, c: string) => execute(w, `docker inspect -f '${fmt}' ${c}`).output.trim();
const natDocker = (w: World) => execute(w, 'iptables -t nat -S DOCKER').output.replace(/br-[0-9a-f]{12}/g, 'BR');

describe('endpoint settings made by docker network connect (20.10)', () => {
  const w = lab([
    'docker network create n1',
    'docker network create --subnet 10.60.0.0/24 n2',
    'docker run -d --name r1 --network n1 busybox sleep 3600',
    'docker network connect n1 $(docker run -d --name c1 busybox sleep 3600)',
    'docker network connect --ip 10.60.0.9 n2 c1',
    'docker create --name s1 busybox sleep 3600',
    'docker network connect n1 s1',
  ]);

  it('IPAMConfig and DriverOpts are {} without --ip, where docker run --network leaves them null', () => {
    expect(inspect(w, '{{json .NetworkSettings.Networks.n1.IPAMConfig}} {{json .NetworkSettings.Networks.n1.DriverOpts}}', 'c1')).toBe('{} {}');
    expect(inspect(w, '{{json .NetworkSettings.Networks.n1.IPAMConfig}} {{json .NetworkSettings.Networks.n1.DriverOpts}}', 'r1')).toBe('null null');
    expect(inspect(w, '{{json .NetworkSettings.Networks.bridge.IPAMConfig}}', 'c1')).toBe('null');
  });

  it('with --ip the address is in it; a template prints the struct and the empty map', () => {
    expect(inspect(w, '{{json .NetworkSettings.Networks.n2.IPAMConfig}}', 'c1')).toBe('{"IPv4Address":"10.60.0.9"}');
    expect(inspect(w, '{{.NetworkSettings.Networks.n1.IPAMConfig}}|{{.NetworkSettings.Networks.n1.DriverOpts}}', 'c1')).toBe('{  []}|map[]');
  });

  it('the settings stay with a stopped container and through its start', () => {
    expect(inspect(w, '{{json .NetworkSettings.Networks.n1.IPAMConfig}}', 's1')).toBe('{}');
    const started = runAll(w, ['docker start s1']).world;
    expect(inspect(started, '{{json .NetworkSettings.Networks.n1.IPAMConfig}} {{.NetworkSettings.Networks.n1.IPAddress}}', 's1')).toBe('{} 172.18.0.4');
  });
});

describe('published ports follow the gateway endpoint', () => {
  // Lab c as recorded on a real 20.10: the mapping, its rules and the proxy move to n9.
  const MOVE = ['docker run -d --name p9 -p 9000:80 nginx', 'docker network create n9', 'docker network connect n9 p9', 'docker network disconnect bridge p9'];
  const moved = lab(MOVE);

  it('keeps the mapping for docker port, docker ps and inspect', () => {
    expect(execute(moved, 'docker port p9').output).toBe('80/tcp -> 0.0.0.0:9000\n80/tcp -> :::9000\n');
    expect(execute(moved, 'docker ps --format "{{.Names}} {{.Ports}}"').output).toBe('p9 0.0.0.0:9000->80/tcp, :::9000->80/tcp\n');
    expect(inspect(moved, '{{json .NetworkSettings.Ports}}', 'p9')).toBe('{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"9000"},{"HostIp":"::","HostPort":"9000"}]}');
  });

  it('programs DNAT, ACCEPT and the hairpin MASQUERADE for the n9 address on br-n9, nothing left on docker0', () => {
    expect(natDocker(moved)).toBe(
      '-N DOCKER\n-A DOCKER -i BR -j RETURN\n-A DOCKER -i docker0 -j RETURN\n' +
      '-A DOCKER ! -i BR -p tcp -m tcp --dport 9000 -j DNAT --to-destination 172.18.0.2:80\n',
    );
    const filter = execute(moved, 'iptables -S DOCKER').output.replace(/br-[0-9a-f]{12}/g, 'BR');
    expect(filter).toBe('-N DOCKER\n-A DOCKER -d 172.18.0.2/32 ! -i BR -o BR -p tcp -m tcp --dport 80 -j ACCEPT\n');
    expect(execute(moved, 'iptables -t nat -S POSTROUTING').output).toContain('-A POSTROUTING -s 172.18.0.2/32 -d 172.18.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE\n');
    expect(execute(moved, 'iptables-save').output).not.toContain('172.17.0.2');
  });

  it('a curl from another host to the host port is DNATed to the container on n9', () => {
    const two = runAll(createLabWorld(['docker-node1', 'docker-node2']), MOVE).world;
    const { runs } = runAll(two, ['curl -s -o /dev/null -w "%{http_code}" 192.168.205.10:9000'], NODE2);
    expect(runs[0]!.output).toBe('200');
    const steps = runs[0]!.traces.flatMap((t) => t.steps);
    const dnat = steps.find((s) => s.kind === 'nat-dnat');
    expect(dnat && `${formatIp4(dnat.frame.dst)}:${dnat.frame.dport}`).toBe('172.18.0.2:80');
    expect(runs[0]!.traces.at(-1)!.outcome).toMatchObject({ kind: 'tcp-open' });
  });

  it('the proxy on the host forwards to the n9 address', () => {
    expect(execute(moved, 'curl -s -o /dev/null -w "%{http_code}" 127.0.0.1:9000').output).toBe('200');
  });

  it('stop takes the mapping down once; start publishes it on the gateway endpoint again', () => {
    const { world, runs } = runAll(moved, ['docker stop p9', 'iptables-save -t nat', 'docker start p9', 'docker port p9']);
    expect(runs[1]!.output).not.toContain('9000');
    expect(runs[3]!.output).toBe('80/tcp -> 0.0.0.0:9000\n80/tcp -> :::9000\n');
    expect(natDocker(world).match(/DNAT/g)).toHaveLength(1);
  });

  it('a network that sorts before bridge takes the ports at connect (libnetwork Join moveExtConn)', () => {
    const { world, runs } = runAll(lab(['docker run -d --name p1 -p 9001:80 nginx', 'docker network create alpha']), [
      'docker network connect alpha p1',
      'docker network disconnect alpha p1',
    ]);
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    // Back on bridge only: the mapping returned to docker0 and its address.
    expect(natDocker(world)).toContain('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 9001 -j DNAT --to-destination 172.17.0.2:80\n');
    expect(natDocker(world).match(/DNAT/g)).toHaveLength(1);
    const mid = runAll(lab(['docker run -d --name p1 -p 9001:80 nginx', 'docker network create alpha']), ['docker network connect alpha p1']).world;
    expect(natDocker(mid)).toContain('-A DOCKER ! -i BR -p tcp -m tcp --dport 9001 -j DNAT --to-destination 172.18.0.2:80\n');
    expect(natDocker(mid)).not.toContain('172.17.0.2');
  });

  it('a network that sorts after the gateway changes nothing', () => {
    const w = lab(['docker run -d --name p1 -p 9001:80 nginx', 'docker network create zeta', 'docker network connect zeta p1']);
    expect(natDocker(w)).toContain('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 9001 -j DNAT --to-destination 172.17.0.2:80\n');
    expect(natDocker(w).match(/DNAT/g)).toHaveLength(1);
  });

  it('a port that cannot be published on the new gateway fails the connect and undoes the join', () => {
    const w = lab([
      'docker network create --internal inner',
      'docker network create outer',
      'docker run -d --name holder -p 8080:80 nginx',
      'docker run -d --name in1 --network inner -p 8080:80 nginx',
    ]);
    expect(execute(w, 'docker port in1').output).toBe('');
    const { world, runs } = runAll(w, ['docker network connect outer in1']);
    expect(runs[0]!.exitCode).toBe(1);
    expect(runs[0]!.output).toMatch(
      /^Error response from daemon: driver failed programming external connectivity on endpoint in1 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated\n$/,
    );
    const in1 = Object.values(world.hosts[world.hostOrder[0]!]!.docker!.containers).find((c) => c.name === 'in1')!;
    expect(world.netns[in1.ns!]!.ifaces.map((i) => world.ifaces[i]!.name).sort()).toEqual(['eth0', 'lo']);
    expect(inspect(world, '{{.NetworkSettings.Networks.outer.IPAddress}}|{{.NetworkSettings.Networks.inner.IPAddress}}', 'in1')).toBe('|172.18.0.2');
    expect(execute(world, 'docker port holder').output).toBe('80/tcp -> 0.0.0.0:8080\n80/tcp -> :::8080\n');
  });
});
