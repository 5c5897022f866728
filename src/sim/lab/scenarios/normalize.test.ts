import { describe, expect, it } from 'vitest';
import { canonicalJson, maskLine, maskText, parseTable, tableCells, tableLayoutErrors } from './normalize';
import { judge, parseExpectations, scriptOf } from './transcript';

describe('maskLine', () => {
  it.each([
    ['13: eth0@if14: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500', 'N: eth0@ifN: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500'],
    ['    link/ether 02:42:ac:11:00:03 brd ff:ff:ff:ff:ff:ff', '    link/ether 02:42:ac:11:00:03 brd ff:ff:ff:ff:ff:ff'],
    ['    link/ether 02:42:c0:a8:01:80 brd ff:ff:ff:ff:ff:ff', '    link/ether 02:42:c0:a8:01:80 brd ff:ff:ff:ff:ff:ff'],
    ['    link/ether 02:42:ea:f9:f4:57 brd ff:ff:ff:ff:ff:ff', '    link/ether <MAC> brd ff:ff:ff:ff:ff:ff'],
    ['eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02  ', 'eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02'],
    ['    inet6 fe80::42:acff:fe11:2/64 scope link ', '    inet6 fe80::42:acff:fe11:2/64 scope link'],
    ['    inet6 fe80::42:eaff:fef9:f457/64 scope link', '    inet6 fe80::<LL>/64 scope link'],
    ['45: vethd4e4e89@if44: <BROADCAST> master docker0', 'N: veth<X>@ifN: <BROADCAST> master docker0'],
    ['br-190e313cd2d0\t\t8000.024225f03c51\tno', 'br-<ID12>\t\t8000.<MAC>\tno'],
    ['190e313cd2d02a8104d1daed613d89edbf7762d9474e0665914151e91c320e5c', '<ID64>'],
    ['64 bytes from 172.17.0.3: seq=0 ttl=64 time=0.082 ms', '64 bytes from 172.17.0.3: seq=0 ttl=64 time=<T> ms'],
    ['3 packets transmitted, 0 received, 100% packet loss, time 2000ms', '3 packets transmitted, 0 received, 100% packet loss, time <T>ms'],
    ['rtt min/avg/max/mdev = 0.036/0.041/0.050/0.010 ms', 'rtt min/avg/max/mdev = <RTT> ms'],
    ['round-trip min/avg/max = 0.110/0.436/0.762 ms', 'round-trip min/avg/max = <RTT> ms'],
    ['       valid_lft 65003sec preferred_lft 65003sec', '       valid_lft <N>sec preferred_lft <N>sec'],
    ['        RX packets 122966  bytes 117316782 (111.8 MiB)', '        RX packets <N>  bytes <N> (<N>)'],
    ['          RX bytes:508 (508.0 B)  TX bytes:0 (0.0 B)', '          RX bytes:<N> (<N>)  TX bytes:<N> (<N>)'],
    ['          collisions:0 txqueuelen:1000 ', '          collisions:<N> txqueuelen:1000'],
    ['        "Created": "2019-10-12T09:06:02.182038326Z",', '        "Created": "<TIME>",'],
  ])('%s', (line, masked) => {
    expect(maskLine(line)).toBe(masked);
  });

  it('masks the netnsid of host-side veths only (it counts namespaces seen before)', () => {
    const text = [
      '27: eth0@if28: <UP> mtu 1500 qdisc noqueue state UP group default ',
      '    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '45: vethd4e4e89@if44: <UP> mtu 1500 qdisc noqueue master docker0 state UP group default',
      '    link/ether 22:23:66:c7:d7:35 brd ff:ff:ff:ff:ff:ff link-netnsid 6',
    ].join('\n');
    expect(maskText(text)[1]).toContain('link-netnsid 0');
    expect(maskText(text)[3]).toContain('link-netnsid <K>');
  });
});

