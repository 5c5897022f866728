import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type Trace, type World } from '../../sim';
import { toElements } from '../graph/to-elements';
import {
  floodHops,
  isReply,
  natBadge,
  packetColor,
  progressAt,
  segmentProgress,
  stepDurationMs,
  stepMotion,
  type StepMotion,
} from './animation';

function run(world: World, ...lines: string[]): World {
  let w = world;
  for (const line of lines) {
    const r = execute(w, line);
    expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
    w = r.world;
  }
  return w;
}

/** The World before the probe and the probe's first trace. */
function probe(world: World, line: string): { world: World; trace: Trace } {
  const r = execute(world, line);
  const trace = r.traces[0];
  if (!trace) throw new Error(`no trace for ${line}:\n${r.output}`);
  return { world, trace };
}

const lab = run(
  createDefaultWorld(),
  'docker network create net1',
  'docker run -d --name c1 busybox sleep 3600',
  'docker run -d --name c2 --network net1 busybox sleep 3600',
  'docker run -d --name c3 --network net1 busybox sleep 3600',
  'docker run -d --name web nginx',
);

const motions = (world: World, trace: Trace): StepMotion[] => trace.steps.map((_, i) => stepMotion(world, trace, i)!);
const nameOf = (world: World, node: string): string => world.ifaces[node.replace(/^if:/, '')]?.name ?? node;

describe('stepMotion', () => {
  it('maps every node and edge a ping touches to an element the graph draws', () => {
    for (const line of ['docker exec c2 ping -c 1 c3', 'docker exec c1 ping -c 1 www.baidu.com', 'docker exec c1 ping -c 1 172.18.0.3']) {
      const { world, trace } = probe(lab, line);
      const ids = new Set(toElements(world).map((e) => e.data.id));
      for (const m of motions(world, trace)) {
        for (const id of m.active) expect(ids.has(id), `${line}: ${id}`).toBe(true);
      }
    }
  });

  it('a ping between two containers on a user network crosses veth, bridge, veth, and back', () => {
    const { world, trace } = probe(lab, 'docker exec c2 ping -c 1 c3');
    const ms = motions(world, trace);
    const c3eth0 = Object.values(world.ifaces).find((i) => i.name === 'eth0' && world.netns[i.ns]?.name === 'c3')!;
    const kinds = trace.steps.map((s) => s.kind);
    // veth-cross: one segment along the veth edge.
    const cross = ms[kinds.indexOf('veth-cross')]!;
    expect(cross.segments).toHaveLength(1);
    expect(cross.segments[0]!.edge).toMatch(/^link:if\d+:if\d+$/);
    // bridge-forward: in from the port the crossing reached, out to the port of c3.
    const fwd = ms[kinds.indexOf('bridge-forward')]!;
    expect(fwd.segments.map((s) => [s.edge, s.t0, s.t1])).toEqual([
      [expect.stringMatching(/^port:if\d+$/), 0, 0.5],
      [expect.stringMatching(/^port:if\d+$/), 0.5, 1],
    ]);
    expect(world.ifaces[fwd.place!.slice(3)]?.kind).toBe('bridge');
    // The delivery pulses green at c3's eth0.
    const deliver = ms[kinds.indexOf('deliver')]!;
    expect(deliver.effect).toBe('deliver');
    expect(deliver.place).toBe(`if:${c3eth0.id}`);
    expect(ms.map((m) => m.reply)).toEqual(trace.steps.map((s) => s.frame.icmp === 'echo-reply' || s.kind === 'arp-reply'));
  });

  it('an ARP request floods every other port of the bridge at once, the reply goes back one way', () => {
    const { world, trace } = probe(lab, 'docker exec c2 ping -c 1 c3');
    const ms = motions(world, trace);
    const req = ms[trace.steps.findIndex((s) => s.kind === 'arp-request')]!;
    expect(req.proto).toBe('arp');
    // c2 eth0 -> its port (level 0), port -> bridge (level 1), bridge -> c3's port (level 2), port -> c3 eth0 (level 3).
    const byEdge = new Map(req.segments.map((s) => [s.edge, s]));
    const out = req.segments.filter((s) => s.edge?.startsWith('port:') && world.ifaces[s.from.slice(3)]?.kind === 'bridge');
    expect(out.length).toBe(1);
    expect(out[0]!.t0).toBeCloseTo(0.5);
    expect(byEdge.size).toBe(req.segments.length);
    const rep = ms[trace.steps.findIndex((s) => s.kind === 'arp-reply')]!;
    expect(rep.reply).toBe(true);
    expect(rep.segments.map((s) => nameOf(world, s.to))).toEqual([
      expect.stringMatching(/^veth/),
      expect.stringMatching(/^br-/),
      expect.stringMatching(/^veth/),
      'eth0',
    ]);
    // Sequential legs: each starts where the previous one ended.
    rep.segments.slice(1).forEach((s, k) => expect(s.from).toBe(rep.segments[k]!.to));
  });

  it('a broadcast from a bridge leaves through every port, one dot per port edge at the same time', () => {
    const world = run(lab, 'docker run -d --name c4 --network net1 busybox sleep 3600');
    const br = Object.values(world.ifaces).find((i) => i.kind === 'bridge' && i.name.startsWith('br-'))!;
    const hops = floodHops(world, br.id);
    const first = hops.filter((h) => h.level === 0);
    expect(first.map((h) => h.edge).sort()).toEqual(
      Object.values(world.ifaces).filter((i) => i.master === br.id).map((i) => `port:${i.id}`).sort(),
    );
    expect(first).toHaveLength(3);
  });

  it('the isolation drop is red at the place the rule fired', () => {
    const { world, trace } = probe(lab, 'docker exec c1 ping -c 1 172.18.0.3');
    const ms = motions(world, trace);
    const last = ms[ms.length - 1]!;
    expect(trace.steps[trace.steps.length - 1]!.kind).toBe('drop');
    expect(last.effect).toBe('drop');
    expect(last.place).toMatch(/^if:/);
    expect(last.active).toContain(last.place);
  });

  it('MASQUERADE on the way out and the conntrack rewrite on the way back are badges', () => {
    const { world, trace } = probe(lab, 'docker exec c1 ping -c 1 www.baidu.com');
    const badges = motions(world, trace).flatMap((m) => (m.badge ? [m.badge] : []));
    expect(badges).toEqual(['MASQUERADE 10.0.2.15', 'un-SNAT → 172.17.0.2']);
    // The hop out of the host ends on the internet cloud (a folded namespace).
    const toCloud = motions(world, trace).find((m) => m.segments.some((s) => s.edge?.startsWith('link:') && s.to.startsWith('ns:')));
    expect(toCloud).toBeDefined();
  });

  it('a routed hop inside the host goes from the bridge to the uplink', () => {
    const { world, trace } = probe(lab, 'docker exec c1 ping -c 1 www.baidu.com');
    const i = trace.steps.findIndex((s) => s.kind === 'forward');
    const m = stepMotion(world, trace, i)!;
    expect(m.segments.map((s) => [nameOf(world, s.from), nameOf(world, s.to), s.edge])).toEqual([['docker0', 'eth0', undefined]]);
  });

  it('curl is TCP: SYN one colour, SYN-ACK the reply colour', () => {
    const { world, trace } = probe(lab, 'curl -s 172.17.0.3:80');
    const tcp = trace.steps.filter((s) => s.frame.proto === 'tcp');
    expect(tcp.map(isReply)).toContain(true);
    expect(tcp.map(isReply)).toContain(false);
    const m = motions(world, trace).filter((x) => x.proto === 'tcp');
    expect(new Set(m.map((x) => packetColor(x.proto, x.reply, 'dark'))).size).toBe(2);
  });

  it('out of range is null', () => {
    const { world, trace } = probe(lab, 'docker exec c2 ping -c 1 c3');
    expect(stepMotion(world, trace, -1)).toBeNull();
    expect(stepMotion(world, trace, trace.steps.length)).toBeNull();
  });
});

