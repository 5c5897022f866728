/**
 * The small worlds of names and values the fuzz grammar draws from. Names are few and shared by
 * every tool (a container `c1`, a network `net1`, a namespace `ns1`, a bridge `br0`), so a
 * generated script keeps hitting objects that exist, not only "no such container"; the weird
 * values are the inputs people paste by mistake and the edges of each value's syntax.
 */
import fc from 'fast-check';

const pick = <T>(...xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

/** Machines: the seeds' VMs and one made by `lab host add` under a name of its own. */
export const HOSTS = ['docker-node1', 'docker-node2', 'docker-node3', 'vm-a'] as const;

export const containerName = pick('c1', 'c2', 'test1', 'web');
export const networkName = pick('net1', 'net2', 'bridge', 'host', 'none', 'ov1', 'mv1');
export const nsName = pick('ns1', 'ns2', 'test1');
export const ifaceName = pick('veth0', 'veth1', 'br0', 'vx0', 'mv0', 'dummy0', 'eth0', 'eth1', 'lo', 'docker0');
export const image = pick('busybox', 'busybox:latest', 'nginx', 'alpine', 'centos:7', 'centos', 'tomcat:7', 'redis', 'nosuch:1');
export const chain = pick('INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING', 'DOCKER', 'DOCKER-USER', 'DOCKER-ISOLATION-STAGE-1', 'MYCHAIN');
/** Object members: a table lookup on user input must not find them (`TABLE[word]`, `word in TABLE`). */
export const OBJECT_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'] as const;

export const table = pick('filter', 'nat', 'mangle', 'raw', 'bogus', ...OBJECT_KEYS);

/** Names that break naive parsers: empty, huge, unicode, a leading dash, shell and path characters. */
export const weirdName: fc.Arbitrary<string> = fc.oneof(
  pick('', '-', '--', '-x', '--name', 'a'.repeat(15), 'a'.repeat(16), 'x'.repeat(300), '名字', 'ümlaut', 'a b', 'a/b', '..', '.', '*',
    '$HOME', 'a\tb', '\u0000', 'eth0:1', 'veth0@if5', 'docker0 ', 'NET1', 'c1.net1', 'default', 'all', 'any', 'help', ...OBJECT_KEYS),
  fc.stringMatching(/^[a-z0-9_.-]{1,20}$/),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

const goodIp = pick('10.0.0.1', '10.0.0.2', '10.0.1.1', '172.17.0.1', '172.17.0.2', '172.17.0.3', '172.18.0.2', '172.18.0.3',
  '192.168.205.10', '192.168.205.11', '192.168.205.12', '10.0.2.2', '10.0.2.15', '8.8.8.8', '127.0.0.1', '203.0.113.10');
const weirdIp = pick('256.1.1.1', '1.2.3', '1.2.3.4.5', '0.0.0.0', '255.255.255.255', '10.0.0.0', '10.0.0.255', '172.17.255.255',
  '::1', 'fe80::1', '2001:db8::1', '-1.0.0.1', '01.02.03.04', '1e3.0.0.1', '0x7f.0.0.1', '', 'localhost', 'www.baidu.com', 'a.b.c.d',
  '1.2.3.4/', '999999999999', '4294967296', '1..2.3', ' 10.0.0.1');

/** An IPv4 address, mostly one the default world or the pools use, sometimes malformed or random. */
export const ipAddr: fc.Arbitrary<string> = fc.oneof({ arbitrary: goodIp, weight: 6 }, { arbitrary: weirdIp, weight: 2 }, { arbitrary: fc.ipV4(), weight: 1 });

const prefix = fc.oneof({ arbitrary: pick(8, 16, 24, 24, 30, 32), weight: 5 }, { arbitrary: pick(0, 1, 31, 33, -1, 99, 4294967320), weight: 1 });
const goodCidr = pick('10.0.0.1/24', '10.0.0.2/24', '10.0.1.1/24', '172.20.0.0/16', '172.20.16.0/16', '192.168.0.0/24', '10.10.0.0/24',
  '172.17.0.0/16', '192.168.205.0/24', '10.0.0.0/8', '0.0.0.0/0');

/** `A.B.C.D/N`: real subnets, network and broadcast addresses, /0, /33, IPv6, no prefix. */
export const cidr: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: goodCidr, weight: 4 },
  { arbitrary: fc.tuple(ipAddr, prefix).map(([a, p]) => `${a}/${p}`), weight: 2 },
  { arbitrary: pick('2001:db8::/64', '10.0.0.1/255.255.255.0', '10.0.0.1/', '/24', '10.0.0.1/24/24'), weight: 1 },
);

export const mac = pick('02:42:ac:11:00:02', '02:42:0a:00:00:05', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '02:42:AC:11:00:99',
  '02:42:ac:11:00', 'zz:zz:zz:zz:zz:zz', '2:42:ac:11:0:2');
export const port = fc.oneof(pick('80', '8080', '22', '2377', '4789', '53', '443'), pick('0', '65535', '65536', '-1', 'http', 'x', '1:1024', '99999999', 'constructor', 'toString'));
export const count = fc.oneof(pick('1', '2', '3'), pick('0', '-1', '99999999', '1e9', 'x', '2147483648', 'valueOf', '__proto__'));

/** `docker run -p` values, valid and not. */
export const publish = fc.oneof(
  pick('80', '8080:80', '127.0.0.1:8081:80', '192.168.205.10::80', '80/udp', '2222', '1000-1002:1000-1002'),
  pick('1-65535', '0:80', '80:', ':80', '8080:80/sctp', '8080:80/foo', '::80', 'a:b', '65536:80', '1.2.3.4:80:80:80'),
);

/** A host name a command can reach: a container, a world name, an address. */
export const target = fc.oneof(ipAddr, containerName, pick('www.baidu.com', 'example.com', 'docker-node2', 'localhost', 'c1.net1'));

export const url = fc.oneof(
  fc.tuple(pick('http://', 'https://', '', 'ftp://'), target, fc.option(port, { nil: undefined }), pick('', '/', '/index.html', '/a?b=c#d'))
    .map(([s, h, p, path]) => `${s}${h}${p !== undefined ? `:${p}` : ''}${path}`),
  pick('http://', 'http://[::1]:80/', 'http://10.0.0.1:/', 'http://:80', 'http://a:b@c/', '%%%'),
);

export const sysctlKey = pick('net.ipv4.ip_forward', 'net.ipv4.conf.all.forwarding', 'net.bridge.bridge-nf-call-iptables',
  'net.ipv4.conf.eth0.proxy_arp', 'net.ipv4.conf.docker0.route_localnet', 'net.ipv4.ip_unknown', 'kernel.hostname', 'net..ipv4', 'net/ipv4/ip_forward');
export const sysctlValue = pick('0', '1', '2', '', 'yes', '-1', '99999999999999999999', ...OBJECT_KEYS);

export const dockerTemplate = pick('{{.NetworkSettings.IPAddress}}', '{{json .}}', '{{range .Containers}}{{.Name}} {{end}}', '{{.Name}}',
  '{{.IPAM.Config}}', '{{', '{{.Nope}}', '{{range .}}', '{{index .Options "x"}}', '{{.ID}}\t{{.Names}}', 'table {{.Names}}');
