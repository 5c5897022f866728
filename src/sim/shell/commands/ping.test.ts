import { describe, expect, it } from 'vitest';
import { session } from '../../lab/session.test-util';

const SETUP = [
  'docker network create net1',
  'docker run -d --name c2 --network net1 busybox sleep 1d',
  'docker run -d --name c3 --network net1 busybox sleep 1d',
  'docker run -d --name cent --network net1 centos:7 sleep 1d',
  'docker run -d --name test1 busybox sleep 1d',
  'docker run -d --name test3 --link test1 busybox sleep 1d',
  'docker run -d --name none1 --network none busybox sleep 1d',
];

describe('BusyBox ping (facts §12.5)', () => {
  const [byName, dropped, bad, linked, oneWay, noRoute, endless] = session(SETUP, [
    'docker exec c2 ping -c 2 c3',
    'docker exec test1 ping -c 2 172.18.0.3',
    'docker exec c2 ping -c1 nosuchhost',
    'docker exec test3 ping -c1 test1',
    'docker exec test1 ping test3',
    'docker exec none1 ping -c1 8.8.8.8',
    'docker exec c2 ping c3',
  ]);

  it('prints the BusyBox layout: seq from 0, only the IP on replies', () => {
    expect(byName!.output).toMatch(
      /^PING c3 \(172\.18\.0\.3\): 56 data bytes\n64 bytes from 172\.18\.0\.3: seq=0 ttl=64 time=\d\.\d{3} ms\n64 bytes from 172\.18\.0\.3: seq=1 ttl=64 time=\d\.\d{3} ms\n\n--- c3 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms\n$/,
    );
    expect(byName!.exitCode).toBe(0);
    expect(byName!.traces.length).toBeGreaterThan(0);
  });

  it('is silent when nothing answers (another network)', () => {
    expect(dropped!.output).toBe(
      'PING 172.18.0.3 (172.18.0.3): 56 data bytes\n\n--- 172.18.0.3 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n',
    );
    expect(dropped!.exitCode).toBe(1);
  });

  it('says bad address for names nobody knows; links work one way (seed 001)', () => {
    expect([bad!.output, bad!.exitCode]).toEqual(["ping: bad address 'nosuchhost'\n", 1]);
    expect(linked!.output).toMatch(/^PING test1 \(172\.17\.0\.2\): 56 data bytes\n64 bytes from 172\.17\.0\.2: seq=0 /);
    expect(oneWay!.output).toBe("ping: bad address 'test3'\n");
  });

  it('reports a missing route after the header (--network none)', () => {
    expect([noRoute!.output, noRoute!.exitCode]).toEqual(['PING 8.8.8.8 (8.8.8.8): 56 data bytes\nping: sendto: Network is unreachable\n', 1]);
  });

  it('sends 4 then stops as if Ctrl-C was pressed without -c', () => {
    const lines = endless!.output.split('\n');
    expect(lines.filter((l) => l.startsWith('64 bytes'))).toHaveLength(4);
    expect(endless!.output).toContain('^C\n--- c3 ping statistics ---\n4 packets transmitted, 4 packets received, 0% packet loss\n');
  });
});

describe('iputils ping by name', () => {
  const [viaDns, unknown, hostInternet] = session(SETUP, [
    'docker exec cent ping -c 2 c3',
    'docker exec cent ping -c 1 nosuchhost',
    'ping -c 1 www.baidu.com',
  ]);

  it('names the peer by its PTR record, c3.net1 (seed 004)', () => {
    expect(viaDns!.output).toMatch(
      /^PING c3 \(172\.18\.0\.3\) 56\(84\) bytes of data\.\n64 bytes from c3\.net1 \(172\.18\.0\.3\): icmp_seq=1 ttl=64 time=[\d.]+ ms\n64 bytes from c3\.net1 \(172\.18\.0\.3\): icmp_seq=2 /,
    );
    expect(viaDns!.output).toContain('\n--- c3 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss');
  });

  it('fails with getaddrinfo texts', () => {
    expect([unknown!.output, unknown!.exitCode]).toEqual(['ping: nosuchhost: Name or service not known\n', 2]);
  });

  it('shows the address twice when there is no PTR record', () => {
    expect(hostInternet!.output).toMatch(/^PING www\.baidu\.com \(203\.0\.113\.10\) 56\(84\) bytes of data\.\n64 bytes from 203\.0\.113\.10 \(203\.0\.113\.10\): icmp_seq=1 /);
  });
});

describe('a count too large to simulate', () => {
  it('stops at MAX_PINGS as if Ctrl-C was pressed, in iputils and in BusyBox', async () => {
    const { runScript } = await import('../../lab/script');
    const { MAX_PINGS } = await import('./ping');
    const { steps } = runScript(`ping -c 1000000000 127.0.0.1
docker run -d --name pc busybox sleep 3600
docker exec pc ping -c 1000000000 127.0.0.1`);
    expect(steps[0]!.output).toContain(`${MAX_PINGS} packets transmitted, ${MAX_PINGS} received`);
    expect(steps[0]!.output).toContain('^C');
    expect(steps[2]!.output).toContain(`${MAX_PINGS} packets transmitted, ${MAX_PINGS} packets received`);
  });
});
