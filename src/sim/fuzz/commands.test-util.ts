/**
 * The command half of the fuzz grammar: each tool's real command lines as argv arrays, drawn from
 * the shared pools, covering the shell's registry (src/sim/shell/registry.ts). Mutation and
 * quoting come after (grammar.test-util.ts).
 */
import fc from 'fast-check';
import {
  chain, cidr, containerName, count, dockerTemplate, ifaceName, image, ipAddr, mac, networkName, nsName, port, publish,
  sysctlKey, sysctlValue, table, target, url, weirdName,
} from './pools.test-util';

type Argv = string[];
type A = fc.Arbitrary<Argv>;

const pick = (...xs: string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);
const lit = (...xs: string[]): A => fc.constant(xs);
const maybe = (a: A): A => fc.oneof(fc.constant<Argv>([]), a);
const seq = (...parts: (A | string | fc.Arbitrary<string>)[]): A =>
  fc.tuple(...parts.map((p) => (typeof p === 'string' ? fc.constant([p]) : (p as fc.Arbitrary<unknown>)))).map((xs) =>
    xs.flatMap((x) => (Array.isArray(x) ? (x as string[]) : [x as string])));
/** Some of these option groups, in order. */
const opts = (...groups: A[]): A => fc.tuple(...groups.map(maybe)).map((xs) => xs.flat());
const name = (a: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ arbitrary: a, weight: 9 }, { arbitrary: weirdName, weight: 1 });

const ctr = name(containerName);
const net = name(networkName);
const ns = name(nsName);
const dev = name(ifaceName);

/** What a container runs: nothing (the image's CMD), a sleeper, a server, a one-shot tool. */
const ctrCmd: A = fc.oneof(
  lit(), lit('sleep', '3600'), lit('sh'), lit('httpd', '-f', '-p', '80'), lit('/bin/sh', '-c', 'while true; do sleep 3600;done'),
  lit('ip', 'a'), seq('ping', '-c', '1', target), lit('netstat', '-tan'), lit('cat', '/etc/hosts'), lit('nosuchcmd'),
);

const runFlags = opts(
  fc.oneof(lit('-d'), lit('-it'), lit('-dit'), lit('-d', '-it'), lit('-i')), lit('--rm'),
  fc.oneof(seq('--name', ctr), ctr.map((c) => [`--name=${c}`])),
  fc.oneof(seq('--network', net), net.map((n) => [`--net=${n}`]), ctr.map((c) => [`--network=container:${c}`])),
  seq('--ip', ipAddr), seq('-p', publish), lit('-P'), seq('--link', ctr), seq('--dns', ipAddr), seq('-h', name(pick('box', 'web1'))),
  seq('--mac-address', mac), seq('--add-host', fc.tuple(name(pick('db', 'api')), ipAddr).map(([h, a]) => `${h}:${a}`)),
  seq('--network-alias', name(pick('db', 'api'))), seq('--expose', port), seq('-e', pick('A=1', 'X')),
);

