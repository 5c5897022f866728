import { describe, expect, it } from 'vitest';
import { formatIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { candidates, embeddedLookup, embeddedReverse, hasEmbeddedDns } from './dns';
import { findContainer } from './container';
import { lab } from '../lab/session.test-util';

const docker = (w: World) => w.hosts[w.hostOrder[0]!]!.docker!;
const ask = (w: World, who: string, name: string) => {
  const d = docker(w);
  const r = embeddedLookup(d, findContainer(d, who)!, name);
  return r.kind === 'a' ? r.addrs.map(formatIp4) : r.kind;
};

describe('embedded DNS (facts §4.2)', () => {
  const w = lab([
    'docker network create net1',
    'docker network create net2',
    'docker run -d --name aliased --network net1 --network-alias svc --network-alias api -h myhost busybox sleep 1d',
    'docker run -d --name c2 --network net1 busybox sleep 1d',
    'docker run -d --name c4 --network net2 busybox sleep 1d',
    'docker run -d --name b1 busybox sleep 1d',
  ]);
  const d = docker(w);
  const aliased = findContainer(d, 'aliased')!;

  it('tries a.b.c everywhere, then a.b in network c, then a in network b.c', () => {
    expect(candidates('a.b.c')).toEqual([
      { req: 'a.b.c', network: '' },
      { req: 'a.b', network: 'c' },
      { req: 'a', network: 'b.c' },
    ]);
  });

  it('answers the name, aliases, short id, hostname and name.network; not the full id', () => {
    for (const n of ['aliased', 'svc', 'API', aliased.id.slice(0, 12), 'myhost', 'aliased.net1', 'aliased.']) {
      expect(ask(w, 'c2', n), n).toEqual(['172.18.0.2']);
    }
    expect(ask(w, 'c2', aliased.id)).toBe('forward');
    expect(ask(w, 'c2', 'aliased.net2')).toBe('forward');
  });

  it('only answers for containers sharing a user-defined network', () => {
    expect(ask(w, 'c2', 'c4')).toBe('forward');
    expect(ask(w, 'c4', 'c4')).toEqual(['172.19.0.2']);
    expect(hasEmbeddedDns(d, findContainer(d, 'b1')!)).toBe(false);
    expect(ask(w, 'b1', 'c2')).toBe('forward');
  });

  it('answers PTR with name.network', () => {
    expect(embeddedReverse(d, findContainer(d, 'c2')!, 0xac120002)).toBe('aliased.net1');
    expect(embeddedReverse(d, findContainer(d, 'c2')!, 0xac130002)).toBeUndefined();
  });

  it('resolves a --link alias on a user network as a scoped alias', () => {
    const w2 = lab([
      'docker network create net1',
      'docker run -d --name db --network net1 busybox sleep 1d',
      'docker run -d --name app --network net1 --link db:database busybox sleep 1d',
    ]);
    expect(ask(w2, 'app', 'database')).toEqual(['172.18.0.2']);
    expect(ask(w2, 'db', 'database')).toBe('forward');
  });
});
