/**
 * BusyBox 1.35 `ip`, `ifconfig`, `route`, `netstat` and `hostname` inside a busybox container,
 * against the layouts of facts §12.2/§12.4/§12.6 and seed 001 (lines 150-175, 598-611, 929-966).
 */
import { describe, expect, it } from 'vitest';
import { createVethPair, setLinkUp } from '../../../net/link';
import { buildLab, CONTAINER_ID, run } from '../nettools/test-lab';

const IP_A =
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n' +
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
  '    inet 127.0.0.1/8 scope host lo\n' +
  '       valid_lft forever preferred_lft forever\n' +
  '11: eth0@if12: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n' +
  '    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff\n' +
  '    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\n' +
  '       valid_lft forever preferred_lft forever\n';

describe('busybox ip', () => {
  it('lists addresses like facts §12.2 (no state/group, M-DOWN, qlen only for lo)', () => {
    const lab = buildLab();
    for (const cmd of ['ip a', 'ip addr', 'ip addr show', 'ip address list']) {
      expect(run(lab.world, lab.container, cmd)).toEqual({ output: IP_A, exitCode: 0 });
    }
  });

  it('filters by device', () => {
    const lab = buildLab();
    const eth0 = IP_A.slice(IP_A.indexOf('11:'));
    expect(run(lab.world, lab.container, 'ip a show eth0').output).toBe(eth0);
    expect(run(lab.world, lab.container, 'ip addr show dev eth0').output).toBe(eth0);
  });

  it('prints routes without proto and with two spaces before src', () => {
    const lab = buildLab();
    const want = 'default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n';
    expect(run(lab.world, lab.container, 'ip route').output).toBe(want);
    expect(run(lab.world, lab.container, 'ip r').output).toBe(want);
    expect(run(lab.world, lab.container, 'ip route show dev eth0').output).toBe(want);
  });

  it('prints only the address lines with -4', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'ip -4 a').output).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '11: eth0@if12: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n' +
        '    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect(run(lab.world, lab.container, 'ip -6 a').output).toBe('');
  });

  it('prints links with ip link', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'ip link').output).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '11: eth0@if12: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n' +
        '    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff\n',
    );
  });

  it('shows the host stack in a --network host container (seed 001 lines 929-966)', () => {
    const lab = buildLab();
    const place = { ...lab.host, container: CONTAINER_ID };
    const out = run(lab.world, place, 'ip a').output;
    expect(out).toContain(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 ::1/128 scope host \n' +
        '       valid_lft forever preferred_lft forever\n' +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast qlen 1000\n' +
        '    link/ether 52:54:00:8a:fe:e6 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic eth0\n' +
        '       valid_lft 65001sec preferred_lft 65001sec\n' +
        '    inet6 fe80::5054:ff:fe8a:fee6/64 scope link \n',
    );
    expect(out).toContain('3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue \n');
    expect(out).toMatch(/\n12: vethd4e4e89@if11: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue master docker0 \n/);
    expect(run(lab.world, place, 'ip route').output).toBe(
      'default via 10.0.2.2 dev eth0  metric 100 \n' +
        '10.0.2.0/24 dev eth0 scope link  src 10.0.2.15  metric 100 \n' +
        '172.17.0.0/16 dev docker0 scope link  src 172.17.0.1 \n',
    );
  });

  it('resolves IFLA_LINK in the current namespace: a same-namespace veth names its peer', () => {
    const lab = buildLab();
    const { a, b } = createVethPair(lab.world, lab.cns, 'va', 'vb');
    setLinkUp(lab.world, a);
    const out = run(lab.world, lab.container, 'ip link').output;
    expect(out).toContain(`${b.ifindex}: vb@va: <BROADCAST,MULTICAST> mtu 1500 qdisc noop qlen 1000\n`);
    expect(out).toContain(`${a.ifindex}: va@vb: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000\n`);
  });

  it('prints one line per address with -o', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'ip -o a').output).toBe(
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n' +
        '11: eth0    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\\       valid_lft forever preferred_lft forever\n',
    );
  });

  it('answers route get and rule list', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'ip route get 8.8.8.8').output).toBe('8.8.8.8 via 172.17.0.1 dev eth0  src 172.17.0.2 \n');
    expect(run(lab.world, lab.container, 'ip rule').output).toBe('0:\tfrom all lookup local \n32766:\tfrom all lookup main \n32767:\tfrom all lookup default \n');
  });

  const errors: [string, string, number][] = [
    ['ip a show nosuch', "ip: can't find device 'nosuch'\n", 1],
    ['ip addr foo', "ip: invalid argument 'foo' to 'ip'\n", 1],
    ['ip route foo', "ip: invalid argument 'foo' to 'ip'\n", 1],
    ['ip -f foo a', "ip: invalid argument 'foo' to 'family'\n", 1],
    ['ip a show eth0 lo', 'ip: either "dev" is duplicate, or "lo" is garbage\n', 1],
    ['ip a show dev', 'ip: command line is not complete, try "help"\n', 1],
    ['ip addr add 10.1.1.1/24 dev eth0', 'ip: RTNETLINK answers: Operation not permitted\n', 2],
    ['ip addr add 10.1.1.1/24', 'ip: need "dev IFACE"\n', 1],
    ['ip route add 10.0.0.0/8 via 172.17.0.1', 'ip: RTNETLINK answers: Operation not permitted\n', 2],
    ['ip link set eth0 down', 'ip: SIOCSIFFLAGS: Operation not permitted\n', 1],
    ['ip link set eth9 up', 'ip: SIOCGIFFLAGS: No such device\n', 1],
    ['ip route get', 'ip: need at least destination address\n', 1],
  ];
  it.each(errors)('%s', (cmd, text, code) => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, cmd)).toEqual({ output: text, exitCode: code });
  });

  it('shows the usage for unknown objects, options and ambiguous prefixes', () => {
    const lab = buildLab();
    for (const cmd of ['ip', 'ip foo', 'ip -x a', 'ip t', 'ip -n x a']) {
      const r = run(lab.world, lab.container, cmd);
      expect(r.exitCode).toBe(1);
      expect(r.output).toMatch(/^BusyBox v1\.35\.0 \(Debian 1:1\.35\.0-4\+b3\) multi-call binary\.\n\nUsage: ip \[OPTIONS\] address\|route\|link\|tunnel\|neigh\|rule \[COMMAND\]\n\nOPTIONS := /);
      expect(r.output.endsWith('ip rule [list] | add|del SELECTOR ACTION\n')).toBe(true);
    }
    expect(run(lab.world, lab.container, 'ip --help').exitCode).toBe(0);
  });

  it('is iproute2 on the host and in debian images that have it (tomcat:7); nginx has none', () => {
    const lab = buildLab('tomcat:7');
    expect(run(lab.world, lab.container, 'ip a').output).toContain('state UP group default');
    const nginx = buildLab('nginx:latest');
    expect(run(nginx.world, nginx.container, 'ip a')).toMatchObject({ output: 'bash: ip: command not found\n', exitCode: 127 });
    expect(run(lab.world, lab.host, 'ip r').output).toContain('proto kernel');
  });
});
