import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type Session, type World } from '../../sim';
import { COMMANDS } from '../../sim/shell/registry';
import { commonPrefix, complete, formatColumns, HOST_COMMANDS, splitLine } from './completion';

let world: World;
let host: string;

/** Runs lab lines on the default world, each one checked to succeed. */
function lab(lines: string[]): World {
  let w = createDefaultWorld();
  for (const line of lines) {
    const r = execute(w, line);
    if (r.exitCode !== 0) throw new Error(`${line}: ${r.output}`);
    w = r.world;
  }
  return w;
}

beforeAll(() => {
  world = lab([
    'docker network create net1',
    'docker run -d --name c1 busybox sleep 1d',
    'docker run -d --name c2 --network net1 busybox sleep 1d',
    'docker run -d --name web nginx',
    'docker create --name cold busybox',
    'ip netns add red',
    'ip netns add blue',
    'ip link add veth-r type veth peer name veth-h',
    'ip link set veth-r netns red',
    'brctl addbr br0',
  ]);
  host = world.hostOrder[0]!;
});

/** The candidates for the text before the cursor, on the host or in a session. */
function tab(text: string, session: Session | null = null): string[] {
  return complete(world, host, session, text).candidates;
}

function sessionIn(name: string): Session {
  const d = world.hosts[host]!.docker!;
  const id = d.containerOrder.find((c) => d.containers[c]!.name === name)!;
  return { container: id };
}

describe('splitLine', () => {
  it.each([
    ['', [], '', 0],
    ['docker ex', ['docker'], 'ex', 7],
    ['docker exec -it ', ['docker', 'exec', '-it'], '', 16],
    ['ip a && docker ps -', ['docker', 'ps'], '-', 18],
    ['echo "a;b" ; ip l', ['ip'], 'l', 16],
    ['ls|gr', [], 'gr', 3],
  ])('%j', (text, words, word, start) => {
    expect(splitLine(text)).toEqual({ words, word, start });
  });
});

