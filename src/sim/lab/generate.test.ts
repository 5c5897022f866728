import { describe, expect, it } from 'vitest';
import { generateLab, SEED_001_NETNS_LAB } from './generate';
import { parseScript, runScript } from './script';

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

describe('generateLab', () => {
  it('is a pure function of the seed', () => {
    for (const s of [1, 2, 42, 12345, 0xffffffff]) expect(generateLab(s)).toBe(generateLab(s));
    expect(generateLab(1)).not.toBe(generateLab(2));
  });

  it('gives 300 distinct labs of 2-6 named namespaces', () => {
    const labs = SEEDS.map(generateLab);
    expect(new Set(labs).size).toBe(labs.length);
    for (const lab of labs) {
      const spaces = lab.match(/^ip netns add \S+$/gm) ?? [];
      expect(spaces.length).toBeGreaterThanOrEqual(2);
      expect(spaces.length).toBeLessThanOrEqual(6);
    }
  });

  it('keeps interface names within IFNAMSIZ and off the default world', () => {
    for (const lab of SEEDS.map(generateLab)) {
      for (const m of lab.matchAll(/\b(?:add|name|dev|master|-[io]) (\S+)/g)) {
        if (/^\d/.test(m[1]!)) continue; // addresses
        expect(m[1]!.length, m[0]).toBeLessThanOrEqual(15);
      }
      for (const line of lab.split('\n')) {
        expect(line).not.toMatch(/\b(eth0|eth1|docker0)\b/);
        expect(line).not.toMatch(/\b(10\.0\.2|192\.168\.205|172\.(1[6-9]|2\d|3[01]))\./);
      }
    }
  });

  it('covers the features the conformance suite is after', () => {
    const all = SEEDS.map(generateLab).join('\n');
    const count = (re: RegExp) => (all.match(re) ?? []).length;
    expect(count(/type bridge$/gm)).toBeGreaterThan(50);
    expect(count(/^ip link add \S+ type bridge$/gm)).toBeGreaterThan(10); // on the host
    expect(count(/ip_forward=1|forwarding=1/g)).toBeGreaterThan(30);
    expect(count(/route add default via/g)).toBeGreaterThan(50);
    expect(count(/route add 10\.\S+ via/g)).toBeGreaterThan(20);
    expect(count(/iptables -[AI] INPUT/g)).toBeGreaterThan(10);
    expect(count(/iptables -[AI] OUTPUT/g)).toBeGreaterThan(10);
    expect(count(/iptables -[AI] FORWARD/g)).toBeGreaterThan(20);
    for (const m of ['-s ', '-d ', '-i ', '-o ', '-p icmp']) expect(all).toContain(`${m}`);
    expect(count(/ip link set lo up/g)).toBeGreaterThan(100);
    expect(count(/^ip addr add .* dev \S+\nip link set \S+ up\nip link set \S+ netns/gm)).toBeGreaterThan(2);
    expect(all).toContain('/16 dev');
  });

  it('replays in the simulator with mostly successful commands', () => {
    let failed = 0;
    let total = 0;
    for (const s of SEEDS.slice(0, 60)) {
      const { steps } = runScript(generateLab(s));
      total += steps.length;
      failed += steps.filter((x) => x.exitCode !== 0).length;
    }
    expect(total).toBeGreaterThan(60 * 15);
    expect(failed / total).toBeLessThan(0.1);
  });
});

describe('SEED_001_NETNS_LAB', () => {
  it('is the seed lab, one command per line', () => {
    expect(parseScript(SEED_001_NETNS_LAB).map((l) => l.command)).toEqual([
      'ip netns add test1',
      'ip netns add test2',
      'ip link add veth-test1 type veth peer name veth-test2',
      'ip link set veth-test1 netns test1',
      'ip link set veth-test2 netns test2',
      'ip netns exec test1 ip addr add 192.168.1.1/24 dev veth-test1',
      'ip netns exec test2 ip addr add 192.168.1.2/24 dev veth-test2',
      'ip netns exec test1 ip link set dev veth-test1 up',
      'ip netns exec test2 ip link set dev veth-test2 up',
    ]);
  });
});
