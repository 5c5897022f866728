import { describe, expect, it } from 'vitest';
import { findContainer } from '../docker/container';
import { formatIp4 } from '../net/ip4';
import type { World } from '../net/types';
import type { Place } from './context';
import { defaultPlace } from './execute';
import { parseHosts, parseResolvConf, resolveName, reverseName, type Resolution } from './resolve';
import { lab } from '../lab/session.test-util';

function inContainer(w: World, name: string): Place {
  const host = w.hosts[w.hostOrder[0]!]!;
  const c = findContainer(host.docker!, name)!;
  return { host: host.id, ns: c.ns ?? host.rootNs, container: c.id };
}

const show = (r: Resolution) => (r.kind === 'ok' ? `${formatIp4(r.addr)} ${r.canonical} ${r.source}` : r.kind);

describe('files', () => {
  it('reads IPv4 lines of /etc/hosts, tab or space separated, ignoring comments', () => {
    expect(parseHosts('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n# x\n172.17.0.2\tdatabase e6609b08845c db # c\n')).toEqual([
      { ip: 0x7f000001, names: ['localhost'] },
      { ip: 0xac110002, names: ['database', 'e6609b08845c', 'db'] },
    ]);
  });

  it('reads nameservers, search and ndots from resolv.conf', () => {
    expect(parseResolvConf('nameserver 127.0.0.11\noptions ndots:0\n')).toEqual({ nameservers: [0x7f00000b], search: [], ndots: 0 });
    expect(parseResolvConf('search localdomain\n').nameservers).toEqual([0x7f000001]);
  });
});

describe('resolveName', () => {
  const w = lab([
    'docker network create net1',
    'docker run -d --name c1 --network net1 busybox sleep 1d',
    'docker run -d --name c2 --network net1 busybox sleep 1d',
    'docker run -d --name b1 busybox sleep 1d',
    'docker network create --internal int1',
    'docker run -d --name i1 --network int1 busybox sleep 1d',
  ]);
  const host = { world: w, place: defaultPlace(w) };
  const c1 = { world: w, place: inContainer(w, 'c1') };

  it('takes literals, then the first /etc/hosts line, then DNS', () => {
    expect(show(resolveName(host, '10.1.2.3'))).toBe('10.1.2.3 10.1.2.3 literal');
    expect(show(resolveName(host, 'localhost'))).toBe('127.0.0.1 localhost hosts');
    expect(show(resolveName(host, 'docker-node1'))).toBe('127.0.0.1 docker-node1 hosts');
    expect(show(resolveName(host, 'www.baidu.com'))).toBe('203.0.113.10 www.baidu.com dns');
    expect(show(resolveName(host, 'nosuchhost'))).toBe('nxdomain');
    expect(show(resolveName(host, 'c1'))).toBe('nxdomain');
  });

  it('asks the embedded DNS inside a user-network container and forwards the rest', () => {
    expect(show(resolveName(c1, 'c2'))).toBe('172.18.0.3 c2 dns');
    expect(show(resolveName(c1, 'www.baidu.com'))).toBe('203.0.113.10 www.baidu.com dns');
    expect(show(resolveName(c1, 'nosuchhost'))).toBe('nxdomain');
    expect(reverseName(c1, 0xac120003)).toBe('c2.net1');
    expect(reverseName(c1, 0xac120002)).toBe(findContainer(w.hosts[w.hostOrder[0]!]!.docker!, 'c1')!.id.slice(0, 12));
  });

  it('gives the default bridge the host nameserver, which knows no container names', () => {
    const b1 = { world: w, place: inContainer(w, 'b1') };
    expect(show(resolveName(b1, 'c1'))).toBe('nxdomain');
    expect(show(resolveName(b1, 'www.baidu.com'))).toBe('203.0.113.10 www.baidu.com dns');
  });

  it('times out when the upstream cannot be reached (--internal network)', () => {
    const i1 = { world: w, place: inContainer(w, 'i1') };
    expect(show(resolveName(i1, 'i1'))).toBe('172.19.0.2 i1 dns');
    expect(show(resolveName(i1, 'www.baidu.com'))).toBe('unreachable');
  });
});
