/**
 * BusyBox `ifconfig`, `route`, `netstat` and `hostname` in a busybox container (facts §12.4,
 * §12.6, seed 003).
 */
import { describe, expect, it } from 'vitest';
import { setLinkDown } from '../../../net/link';
import { findIfaceByName } from '../../../net/world';
import { buildLab, CONTAINER_ID, run } from '../nettools/test-lab';

const ETH0 =
  'eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02  \n' +
  '          inet addr:172.17.0.2  Bcast:172.17.255.255  Mask:255.255.0.0\n' +
  '          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n' +
  '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
  '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
  '          collisions:0 txqueuelen:0 \n' +
  '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n';

const LO =
  'lo        Link encap:Local Loopback  \n' +
  '          inet addr:127.0.0.1  Mask:255.0.0.0\n' +
  '          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n' +
  '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
  '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
  '          collisions:0 txqueuelen:1000 \n' +
  '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n';

describe('busybox ifconfig', () => {
  it('lists UP interfaces in name order with upper-case MACs', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'ifconfig')).toEqual({ output: ETH0 + LO, exitCode: 0 });
    expect(run(lab.world, lab.container, 'ifconfig eth0').output).toBe(ETH0);
  });

  it('shows down interfaces only with -a', () => {
    const lab = buildLab();
    setLinkDown(lab.world, findIfaceByName(lab.world, lab.cns, 'eth0')!);
    expect(run(lab.world, lab.container, 'ifconfig').output).toBe(LO);
    const all = run(lab.world, lab.container, 'ifconfig -a').output;
    expect(all).toContain('          BROADCAST MULTICAST  MTU:1500  Metric:1\n');
    expect(all.indexOf('eth0')).toBeLessThan(all.indexOf('lo '));
  });

  it('prints IPv6 addresses where IPv6 is on', () => {
    const lab = buildLab();
    const out = run(lab.world, { ...lab.host, container: CONTAINER_ID }, 'ifconfig docker0').output;
    expect(out).toBe(
      'docker0   Link encap:Ethernet  HWaddr 02:42:EA:F9:F4:57  \n' +
        '          inet addr:172.17.0.1  Bcast:172.17.255.255  Mask:255.255.0.0\n' +
        '          inet6 addr: fe80::42:eaff:fef9:f457/64 Scope:Link\n' +
        '          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n' +
        '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
        '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
        '          collisions:0 txqueuelen:0 \n' +
        '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n',
    );
  });

  const errors: [string, string, number][] = [
    ['ifconfig eth1', 'ifconfig: eth1: error fetching interface information: Device not found\n', 1],
    ['ifconfig -x', 'ifconfig: -x: error fetching interface information: Device not found\n', 1],
    ['ifconfig eth0 down', 'ifconfig: SIOCSIFFLAGS: Operation not permitted\n', 1],
    ['ifconfig eth0 10.9.9.9', 'ifconfig: SIOCSIFADDR: Operation not permitted\n', 1],
    ['ifconfig eth0 mtu 1400', 'ifconfig: SIOCSIFMTU: Operation not permitted\n', 1],
    ['ifconfig eth7 up', 'ifconfig: SIOCGIFFLAGS: No such device\n', 1],
  ];
  it.each(errors)('%s', (cmd, text, code) => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, cmd)).toEqual({ output: text, exitCode: code });
  });
});

describe('busybox route', () => {
  it('prints the table like facts §12.4', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'route -n').output).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         172.17.0.1      0.0.0.0         UG    0      0        0 eth0\n' +
        '172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0\n',
    );
  });

  it('names default and no gateway (*) without -n', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'route').output).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        'default         172.17.0.1      0.0.0.0         UG    0      0        0 eth0\n' +
        '172.17.0.0      *               255.255.0.0     U     0      0        0 eth0\n',
    );
  });

  it('uses the netstat columns with -e', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'route -ne').output).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n' +
        '0.0.0.0         172.17.0.1      0.0.0.0         UG        0 0          0 eth0\n' +
        '172.17.0.0      0.0.0.0         255.255.0.0     U         0 0          0 eth0\n',
    );
  });

  it('refuses changes and bad options', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'route add default gw 172.17.0.1')).toEqual({ output: 'route: SIOCADDRT: Operation not permitted\n', exitCode: 1 });
    expect(run(lab.world, lab.container, 'route del -net 10.0.0.0 netmask 255.0.0.0')).toEqual({ output: 'route: SIOCDELRT: Operation not permitted\n', exitCode: 1 });
    const bad = run(lab.world, lab.container, 'route -x');
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toBe(
      "route: invalid option -- 'x'\n" +
        'BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n\n' +
        'Usage: route [{add|del|delete}]\n\n' +
        'Edit kernel routing tables\n\n' +
        "\t-n\tDon't resolve names\n" +
        '\t-e\tDisplay other/more information\n' +
        '\t-A inet{6}\tSelect address family\n',
    );
    expect(run(lab.world, lab.container, 'route foo').exitCode).toBe(1);
    expect(run(lab.world, lab.container, 'route -A').output).toMatch(/^route: option requires an argument -- 'A'\n/);
  });
});