describe('tables', () => {
  const old = [
    'CONTAINER ID        IMAGE               COMMAND                  CREATED             STATUS              PORTS               NAMES',
    'cd55bae5acce        busybox             "/bin/sh -c \'while t…"   6 seconds ago       Up 5 seconds                            test2',
  ].join('\n');
  const v2010 = [
    'CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS     NAMES',
    '17fb3f33446f   busybox   "/bin/sh -c \'while t…"   7 seconds ago   Up 7 seconds             test3',
  ].join('\n');

  it('cuts rows at the header offsets, keeping empty cells in place', () => {
    expect(parseTable(old).rows[0]).toEqual(['cd55bae5acce', 'busybox', '"/bin/sh -c \'while t…"', '6 seconds ago', 'Up 5 seconds', '', 'test2']);
  });

  it('compares cells with times masked, whatever the padding', () => {
    expect(tableCells(old).split('\n')[1]).toBe('<ID12> | busybox | "/bin/sh -c \'while t…" | <AGO> | Up <DUR> |  | test2');
    expect(tableCells(v2010).split('\n')[1]).toBe(tableCells(old).split('\n')[1]!.replace('test2', 'test3'));
  });

  it('holds CLI 20.10 tables to tabwriter padding 3 / minwidth 10', () => {
    expect(tableLayoutErrors(v2010)).toEqual([]);
    expect(tableLayoutErrors(old)).toContain('column CONTAINER ID: 20 wide, the CLI makes it 15');
  });
});

describe('canonicalJson', () => {
  it('compares maps keyed by ids as sets, and keeps key order', () => {
    const a = '{"Containers": {"' + 'a'.repeat(64) + '": {"Name": "x"}, "' + 'b'.repeat(64) + '": {"Name": "y"}}, "Options": {}}';
    const b = '{"Containers": {"' + 'c'.repeat(64) + '": {"Name": "y"}, "' + 'd'.repeat(64) + '": {"Name": "x"}}, "Options": {}}';
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson('{"Options": {}, "Containers": {}}')).not.toBe(canonicalJson('{"Containers": {}, "Options": {}}'));
  });
});

describe('expectation files', () => {
  const text = [
    '@@ note: why',
    '@@ match prefix',
    '@@ exit any',
    '[root@docker-node1 vagrant]# docker exec test1 ping 172.17.0.3',
    'PING 172.17.0.3 (172.17.0.3): 56 data bytes',
    '....',
    '~]# cat > /etc/docker/daemon.json <<EOF',
    '{ "mtu": 1400 }',
    'EOF',
    '@@ setup: off-screen',
    '[vagrant@localhost ~]$ docker rm -f a b',
  ].join('\n');
  const steps = parseExpectations(text);

  it('reads commands, outputs, here-documents and directives', () => {
    expect(steps.map((s) => [s.command, s.mode, s.exit, s.setup])).toEqual([
      ['docker exec test1 ping 172.17.0.3', 'prefix', 'any', undefined],
      ['cat > /etc/docker/daemon.json <<EOF', 'exact', 0, undefined],
      ['docker rm -f a b', 'none', 0, 'off-screen'],
    ]);
    expect(steps[0]!.notes).toEqual(['why']);
    expect(steps[1]!.stdin).toBe('{ "mtu": 1400 }\n');
    expect(steps[1]!.output).toBe('');
    expect(scriptOf(steps)).toContain('~]# cat > /etc/docker/daemon.json <<EOF\n{ "mtu": 1400 }\nEOF\n');
  });

  it('judges a prefix up to the elision', () => {
    const v = judge(steps[0]!, 'PING 172.17.0.3 (172.17.0.3): 56 data bytes\n64 bytes from 172.17.0.3: seq=0 ttl=64 time=0.1 ms\n');
    expect(v.got).toBe(v.want);
  });

  it('judges blocks by interface', () => {
    const [step] = parseExpectations('@@ match blocks\n[root@h ~]# ip a\n4: docker0: <UP> mtu 1500\n    inet 172.17.0.1/16\n');
    const v = judge(step!, '1: lo: <LOOPBACK> mtu 65536\n    inet 127.0.0.1/8\n5: docker0: <UP> mtu 1500\n    inet 172.17.0.1/16\n');
    expect(v.got).toBe(v.want);
    expect(judge(step!, '5: docker0: <UP> mtu 1400\n').got).toBe('N: docker0: <UP> mtu 1400');
  });
});
