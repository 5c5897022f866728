/**
 * The predicates the labs use less (or not at all), on small Worlds built by typing lines, each
 * asserted both ways so none can pass by accident.
 */
import { describe, expect, it } from 'vitest';
import { replay, type LabEntry } from '../lab';
import type { CheckContext } from './types';
import { any, containerOf, hasIp, linkUp, not, published, ran, running, sharesNetns, vethBetween } from './checks';
import { resolves } from './probes';

function ctxOf(lines: string[], hosts = ['docker-node1']): CheckContext {
  const log: LabEntry[] = lines.map((c) => ({ t: 't1', h: hosts[0]!, c }));
  const r = replay({ hosts, log });
  return { world: r.world, log: log.map((entry, i) => ({ entry, output: r.results[i]!.output, exitCode: r.results[i]!.exitCode })) };
}

const sleeper = (name: string, opts = '') => `docker run -d --name ${name} ${opts}busybox /bin/sh -c "while true; do sleep 3600;done"`;

describe('guided checks', () => {
  const ctx = ctxOf([
    'docker network create --subnet 10.9.0.0/24 app',
    sleeper('api', '--network app '),
    sleeper('probe', '--network app '),
    sleeper('plain'),
    sleeper('side', '--network container:api '),
    'docker run -d --name web -p 127.0.0.1:8080:80 nginx',
    'ip link add v0 type veth peer name v1',
    'ip netns add blue',
    'ip link set v1 netns blue',
  ]);

  it('finds containers by exact name only, never by an id prefix', () => {
    const api = containerOf(ctx.world, 'api')!;
    expect(api.c.name).toBe('api');
    expect(containerOf(ctx.world, api.c.id.slice(0, 6))).toBeUndefined();
    expect(running(api.c.id.slice(0, 6))(ctx)).toBe(false);
  });

  it('resolves names through the embedded DNS on a user network, not on docker0', () => {
    expect(resolves('probe', 'api')(ctx)).toBe(true);
    expect(resolves('plain', 'api')(ctx)).toBe(false);
    expect(resolves('nosuch', 'api')(ctx)).toBe(false);
  });

  it('reads addresses, shared namespaces and published ports from the World', () => {
    expect(hasIp('api', '10.9.0.0/24')(ctx)).toBe(true);
    expect(hasIp('api', '10.9.0.0/24', { network: 'bridge' })(ctx)).toBe(false);
    expect(hasIp('plain', '10.9.0.0/24')(ctx)).toBe(false);
    expect(sharesNetns('api', 'side')(ctx)).toBe(true);
    expect(sharesNetns('api', 'probe')(ctx)).toBe(false);
    expect(published({ containerPort: 80, hostPort: 8080, hostIp: '127.0.0.1' })(ctx)).toBe(true);
    expect(published({ containerPort: 80, hostPort: 8080, hostIp: '0.0.0.0' })(ctx)).toBe(false);
    expect(published({ containerPort: 80, hostPort: 'ephemeral' })(ctx)).toBe(false);
  });

  it('sees a veth between the root namespace and a named one, and its state', () => {
    expect(vethBetween(undefined, 'blue')(ctx)).toBe(true);
    expect(vethBetween('blue', undefined)(ctx)).toBe(true);
    expect(vethBetween('blue', 'blue')(ctx)).toBe(false);
    expect(linkUp('blue', 'v1')(ctx)).toBe(false);
    expect(linkUp(undefined, 'eth1')(ctx)).toBe(true);
  });

  it('matches lines of the log by command, output, exit code and machine', () => {
    expect(ran({ command: /^ip netns add blue$/, exit: 'ok' })(ctx)).toBe(true);
    expect(ran({ command: /^ip netns add blue$/, exit: 'fail' })(ctx)).toBe(false);
    expect(ran({ command: /^ip netns add blue$/, host: 'docker-node2' })(ctx)).toBe(false);
    expect(ran({ output: () => undefined })(ctx)).toBe(false);
    expect(any(not(running('api')), running('plain'))(ctx)).toBe(true);
  });
});