describe('busybox netstat', () => {
  function labWithSockets() {
    const lab = buildLab();
    lab.cns.sockets.push(
      { proto: 'tcp', addr: 0x7f00000b, port: 33951, program: 'dockerd' },
      { proto: 'udp', addr: 0x7f00000b, port: 51244, program: 'dockerd' },
      { proto: 'tcp', addr: 0, port: 80, program: 'httpd', owner: CONTAINER_ID },
    );
    return lab;
  }
  const HEAD = 'Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n';
  const TCP =
    'tcp        0      0 127.0.0.11:33951        0.0.0.0:*               LISTEN      \n' +
    'tcp        0      0 :::80                   :::*                    LISTEN      \n';

  it('lists listeners like facts §12.6 (httpd listens on [::])', () => {
    const lab = labWithSockets();
    expect(run(lab.world, lab.container, 'netstat -tan').output).toBe(`Active Internet connections (servers and established)\n${HEAD}${TCP}`);
    expect(run(lab.world, lab.container, 'netstat -tln').output).toBe(`Active Internet connections (only servers)\n${HEAD}${TCP}`);
    expect(run(lab.world, lab.container, 'netstat -tn').output).toBe(`Active Internet connections (w/o servers)\n${HEAD}`);
  });

  it('shows udp, unix and -p', () => {
    const lab = labWithSockets();
    expect(run(lab.world, lab.container, 'netstat -uln').output).toBe(
      `Active Internet connections (only servers)\n${HEAD}udp        0      0 127.0.0.11:51244        0.0.0.0:*                           \n`,
    );
    expect(run(lab.world, lab.container, 'netstat -an').output).toBe(
      `Active Internet connections (servers and established)\n${HEAD}${TCP}` +
        'udp        0      0 127.0.0.11:51244        0.0.0.0:*                           \n' +
        'Active UNIX domain sockets (servers and established)\n' +
        'Proto RefCnt Flags       Type       State         I-Node Path\n',
    );
    expect(run(lab.world, lab.container, 'netstat -tlnp').output).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 127.0.0.11:33951        0.0.0.0:*               LISTEN      -\n' +
        'tcp        0      0 :::80                   :::*                    LISTEN      1/httpd\n',
    );
  });

  it('shows the sockets of the joined namespace with other pids hidden', () => {
    const lab = labWithSockets();
    const joined = { ...lab.container, container: 'another' };
    expect(run(lab.world, joined, 'netstat -tlnp').output).toContain('LISTEN      -\ntcp        0      0 :::80                   :::*                    LISTEN      -\n');
  });

  it('prints the routing table with -r and rejects bad options', () => {
    const lab = labWithSockets();
    expect(run(lab.world, lab.container, 'netstat -rn').output).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n' +
        '0.0.0.0         172.17.0.1      0.0.0.0         UG        0 0          0 eth0\n' +
        '172.17.0.0      0.0.0.0         255.255.0.0     U         0 0          0 eth0\n',
    );
    const bad = run(lab.world, lab.container, 'netstat -z');
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/^netstat: invalid option -- 'z'\nBusyBox v1\.35\.0 .*\n\nUsage: netstat \[-ral\] \[-tuwx\] \[-enWp\]\n/);
    expect(run(lab.world, lab.container, 'netstat --help').exitCode).toBe(0);
  });
});

describe('hostname', () => {
  it("prints the container's /etc/hostname inside it and the VM's name outside", () => {
    const lab = buildLab();
    expect(run(lab.world, lab.container, 'hostname')).toEqual({ output: 'cd55bae5acce\n', exitCode: 0 });
    expect(run(lab.world, lab.host, 'hostname')).toEqual({ output: 'docker-node1\n', exitCode: 0 });
  });
});