const docker: A = fc.oneof(
  { arbitrary: seq('docker', pick('run', 'run', 'create'), runFlags, image, ctrCmd), weight: 8 },
  { arbitrary: seq('docker', pick('start', 'stop', 'restart', 'rm'), opts(lit('-f'), seq('-t', count)), ctr, maybe(ctr.map((c) => [c]))), weight: 4 },
  { arbitrary: seq('docker', 'exec', opts(fc.oneof(lit('-it'), lit('-i'), lit('-d'))), ctr, ctrCmd), weight: 4 },
  { arbitrary: seq('docker', 'exec', '-it', ctr, pick('sh', 'bash', '/bin/sh')), weight: 3 },
  { arbitrary: seq('docker', 'network', 'create',
    opts(seq('-d', pick('bridge', 'overlay', 'macvlan', 'host', 'null', 'ipvlan', 'weird')), seq('--subnet', cidr), seq('--gateway', ipAddr),
      seq('--ip-range', cidr), lit('--internal'), lit('--attachable'), seq('--aux-address', fc.tuple(pick('a', 'b'), ipAddr).map(([k, v]) => `${k}=${v}`)),
      seq('-o', pick('parent=eth1', 'parent=eth1.10', 'parent=nosuch', 'com.docker.network.bridge.name=br0', 'com.docker.network.bridge.enable_icc=false',
        'com.docker.network.bridge.enable_ip_masquerade=false', 'com.docker.network.driver.mtu=1400', 'macvlan_mode=private', 'x'))),
    net), weight: 5 },
  { arbitrary: seq('docker', 'network', 'connect', opts(seq('--ip', ipAddr), seq('--alias', name(pick('db', 'api')))), net, ctr), weight: 4 },
  { arbitrary: seq('docker', 'network', 'disconnect', opts(lit('-f')), net, ctr), weight: 2 },
  { arbitrary: seq('docker', 'network', pick('rm', 'inspect'), opts(seq('-f', dockerTemplate)), net), weight: 2 },
  { arbitrary: seq('docker', 'network', pick('ls', 'prune', 'bogus'), opts(lit('-q'), lit('-f'), seq('--format', dockerTemplate))), weight: 1 },
  { arbitrary: seq('docker', pick('ps', 'images'), opts(lit('-a'), lit('-q'), seq('--format', dockerTemplate))), weight: 2 },
  { arbitrary: seq('docker', pick('inspect', 'container inspect'), opts(seq('-f', dockerTemplate)), fc.oneof(ctr, net)), weight: 2 },
  { arbitrary: seq('docker', 'port', ctr, maybe(seq(fc.oneof(port, pick('80/tcp', '80/udp', '80/x'))))), weight: 1 },
  { arbitrary: seq('docker', 'swarm', 'init', opts(seq('--advertise-addr', fc.oneof(ipAddr, pick('eth1', 'eth0', 'nosuch'))))), weight: 2 },
  { arbitrary: seq('docker', 'swarm', 'join', opts(seq('--token', pick(
    // docker swarm init's tokens on docker-node1 with 192.168.205.10 (a function of name and address, swarm.ts)
    'SWMTKN-1-4ek1ybkseznt9w3f05y6h67rkietn1sr68ui6ww3cwv25hjynt-usosqn64r3vzxivjhxv6irz6u',
    'SWMTKN-1-4ek1ybkseznt9w3f05y6h67rkietn1sr68ui6ww3cwv25hjynt-ipgcfj6mzcx9t9neeq5iryys5', 'SWMTKN-1-x', 'bogus'))),
  fc.oneof(pick('192.168.205.10:2377', '192.168.205.10', '192.168.205.11:2377', '10.0.0.1:99999', 'x:y'), ipAddr)), weight: 2 },
  { arbitrary: seq('docker', 'swarm', pick('leave', 'join-token', 'bogus'), opts(lit('-f'), lit('-q'), pick('worker', 'manager', 'x').map((x) => [x]))), weight: 1 },
  { arbitrary: seq('docker', 'node', pick('ls', 'rm', 'inspect'), opts(lit('-q'))), weight: 1 },
  { arbitrary: seq('docker', pick('logs', 'wait', 'pull', 'rmi', 'version', 'info', 'compose', '-v', '--help', 'bogus', 'image ls'), fc.oneof(lit(), ctr.map((c) => [c]), image.map((i) => [i]))), weight: 1 },
);

const netnsPrefix = maybe(fc.oneof(seq('-n', ns), ns.map((n) => [`-netns=${n}`]), seq('netns', 'exec', ns, 'ip')));
const ipFlags = opts(fc.oneof(lit('-br'), lit('-d'), lit('-s'), lit('-4'), lit('-6'), lit('-o'), lit('-c'), lit('-j'), lit('-bogus')));