describe('complete', () => {
  it('keeps the host command list equal to the simulator registry (plus the terminal clear)', () => {
    expect([...HOST_COMMANDS].sort()).toEqual([...Object.keys(COMMANDS), 'clear'].sort());
  });

  it('completes command names on the host and the image tools in a container', () => {
    expect(tab('')).toContain('docker');
    expect(tab('ipt')).toEqual(['iptables', 'iptables-save']);
    expect(tab('doc')).toEqual(['docker']);
    expect(tab('do', sessionIn('c1'))).toEqual([]);
    expect(tab('', sessionIn('c1'))).toEqual(expect.arrayContaining(['ip', 'ping', 'wget', 'exit', 'cat']));
    // nginx (Debian) has curl but no ip or ping.
    expect(tab('', sessionIn('web'))).toContain('curl');
    expect(tab('', sessionIn('web'))).not.toContain('ip');
  });

  it('completes docker subcommands and network subcommands', () => {
    expect(tab('docker ex')).toEqual(['exec']);
    expect(tab('docker r')).toEqual(['restart', 'rm', 'rmi', 'run']);
    expect(tab('docker network ')).toEqual(['connect', 'create', 'disconnect', 'inspect', 'ls', 'prune', 'rm']);
    expect(tab('docker network c')).toEqual(['connect', 'create']);
    expect(tab('docker container l')).toEqual(['list', 'logs', 'ls']);
  });

  it('completes flags per subcommand', () => {
    expect(tab('docker run --n')).toEqual(['--name', '--net', '--net-alias', '--network', '--network-alias'].filter((f) => f !== '--net-alias'));
    expect(tab('docker run -')).toEqual(expect.arrayContaining(['-d', '-it', '-p', '--rm', '--link', '--ip']));
    expect(tab('docker exec -')).toContain('-it');
    expect(tab('docker ps -')).toContain('-a');
    expect(tab('docker network create --d')).toEqual(['--driver']);
  });

  it('completes flag values from the World', () => {
    expect(tab('docker run --network ')).toEqual(['bridge', 'host', 'net1', 'none']);
    expect(tab('docker run -d --network n')).toEqual(['net1', 'none']);
    expect(tab('docker run --network=n')).toEqual(['--network=net1', '--network=none']);
    expect(tab('docker run --link ')).toEqual(['c1', 'c2', 'web']);
    expect(tab('docker network create -d ')).toEqual(['bridge', 'host', 'null']);
  });

  it('completes images after run flags, and nothing for the command after the image', () => {
    expect(tab('docker run -d --name x ')).toEqual(expect.arrayContaining(['busybox', 'nginx', 'alpine', 'tomcat:7']));
    expect(tab('docker run -d --name x b')).toEqual(['busybox']);
    expect(tab('docker run -d busybox ')).toEqual([]);
  });

  it('completes containers by state: running for exec and stop, stopped for start, all for rm', () => {
    expect(tab('docker exec -it ')).toEqual(['c1', 'c2', 'web']);
    expect(tab('docker exec -it c')).toEqual(['c1', 'c2']);
    expect(tab('docker stop ')).toEqual(['c1', 'c2', 'web']);
    expect(tab('docker start ')).toEqual(['cold']);
    expect(tab('docker rm ')).toEqual(['c1', 'c2', 'cold', 'web']);
    expect(tab('docker rm c1 ')).toEqual(['c2', 'cold', 'web']);
    expect(tab('docker inspect ')).toEqual(expect.arrayContaining(['c1', 'net1', 'bridge', 'busybox']));
    expect(tab('docker logs w')).toEqual(['web']);
    expect(tab('docker port ')).toContain('web');
  });

  it('completes the command run by docker exec as the container has it', () => {
    expect(tab('docker exec -it c1 ')).toEqual(expect.arrayContaining(['ip', 'ping', 'exit']));
    expect(tab('docker exec -it c1 s')).toEqual([]);
    expect(tab('docker exec c1 ip link set ')).toEqual(expect.arrayContaining(['eth0', 'lo']));
    expect(tab('docker exec c1 ip link set ')).not.toContain('docker0');
  });

  it('completes docker network connect/disconnect: a network, then a container off or on it', () => {
    expect(tab('docker network connect ')).toEqual(['bridge', 'host', 'net1', 'none']);
    expect(tab('docker network connect net1 ')).toEqual(['c1', 'cold', 'web']);
    expect(tab('docker network disconnect net1 ')).toEqual(['c2']);
    expect(tab('docker network disconnect bridge ')).toEqual(['c1', 'web']);
    expect(tab('docker network rm ')).toEqual(['net1']);
    expect(tab('docker network inspect n')).toEqual(['net1', 'none']);
  });

  it('does not offer docker inside a container', () => {
    expect(tab('docker ', sessionIn('c1'))).toEqual([]);
  });

  it('completes ip objects, verbs and interfaces', () => {
    expect(tab('ip ')).toEqual(['address', 'link', 'neighbor', 'netns', 'route']);
    expect(tab('ip link s')).toEqual(['set', 'show']);
    expect(tab('ip link set veth-')).toEqual(['veth-h']);
    expect(tab('ip link set ')).toEqual(expect.arrayContaining(['dev', 'docker0', 'eth0', 'lo', 'veth-h']));
    expect(tab('ip l s veth-h ')).toEqual(expect.arrayContaining(['up', 'down', 'master', 'netns']));
    expect(tab('ip link set veth-h master ')).toEqual([expect.stringMatching(/^br-[0-9a-f]{12}$/), 'br0', 'docker0']);
    expect(tab('ip link set veth-h netns ')).toEqual(['blue', 'red']);
    expect(tab('ip addr add 10.0.0.1/24 dev e')).toEqual(['eth0', 'eth1']);
    expect(tab('ip link add x type ')).toEqual(['bridge', 'veth']);
  });

  it('completes namespaces for ip netns exec and ip -n, then inside the namespace', () => {
    expect(tab('ip netns exec ')).toEqual(['blue', 'red']);
    expect(tab('ip netns del r')).toEqual(['red']);
    expect(tab('ip -n ')).toEqual(['blue', 'red']);
    expect(tab('ip -n red link set ')).toEqual(['dev', 'lo', 'veth-r']);
    expect(tab('ip netns exec red ip link set ')).toEqual(['dev', 'lo', 'veth-r']);
    expect(tab('ip netns exec red pi')).toEqual(['ping']);
  });

  it('completes in a namespace shell with its interfaces', () => {
    const red = world.hosts[host]!.netns['red']!;
    expect(tab('ip link set ', { ns: red })).toEqual(['dev', 'lo', 'veth-r']);
  });

  it('completes brctl bridges and ports', () => {
    expect(tab('brctl ')).toEqual(['addbr', 'addif', 'delbr', 'delif', 'show']);
    expect(tab('brctl addif ')).toEqual([expect.stringMatching(/^br-/), 'br0', 'docker0']);
    expect(tab('brctl addif br0 veth')).toEqual(['veth-h']);
    expect(tab('brctl delif docker0 ')).toHaveLength(2);
    expect(tab('brctl delif br0 ')).toEqual([]);
  });

  it('completes iptables tables, chains of the table and targets', () => {
    expect(tab('iptables -t ')).toEqual(['filter', 'nat']);
    expect(tab('iptables -t nat -L ')).toEqual(expect.arrayContaining(['DOCKER', 'POSTROUTING', 'PREROUTING']));
    expect(tab('iptables -t nat -L ')).not.toContain('FORWARD');
    expect(tab('iptables -L D')).toEqual(expect.arrayContaining(['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-USER']));
    expect(tab('iptables -A FORWARD -j D')).toEqual(expect.arrayContaining(['DROP', 'DNAT', 'DOCKER']));
    expect(tab('iptables -P FORWARD ')).toEqual(['ACCEPT', 'DROP']);
  });

  it('completes files for cat, a directory at a time, and the few other tools', () => {
    expect(tab('cat /e')).toEqual(['/etc/']);
    expect(tab('cat /etc/h')).toEqual(['/etc/hostname', '/etc/hosts']);
    expect(tab('cat /proc/sys/net/ipv4/')).toEqual(['/proc/sys/net/ipv4/conf/', '/proc/sys/net/ipv4/ip_forward']);
    expect(tab('cat /etc/res', sessionIn('c1'))).toEqual(['/etc/resolv.conf']);
    expect(tab('sysctl net.ipv4.i')).toEqual(['net.ipv4.ip_forward']);
    expect(tab('systemctl rest')).toEqual(['restart']);
    expect(tab('systemctl restart ')).toEqual(['docker']);
    expect(tab('ping c', sessionIn('c2'))).toEqual(['c1', 'c2']);
  });

  it('reports where the completed word starts', () => {
    expect(complete(world, host, null, 'docker exec -it c').start).toBe(16);
    expect(complete(world, host, null, '').start).toBe(0);
  });
});

describe('commonPrefix', () => {
  it.each([
    [[], ''],
    [['connect'], 'connect'],
    [['connect', 'create'], 'c'],
    [['/etc/hosts', '/etc/hostname'], '/etc/host'],
  ])('%j', (items, prefix) => {
    expect(commonPrefix(items)).toBe(prefix);
  });
});

describe('formatColumns', () => {
  it('lays items out down then across, to the width', () => {
    const items = ['connect', 'create', 'disconnect', 'inspect', 'ls', 'prune', 'rm'];
    expect(formatColumns(items, 40)).toEqual(['connect     inspect     rm', 'create      ls', 'disconnect  prune']);
    expect(formatColumns(items, 10)).toHaveLength(7);
    expect(formatColumns([], 80)).toEqual([]);
  });
});
