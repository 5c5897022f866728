/**
 * Host ports as libnetwork hands them out (portallocator + portmapper), checked on a real 20.10:
 * - each (host IP, protocol) has its own map and "last port" pointer: `0.0.0.0/tcp`,
 *   `127.0.0.1/tcp` and the `::` twin of a 0.0.0.0 binding allocate independently, so
 *   `0.0.0.0:32770` and `:::32769` can go together;
 * - a port taken in that map is `Bind for IP:PORT failed: port is already allocated`;
 * - the port is then bound (docker-proxy, or dockerd holding it): a listener on the same port and an
 *   overlapping IPv4 address makes that fail; an ephemeral port is retried with the next one (up to
 *   10 times), a fixed one gives `Error starting userland proxy: listen tcp4 IP:PORT: bind: address
 *   already in use`;
 * - the daemon programs higher container ports first (nat.SortPortMap).
 */
import { SimError } from '../net/errors';
import { parseIp4 } from '../net/ip4';
import type { Socket } from '../net/types';
import type { Container, DockerNetwork, DockerState, PortMapping, PortSpec } from './types';

type Planned = Omit<PortMapping, 'network'>;

const EPHEMERAL: [number, number] = [32768, 60999];
const ATTEMPTS = 10;

/** The mappings a start will make, in the order the daemon programs them. */
export function planPorts(d: DockerState, c: Container, net: DockerNetwork | undefined, hostSockets: readonly Socket[]): Planned[] {
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
  const existing = Object.values(d.containers).flatMap((x) => x.ports);
  const out: Planned[] = [];
  const last = { ...d.portLast };
  const v6Port = (m: Planned) => m.hostPort6 ?? m.hostPort;
  const inMap = (ip: string, proto: string, port: number) =>
    [...existing, ...out].some((m) => m.proto === proto && (ip === '::' ? m.hostIp === '0.0.0.0' && v6Port(m) === port : m.hostIp === ip && m.hostPort === port));
  const bindBusy = (ip: string, proto: string, port: number): boolean => {
    if (ip === '::') return false;
    const want = ip === '0.0.0.0' ? 0 : (parseIp4(ip) ?? 0);
    const overlaps = (addr: number) => addr === 0 || want === 0 || addr === want;
    return (
      hostSockets.some((s) => s.proto === proto && s.port === port && overlaps(s.addr)) ||
      out.some((m) => m.proto === proto && m.hostPort === port && overlaps(m.hostIp === '0.0.0.0' ? 0 : (parseIp4(m.hostIp) ?? 0)))
    );
  };
  const pick = (s: PortSpec, ip: string): number => {
    const key = `${ip}/${s.proto}`;
    if (s.hostPort !== '' && !s.hostPort.includes('-')) {
      const port = Number(s.hostPort);
      if (inMap(ip, s.proto, port)) throw new SimError(`Bind for ${ip === '::' ? '[::]' : ip}:${port} failed: port is already allocated`, 1);
      if (bindBusy(ip, s.proto, port)) {
        throw new SimError(`Error starting userland proxy: listen ${s.proto}4 ${ip}:${port}: bind: address already in use`, 1);
      }
      return port;
    }
    const [lo, hi] = s.hostPort === '' ? EPHEMERAL : (s.hostPort.split('-').map(Number) as [number, number]);
    let tries = 0;
    const from = s.hostPort === '' ? (last[key] ?? lo - 1) + 1 : lo;
    for (let i = 0; i <= hi - lo && tries < ATTEMPTS; i++) {
      const p = ((from - lo + i) % (hi - lo + 1)) + lo;
      if (inMap(ip, s.proto, p)) continue;
      if (s.hostPort === '') last[key] = p;
      if (!bindBusy(ip, s.proto, p)) return p;
      tries++;
    }
    throw new SimError(`Bind for ${ip}:${s.hostPort} failed: port is already allocated`, 1);
  };
  for (const s of specs) {
    const hostIp = s.hostIp || '0.0.0.0';
    const hostPort = pick(s, hostIp);
    const m: Planned = { proto: s.proto, containerPort: s.containerPort, hostIp, hostPort };
    if (hostIp === '0.0.0.0') {
      const p6 = s.hostPort === '' ? pick(s, '::') : hostPort;
      if (p6 !== hostPort) m.hostPort6 = p6;
    }
    out.push(m);
  }
  d.portLast = last;
  return out;
}