const linkAdd: A = fc.oneof(
  seq('link', 'add', dev, 'type', 'veth', 'peer', 'name', dev, maybe(seq('netns', ns))),
  seq('link', 'add', maybe(seq('name')), dev, 'type', pick('bridge', 'dummy', 'weird')),
  seq('link', 'add', dev, 'type', 'vxlan', 'id', fc.oneof(pick('42', '100', '4096'), count), opts(seq('dstport', port), seq('dev', dev),
    seq(pick('remote', 'group', 'local'), ipAddr), lit('nolearning'), lit('proxy'), lit('l2miss', 'l3miss'))),
  seq('link', 'add', 'link', dev, 'name', dev, 'type', pick('macvlan', 'ipvlan'), maybe(seq('mode', pick('bridge', 'vepa', 'private', 'passthru', 'x')))),
  seq('link', 'add', 'link', dev, 'name', pick('eth1.10', 'vlan10'), 'type', 'vlan', 'id', count),
);
const linkSet: A = seq('link', 'set', maybe(lit('dev')), dev, fc.oneof(
  seq('master', dev), lit('nomaster'), seq('netns', fc.oneof(ns, pick('1', '0', '99999'))), lit('up'), lit('down'), seq('name', dev),
  seq('address', mac), seq('mtu', pick('1500', '68', '67', '65536', '9000', '0', 'x')), seq('up', 'master', dev), lit('promisc', 'on'),
));
const ipCmd: A = fc.oneof(
  { arbitrary: linkAdd, weight: 5 }, { arbitrary: linkSet, weight: 6 },
  { arbitrary: seq('link', pick('del', 'delete', 'show', 'sh', 'l'), maybe(lit('dev')), dev), weight: 2 },
  { arbitrary: seq(pick('addr', 'address', 'a'), pick('add', 'del', 'a', 'replace'), cidr, opts(seq('brd', pick('+', '10.0.0.255'))), 'dev', dev), weight: 5 },
  { arbitrary: seq(pick('addr', 'a'), pick('show', 'flush', 'sh', 'list'), maybe(seq(maybe(lit('dev')), dev))), weight: 2 },
  { arbitrary: seq(pick('route', 'r', 'ro'), pick('add', 'del', 'replace', 'change'), fc.oneof(cidr, pick('default')), opts(seq('via', ipAddr), seq('dev', dev), seq('metric', count), seq('src', ipAddr), seq('table', pick('main', '100', 'x')))), weight: 5 },
  { arbitrary: seq(pick('route', 'r'), pick('show', 'get', 'list', 'flush'), maybe(seq(ipAddr))), weight: 2 },
  { arbitrary: seq(pick('neigh', 'n'), pick('add', 'replace', 'del', 'show', 'flush'), ipAddr, opts(seq('lladdr', mac), seq('dev', dev), seq('nud', pick('permanent', 'reachable', 'stale', 'x')))), weight: 2 },
  { arbitrary: seq('netns', pick('add', 'del', 'delete', 'list', 'ls', 'identify', 'pids'), maybe(seq(ns))), weight: 4 },
  { arbitrary: seq('netns', 'exec', ns, pick('ip', 'ping', 'bash', 'sh', 'iptables', 'sysctl', 'nosuch'), fc.oneof(lit(), lit('a'), lit('-c', '1', '10.0.0.2'), lit('link', 'set', 'lo', 'up'), lit('-L'), lit('-w', 'net.ipv4.ip_forward=1'))), weight: 4 },
  { arbitrary: seq(pick('bogus', 'l', 'help', 'maddr', 'tunnel'), maybe(lit('show'))), weight: 1 },
);
const ip: A = seq('ip', ipFlags, netnsPrefix, ipCmd);

