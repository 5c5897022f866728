/**
 * One view of a container's ports for inspect (`NetworkSettings.Ports`), `docker ps` (PORTS) and
 * `docker port`: the daemon's PortMap. It is filled only while the container runs with a bridge
 * endpoint; a stopped, host, none or `container:` container has none.
 */
import type { Container } from '../types';
import { byteOrder } from './go-json';

export interface PortBinding {
  hostIp: string;
  hostPort: string;
}

/** `80` / `80/tcp` / `5000-5002/udp` -> `['80/tcp']`, `['5000/udp', '5001/udp', '5002/udp']`. */
export function portKeys(spec: string): string[] {
  const [ports = '', proto = 'tcp'] = spec.split('/');
  const [lo, hi = lo] = ports.split('-').map(Number);
  if (lo === undefined || !Number.isInteger(lo) || hi === undefined || !Number.isInteger(hi)) return [];
  const keys: string[] = [];
  for (let p = lo; p <= hi && keys.length < 65536; p++) keys.push(`${p}/${proto || 'tcp'}`);
  return keys;
}

/** Config.ExposedPorts: the image's EXPOSE, `--expose` and every `-p` container port, sorted. */
export function exposedPortKeys(c: Container): string[] {
  const keys = new Set<string>();
  for (const e of c.img?.exposed ?? []) portKeys(e).forEach((k) => keys.add(k));
  for (const e of c.exposed) portKeys(e).forEach((k) => keys.add(k));
  for (const s of c.portSpecs) keys.add(`${s.containerPort}/${s.proto}`);
  return [...keys].sort(byteOrder);
}

/** Whether the daemon keeps a PortMap for `c`: running, with an addressed (bridge) endpoint. */
export function hasPortMap(c: Container): boolean {
  return c.state === 'running' && c.endpoints.some((e) => e.endpoint.ip !== undefined);
}

/**
 * NetworkSettings.Ports as ordered entries (Go map order: keys sorted). `null` = exposed only.
 * A 0.0.0.0 binding is paired with its `::` twin (20.10 binds both when IPv6 is available), unless
 * the daemon already recorded it.
 */
export function portMap(c: Container): [string, PortBinding[] | null][] {
  if (!hasPortMap(c)) return [];
  const map = new Map<string, PortBinding[] | null>();
  for (const k of exposedPortKeys(c)) map.set(k, null);
  const has = (ip: string, m: Container['ports'][number]): boolean =>
    c.ports.some((o) => o.hostIp === ip && o.proto === m.proto && o.containerPort === m.containerPort && o.hostPort === m.hostPort);
  for (const m of c.ports) {
    const key = `${m.containerPort}/${m.proto}`;
    const list = map.get(key) ?? [];
    const hostIp = m.hostIp === '' ? '0.0.0.0' : m.hostIp;
    list.push({ hostIp, hostPort: String(m.hostPort) });
    if (hostIp === '0.0.0.0' && !has('::', m)) list.push({ hostIp: '::', hostPort: String(m.hostPort6 ?? m.hostPort) });
    map.set(key, list);
  }
  return [...map.entries()].sort(([a], [b]) => byteOrder(a, b));
}
