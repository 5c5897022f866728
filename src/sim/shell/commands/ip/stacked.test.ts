/**
 * vxlan and macvlan in `ip link` / `ip -d link` / `ip neigh` / `bridge fdb`, with the texts
 * iproute2 6.1 printed on Linux 6.x in scratch namespaces (`ip netns add kx1; ip -n kx1 ...`).
 */
import { describe, expect, it } from 'vitest';
import { session } from '../../../lab/session.test-util';
import type { ExecResult } from '../../execute';

/** The last line's result, each line run on the World the line before left. */
function run(lines: string[]): ExecResult {
  return session([], lines).at(-1)!;
}

const base = ['ip netns add k1', 'ip -n k1 link add veth0 type veth peer name veth1'];

describe('ip link: macvlan', () => {
  it('shows mv0@veth0 in the lower device\'s namespace, M-DOWN while the lower is down', () => {
    const r = run([...base, 'ip -n k1 link add link veth0 name mv0 address 0a:5e:75:0e:88:62 type macvlan mode bridge', 'ip -n k1 link show mv0']);
    expect(r.output).toBe(
      '4: mv0@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether 0a:5e:75:0e:88:62 brd ff:ff:ff:ff:ff:ff\n',
    );
  });

  it('shows eth0@ifN with link-netnsid once moved, LOWERLAYERDOWN without carrier', () => {
    const r = run([
      ...base,
      'ip -n k1 link add link veth0 name mv0 address 0a:5e:75:0e:88:62 type macvlan mode bridge',
      'ip netns add k2',
      'ip -n k1 link set mv0 netns k2',
      'ip -n k2 link set mv0 name eth0',
      'ip -n k2 link set eth0 up',
      'ip -n k2 link show eth0',
    ]);
    expect(r.output).toBe(
      '4: eth0@if3: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether 0a:5e:75:0e:88:62 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n',
    );
  });

  it('ip -d link prints the macvlan line; the default mode is vepa', () => {
    const r = run([...base, 'ip -n k1 link add link veth0 name mv1 address f6:83:44:ee:8f:45 type macvlan', 'ip -n k1 -d link show mv1']);
    expect(r.output).toBe(
      '4: mv1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether f6:83:44:ee:8f:45 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n' +
        '    macvlan mode vepa bcqueuelen 1000 usedbcqueuelen 1000 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 \n',
    );
  });

  it.each([
    ['ip -n k1 link add link veth0 name mv3 type macvlan mode foo', 'Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "foo"\n', 1],
    ['ip -n k1 link add link lo name mv4 type macvlan', 'RTNETLINK answers: Invalid argument\n', 2],
    ['ip -n k1 link add name mv4 type macvlan', 'RTNETLINK answers: Invalid argument\n', 2],
  ])('%s', (line, out, code) => {
    const r = run([...base, line]);
    expect([r.output, r.exitCode]).toEqual([out, code]);
  });
});

