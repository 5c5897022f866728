import cytoscape, { type Core } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, type World } from '../../sim';
import { applyLayout, captureLayout } from './lab-layout';
import { syncGraph } from './sync-graph';
import { toElements, type GraphElement } from './to-elements';

const headless = (): Core => cytoscape({ headless: true, styleEnabled: false });

function picture(cy: Core): Record<string, string> {
  const out: Record<string, string> = {};
  cy.nodes(':childless').forEach((n) => {
    out[n.id()] = `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`;
  });
  return out;
}

describe('a lab keeps its picture', () => {
  // Built one line at a time, as a user does: a stopped container keeps its place, the veth ends
  // land where they were first drawn, so the picture is not what a fresh drawing gives.
  const lines = [
    'docker network create net1', 'docker run -d --name c1 --network net1 busybox sleep 3600',
    'docker run -d --name c2 busybox sleep 3600', 'ip netns add ns1', 'docker network connect net1 c2',
    'docker run -d --name web -p 8080:80 nginx', 'docker stop c1', 'ip link add v0 type veth peer name v1',
    'ip link set v1 netns ns1', 'docker run -d --name c5 --network container:c2 busybox sleep 1d',
  ];
  const live = headless();
  let world: World = createDefaultWorld();
  let prev: GraphElement[] = toElements(world);
  syncGraph(live, [], prev);
  for (const l of lines) {
    world = execute(world, l).world;
    const next = toElements(world);
    syncGraph(live, prev, next);
    prev = next;
  }
  // The user drags one node.
  live.nodes(':childless').first().position({ x: -500, y: 77 });

  it('a fresh drawing plus the captured layout is the same picture', () => {
    const layout = captureLayout(live, prev);
    const fresh = headless();
    const summary = syncGraph(fresh, [], prev);
    expect(picture(fresh)).not.toEqual(picture(live));
    applyLayout(fresh, summary.added, layout);
    expect(picture(fresh)).toEqual(picture(live));
  });

  it('captures only what differs from a fresh drawing', () => {
    const layout = captureLayout(live, prev);
    const n = live.nodes(':childless').length;
    expect(Object.keys(layout).length).toBeGreaterThan(0);
    expect(Object.keys(layout).length).toBeLessThan(n / 2);
    const fresh = headless();
    syncGraph(fresh, [], prev);
    expect(captureLayout(fresh, prev)).toEqual({});
  });
});
