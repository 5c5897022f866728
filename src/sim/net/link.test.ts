/**
 * Kernel rules of links, checked through the commands that trigger them.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../lab/script';
import type { World } from './types';

function world(script: string): World {
  return runScript(script).world;
}

function ifaceNames(w: World, nsName: string): string[] {
  const ns = Object.values(w.netns).find((n) => n.name === nsName)!;
  return ns.ifaces.map((id) => w.ifaces[id]!.name).sort();
}

describe('links', () => {
  it('moving a link to another netns downs it and drops its addresses', () => {
    const w = world('ip link add va type veth peer name vb\nip addr add 10.3.0.1/24 dev va\nip link set va up\nip netns add n\nip link set va netns n');
    const a = Object.values(w.ifaces).find((i) => i.name === 'va')!;
    expect(a.up).toBe(false);
    expect(a.addrs).toEqual([]);
    expect(w.netns[w.hosts[w.hostOrder[0]!]!.rootNs]!.routes.some((r) => r.dev === a.id)).toBe(false);
  });

  it('keeps the ifindex across namespaces unless it is taken there', () => {
    const w = world('ip netns add n\nip link add va type veth peer name vb\nip link set va netns n\nip -n n link add c type veth peer name d');
    const idx = (name: string) => Object.values(w.ifaces).find((i) => i.name === name)!.ifindex;
    expect([idx('vb'), idx('va')]).toEqual([5, 6]);
    expect([idx('d'), idx('c')]).toEqual([2, 3]);
  });

  it('deleting one veth end deletes the other', () => {
    const w = world('ip netns add n\nip link add va type veth peer name vb\nip link set va netns n\nip link del vb');
    expect(ifaceNames(w, 'n')).toEqual(['lo']);
  });

  it('deleting a netns takes its veths and their peers with it', () => {
    const w = world('ip netns add n\nip link add va type veth peer name vb\nip link set va netns n\nip netns del n');
    expect(Object.values(w.ifaces).some((i) => i.name === 'va' || i.name === 'vb')).toBe(false);
  });

  it('gives lo 127.0.0.1/8 when it first comes up, and keeps it when it goes down', () => {
    const w = world('ip netns add n\nip -n n link set lo up\nip -n n link set lo down');
    const lo = Object.values(w.ifaces).find((i) => i.name === 'lo' && w.netns[i.ns]!.name === 'n')!;
    expect(lo.addrs.map((a) => [a.addr, a.prefix])).toEqual([[0x7f000001, 8]]);
  });

  it('a veth has carrier only while both ends are up, and keeps its link-local address after', () => {
    const base = 'ip link add va type veth peer name vb\nip link set va up';
    const a = (w: World) => Object.values(w.ifaces).find((i) => i.name === 'va')!;
    expect(a(world(base)).ll6).toBeUndefined();
    expect(a(world(`${base}\nip link set vb up`)).ll6).toMatch(/^fe80::/);
    expect(a(world(`${base}\nip link set vb up\nip link set vb down`)).ll6).toMatch(/^fe80::/);
  });

  it('refuses to move a bridge or lo to another namespace', () => {
    const { steps } = runScript('ip netns add n\nip link add br0 type bridge\nip link set br0 netns n\nip link set lo netns n');
    expect(steps.slice(2).map((s) => s.output)).toEqual(['RTNETLINK answers: Invalid argument\n', 'RTNETLINK answers: Invalid argument\n']);
  });
});