describe('natBadge', () => {
  it('prints the DNAT target with its port', () => {
    const step = { kind: 'nat-dnat' as const, ns: 'ns2', frame: { type: 'ipv4' as const, proto: 'tcp' as const, src: 0x0a00020f, dst: 0xac110002, dport: 80 }, reason: 'nat DOCKER rule 1: DNAT to 172.17.0.2' };
    expect(natBadge(step)).toBe('DNAT 172.17.0.2:80');
    expect(natBadge({ ...step, kind: 'deliver' })).toBeUndefined();
  });
});

describe('timing', () => {
  it('speed scales the event duration', () => {
    expect(stepDurationMs(2)).toBeCloseTo(stepDurationMs(1) / 2);
    expect(stepDurationMs(0)).toBe(stepDurationMs(1));
  });

  it('playing runs once and holds; paused loops', () => {
    expect(progressAt(50, 100, true)).toBe(0.5);
    expect(progressAt(500, 100, true)).toBe(1);
    expect(progressAt(50, 100, false)).toBe(0.5);
    // After the run and the rest, a paused step starts over.
    expect(progressAt(140, 100, false)).toBeCloseTo(0.05);
  });

  it('a segment owns its share of the step', () => {
    const seg = { from: 'a', to: 'b', t0: 0.5, t1: 1 };
    expect(segmentProgress(seg, 0.25)).toBeNull();
    expect(segmentProgress(seg, 0.75)).toBe(0.5);
  });
});
