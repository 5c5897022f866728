import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportDockerScript, isReadOnly, isReadOnlyLine, realLines } from './export-docker';
import { replay, type Lab, type LabEntry } from './lab';
import { findHostByName } from '../net/world';
import { tokenize } from '../shell/tokenize';
import { execute } from '../shell/execute';

type Line = string | Partial<LabEntry> & { c: string };

/** A lab typed in one shell (t1 on docker-node1) unless a line says otherwise. */
function lab(lines: Line[], hosts = ['docker-node1']): Lab {
  return { v: 1, hosts, log: lines.map((l) => ({ t: 't1', h: 'docker-node1', ...(typeof l === 'string' ? { c: l } : l) })) };
}

/** The script's commands: without the header comments, `set -e` and blank lines. */
function body(script: string): string[] {
  return script.split('\n').filter((l) => l && !l.startsWith('#') && l !== 'set -e' && !l.startsWith('#!'));
}

const words = (line: string) => tokenize(line).map((t) => t.value);

function bashSyntaxOk(script: string): boolean {
  try {
    execFileSync('bash', ['-n'], { input: script });
    return true;
  } catch {
    return false;
  }
}

describe('isReadOnly: decided by the command', () => {
  const cases: [string, boolean][] = [
    ['ip a', true], ['ip addr show dev eth0', true], ['ip a s', true], ['ip -4 -o addr', true], ['ip r', true],
    ['ip route get 8.8.8.8', true], ['ip n', true], ['ip link', true], ['ip -d link show docker0', true],
    ['ip netns', true], ['ip netns list', true], ['ip netns exec ns1 ip a', true],
    ['ip link s lo up', false], ['ip link set veth0 netns ns1', false], ['ip addr add 10.0.0.1/24 dev eth0', false],
    ['ip a d 10.0.0.1/24 dev eth0', false], ['ip route add default via 10.0.0.1', false], ['ip r flush table main', false],
    ['ip netns add ns1', false], ['ip netns del ns1', false], ['ip -n ns1 link set lo up', false],
    ['ip netns exec ns1 ip link set lo up', false], ['ip neigh flush dev eth0', false],
    ['docker ps -a', true], ['docker network ls', true], ['docker network inspect bridge', true], ['docker inspect web', true],
    ['docker container ls', true], ['docker logs web', true], ['docker port web', true], ['docker images', true],
    ['docker exec web ip a', true], ['docker exec -it web sh', true], ['docker exec web sh -c "ip a; ping -c1 x"', true],
    ['docker run --rm busybox ip a', true], ['docker run -it --rm busybox ping -c 1 web', true],
    ['docker run -d busybox sleep 3600', false], ['docker run --rm -d busybox sleep 3600', false], ['docker create busybox', false],
    ['docker network create n1', false], ['docker network connect n1 web', false], ['docker rm -f web', false],
    ['docker stop web', false], ['docker exec web ip link set eth0 down', false], ['docker exec web sh -c "echo x > /tmp/f"', false],
    ['iptables -nvL', true], ['iptables -t nat -S DOCKER', true], ['iptables -L FORWARD -n --line-numbers', true],
    ['iptables -I DOCKER-USER -s 10.0.0.0/8 -j DROP', false], ['iptables -t nat -A POSTROUTING -j MASQUERADE', false],
    ['iptables -F', false], ['iptables -P FORWARD ACCEPT', false], ['iptables --flush DOCKER-USER', false],
    ['sysctl net.ipv4.ip_forward', true], ['sysctl -w net.ipv4.ip_forward=0', false], ['sysctl net.ipv4.ip_forward=0', false],
    ['echo 1 > /proc/sys/net/ipv4/ip_forward', false], ['cat /etc/hosts', true], ['cat > /etc/hosts', false],
    ['echo hi > /dev/null', true], ['brctl show', true], ['brctl addbr br0', false], ['brctl addif br0 veth0', false],
    ['bridge fdb show', true], ['bridge link', true], ['systemctl status docker', true], ['systemctl restart docker', false],
    ['ping -c 1 172.17.0.2', true], ['curl -s 127.0.0.1', true], ['nslookup web', true], ['netstat -tan', true],
    ['route -n', true], ['route add default gw 10.0.0.1', false], ['ifconfig', true], ['ifconfig eth0', true],
    ['ifconfig eth0 up', false], ['arp -n', true], ['arp -d 10.0.0.1', false], ['hostname', true], ['hostname -i', true],
    ['hostname node9', false], ['ls /var/run/netns', true], ['iptables-save', true], ['exit', true],
  ];
  it.each(cases)('%s -> %s', (line, ro) => {
    expect(isReadOnly(words(line))).toBe(ro);
  });

  it('reads a whole line: read-only only when every command is', () => {
    expect(isReadOnlyLine('ip a && ip r')).toBe(true);
    expect(isReadOnlyLine('ip link add v0 type veth peer name v1 && ip a')).toBe(false);
    expect(isReadOnlyLine('docker inspect $(docker ps -q)')).toBe(true);
    expect(isReadOnlyLine('docker rm -f $(docker ps -aq)')).toBe(false);
  });
});

