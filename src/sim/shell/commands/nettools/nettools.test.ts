/**
 * net-tools 2.0 `ifconfig`, `route` and `netstat` on the CentOS 7 host (facts §12.4, §12.6,
 * seed 004).
 */
import { describe, expect, it } from 'vitest';
import { buildLab, run } from './test-lab';

const DOCKER0 =
  'docker0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n' +
  '        inet 172.17.0.1  netmask 255.255.0.0  broadcast 172.17.255.255\n' +
  '        inet6 fe80::42:eaff:fef9:f457  prefixlen 64  scopeid 0x20<link>\n' +
  '        ether 02:42:ea:f9:f4:57  txqueuelen 0  (Ethernet)\n' +
  '        RX packets 0  bytes 0 (0.0 B)\n' +
  '        RX errors 0  dropped 0  overruns 0  frame 0\n' +
  '        TX packets 0  bytes 0 (0.0 B)\n' +
  '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n';

const LO =
  'lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n' +
  '        inet 127.0.0.1  netmask 255.0.0.0\n' +
  '        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n' +
  '        loop  txqueuelen 1000  (Local Loopback)\n' +
  '        RX packets 0  bytes 0 (0.0 B)\n' +
  '        RX errors 0  dropped 0  overruns 0  frame 0\n' +
  '        TX packets 0  bytes 0 (0.0 B)\n' +
  '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n';

describe('net-tools ifconfig', () => {
  it('prints an interface like facts §12.4', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.host, 'ifconfig docker0')).toEqual({ output: DOCKER0, exitCode: 0 });
    expect(run(lab.world, lab.host, 'ifconfig lo').output).toBe(LO);
  });

  it('lists UP interfaces alphabetically', () => {
    const lab = buildLab();
    const out = run(lab.world, lab.host, 'ifconfig').output;
    expect(out.match(/^\S+:/gm)).toEqual(['docker0:', 'eth0:', 'lo:', 'vethd4e4e89:']);
    expect(out.startsWith(DOCKER0)).toBe(true);
    expect(out).toContain(
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n' +
        '        inet 10.0.2.15  netmask 255.255.255.0  broadcast 10.0.2.255\n' +
        '        inet6 fe80::5054:ff:fe8a:fee6  prefixlen 64  scopeid 0x20<link>\n' +
        '        ether 52:54:00:8a:fe:e6  txqueuelen 1000  (Ethernet)\n',
    );
  });

  it('brings links down and up, and shows down ones with -a', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.host, 'ifconfig docker0 down')).toEqual({ output: '', exitCode: 0 });
    expect(run(lab.world, lab.host, 'ifconfig').output).not.toContain('docker0');
    expect(run(lab.world, lab.host, 'ifconfig -a').output).toContain('docker0: flags=4098<BROADCAST,MULTICAST>  mtu 1500\n        inet 172.17.0.1  netmask 255.255.0.0  broadcast 172.17.255.255\n        ether');
    expect(run(lab.world, lab.host, 'route -n').output).not.toContain('docker0');
    run(lab.world, lab.host, 'ifconfig docker0 up');
    expect(run(lab.world, lab.host, 'route -n').output).toContain('172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0\n');
  });

  it('sets an address with a classful mask, then a netmask', () => {
    const lab = buildLab();
    run(lab.world, lab.host, 'ifconfig docker0 10.20.0.1');
    expect(run(lab.world, lab.host, 'ifconfig docker0').output).toContain('        inet 10.20.0.1  netmask 255.0.0.0  broadcast 10.255.255.255\n');
    run(lab.world, lab.host, 'ifconfig docker0 10.20.0.1 netmask 255.255.0.0');
    expect(run(lab.world, lab.host, 'ifconfig docker0').output).toContain('        inet 10.20.0.1  netmask 255.255.0.0  broadcast 10.20.255.255\n');
    run(lab.world, lab.host, 'ifconfig docker0 mtu 1400');
    expect(run(lab.world, lab.host, 'ifconfig docker0').output).toMatch(/^docker0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST> {2}mtu 1400\n/);
  });

  const errors: [string, string, number][] = [
    ['ifconfig eth9', 'eth9: error fetching interface information: Device not found\n', 1],
    ['ifconfig -x', "ifconfig: option `-x' not recognised.\nifconfig: `--help' gives usage information.\n", 1],
    ['ifconfig eth9 up', 'eth9: ERROR while getting interface flags: No such device\n', 1],
    ['ifconfig eth9 10.1.1.1', 'SIOCSIFADDR: No such device\n', 1],
    ['ifconfig eth0 mtu 20', 'SIOCSIFMTU: Invalid argument\n', 1],
  ];
  it.each(errors)('%s', (cmd, text, code) => {
    const lab = buildLab();
    expect(run(lab.world, lab.host, cmd)).toEqual({ output: text, exitCode: code });
  });
});

