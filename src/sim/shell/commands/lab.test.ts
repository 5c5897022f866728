import { describe, expect, it } from 'vitest';
import { createLabWorld, replay } from '../../lab/lab';
import type { World } from '../../net/types';
import { findHostByName } from '../../net/world';
import { execute } from '../execute';
import { hostAddedBy, parseHostAdd } from './lab';

function run(world: World, line: string, host = 'docker-node1') {
  return execute(world, line, { host: findHostByName(world, host)!.id });
}

function runAll(lines: string[], world = createLabWorld()) {
  const out: { line: string; output: string; exitCode: number }[] = [];
  for (const line of lines) {
    const r = run(world, line);
    world = r.world;
    out.push({ line, output: r.output, exitCode: r.exitCode });
  }
  return { world, out };
}

const hostnames = (w: World) => w.hostOrder.map((h) => w.hosts[h]!.hostname);

describe('lab host add', () => {
  it('adds a VM like the Vagrantfile: eth1 on the LAN at .(9+N), eth0 behind its own NAT, Docker', () => {
    const { world, out } = runAll(['lab host add docker-node2']);
    expect(out[0]).toEqual({ line: 'lab host add docker-node2', exitCode: 0, output: 'docker-node2: eth1 192.168.205.11/24, eth0 10.0.2.15/24 (NAT), Docker running\n' });
    expect(hostnames(world)).toEqual(['docker-node1', 'docker-node2']);
    expect(run(world, 'ping -c 1 -W 1 192.168.205.11').output).toMatch(/1 received/);
    expect(run(world, 'ping -c 1 -W 1 192.168.205.10', 'docker-node2').output).toMatch(/1 received/);
    expect(run(world, 'ping -c 1 -W 1 www.baidu.com', 'docker-node2').output).toMatch(/1 received/);
    expect(run(world, 'docker network ls', 'docker-node2').output).toMatch(/bridge\s+bridge\s+local/);
  });

  it('makes docker-nodeN exactly as a lab that starts with it (same addresses and MACs)', () => {
    const added = runAll(['lab host add docker-node3']).world;
    const initial = createLabWorld(['docker-node1', 'docker-node3']);
    for (const line of ['ip a', 'ip route', 'cat /etc/hosts']) {
      expect(run(added, line, 'docker-node3').output, line).toBe(run(initial, line, 'docker-node3').output);
    }
  });

  it('gives other names the lowest free address from .10 up, and MACs drawn from the name', () => {
    const { world, out } = runAll(['lab host add web', 'lab host add docker-node2', 'lab host add docker-node2 --ip 192.168.205.50/24', 'lab host add db', 'lab host ls']);
    expect(out.map((o) => o.exitCode)).toEqual([0, 1, 0, 0, 0]);
    expect(out[0]!.output).toMatch(/^web: eth1 192\.168\.205\.11\/24/);
    expect(out[1]!.output).toBe('lab: address 192.168.205.11 is already in use (eth1 on web); give another with --ip A.B.C.D/N\n');
    expect(out[3]!.output).toMatch(/^db: eth1 192\.168\.205\.12\/24/);
    expect(out[4]!.output).toBe(
      'NAME           ADDRESS             CONTAINERS\n' +
      'docker-node1   192.168.205.10/24   0\n' +
      'web            192.168.205.11/24   0\n' +
      'docker-node2   192.168.205.50/24   0\n' +
      'db             192.168.205.12/24   0\n',
    );
    const eth1 = (h: string) => run(world, 'ip link show eth1', h).output.match(/link\/ether (\S+)/)![1];
    expect(eth1('web')).toMatch(/^08:00:28:/);
    expect(eth1('web')).not.toBe(eth1('db'));
    // The same name gets the same MACs in another lab.
    expect(run(runAll(['lab host add web']).world, 'ip link show eth1', 'web').output).toBe(run(world, 'ip link show eth1', 'web').output);
  });

  it.each([
    ['lab host add', 2, 'lab: host add: a hostname is required (lab host add NAME [--ip A.B.C.D/N])'],
    ['lab host add bad_name', 2, "lab: host add: invalid hostname 'bad_name': letters, digits and '-' (labels joined by '.'), at most 63 characters"],
    ['lab host add -web', 2, "lab: host add: unknown option '-web'"],
    ['lab host add a b', 2, "lab: host add: too many arguments: 'b'"],
    ['lab host add docker-node1', 1, 'lab: host docker-node1 already exists'],
    ['lab host add DOCKER-NODE1', 1, 'lab: host DOCKER-NODE1 already exists'],
    ['lab host add x --ip', 2, "lab: option '--ip' requires an argument"],
    ['lab host add x --ip 10.0.0.300/24', 2, "lab: host add: invalid address '10.0.0.300/24': expected A.B.C.D/N"],
    ['lab host add x --ip 192.168.205', 2, "lab: host add: invalid address '192.168.205': expected A.B.C.D/N"],
    ['lab host add x --ip 192.168.205.20/31', 2, "lab: host add: invalid prefix length in '192.168.205.20/31': expected 1 to 30"],
    ['lab host add x --ip 192.168.205.0/24', 1, 'lab: 192.168.205.0 is the network address of 192.168.205.0/24'],
    ['lab host add x --ip=192.168.205.255', 1, 'lab: 192.168.205.255 is the broadcast address of 192.168.205.0/24'],
    ['lab host add x --ip 192.168.205.10/24', 1, 'lab: address 192.168.205.10 is already in use (eth1 on docker-node1)'],
    ['lab host add x --ip 172.17.0.1/16', 1, 'lab: address 172.17.0.1 is already in use (docker0 on docker-node1)'],
    ['lab host add x --ip 127.0.0.2/8', 1, "lab: 127.0.0.2 cannot be a host's address"],
    ['lab host rm docker-node1', 2, "lab: host: unknown command 'rm'"],
    ['lab host', 2, "lab: host: a command is required ('add' or 'ls')"],
    ['lab frob', 2, "lab: unknown command 'frob'"],
  ])('%s: exit %i, one line', (line, code, text) => {
    const before = createLabWorld();
    const r = run(before, line);
    expect(r.output).toBe(`${text}\n`);
    expect(r.exitCode).toBe(code);
    expect(hostnames(r.world)).toEqual(['docker-node1']);
  });

  it('holds at most 9 machines', () => {
    const lines = Array.from({ length: 9 }, (_, i) => `lab host add docker-node${i + 1}`);
    const { world, out } = runAll(lines.slice(1).concat('lab host add one-too-many'));
    expect(out.slice(0, 8).every((o) => o.exitCode === 0)).toBe(true);
    expect(out[8]).toMatchObject({ exitCode: 1, output: 'lab: the lab already has 9 hosts, the most it can hold\n' });
    expect(world.hostOrder).toHaveLength(9);
  });

  it('runs in a host shell only, not inside a namespace or a container', () => {
    const { world, out } = runAll(['ip netns add ns1', 'ip netns exec ns1 lab host add x', 'docker run -d --name c1 busybox sleep 1d', 'docker exec c1 lab host add x']);
    expect(out[1]).toMatchObject({ exitCode: 1, output: "lab: run it in a host's shell, not inside namespace ns1\n" });
    expect(out[3]!.exitCode).not.toBe(0);
    const inNs = execute(world, 'lab host add x', { host: world.hostOrder[0]!, session: { ns: world.hosts[world.hostOrder[0]!]!.netns.ns1! } });
    expect(inNs.output).toBe("lab: run it in a host's shell, not inside namespace ns1\n");
    expect(hostnames(world)).toEqual(['docker-node1']);
  });

  it('lab help prints the usage; lab alone prints it with exit 2', () => {
    const w = createLabWorld();
    expect(run(w, 'lab help')).toMatchObject({ exitCode: 0, output: expect.stringMatching(/^Usage: lab host add NAME \[--ip A\.B\.C\.D\/N\]\n {7}lab host ls\n/) });
    expect(run(w, 'lab').exitCode).toBe(2);
  });

  it('is a lab line: replay rebuilds the machine, and a later line on it runs there', () => {
    const r = replay({
      hosts: ['docker-node1'],
      log: [
        { t: 't1', h: 'docker-node1', c: 'lab host add docker-node2' },
        { t: 't2', h: 'docker-node2', c: 'hostname' },
        { t: 't2', h: 'docker-node2', c: 'ping -c 1 -W 1 192.168.205.10' },
      ],
    });
    expect(r.skipped).toEqual([]);
    expect(r.results.map((x) => x.prompt)).toEqual(['[root@docker-node1 ~]# ', '[root@docker-node2 ~]# ', '[root@docker-node2 ~]# ']);
    expect(r.results[1]!.output).toBe('docker-node2\n');
    expect(r.results[2]!.output).toMatch(/1 received/);
  });
});

describe('parsing', () => {
  it('finds the machine a line makes', () => {
    expect(hostAddedBy(['lab', 'host', 'add', 'web', '--ip', '192.168.205.9/24'])).toBe('web');
    expect(hostAddedBy(['lab', 'host', 'add', '--ip=192.168.205.9', 'web'])).toBe('web');
    expect(hostAddedBy(['lab', 'host', 'add', 'bad_name'])).toBeUndefined();
    expect(hostAddedBy(['lab', 'host', 'ls'])).toBeUndefined();
    expect(parseHostAdd(['n', '--ip', '1.2.3.4/8'])).toEqual({ name: 'n', ip: '1.2.3.4/8' });
  });
});