const brctl: A = fc.oneof(
  seq('brctl', pick('addbr', 'delbr'), dev), seq('brctl', pick('addif', 'delif'), dev, dev),
  seq('brctl', pick('show', 'showmacs', 'showstp', 'bogus'), maybe(seq(dev))), seq('brctl', pick('stp', 'setageing'), dev, pick('on', 'off', '0', 'x')),
);
const bridge: A = fc.oneof(
  seq('bridge', maybe(seq('-n', ns)), 'fdb', pick('add', 'append', 'del', 'replace'), mac, 'dev', dev, opts(seq('dst', ipAddr), lit('self'), lit('permanent'), lit('master'), seq('vni', count))),
  seq('bridge', maybe(seq('-n', ns)), pick('fdb', 'link', 'vlan', 'bogus'), maybe(lit('show')), maybe(seq('br', dev))),
);

const match: A = fc.oneof(
  seq('-p', pick('tcp', 'udp', 'icmp', 'all', '6', 'bogus', 'TCP')), seq('-p', pick('tcp', 'udp'), pick('--dport', '--sport', '--destination-port'), port),
  seq(pick('-s', '-d', '--source', '--destination'), fc.oneof(cidr, ipAddr)), seq(pick('-i', '-o', '!', '-i!'), dev), seq('!', pick('-i', '-o'), dev),
  lit('-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED'), lit('-m', 'state', '--state', 'NEW'), lit('-m', 'addrtype', '--dst-type', 'LOCAL'),
  lit('-m', 'bogus'), lit('-m', 'tcp', '--dport', '22'), lit('-p', 'tcp', '-m', 'multiport', '--dports', '80,443'),
);
const jump: A = fc.oneof(
  seq('-j', pick('ACCEPT', 'DROP', 'REJECT', 'RETURN', 'MASQUERADE', 'LOG', 'DOCKER', 'MYCHAIN', 'NOSUCH', 'accept')),
  seq('-j', 'DNAT', '--to-destination', fc.oneof(ipAddr, fc.tuple(ipAddr, port).map(([a, p]) => `${a}:${p}`))),
  seq('-j', 'SNAT', '--to-source', ipAddr), lit('-j', 'REJECT', '--reject-with', 'tcp-reset'), lit('-j'), lit('-g', 'MYCHAIN'),
);
const iptables: A = seq(pick('iptables', 'iptables', 'iptables-save'), maybe(seq('-t', table)), fc.oneof(
  { arbitrary: seq(pick('-A', '-I', '-D', '-C', '--append'), chain, maybe(seq(pick('1', '2', '0', '99', '-1'))), opts(match, match), jump), weight: 6 },
  { arbitrary: seq(pick('-L', '-S', '-F', '-Z', '-N', '-X', '-nL', '-nvL', '--list'), maybe(seq(chain)), opts(lit('-n'), lit('-v'), lit('--line-numbers'), lit('-x'))), weight: 4 },
  { arbitrary: seq(pick('-P', '-E', '-R', '-D'), chain, pick('ACCEPT', 'DROP', 'NEWNAME', '1', '')), weight: 1 },
  { arbitrary: fc.oneof(lit(), lit('-h'), lit('-V'), lit('-6'), lit('--bogus')), weight: 1 },
));

const procPath = pick('/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/ipv4/conf/all/forwarding', '/proc/sys/net/bridge/bridge-nf-call-iptables',
  '/proc/sys/net/ipv4/nope', '/proc/sys/', '/etc/hosts', '/tmp/out', '/etc', '/nosuchdir/f');
