/** `docker run -p` ranges: the playground's cap, and the cost of a big one (fuzz perf trap, issue 7). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../../lab/default-world';
import { execute } from '../../execute';
import { MAX_PUBLISHED } from './run';

describe('docker run -p with a range', () => {
  it('refuses more than MAX_PUBLISHED ports at once, clearly and quickly', () => {
    const w = createDefaultWorld();
    const t0 = performance.now();
    const r = execute(w, 'docker run -d -p 1-65535:1-65535 busybox');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r).toMatchObject({
      exitCode: 125,
      output: `docker: the playground publishes at most ${MAX_PUBLISHED} ports per container, not 65535 (-p 1-65535:1-65535).\nSee 'docker run --help'.\n`,
    });
    expect(r.world.hosts).toEqual(w.hosts);
    expect(execute(w, `docker run -d -p 1-${MAX_PUBLISHED} -p 7/udp busybox`).output).toContain(`not ${MAX_PUBLISHED + 1} (-p 7/udp)`);
  });

  it('publishes a range up to the cap, and takes it all back when the container exits', () => {
    const w = createDefaultWorld();
    const t0 = performance.now();
    // busybox's sh exits at once without -it: the start programs the rules, the exit removes them.
    const r = execute(w, `docker run -d -p 1000-${999 + MAX_PUBLISHED}:1000-${999 + MAX_PUBLISHED} busybox`);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(r.exitCode).toBe(0);
    expect(execute(r.world, 'iptables -t nat -S DOCKER').output).toBe(execute(w, 'iptables -t nat -S DOCKER').output);
    const up = execute(w, 'docker run -dit --name many -p 1000-1099:1000-1099 busybox');
    expect(execute(up.world, 'iptables -t nat -S DOCKER').output.split('\n').filter((l) => l.includes('DNAT'))).toHaveLength(100);
  });
});
