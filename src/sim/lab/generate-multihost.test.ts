import { describe, expect, it } from 'vitest';
import { generateMultiHostLab } from './generate-multihost';
import { runLabScript } from './lab';

describe('generateMultiHostLab', () => {
  const labs = Array.from({ length: 100 }, (_, i) => generateMultiHostLab(i + 1));

  it('is a pure function of the seed, and the labs differ', () => {
    expect(generateMultiHostLab(7)).toBe(generateMultiHostLab(7));
    expect(new Set(labs).size).toBe(labs.length);
  });

  it('puts vxlan overlays and macvlan children on two or three machines', () => {
    const all = labs.join('\n');
    const count = (re: RegExp) => (all.match(re) ?? []).length;
    expect(count(/^\[root@docker-node2 ~\]# ip link add vxlan0 type vxlan id \d+ dstport \d+ dev eth1/gm)).toBe(100);
    expect(count(/^\[root@docker-node3 ~\]# /gm)).toBeGreaterThan(10);
    expect(count(/ proxy /g)).toBeGreaterThan(50);
    expect(count(/fdb append 00:00:00:00:00:00 /g)).toBeGreaterThan(10);
    expect(count(/type macvlan mode bridge$/gm)).toBeGreaterThan(50);
    expect(count(/type macvlan mode (vepa|private)$/gm)).toBeGreaterThan(5);
    expect(count(/--dport \d+ -j DROP$/gm)).toBeGreaterThan(5);
  });

  it('runs in the simulator on every machine it names, without a failing command', () => {
    for (const lab of labs.slice(0, 20)) {
      const { world, steps } = runLabScript(lab);
      expect(world.hostOrder.length).toBeGreaterThanOrEqual(2);
      for (const s of steps) expect([s.command, s.exitCode, s.output]).toEqual([s.command, 0, '']);
    }
  });
});
