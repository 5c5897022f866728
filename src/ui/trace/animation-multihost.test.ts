import { describe, expect, it } from 'vitest';
import { execute, type TraceStep } from '../../sim';
import { overlayWorld } from '../graph/multihost.test-util';
import { toElements } from '../graph/to-elements';
import { dotLabel, isEncapsulated, placeOf, stepMotion } from './animation';

describe('a ping across the overlay, host to host', () => {
  const world = overlayWorld(2);
  const r = execute(world, 'ip netns exec c1 ping -c1 10.0.1.3', { host: world.hostOrder[0]! });
  const trace = r.traces[0]!;
  const w = r.world;
  const els = toElements(w);
  const drawn = new Set(els.map((e) => e.data.id));
  const idx = (kind: string, from = 0) => trace.steps.findIndex((s, i) => i >= from && (s.kind as string) === kind);

  it('gets its reply', () => {
    expect(r.exitCode).toBe(0);
    expect(trace.steps.map((s) => s.kind as string)).toContain('vxlan-encap');
  });

  it('encapsulates on node1: from the overlay down the tunnel to eth1 192.168.205.10, drawn as a capsule', () => {
    const i = idx('vxlan-encap');
    const m = stepMotion(w, trace, i)!;
    expect(m.place).toBe('ovl:abcdef0123');
    expect(m.segments).toHaveLength(1);
    const seg = m.segments[0]!;
    expect(drawn.has(seg.edge!)).toBe(true);
    expect(seg.from).toBe('ovl:abcdef0123');
    expect(els.find((e) => e.data.id === seg.to)?.data.label).toBe('eth1\n192.168.205.10/24');
    expect(m.encapsulated).toBe(true);
    expect(dotLabel(trace.steps[i]!)).toBe('VXLAN 4096 [ICMP echo]');
  });

  it('crosses the LAN encapsulated, and decapsulates on node2 back up the tunnel', () => {
    const enc = idx('vxlan-encap');
    const dec = idx('vxlan-decap', enc);
    const between = trace.steps.slice(enc + 1, dec);
    const lan = els.find((e) => e.data.kind === 'lan')!.data.id;
    const crossings = between.flatMap((s, k) => (s.kind === 'veth-cross' ? [{ s, m: stepMotion(w, trace, enc + 1 + k)! }] : []));
    expect(crossings.map(({ m }) => m.segments.map((g) => (g.from === lan ? 'lan' : g.to === lan ? 'to-lan' : g.to)))).toEqual([['to-lan'], ['lan']]);
    for (const { s, m } of crossings) {
      expect(isEncapsulated(s)).toBe(true);
      expect(m.encapsulated).toBe(true);
    }
    const m = stepMotion(w, trace, dec)!;
    expect(m.segments[0]!.to).toBe('ovl:abcdef0123');
    expect(els.find((e) => e.data.id === m.segments[0]!.from)?.data.label).toBe('eth1\n192.168.205.11/24');
    expect(drawn.has(m.segments[0]!.edge!)).toBe(true);
    // After decapsulation the inner frame travels bare to c2.
    expect(stepMotion(w, trace, dec + 1)!.encapsulated).toBe(false);
  });

  it('draws every segment between drawn nodes (nothing inside the folded LAN or overlay)', () => {
    trace.steps.forEach((_, i) => {
      for (const s of stepMotion(w, trace, i)!.segments) {
        expect(s.from === s.to, `step ${i}`).toBe(false);
        expect(drawn.has(s.from) && drawn.has(s.to), `step ${i} ${s.from} ${s.to}`).toBe(true);
        if (s.edge) expect(drawn.has(s.edge), `step ${i} ${s.edge}`).toBe(true);
      }
    });
  });

  it('the underlay ARP for the remote VTEP is not a capsule', () => {
    const arp = trace.steps.find((s) => s.kind === 'arp-request' && s.frame.dst === 0xc0a8cd0b);
    if (arp) expect(isEncapsulated(arp)).toBe(false);
  });

  it('an unknown step kind does not move, and pulses where it happens', () => {
    const odd = { ...trace.steps[0]!, kind: 'something-new' } as unknown as TraceStep;
    const m = stepMotion(w, { ...trace, steps: [odd] }, 0)!;
    expect(m.segments).toEqual([]);
    expect(m.place).toBe(placeOf(w, trace.steps[0]!));
  });
});

describe('a macvlan container pinging the other host', () => {
  it('leaves along the macvlan edge onto eth1 then the LAN', () => {
    const world = overlayWorld(2);
    const mvNs = Object.values(world.netns).find((n) => n.name === 'mv1')!;
    const host = world.hosts[world.hostOrder[0]!]!;
    host.netns['mv1'] = mvNs.id;
    mvNs.kind = 'named';
    const r = execute(world, 'ip netns exec mv1 ping -c1 192.168.205.11', { host: host.id });
    expect(r.exitCode, r.output).toBe(0);
    const trace = r.traces[0]!;
    const steps = trace.steps.flatMap((s, i) => ((s.kind as string) === 'macvlan' ? [i] : []));
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const els = toElements(r.world);
    const eth0 = els.find((e) => e.data.kind === 'macvlan')!.data.id;
    const eth1 = (els.find((e) => e.data.id === `macvlan:${eth0.slice(3)}`)!.data as { target: string }).target;
    // Out of the child onto its lower device, and back up into it, both along the macvlan edge.
    const legs = steps.map((i) => stepMotion(r.world, trace, i)!.segments.map((s) => [s.from, s.to, s.edge]));
    expect(legs[0]).toEqual([[eth0, eth1, `macvlan:${eth0.slice(3)}`]]);
    expect(legs.at(-1)).toEqual([[eth1, eth0, `macvlan:${eth0.slice(3)}`]]);
  });
});