const misc: A = fc.oneof(
  seq('sysctl', fc.oneof(seq('-w', fc.tuple(sysctlKey, sysctlValue).map(([k, v]) => `${k}=${v}`)), seq(sysctlKey), lit('-a'), lit('-p'), seq(fc.tuple(sysctlKey, sysctlValue).map(([k, v]) => `${k}=${v}`)))),
  seq('echo', sysctlValue, pick('>', '>>'), procPath),
  seq('cat', fc.oneof(procPath, pick('/etc/resolv.conf', '/etc/docker/daemon.json', '/proc/net/arp', '/nope', '/'))),
  seq('ping', opts(seq('-c', count), seq('-W', pick('1', '0', 'x')), seq('-i', pick('0.2', '0', '0.001')), seq('-s', pick('56', '1472', '65507', '70000')),
    seq('-t', pick('1', '64', '0', '256')), seq('-I', dev), lit('-q'), lit('-n')), target),
  seq('curl', opts(lit('-s'), lit('-I'), lit('-v'), seq('-m', pick('1', '0', 'x')), seq('--connect-timeout', pick('1', '-1')), lit('-L'), seq('-o', pick('/dev/null', '-')), seq('-X', pick('POST', 'GET'))), url),
  seq('wget', opts(lit('-q'), seq('-O', pick('-', '/dev/null', 'f')), seq('-T', pick('1', '0')), lit('--spider')), url),
  seq('telnet', target, maybe(seq(port))),
  seq('nslookup', fc.oneof(target, pick('c1', 'tasks.c1', 'www.baidu.com.', '')), maybe(seq(ipAddr))),
  seq(pick('ifconfig', 'route', 'netstat', 'arp', 'hostname', 'ls', 'pwd', 'true', 'false', 'iptables-save', 'exit', 'exit'),
    opts(fc.oneof(lit('-a'), lit('-n'), lit('-tan'), lit('-rn'), lit('-antp'), seq(dev), lit('1'), lit('256'), lit('-1')))),
  seq(pick('systemctl', 'service'), pick('restart', 'stop', 'start', 'status', 'reload'), pick('docker', 'nginx', 'x')),
  seq('grep', pick('-c', '-v', '-i', '-E'), pick('eth0', 'inet', '(', '[', 'a*b*c*d*e*f*g*h*', '', '(a*)*b', '^(.+)+$', '(eth|veth)[0-9]+', '\\(a\\)\\1')),
  seq('echo', fc.oneof(target, weirdName)),
);

const lab: A = fc.oneof(
  seq('lab', 'host', 'add', pick('docker-node2', 'docker-node3', 'vm-a', 'docker-node9', 'docker-node99'), opts(seq('--ip', cidr))),
  seq('lab', pick('host', 'help', 'bogus'), fc.oneof(lit(), lit('ls'), lit('add'), seq('add', weirdName), lit('rm', 'vm-a'))),
);

/** One real command of any tool, as argv. */
export const commandArgv: A = fc.oneof(
  { arbitrary: docker, weight: 30 }, { arbitrary: ip, weight: 25 }, { arbitrary: iptables, weight: 10 }, { arbitrary: misc, weight: 20 },
  { arbitrary: brctl, weight: 4 }, { arbitrary: bridge, weight: 4 }, { arbitrary: lab, weight: 3 },
);

/**
 * Lines that build something for later lines to hit, each valid on a fresh docker-node1 (the
 * containers on the default bridge and net1, a namespace wired by a veth pair to a bridge); a
 * script starts with some of them, in order.
 */
export const SETUP: readonly string[] = [
  'docker run -d --name c1 busybox sleep 3600',
  'docker network create net1',
  'docker run -d --name c2 -p 8080:80 --network net1 nginx',
  'docker network connect net1 c1',
  'docker run -d --name web -p 80 busybox httpd -f -p 80',
  'ip netns add ns1',
  'ip link add veth0 type veth peer name veth1',
  'ip link set veth1 netns ns1',
  'ip link add br0 type bridge',
  'ip link set veth0 master br0',
  'ip addr add 10.0.0.1/24 dev br0',
  'ip -n ns1 addr add 10.0.0.2/24 dev veth1',
  'ip link set br0 up',
  'ip link set veth0 up',
  'ip -n ns1 link set veth1 up',
  'ip -n ns1 route add default via 10.0.0.1',
  'iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -j MASQUERADE',
  'lab host add docker-node2',
  'docker swarm init --advertise-addr 192.168.205.10',
  'docker network create -d overlay --attachable ov1',
  'docker network create -d macvlan --subnet 192.168.205.0/24 --gateway 192.168.205.1 -o parent=eth1 mv1',
];
