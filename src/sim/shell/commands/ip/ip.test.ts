/**
 * `ip` error texts and exit codes, as iproute2 6.1 on Linux 6.x printed them in a fresh
 * namespace (recorded with `ip netns exec scratch bash -c 'CMD; echo rc=$?'`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replay, type Lab } from '../../../lab/lab';
import { session } from '../../../lab/session.test-util';
import { execute, type ExecResult } from '../../execute';

const setup = [
  'ip netns add k1',
  'ip -n k1 link add veth0 type veth peer name veth1',
];

/** The last line's result, each line run on the World the line before left. */
function run(lines: string[]): ExecResult {
  return session([], lines).at(-1)!;
}

const cases: [string, string, number][] = [
  ['ip foo', 'Object "foo" is unknown, try "ip help".\n', 255],
  ['ip link foo', 'Command "foo" is unknown, try "ip link help".\n', 255],
  ['ip link show nosuch', 'Device "nosuch" does not exist.\n', 1],
  ['ip -n nosuch link', 'Cannot open network namespace "nosuch": No such file or directory\n', 255],
  ['ip link set nosuch up', 'Cannot find device "nosuch"\n', 1],
  ['ip addr add 1.2.3.4/24', 'Not enough information: "dev" argument is required.\n', 1],
  ['ip link add x', 'Not enough information: "type" argument is required\n', 1],
  ['ip link add x type foo', 'Error: Unknown device type.\n', 2],
  ['ip -x a', 'Option "-x" is unknown, try "ip -help".\n', 255],
  ['ip -n k1 route add 10.1.0.0/24 dev veth0', 'Error: Device for nexthop is not up.\n', 2],
  ['ip -n k1 link add veth0 type veth peer name x', 'RTNETLINK answers: File exists\n', 2],
  ['ip -n k1 link del lo', 'RTNETLINK answers: Operation not supported\n', 2],
  ['ip -n k1 link set veth0 netns nosuch', 'Error: argument "nosuch" is wrong: Invalid "netns" value\n\n', 255],
  ['ip -n k1 link set veth1 master nosuch', 'Error: argument "nosuch" is wrong: Device does not exist\n\n', 255],
  ['ip -n k1 addr add 1.2.3/33 dev veth0', 'Error: any valid prefix is expected rather than "1.2.3/33".\n', 1],
  ['ip netns add k1', 'Cannot create namespace file "/var/run/netns/k1": File exists\n', 1],
  ['ip netns del nosuch', 'Cannot remove namespace file "/var/run/netns/nosuch": No such file or directory\n', 1],
  ['ip -n k1 route del 10.9.0.0/24', 'Error: FIB table does not exist.\n', 2],
];

describe('ip errors as iproute2 prints them', () => {
  it.each(cases)('%s', (cmd, text, code) => {
    const r = run([...setup, cmd]);
    expect(r.output).toBe(text);
    expect(r.exitCode).toBe(code);
  });
});

describe('ip with an addressed link', () => {
  const base = [...setup, 'ip -n k1 addr add 10.2.0.5/24 dev veth0', 'ip -n k1 link set veth0 up'];

  it('refuses a gateway it cannot reach directly', () => {
    const r = run([...base, 'ip -n k1 route add 10.1.0.0/24 via 10.3.0.1']);
    expect(r.output).toBe('Error: Nexthop has invalid gateway.\n');
    expect(r.exitCode).toBe(2);
  });

  it('adds a route via a gateway and shows it with linkdown while the peer is down', () => {
    const r = run([...base, 'ip -n k1 route add 10.1.0.0/24 via 10.2.0.1', 'ip -n k1 route']);
    expect(r.output).toBe(
      '10.1.0.0/24 via 10.2.0.1 dev veth0 linkdown \n' +
        '10.2.0.0/24 dev veth0 proto kernel scope link src 10.2.0.5 linkdown \n',
    );
  });

  it('rejects a duplicate route, address, and a prefix with host bits', () => {
    expect(run([...base, 'ip -n k1 route add 10.1.0.0/24 via 10.2.0.1', 'ip -n k1 route add 10.1.0.0/24 via 10.2.0.1']).output).toBe('RTNETLINK answers: File exists\n');
    expect(run([...base, 'ip -n k1 route add 10.1.0.1/24 dev veth0']).output).toBe('Error: Invalid prefix for given prefix length.\n');
    expect(run([...base, 'ip -n k1 addr add 10.2.0.5/24 dev veth0']).output).toBe('Error: ipv4: Address already assigned.\n');
    expect(run([...base, 'ip -n k1 addr del 10.3.0.5/24 dev veth0']).output).toBe('Error: ipv4: Address not found.\n');
    expect(run([...base, 'ip -n k1 route del 10.9.0.0/24']).output).toBe('RTNETLINK answers: No such process\n');
  });

  it('marks a second address in the subnet secondary and lists primaries first', () => {
    const r = run([...base, 'ip -n k1 a add 10.2.0.6/24 dev veth0', 'ip -n k1 a add 10.2.0.7/16 brd + dev veth0', 'ip -n k1 -4 a show veth0']);
    expect(r.output).toBe(
      '3: veth0@veth1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000\n' +
        '    inet 10.2.0.5/24 scope global veth0\n       valid_lft forever preferred_lft forever\n' +
        '    inet 10.2.0.7/16 brd 10.2.255.255 scope global veth0\n       valid_lft forever preferred_lft forever\n' +
        '    inet 10.2.0.6/24 scope global secondary veth0\n       valid_lft forever preferred_lft forever\n',
    );
  });

  it('drops every route through a link that goes down, and does not restore static ones', () => {
    const r = run([...base, 'ip -n k1 route add 10.1.0.0/24 via 10.2.0.1', 'ip -n k1 link set veth0 down', 'ip -n k1 link set veth0 up', 'ip -n k1 route']);
    expect(r.output).toBe('10.2.0.0/24 dev veth0 proto kernel scope link src 10.2.0.5 linkdown \n');
  });

  it('a bridge takes its first port\'s MAC and has no carrier until a port has', () => {
    const r = run([...base, 'ip -n k1 link set veth0 down', 'ip -n k1 link add br0 type bridge', 'ip -n k1 link set br0 up', 'ip -n k1 link set veth1 master br0', 'ip -n k1 link show br0']);
    const veth1Mac = /link\/ether (\S+)/.exec(run([...setup, 'ip -n k1 link show veth1']).output)![1];
    expect(r.output).toBe(
      `4: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default \n    link/ether ${veth1Mac} brd ff:ff:ff:ff:ff:ff\n`,
    );
  });
});

