/**
 * wget, telnet, nslookup and cat, end to end through `execute` (facts §12.7, §12.9).
 */
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../execute';
import { busyboxBar } from './wget';
import { session } from '../../lab/session.test-util';

const SETUP = [
  'docker network create net1',
  'docker run -d --name web --network net1 nginx',
  'docker run -d --name c2 --network net1 busybox sleep 1d',
  'docker run -d --name c3 --network net1 busybox sleep 1d',
  'docker run -d --name b1 busybox sleep 1d',
  'docker run -d --name tc tomcat:7',
];

const ok = (r: ExecResult | undefined) => [r!.output, r!.exitCode];

describe('BusyBox wget', () => {
  const [stdout, saved, cat, refused, unknown, notFound, timedOut, quiet] = session(SETUP, [
    'docker exec c2 wget -O - web',
    'docker exec c2 wget http://web/',
    'docker exec c2 cat index.html',
    'docker exec c2 wget -O - c3',
    'docker exec c2 wget nosuchhost',
    'docker exec b1 wget -O - 172.17.0.3:8080/x',
    'docker exec b1 wget -T 2 -O - 172.18.0.2',
    'docker exec c2 wget -q -O - web',
  ]);
  const page = quiet!.output;

  it('writes to stdout with the status bar of a non-tty stderr', () => {
    expect(busyboxBar('-', 612)).toBe('-                    100% |********************************|   612  0:00:00 ETA\n');
    expect(ok(stdout)).toEqual([`Connecting to web (172.18.0.2:80)\nwriting to stdout\n${page}${busyboxBar('-', 612)}written to stdout\n`, 0]);
    expect(page).toContain('<title>Welcome to nginx!</title>');
  });

  it('saves index.html', () => {
    expect(ok(saved)).toEqual([`Connecting to web (172.18.0.2:80)\nsaving to 'index.html'\n${busyboxBar('index.html', 612)}'index.html' saved\n`, 0]);
    expect(cat!.output).toBe(page);
  });

  it('prints the applet errors', () => {
    expect(ok(refused)).toEqual(["Connecting to c3 (172.18.0.4:80)\nwget: can't connect to remote host (172.18.0.4): Connection refused\n", 1]);
    expect(ok(unknown)).toEqual(["wget: bad address 'nosuchhost'\n", 1]);
    expect(ok(notFound)).toEqual(['Connecting to 172.17.0.3:8080 (172.17.0.3:8080)\nwget: server returned error: HTTP/1.1 404 Not Found\n', 1]);
    expect(ok(timedOut)).toEqual(['Connecting to 172.18.0.2 (172.18.0.2:80)\nwget: download timed out\n', 1]);
  });
});

describe('GNU wget in tomcat:7 and none on the host', () => {
  const [gnu, host] = session(SETUP, ['docker exec tc wget -O - localhost:9', 'wget x']);
  it('prints GNU Wget texts', () => {
    expect(gnu!.output).toMatch(/^--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d-- {2}http:\/\/localhost:9\/\nResolving localhost \(localhost\)\.\.\. 127\.0\.0\.1\nConnecting to localhost \(localhost\)\|127\.0\.0\.1\|:9\.\.\. failed: Connection refused\.\n$/);
    expect(gnu!.exitCode).toBe(4);
    expect(ok(host)).toEqual(['-bash: wget: command not found\n', 127]);
  });
});

describe('telnet', () => {
  const [open, refused, unknown, bbOpen, bbRefused, bbUnknown] = session(
    [...SETUP, 'docker run -d --name pub -p 8080:80 nginx'],
    ['telnet 127.0.0.1 8080', 'telnet 127.0.0.1 81', 'telnet nosuchhost 80', 'docker exec c2 telnet web 80', 'docker exec c2 telnet c3 80', 'docker exec c2 telnet nosuchhost'],
  );

  it('netkit on the host: connected, then the far end closes', () => {
    expect(ok(open)).toEqual(["Trying 127.0.0.1...\nConnected to 127.0.0.1.\nEscape character is '^]'.\nConnection closed by foreign host.\n", 1]);
    expect(ok(refused)).toEqual(['Trying 127.0.0.1...\ntelnet: connect to address 127.0.0.1: Connection refused\n', 1]);
    expect(ok(unknown)).toEqual(['telnet: nosuchhost: Name or service not known\nnosuchhost: Unknown host\n', 1]);
  });

  it('BusyBox prints nothing on success', () => {
    expect(ok(bbOpen)).toEqual(['', 0]);
    expect(ok(bbRefused)).toEqual(["telnet: can't connect to remote host (172.18.0.4): Connection refused\n", 1]);
    expect(ok(bbUnknown)).toEqual(["telnet: bad address 'nosuchhost'\n", 1]);
  });
});

describe('BusyBox nslookup (facts §12.7)', () => {
  const [name, missing, ptr, upstream, bridge, host] = session(SETUP, [
    'docker exec c2 nslookup c3',
    'docker exec c2 nslookup nosuchhost',
    'docker exec c2 nslookup 172.18.0.4',
    'docker exec c2 nslookup www.baidu.com',
    'docker exec b1 nslookup c3',
    'nslookup c3',
  ]);
  const head = 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n';

  it('answers A then AAAA from the embedded DNS', () => {
    expect(ok(name)).toEqual([`${head}Non-authoritative answer:\nName:\tc3\nAddress: 172.18.0.4\n\nNon-authoritative answer:\n\n`, 0]);
    expect(ok(missing)).toEqual([`${head}** server can't find nosuchhost: NXDOMAIN\n\n** server can't find nosuchhost: NXDOMAIN\n\n`, 1]);
    expect(ok(ptr)).toEqual([`${head}Non-authoritative answer:\n4.0.18.172.in-addr.arpa\tname = c3.net1\n\n`, 0]);
    expect(upstream!.output).toBe(`${head}Non-authoritative answer:\nName:\twww.baidu.com\nAddress: 203.0.113.10\n\nNon-authoritative answer:\n\n`);
  });

  it('asks the host nameserver on the default bridge; the host has no nslookup', () => {
    expect(bridge!.output).toBe("Server:\t\t10.0.2.3\nAddress:\t10.0.2.3:53\n\n** server can't find c3: NXDOMAIN\n\n** server can't find c3: NXDOMAIN\n\n");
    expect(ok(host)).toEqual(['-bash: nslookup: command not found\n', 127]);
  });

  it('times out without a route to any server', () => {
    const [none] = session(['docker run -d --name none1 --network none busybox sleep 1d'], ['docker exec none1 nslookup www.baidu.com']);
    expect(ok(none)).toEqual([';; connection timed out; no servers could be reached\n\n', 1]);
  });
});

describe('cat', () => {
  const [files, missing, bbMissing, piped, proc] = session(SETUP, [
    'docker exec c2 cat /etc/resolv.conf /etc/hostname',
    'cat /etc/nope',
    'docker exec c2 cat /etc/nope',
    'echo hi | cat',
    'cat /proc/sys/net/ipv4/ip_forward',
  ]);
  it('reads the place files, stdin and /proc/sys', () => {
    expect(files!.output).toMatch(/^nameserver 127\.0\.0\.11\noptions ndots:0\n[0-9a-f]{12}\n$/);
    expect(ok(missing)).toEqual(['cat: /etc/nope: No such file or directory\n', 1]);
    expect(ok(bbMissing)).toEqual(["cat: can't open '/etc/nope': No such file or directory\n", 1]);
    expect(piped!.output).toBe('hi\n');
    expect(proc!.output).toBe('1\n');
  });
});
