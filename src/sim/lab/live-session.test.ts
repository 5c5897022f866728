import { describe, expect, it } from 'vitest';
import { shellViolations } from './invariants';
import { replay } from './lab';

describe('liveSession', () => {
  it('ends a namespace shell whose namespace another line deleted (it used to crash the next line)', () => {
    const lab = {
      hosts: ['docker-node1'],
      log: [
        { t: 't1', h: 'docker-node1', c: 'ip netns add s' },
        { t: 't1', h: 'docker-node1', c: 'ip netns exec s bash' },
        { t: 't2', h: 'docker-node1', c: 'ip netns del s' },
        { t: 't1', h: 'docker-node1', c: 'ip link show' },
      ],
    };
    const r = replay(lab);
    expect(r.results[1]!.sessionAfter?.ns).toBeDefined();
    expect(r.results[3]!.session).toBeNull();
    expect(r.results[3]!.exitCode).toBe(0);
    expect(r.results[3]!.output).toContain('eth0');
    expect(shellViolations(r.world, r.shells)).toEqual([]);
  });
});
