/**
 * Host ports as libnetwork's portallocator hands them out: IPv4 and IPv6 keep separate maps and
 * "last port" pointers; a 0.0.0.0 binding is an IPv4 one plus its `::` twin, each allocated on its
 * own (so they can differ: `0.0.0.0:32770`, `:::32769`); an ephemeral port continues after the last
 * one handed out. The real daemon programs higher container ports first (nat.SortPortMap).
 */
import { SimError } from '../net/errors';
import type { Container, DockerNetwork, DockerState, PortMapping, PortSpec } from './types';

/** The mappings a start will make, in the order the daemon programs them (throws `Bind for … already allocated`). */
export function planPorts(d: DockerState, c: Container, net: DockerNetwork | undefined): Omit<PortMapping, 'network'>[] {
  if (!net || net.internal) return [];
  const specs = [...c.portSpecs];
  if (c.publishAll) {
    for (const e of [...c.img.exposed, ...c.exposed]) {
      const [port, proto] = e.split('/');
      if (!specs.some((s) => String(s.containerPort) === port && s.proto === (proto ?? 'tcp'))) {
        specs.push({ proto: (proto ?? 'tcp') as 'tcp', containerPort: Number(port), hostIp: '', hostPort: '' });
      }
    }
  }
  specs.sort((a, b) => b.containerPort - a.containerPort || a.proto.localeCompare(b.proto));
  const taken = Object.values(d.containers).flatMap((x) => x.ports);
  const out: Omit<PortMapping, 'network'>[] = [];
  const next = { v4: d.portNext, v6: d.portNext6 ?? 32768 };
  const v4Clash = (proto: string, hostIp: string, p: number) =>
    [...taken, ...out].some((t) => t.proto === proto && t.hostPort === p && (t.hostIp === hostIp || t.hostIp === '0.0.0.0' || hostIp === '0.0.0.0'));
  const v6Clash = (proto: string, p: number) =>
    [...taken, ...out].some((t) => t.proto === proto && t.hostIp === '0.0.0.0' && (t.hostPort6 ?? t.hostPort) === p);
  const pick = (s: PortSpec, fam: 'v4' | 'v6', clash: (p: number) => boolean, hostIp: string): number => {
    if (s.hostPort !== '' && !s.hostPort.includes('-')) {
      const port = Number(s.hostPort);
      if (clash(port)) throw new SimError(`Bind for ${fam === 'v4' ? hostIp : '[::]'}:${port} failed: port is already allocated`, 1);
      return port;
    }
    const [lo, hi] = s.hostPort === '' ? [32768, 60999] : (s.hostPort.split('-').map(Number) as [number, number]);
    for (let i = 0; i <= hi - lo; i++) {
      const p = s.hostPort === '' ? ((next[fam] - lo + i) % (hi - lo + 1)) + lo : lo + i;
      if (!clash(p)) {
        if (s.hostPort === '') next[fam] = p + 1;
        return p;
      }
    }
    throw new SimError(`Bind for ${hostIp}:${s.hostPort} failed: port is already allocated`, 1);
  };
  for (const s of specs) {
    const hostIp = s.hostIp || '0.0.0.0';
    const hostPort = pick(s, 'v4', (p) => v4Clash(s.proto, hostIp, p), hostIp);
    const m: Omit<PortMapping, 'network'> = { proto: s.proto, containerPort: s.containerPort, hostIp, hostPort };
    if (hostIp === '0.0.0.0') {
      const p6 = s.hostPort === '' ? pick(s, 'v6', (p) => v6Clash(s.proto, p), hostIp) : hostPort;
      if (p6 !== hostPort) m.hostPort6 = p6;
    }
    out.push(m);
  }
  d.portNext = next.v4;
  d.portNext6 = next.v6;
  return out;
}