describe('ip link: vxlan', () => {
  it('warns without dstport and uses 8472; up shows state UNKNOWN', () => {
    const r = run([...base, 'ip -n k1 link add vxlan0 address de:27:2f:a0:25:f4 type vxlan id 42']);
    expect(r.output).toBe(
      "vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
    expect(r.exitCode).toBe(0);
    const d = run([...base, 'ip -n k1 link add vxlan0 address de:27:2f:a0:25:f4 type vxlan id 42', 'ip -n k1 link set vxlan0 up', 'ip -n k1 -d link show vxlan0']);
    expect(d.output).toBe(
      '4: vxlan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether de:27:2f:a0:25:f4 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n' +
        '    vxlan id 42 srcport 0 0 dstport 8472 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 \n',
    );
  });

  it('with remote, local, dev and the Docker flags: MTU 1450 and the flags in -d', () => {
    const r = run([
      ...base,
      'ip -n k1 link add vx2 address ea:dd:34:1c:74:aa type vxlan id 43 dstport 4789 remote 192.168.205.11 local 192.168.205.10 dev veth0 nolearning proxy l2miss l3miss',
      'ip -n k1 -d link show vx2',
    ]);
    expect(r.output).toBe(
      '4: vx2: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether ea:dd:34:1c:74:aa brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n' +
        '    vxlan id 43 remote 192.168.205.11 local 192.168.205.10 dev veth0 srcport 0 0 dstport 4789 nolearning proxy l2miss l3miss ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 \n',
    );
  });

  it.each([
    ['ip -n k1 link add vx1 type vxlan dstport 4789', 'vxlan: missing virtual network identifier\n', 1],
    ['ip -n k1 link add vx9 type vxlan id 16777216', 'Error: argument "16777216" is wrong: invalid id\n', 255],
  ])('%s', (line, out, code) => {
    const r = run([...base, line]);
    expect([r.output, r.exitCode]).toEqual([out, code]);
  });

  it('an unknown option prints the usage', () => {
    const r = run([...base, 'ip -n k1 link add vx9 type vxlan id 5 dstport 4789 bogus']);
    expect(r.exitCode).toBe(1);
    expect(r.output.startsWith('vxlan: unknown command "bogus"?\nUsage: ... vxlan id VNI\n')).toBe(true);
  });
});

describe('bridge fdb and ip neigh for the overlay', () => {
  const vx = [
    ...base,
    'ip -n k1 link add vx2 address ea:dd:34:1c:74:aa type vxlan id 43 dstport 4789 remote 192.168.205.11 dev veth0',
    'ip -n k1 link add br0 type bridge',
    'ip -n k1 link set vx2 master br0',
    'bridge -n k1 fdb append 00:00:00:00:00:00 dev vx2 dst 192.168.205.11 self permanent',
    'bridge -n k1 fdb add 02:42:0a:00:00:03 dev vx2 dst 192.168.205.12 self permanent',
    'bridge -n k1 fdb append 00:00:00:00:00:00 dev vx2 dst 192.168.205.13 self permanent',
  ];

  it('bridge fdb show dev vx2 lists the bridge entry, the unicast and the flood entries', () => {
    const r = run([...vx, 'bridge -n k1 fdb show dev vx2']);
    expect(r.output).toBe(
      'ea:dd:34:1c:74:aa master br0 permanent\n' +
        '02:42:0a:00:00:03 dst 192.168.205.12 self permanent\n' +
        '00:00:00:00:00:00 dst 192.168.205.11 via veth0 self permanent\n' +
        '00:00:00:00:00:00 dst 192.168.205.11 self permanent\n' +
        '00:00:00:00:00:00 dst 192.168.205.13 self permanent\n',
    );
  });

  it.each([
    ['bridge -n k1 fdb add 02:42:0a:00:00:03 dev vx2 dst 192.168.205.14 self permanent', 'RTNETLINK answers: File exists\n', 255],
    ['bridge -n k1 fdb del 02:42:0a:00:00:09 dev vx2 dst 192.168.205.12', 'RTNETLINK answers: No such file or directory\n', 255],
    ['bridge -n k1 fdb add zz dev vx2 dst 1.2.3.4', 'Invalid mac address zz\n', 255],
    ['bridge -n k1 fdb add 02:42:0a:00:00:04 dev vx2', 'RTNETLINK answers: Invalid argument\n', 255],
    ['bridge -n k1 fdb del 02:42:0a:00:00:03 dev vx2 dst 192.168.205.12', '', 0],
  ])('%s', (line, out, code) => {
    const r = run([...vx, line]);
    expect([r.output, r.exitCode]).toEqual([out, code]);
  });

  it('ip neigh add makes PERMANENT entries; errors as iproute2', () => {
    const r = run([
      ...base,
      'ip -n k1 neigh add 10.0.0.3 lladdr 02:42:0a:00:00:03 dev veth0',
      'ip -n k1 neigh add 10.0.0.4 lladdr 02:42:0a:00:00:04 dev veth0 nud permanent',
      'ip -n k1 neigh',
    ]);
    expect(r.output).toBe('10.0.0.4 dev veth0 lladdr 02:42:0a:00:00:04 PERMANENT \n10.0.0.3 dev veth0 lladdr 02:42:0a:00:00:03 PERMANENT \n');
    const errs: [string, string, number][] = [
      ['ip -n k1 neigh add 10.0.0.3 lladdr 02:42:0a:00:00:03', 'Device and destination are required arguments.\n', 255],
      ['ip -n k1 neigh add 10.0.0.6 lladdr zz dev veth0', '"zz" is invalid lladdr.\n', 1],
      ['ip -n k1 neigh del 10.0.0.9 dev veth0', 'RTNETLINK answers: No such file or directory\n', 2],
      ['ip -n k1 neigh add 10.0.0.4 lladdr 02:42:0a:00:00:04 dev nope', 'Cannot find device "nope"\n', 1],
      ['ip -n k1 neigh add 10.0.0.4 lladdr 02:42:0a:00:00:04 dev veth0 nud bogus', 'Error: argument "bogus" is wrong: nud state is bad\n', 255],
    ];
    for (const [line, out, code] of errs) {
      const e = run([...base, line]);
      expect([line, e.output, e.exitCode]).toEqual([line, out, code]);
    }
    const dup = run([...base, 'ip -n k1 neigh add 10.0.0.3 lladdr 02:42:0a:00:00:03 dev veth0', 'ip -n k1 neigh add 10.0.0.3 lladdr 02:42:0a:00:00:03 dev veth0 nud permanent']);
    expect([dup.output, dup.exitCode]).toEqual(['RTNETLINK answers: File exists\n', 2]);
  });
});

describe('bridge fdb show after the vxlan device moved', () => {
  it('prints link-netnsid for the entries (the underlay is another namespace)', () => {
    const r = run([
      ...base,
      'ip -n k1 link add vxlan0 address 9e:9f:4f:79:aa:12 type vxlan id 4096 dstport 4789 dev veth0 proxy nolearning',
      'ip netns add o1',
      'ip -n k1 link set vxlan0 netns o1',
      'ip -n o1 link add br0 type bridge',
      'ip -n o1 link set vxlan0 master br0',
      'bridge -n o1 fdb add 02:42:0a:00:01:03 dev vxlan0 dst 10.9.0.2 self permanent',
      'bridge -n o1 fdb show dev vxlan0',
    ]);
    expect(r.output).toBe('9e:9f:4f:79:aa:12 master br0 permanent\n02:42:0a:00:01:03 dst 10.9.0.2 link-netnsid 0 self permanent\n');
  });
});

describe('ip link: a vxlan device moved out of its underlay', () => {
  it('shows vxlan0@ifN (its own ifindex) and the underlay as link-netnsid', () => {
    const r = run([
      ...base,
      'ip -n k1 link add vxlan0 address e2:b3:44:60:ca:15 type vxlan id 5 dstport 4789 dev veth0',
      'ip netns add k2',
      'ip -n k1 link set vxlan0 netns k2',
      'ip -n k2 link show vxlan0',
    ]);
    expect(r.output).toBe(
      '4: vxlan0@if4: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        '    link/ether e2:b3:44:60:ca:15 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n',
    );
  });
});