describe('ip object abbreviations (iproute2 matches())', () => {
  it.each([
    ['ip a', 'ip address show'],
    ['ip l', 'ip link show'],
    ['ip r', 'ip route show'],
    ['ip ro', 'ip route show'],
    ['ip addr sh dev lo', 'ip address show dev lo'],
  ])('%s = %s', (short, long) => {
    expect(run([short]).output).toBe(run([long]).output);
  });

  it('ip net means netns, ip n means neighbour', () => {
    expect(run(['ip netns add a', 'ip net']).output).toBe('a\n');
    expect(run(['ping -c1 10.0.2.2', 'ip n']).output).toBe('10.0.2.2 dev eth0 lladdr 52:54:00:12:35:02 REACHABLE \n');
  });
});

describe('ip -o (oneline): each record on one line, inner breaks printed as a backslash', () => {
  it('ip -o addr gives ns1 of lab c as a real iproute2 6.1 printed it (recorded with the real Docker host)', () => {
    const lab = JSON.parse(readFileSync(new URL('../../../lab/__golden__/export-real/lab-c.json', import.meta.url), 'utf8')) as Lab;
    const real = (JSON.parse(readFileSync(new URL('../../../lab/__golden__/export-real/real-c.json', import.meta.url), 'utf8')) as { ns1: string }).ns1;
    const sim = execute(replay(lab).world, 'ip netns exec ns1 ip -o addr').output;
    // The link-local address comes from a random MAC; `tentative` is DAD still running when it was captured.
    const ll = (t: string) => t.replace(/fe80::[0-9a-f:]+\/64 scope link (tentative )?/g, 'fe80::X/64 scope link ');
    expect(ll(sim)).toBe(ll(real));
    expect(sim.split('\n')).toHaveLength(5);
  });

  it('ip -o link joins the link/ether line with a backslash, names keep @peer', () => {
    const r = run([...setup, 'ip -n k1 -o link show veth0']);
    const mac = /link\/ether (\S+)/.exec(run([...setup, 'ip -n k1 link show veth0']).output)![1];
    expect(r.output).toBe(
      `3: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n`,
    );
  });

  it('-oneline and --oneline are the same; -4 and dev filter; routes are one line already', () => {
    const base = [...setup, 'ip -n k1 addr add 10.2.0.5/24 dev veth0', 'ip -n k1 link set veth0 up'];
    const want = '3: veth0    inet 10.2.0.5/24 scope global veth0\\       valid_lft forever preferred_lft forever\n';
    expect(run([...base, 'ip -n k1 -o -4 addr show dev veth0']).output).toBe(want);
    expect(run([...base, 'ip -n k1 -oneline -4 a']).output).toBe(want);
    expect(run([...base, 'ip -n k1 --oneline -4 a']).output).toBe(want);
    expect(run([...base, 'ip -n k1 -o -4 addr show dev veth1']).output).toBe('');
    expect(run([...base, 'ip -n k1 -o route']).output).toBe(run([...base, 'ip -n k1 route']).output);
  });
});
