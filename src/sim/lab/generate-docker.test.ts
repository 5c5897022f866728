import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from './default-world';
import type { World } from '../net/types';
import { execute } from '../shell/execute';
import { generateDockerLab, generateMultiHostDockerLab } from './generate-docker';
import { labFromScript, replay } from './lab';
import { parseScript, runScript } from './script';

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);
const LABS = SEEDS.map(generateDockerLab);

/** What the kernel holds: namespaces (links, routes, iptables, sockets, sysctls) and interfaces. */
const kernelState = (w: World) => JSON.stringify({ netns: w.netns, ifaces: w.ifaces });

describe('generateDockerLab', () => {
  it('is a pure function of the seed', () => {
    for (const s of [1, 2, 42, 12345, 0xffffffff]) expect(generateDockerLab(s)).toBe(generateDockerLab(s));
    expect(new Set(LABS).size).toBe(LABS.length);
  });

  it('covers the Docker features the conformance suite is after', () => {
    const all = LABS.join('\n');
    const count = (re: RegExp) => (all.match(re) ?? []).length;
    expect(count(/^docker network create .*--subnet/gm)).toBeGreaterThan(60);
    expect(count(/^docker network create (?!.*--subnet)/gm)).toBeGreaterThan(60);
    for (const flag of ['--gateway', '--ip-range', '--internal', 'enable_icc=false']) expect(count(new RegExp(`^docker network create .*${flag}`, 'gm'))).toBeGreaterThan(10);
    expect(count(/^docker run -d (?!.*--net)/gm)).toBeGreaterThan(100); // the default bridge
    for (const mode of ['none', 'host', 'container:', 'bridge']) expect(count(new RegExp(`--net(work)?[ =]${mode}`, 'g'))).toBeGreaterThan(20);
    expect(count(/ --ip \d/g)).toBeGreaterThan(50);
    expect(count(/ (-p|--publish) \S+:\d+/g)).toBeGreaterThan(150);
    expect(count(/ -p (127\.0\.0\.1|192\.168\.205\.10|10\.0\.2\.15):/g)).toBeGreaterThan(10);
    expect(count(/busybox httpd -f -p \d+$/gm)).toBeGreaterThan(150);
    expect(count(/ nginx$/gm)).toBeGreaterThan(80);
    for (const op of ['network connect', 'network disconnect', 'rm -f', 'stop', 'start', 'network rm']) {
      expect(count(new RegExp(`^docker ${op} `, 'gm')), op).toBeGreaterThan(20);
    }
    expect(count(/^ip netns add /gm)).toBeGreaterThan(100);
    expect(count(/master docker0$/gm)).toBeGreaterThan(20);
    expect(count(/^iptables -I DOCKER-USER /gm)).toBeGreaterThan(10);
  });

  it('keeps names off the default world and every namespace label unique', () => {
    for (const lab of LABS.slice(0, 100)) {
      const { world } = runScript(lab);
      const labels = Object.values(world.netns).map((ns) => ns.name);
      expect(new Set(labels).size, lab).toBe(labels.length);
    }
  });

  it('replays with mostly successful commands, some failing on purpose', () => {
    let failed = 0;
    let total = 0;
    for (const lab of LABS.slice(0, 100)) {
      const { steps } = runScript(lab);
      total += steps.length;
      failed += steps.filter((x) => x.exitCode !== 0).length;
    }
    expect(total).toBeGreaterThan(100 * 8);
    expect(failed / total).toBeGreaterThan(0.03);
    expect(failed / total).toBeLessThan(0.12);
  });

  it('leaves no kernel trace of a command that fails', () => {
    let failures = 0;
    for (const lab of LABS.slice(0, 150)) {
      let world = createDefaultWorld();
      const host = world.hostOrder[0]!;
      for (const line of parseScript(lab)) {
        const before = kernelState(world);
        const r = execute(world, line.command, { host });
        world = r.world;
        if (r.exitCode === 0) continue;
        failures++;
        expect(kernelState(world), `${line.command}\n${r.output}`).toBe(before);
      }
    }
    expect(failures).toBeGreaterThan(50);
  });
});

describe('generateMultiHostDockerLab', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  it('is a pure function of the seed, with docker-node1/2 prompts', () => {
    for (const s of seeds.slice(0, 3)) expect(generateMultiHostDockerLab(s)).toBe(generateMultiHostDockerLab(s));
    const all = seeds.map(generateMultiHostDockerLab);
    expect(new Set(all).size).toBe(all.length);
    for (const text of all) {
      expect(text).toMatch(/^\[root@docker-node1 ~\]# docker swarm init --advertise-addr 192\.168\.205\.10$/m);
      expect(text).toMatch(/^\[root@docker-node2 ~\]# docker swarm join --token SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25} 192\.168\.205\.10:2377$/m);
      expect(text).toMatch(/docker network create -d overlay --attachable/);
      expect(text).toMatch(/docker network create -d macvlan .*-o parent=eth1/);
      expect(text).toMatch(/ -p \d+:80 /);
    }
  });

  it('runs without an error: every node joins, containers on both hosts on the overlay and the macvlan network', () => {
    for (const s of seeds) {
      const r = replay(labFromScript(generateMultiHostDockerLab(s)));
      const failed = r.results.filter((x) => x.exitCode !== 0).map((x) => x.output);
      expect(failed, `seed ${s}`).toEqual([]);
      const w = r.world;
      expect(w.swarm!.nodes.length).toBe(r.shells.size);
      for (const h of Object.values(w.hosts)) {
        const kinds = Object.values(h.docker!.containers).flatMap((c) => c.endpoints.map((e) => h.docker!.networks[e.network]?.driver));
        expect(kinds, `${h.hostname} seed ${s}`).toContain('macvlan');
      }
      expect(Object.values(w.ifaces).some((i) => i.kind === 'vxlan' && i.vxlan!.fdb.length > 0)).toBe(true);
    }
  });
});
