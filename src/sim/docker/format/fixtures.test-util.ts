/**
 * Hand-built daemon records for the formatter tests (no daemon involved), with the ids and
 * addresses of facts §9 and the seeds.
 */
import { imageByKey } from '../images';
import type { Container, DaemonConfig, DockerNetwork, DockerState, Endpoint } from '../types';
import { parseIp4 } from '../../net/ip4';

export const ip = (text: string): number => parseIp4(text)!;

/** Howard Hinnant's days_from_civil (written independently of go-time.ts's inverse). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch ms of an RFC3339 UTC time, ms precision. */
export const at = (iso: string): number => {
  const m = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.(\d{1,3}))?/.exec(iso)!;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + Number((m[7] ?? '0').padEnd(3, '0'));
};

/** The sub-millisecond nanoseconds of an RFC3339Nano text (so tests can pin the daemon's digits). */
export const subMs = (iso: string): number => Number((/\.(\d+)Z$/.exec(iso)?.[1] ?? '0').padEnd(9, '0').slice(3));

export function network(p: Partial<DockerNetwork> & Pick<DockerNetwork, 'id' | 'name'>): DockerNetwork {
  return {
    driver: 'bridge', created: at('2026-11-22T12:00:00Z'), predefined: false, userSubnet: false, showGateway: true,
    internal: false, options: {}, labels: {}, icc: true, masquerade: true, mtu: 1500, allocated: [], ...p,
  };
}

export function endpoint(p: Partial<Endpoint> & Pick<Endpoint, 'id' | 'network'>): Endpoint {
  return { aliases: [], ...p };
}

export function container(p: Partial<Container> & Pick<Container, 'id' | 'name'>): Container {
  return {
    image: 'busybox', imageKey: 'busybox:latest', path: 'sh', args: [], created: at('2026-11-22T12:00:00Z'),
    state: 'running', exitCode: 0, hostname: p.id.slice(0, 12), domainname: '',
    networkMode: 'default', endpoints: [], wanted: [], portSpecs: [], publishAll: false, exposed: [], ports: [],
    links: [], dns: [], env: [], tty: false, interactive: false, autoRemove: false, files: {}, logs: '', nextEth: 0,
    extraHosts: [], ...p, img: p.img ?? imageByKey(p.imageKey ?? 'busybox:latest')!,
  };
}

const CONFIG: DaemonConfig = { icc: true, iptables: true, ipMasq: true, userlandProxy: true };

export function dockerState(networks: DockerNetwork[], containers: Container[] = [], images: string[] = []): DockerState {
  return {
    running: true, config: CONFIG, networks: Object.fromEntries(networks.map((n) => [n.id, n])),
    containers: Object.fromEntries(containers.map((c) => [c.id, c])), containerOrder: containers.map((c) => c.id),
    poolNext: 0, portLast: {}, starts: 1, images, built: [],
  };
}

/** The three networks of a fresh 20.10 daemon (facts §1.1 ids). */
export function defaultNetworks(): DockerNetwork[] {
  const created = at('2026-11-22T12:00:00Z');
  return [
    network({
      id: '5fce52a9c14b2937be5b8490cf79b6c0c6ceef26f7a91fc111abc8a1a238f8f6', name: 'bridge', predefined: true, created,
      subnet: { addr: ip('172.17.0.0'), prefix: 16 }, gateway: ip('172.17.0.1'), bridgeName: 'docker0', masquerade: true,
      options: {
        'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.enable_icc': 'true',
        'com.docker.network.bridge.enable_ip_masquerade': 'true', 'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
        'com.docker.network.bridge.name': 'docker0', 'com.docker.network.driver.mtu': '1500',
      },
    }),
    network({ id: '1b949174d8f0d3c9a6a5cf39a1c1f9ed8c9d3e1b17e6a9e64a0b9ad5ab0f7e21', name: 'host', driver: 'host', predefined: true, created }),
    network({ id: '4a9af9722449e36a3e5e8a3d1c44b3cbd1f2d7b1c0e8c7a6f3fba1d9ea5c2b18', name: 'none', driver: 'null', predefined: true, created }),
  ];
}