describe('exportDockerScript', () => {
  it('keeps the lines that changed the lab and succeeded, in order, and drops reads and failures', () => {
    const s = exportDockerScript(lab([
      'docker ps',
      'docker network create --subnet 172.30.0.0/24 n1',
      'docker network create --subnet 172.30.0.0/24 n1',
      'docker run -d --name aa --network n1 --ip 172.30.0.10 busybox sleep 3600',
      'docker exec a ip a',
      'docker exec a ping -c 1 172.30.0.1',
      'docker network inspect n1',
      'docker run -d --name aa busybox sleep 3600',
      'ip netns add ns1',
      'ip netns list',
      'docker network connect bridge aa',
      'docker nonsense',
    ]));
    expect(body(s)).toEqual([
      'docker network create --subnet 172.30.0.0/24 n1',
      'docker run -d --name aa --network n1 --ip 172.30.0.10 busybox sleep 3600',
      'ip netns add ns1',
      'docker network connect bridge aa',
    ]);
    expect(s.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(s).toContain('Docker 20.10');
    expect(s).toContain('busybox and nginx');
    expect(s).toMatch(/MACs? .*\n?.*IPv4 address/);
    expect(bashSyntaxOk(s)).toBe(true);
  });

  it('keeps a failed line that still changed the lab, with || true', () => {
    const s = exportDockerScript(lab([
      'docker run -d --name p1 -p 8080:80 nginx',
      'docker run -d --name p2 -p 8080:80 nginx',
      'docker run -d --name p1 nginx',
    ]));
    const { world } = replay(lab(['docker run -d --name p1 -p 8080:80 nginx', 'docker run -d --name p2 -p 8080:80 nginx']));
    const d = findHostByName(world, 'docker-node1')!.docker!;
    // p2 exists (Created) although its start failed: the script must make it too.
    expect(Object.values(d.containers).find((c) => c.name === 'p2')?.state).toBe('created');
    expect(body(s)).toEqual([
      'docker run -d --name p1 -p 8080:80 nginx',
      'docker run -d --name p2 -p 8080:80 nginx || true  # exit 125 in the lab, which it still changed',
    ]);
  });

  it('turns lines typed in a container shell into docker exec, and drops its reads', () => {
    const s = exportDockerScript(lab([
      'docker run -d --name c1 busybox sleep 3600',
      'docker exec -it c1 sh',
      'ip a',
      'echo "10.0.0.9 db" >> /etc/hosts',
      { c: 'cat > /etc/motd', i: 'hello\nEOF\n' },
      'hostname',
      'exit',
      'docker exec -it c1 hostname',
      'docker exec -it c1 sh -c "echo x > /tmp/f"',
      'docker exec -itw /tmp c1 sh -c "echo y > g"',
    ]));
    expect(body(s).join('\n')).toBe([
      'docker run -d --name c1 busybox sleep 3600',
      `docker exec c1 sh -c 'echo '\\''10.0.0.9 db'\\'' >> /etc/hosts'`,
      `docker exec -i c1 sh -c 'cat > /etc/motd' <<'EOF1'`,
      'hello',
      'EOF',
      'EOF1',
      `docker exec c1 sh -c 'echo x > /tmp/f'`,
      `docker exec -w /tmp c1 sh -c 'echo y > g'`,
    ].join('\n'));
    expect(bashSyntaxOk(s)).toBe(true);
  });

  it('runs the shell of docker run -it detached, and its exit stops the container', () => {
    const l = lab([
      'docker run -it --name bb busybox',
      'ip link set lo down',
      'echo 10.0.0.9 db >> /etc/hosts',
      'exit',
      'docker run -it --rm busybox ip a',
    ]);
    const { world } = replay(l);
    expect(Object.values(findHostByName(world, 'docker-node1')!.docker!.containers).map((c) => [c.name, c.state])).toEqual([['bb', 'exited']]);
    expect(body(exportDockerScript(l))).toEqual(['docker run -d -it --name bb busybox', `docker exec bb sh -c 'echo 10.0.0.9 db >> /etc/hosts'`, 'docker stop bb']);
  });

  it('prefixes lines typed in an ip netns shell with ip netns exec', () => {
    const s = exportDockerScript(lab([
      'ip netns add ns1',
      'ip netns exec ns1 bash',
      'ip link set lo up',
      'ip a',
      'ip link set lo down && ip link set lo up',
      'exit',
    ]));
    expect(body(s)).toEqual([
      'ip netns add ns1',
      'ip netns exec ns1 ip link set lo up',
      `ip netns exec ns1 bash -c 'ip link set lo down && ip link set lo up'`,
    ]);
  });

  it('writes here-documents as here-documents (daemon.json)', () => {
    const json = '{\n  "bip": "192.168.1.5/24"\n}\n';
    const s = exportDockerScript(lab([{ c: 'cat > /etc/docker/daemon.json', i: json }, 'systemctl restart docker', 'systemctl status docker']));
    expect(s).toContain(`cat > /etc/docker/daemon.json <<'EOF'\n${json}EOF\nsystemctl restart docker\n`);
    expect(realLines(lab([{ c: 'cat > /etc/docker/daemon.json', i: json }])).map((l) => l.kind)).toEqual(['daemon']);
  });

  it('names containers the lab named at random, and turns typed ids into names', () => {
    const first = lab(['docker run -d busybox sleep 3600', 'docker network create n1']);
    const d = findHostByName(replay(first).world, 'docker-node1')!.docker!;
    const c = Object.values(d.containers)[0]!;
    const n = Object.values(d.networks).find((x) => x.name === 'n1')!;
    const l = lab([...first.log.map((e) => e.c), `docker network connect ${n.id.slice(0, 12)} ${c.id.slice(0, 12)}`,
      `docker run -d --name jj --network container:${c.id.slice(0, 12)} busybox sleep 3600`]);
    expect(body(exportDockerScript(l))).toEqual([
      `docker run --name ${c.name} -d busybox sleep 3600`,
      'docker network create n1',
      `docker network connect n1 ${c.name}`,
      `docker run -d --name jj --network container:${c.name} busybox sleep 3600`,
    ]);
  });

  it('keeps $(...) only around a read-only docker command', () => {
    const s = exportDockerScript(lab([
      'docker run -d --name aa busybox sleep 3600',
      'docker rm -f $(docker ps -aq)',
      'echo $(curl -s 203.0.113.10) > /tmp/x',
    ]));
    expect(body(s)).toEqual(['docker run -d --name aa busybox sleep 3600', 'docker rm -f $(docker ps -aq)']);
  });

  it('gives bash only the words the simulator ran (hostile labs)', () => {
    const s = exportDockerScript({
      ...lab([
        'echo hi\nrm -rf / > /tmp/x',
        "docker network create 'n1;reboot'",
        'ip link add name "$(reboot)" type dummy',
        'docker run -d --name aa busybox sh -c "sleep 3600; reboot"',
      ]),
      name: 'evil\nreboot',
    });
    expect(bashSyntaxOk(s)).toBe(true);
    for (const line of s.split('\n')) expect(line).not.toMatch(/^\s*(rm|reboot)\b/);
    // What survives is quoted so bash sees one argument, not a command.
    expect(body(s)).toContain(`docker run -d --name aa busybox sh -c 'sleep 3600; reboot'`);
    expect(body(s)).toContain('echo hi rm -rf / > /tmp/x');
  });

  it('groups a multi-host lab by host, each part run on its own machine', () => {
    const s = exportDockerScript(lab([
      'docker network create n1',
      { t: 't2', h: 'docker-node2', c: 'docker run -d --name bb busybox sleep 3600' },
      'docker run -d --name aa --network n1 busybox sleep 3600',
      { t: 't2', h: 'docker-node2', c: 'ping -c 1 192.168.205.10' },
    ], ['docker-node1', 'docker-node2']));
    const lines = s.split('\n');
    const n1 = lines.indexOf('# on docker-node1');
    const n2 = lines.indexOf('# on docker-node2');
    expect(n1).toBeGreaterThan(0);
    expect(n2).toBeGreaterThan(n1);
    expect(lines.slice(n1, n2).filter((l) => l.startsWith('docker'))).toEqual(['docker network create n1', 'docker run -d --name aa --network n1 busybox sleep 3600']);
    expect(lines.slice(n2).filter((l) => l.startsWith('docker'))).toEqual(['docker run -d --name bb busybox sleep 3600']);
    expect(lines).toContain('if [ "$node" = docker-node2 ]; then');
    expect(bashSyntaxOk(s)).toBe(true);
    // Run for real with stub commands: each machine runs its own part only.
    const run = (node: string) =>
      execFileSync('bash', ['-c', `docker() { echo "docker $*"; }; export -f docker; bash -s ${node}`], { input: s, stdio: 'pipe' }).toString();
    expect(run('docker-node2')).toBe('docker run -d --name bb busybox sleep 3600\n');
    expect(run('docker-node1')).toBe('docker network create n1\ndocker run -d --name aa --network n1 busybox sleep 3600\n');
    expect(() => run('docker-node3')).toThrow(/usage: .* docker-node1\|docker-node2/);
  });

  it('says so when the lab changes nothing', () => {
    const s = exportDockerScript(lab(['docker ps', 'ip a']));
    expect(body(s)).toEqual([]);
    expect(s).toContain('the lab changes nothing');
  });
});

// ---------------------------------------------------------------------------------------------
// Against a real Docker 20.10: each __golden__/export-real/lab-X.json was exported with
// exportDockerScript (lab-X.sh), that script run on /work/shared/tools/real-docker.sh after `up` and
// `reset`, and the host's `docker network inspect`, `docker inspect` and `iptables-save` recorded
// in real-X.json (cut to the compared fields). The simulator's replay of the same lab must give
// the same names, addresses, MACs, modes, port bindings and rules. To re-record: export the lab
// to lab-X.sh, run it there and rebuild real-X.json the same way.

const GOLDEN = new URL('./__golden__/export-real/', import.meta.url);

interface NetJson {
  Name: string; Id: string; Driver: string; Internal: boolean; Options: Record<string, string>;
  IPAM: { Config: Record<string, string>[] };
  Containers: Record<string, { Name: string; IPv4Address: string; MacAddress: string }>;
}
interface CtrJson {
  Id: string; Name: string; State: { Status: string };
  HostConfig: { NetworkMode: string; PortBindings: unknown; Links: string[] | null };
  NetworkSettings: { Ports: unknown; Networks: Record<string, { IPAddress: string; IPPrefixLen: number; Gateway: string; MacAddress: string; Aliases: string[] | null; IPAMConfig: unknown }> };
}
interface Capture { networks: NetJson[]; containers: CtrJson[]; iptables: string; ns1?: string }

/** What a lab fixes, keyed by name: random ids, bridge names (br-<id>) and counters replaced. */
function facts(cap: Capture) {
  const byId = new Map(cap.containers.map((c) => [c.Id, c.Name.slice(1)]));
  const bridges = new Map(cap.networks.filter((n) => n.Name !== 'bridge').map((n) => [`br-${n.Id.slice(0, 12)}`, `br-<${n.Name}>`]));
  const sorted = <T>(xs: [string, T][]) => Object.fromEntries(xs.sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    addresses: {
      networks: sorted(cap.networks.map((n) => [n.Name, {
        driver: n.Driver, internal: n.Internal, options: n.Options,
        containers: sorted(Object.values(n.Containers).map((c) => [c.Name, `${c.IPv4Address} ${c.MacAddress}`])),
      }])),
      containers: sorted(cap.containers.map((c) => [c.Name.slice(1), {
        state: c.State.Status, links: c.HostConfig.Links,
        mode: c.HostConfig.NetworkMode.replace(/^container:(\w+)/, (_, id: string) => `container:${byId.get(id) ?? id}`),
        networks: sorted(Object.entries(c.NetworkSettings.Networks).map(([k, v]) => [k, {
          ip: v.IPAddress, prefix: v.IPPrefixLen, gateway: v.Gateway, mac: v.MacAddress,
          aliases: (v.Aliases ?? []).filter((a) => a !== c.Id.slice(0, 12)),
        }])),
      }])),
    },
    'network ipam': sorted(cap.networks.map((n) => [n.Name, n.IPAM.Config])),
    'endpoint ipam': sorted(cap.containers.flatMap((c) => Object.entries(c.NetworkSettings.Networks).map(([k, v]): [string, unknown] => [`${c.Name.slice(1)} on ${k}`, v.IPAMConfig]))),
    'port bindings': sorted(cap.containers.map((c) => [c.Name.slice(1), { bindings: c.HostConfig.PortBindings, ports: c.NetworkSettings.Ports }])),
    iptables: cap.iptables.split('\n').filter((l) => l && !l.startsWith('#'))
      .map((l) => l.replace(/\[\d+:\d+\]/, '[0:0]').replace(/br-[0-9a-f]{12}/g, (b) => bridges.get(b) ?? b)),
  };
}

type Aspect = keyof ReturnType<typeof facts>;

/**
 * Differences of the test host, not of Docker: real-docker.sh's reset drops libnetwork's store, so
 * each run is the daemon's very first start, where the bridge network's IPAM Config has no Gateway;
 * the simulator's docker-node1 has booted before (facts §9.1).
 */
function environment(real: ReturnType<typeof facts>) {
  const cfg = real['network ipam'].bridge;
  if (cfg?.[0] && !cfg[0].Gateway) cfg[0].Gateway = '172.17.0.1';
  return real;
}

/** Known simulator bugs, found by these recordings: `it.fails`, so a fix turns them red until removed. */
const SIM_BUGS: Partial<Record<string, string>> = {};

describe.each(['a', 'b', 'c'])('lab %s against a real Docker 20.10 (recorded)', (n) => {
  const l = JSON.parse(readFileSync(new URL(`lab-${n}.json`, GOLDEN), 'utf8')) as Lab;
  const real = environment(facts(JSON.parse(readFileSync(new URL(`real-${n}.json`, GOLDEN), 'utf8')) as Capture));
  const { world } = replay(l);
  const run = (c: string) => execute(world, c).output;
  const sim = facts({
    networks: JSON.parse(run('docker network inspect $(docker network ls -q)')) as NetJson[],
    containers: JSON.parse(run('docker inspect $(docker ps -aq)')) as CtrJson[],
    iptables: run('iptables-save'),
  });

  it('exports the script that was run', () => {
    expect(exportDockerScript(l)).toBe(readFileSync(new URL(`lab-${n}.sh`, GOLDEN), 'utf8'));
  });

  for (const aspect of ['addresses', 'network ipam', 'endpoint ipam', 'port bindings', 'iptables'] as Aspect[]) {
    const bug = SIM_BUGS[`${n}/${aspect}`];
    (bug ? it.fails : it)(`gives the real host's ${aspect}${bug ? ` (known bug: ${bug})` : ''}`, () => {
      expect(sim[aspect]).toEqual(real[aspect]);
    });
  }
});

describe('lab c against a real Docker 20.10 (recorded): ip netns', () => {
  it('gives ns1 the addresses the real host has', () => {
    const l = JSON.parse(readFileSync(new URL('lab-c.json', GOLDEN), 'utf8')) as Lab;
    const real = (JSON.parse(readFileSync(new URL('real-c.json', GOLDEN), 'utf8')) as Capture).ns1!;
    const sim = execute(replay(l).world, 'ip netns exec ns1 ip addr').output;
    const inet = (t: string) => [...t.matchAll(/inet (\S+) .*scope \w+ (\w+)/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(inet(sim)).toEqual(inet(real));
    expect(inet(real)).toEqual(['lo 127.0.0.1/8', 'v1 10.99.0.2/24']);
  });
});

describe('machines made by `lab host add`', () => {
  it('a `lab host add` line starts a section for the new machine, with its name and address; `lab host ls` is left out', () => {
    const l = lab([
      'docker run -d --name b1 busybox sleep 1d',
      'lab host add docker-node2',
      'lab host ls',
      { t: 't2', h: 'docker-node2', c: 'docker run -d --name b2 busybox sleep 1d' },
      { t: 't2', h: 'docker-node2', c: 'ping -c 1 -W 1 192.168.205.10' },
      'lab host add docker-node2',
    ]);
    const script = exportDockerScript(l);
    expect(bashSyntaxOk(script)).toBe(true);
    expect(script).toContain("case $node in docker-node1|docker-node2) ;;");
    const tail = script.slice(script.indexOf('# on docker-node1'));
    expect(tail).toBe([
      '# on docker-node1',
      'if [ "$node" = docker-node1 ]; then',
      'docker run -d --name b1 busybox sleep 1d',
      'fi',
      '',
      '# on docker-node2',
      '# (`lab host add docker-node2` made it: a VM like the others, eth0 10.0.2.15/24 behind its own NAT, eth1 192.168.205.11/24',
      '# on the private network, Docker 20.10 installed)',
      'if [ "$node" = docker-node2 ]; then',
      'docker run -d --name b2 busybox sleep 1d',
      'fi',
      '',
    ].join('\n'));
    expect(body(script).some((x) => x.startsWith('lab '))).toBe(false);
  });
});