describe('net-tools route', () => {
  const HEAD = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';

  it('prints numbers with -n and names (default, gateway, 0.0.0.0) without', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.host, 'route -n').output).toBe(
      HEAD +
        '0.0.0.0         10.0.2.2        0.0.0.0         UG    100    0        0 eth0\n' +
        '10.0.2.0        0.0.0.0         255.255.255.0   U     100    0        0 eth0\n' +
        '172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0\n',
    );
    expect(run(lab.world, lab.host, 'route').output).toBe(
      HEAD +
        'default         gateway         0.0.0.0         UG    100    0        0 eth0\n' +
        '10.0.2.0        0.0.0.0         255.255.255.0   U     100    0        0 eth0\n' +
        '172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0\n',
    );
  });

  it('prints the extended layouts', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.host, 'route -ne').output.split('\n').slice(1, 3)).toEqual([
      'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface',
      '0.0.0.0         10.0.2.2        0.0.0.0         UG        0 0          0 eth0',
    ]);
    expect(run(lab.world, lab.host, 'route -nee').output.split('\n').slice(1, 3)).toEqual([
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt',
      '0.0.0.0         10.0.2.2        0.0.0.0         UG    100    0        0 eth0     0     0      0',
    ]);
  });

  it('adds and deletes routes through the kernel model', () => {
    const lab = buildLab();
    expect(run(lab.world, lab.host, 'route add -net 10.9.0.0 netmask 255.255.0.0 gw 10.0.2.2')).toEqual({ output: '', exitCode: 0 });
    expect(run(lab.world, lab.host, 'route add -host 192.0.2.7 dev docker0').exitCode).toBe(0);
    expect(run(lab.world, lab.host, 'ip route').output).toContain('10.9.0.0/16 via 10.0.2.2 dev eth0 \n');
    expect(run(lab.world, lab.host, 'route -n').output).toContain('192.0.2.7       0.0.0.0         255.255.255.255 UH    0      0        0 docker0\n');
    expect(run(lab.world, lab.host, 'route add -net 10.9.0.0/16 gw 10.0.2.2')).toEqual({ output: 'SIOCADDRT: File exists\n', exitCode: 7 });
    expect(run(lab.world, lab.host, 'route del -net 10.9.0.0 netmask 255.255.0.0')).toEqual({ output: '', exitCode: 0 });
    expect(run(lab.world, lab.host, 'route del -net 10.9.0.0 netmask 255.255.0.0')).toEqual({ output: 'SIOCDELRT: No such process\n', exitCode: 7 });
    expect(run(lab.world, lab.host, 'route add default gw 192.168.99.1')).toEqual({ output: 'SIOCADDRT: Network is unreachable\n', exitCode: 7 });
  });

  it('prints the usage for bad options (exit 4)', () => {
    const lab = buildLab();
    const r = run(lab.world, lab.host, 'route -x');
    expect(r.exitCode).toBe(4);
    expect(r.output).toMatch(/^route: invalid option -- 'x'\nUsage: route \[-nNvee\] \[-FC\] \[<AF>\] {11}List kernel routing tables\n/);
    expect(r.output.endsWith('    x25 (CCITT X.25) \n')).toBe(true);
    expect(run(lab.world, lab.host, 'route add -net 10.9.0.0 gw 10.0.2.2').output).toMatch(/^route: netmask doesn't match route address\nUsage: route/);
  });
});

describe('net-tools netstat', () => {
  function labWithProxy() {
    const lab = buildLab();
    lab.root.sockets.push({ proto: 'tcp', addr: 0, port: 8080, program: 'docker-proxy', pid: 20991, proxy: { addr: 0xac110002, port: 80 } });
    return lab;
  }

  it('shows docker-proxy on both families like facts §12.6', () => {
    const lab = labWithProxy();
    expect(run(lab.world, lab.host, 'netstat -tlnp').output).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      20991/docker-proxy  \n' +
        'tcp6       0      0 :::8080                 :::*                    LISTEN      20992/docker-proxy  \n',
    );
  });

  it('names ports and addresses without -n, and lists unix sockets with -a', () => {
    const lab = labWithProxy();
    expect(run(lab.world, lab.host, 'netstat -tl').output).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 0.0.0.0:webcache        0.0.0.0:*               LISTEN     \n' +
        'tcp6       0      0 [::]:webcache           [::]:*                  LISTEN     \n',
    );
    expect(run(lab.world, lab.host, 'netstat -an').output).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN     \n' +
        'tcp6       0      0 :::8080                 :::*                    LISTEN     \n' +
        'Active UNIX domain sockets (servers and established)\n' +
        'Proto RefCnt Flags       Type       State         I-Node   Path\n',
    );
    expect(run(lab.world, lab.host, 'netstat -4tln').output).not.toContain('tcp6');
  });

  it('prints the routing table with -r and the usage for bad options (exit 4)', () => {
    const lab = labWithProxy();
    expect(run(lab.world, lab.host, 'netstat -rn').output.split('\n')[1]).toBe('Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface');
    const r = run(lab.world, lab.host, 'netstat -z');
    expect(r.exitCode).toBe(4);
    expect(r.output).toMatch(/^netstat: invalid option -- 'z'\nusage: netstat \[-vWeenNcCF\] \[<Af>\] -r {9}netstat \{-V\|--version\|-h\|--help\}\n/);
    expect(run(lab.world, lab.host, 'netstat --bogus').output).toMatch(/^netstat: unrecognized option '--bogus'\n/);
  });
});
