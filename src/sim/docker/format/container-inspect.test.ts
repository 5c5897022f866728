import { describe, expect, it } from 'vitest';
import type { Container } from '../types';
import { containerInspect } from './container-inspect';
import { goJson } from './go-json';
import { at, container, defaultNetworks, dockerState, endpoint, ip, network } from './fixtures.test-util';

const world = { clock: at('2026-11-22T12:10:00Z') };
const nets = defaultNetworks();
const bridge = nets[0]!;
const hostNet = nets[1]!;
const SANDBOX = 'fa1738c01446cf923d849d65cee03e8913076bd27546267f6bedb51701fa42eb';
const EP = '15cce8dfee3db8ad94c7aafec941b40d8e99747d28de777e85a935c7e185d67b';

function onBridge(p: Partial<Container> & Pick<Container, 'id' | 'name'>, last = 8): Container {
  return container({
    startedAt: at('2026-11-22T12:00:01Z'), sandboxId: SANDBOX,
    endpoints: [{
      network: bridge.id,
      endpoint: endpoint({ id: EP, network: bridge.id, ip: ip(`172.17.0.${last}`), prefix: 16, gateway: ip('172.17.0.1'), mac: `02:42:ac:11:00:0${last}` }),
    }],
    wanted: [{ network: bridge.id, aliases: [] }],
    ...p,
  });
}

type Rec = Record<string, unknown> & { NetworkSettings: Record<string, unknown>; HostConfig: Record<string, unknown>; Config: Record<string, unknown>; State: Record<string, unknown> };
const inspect = (c: Container, ...more: Container[]): Rec => containerInspect(world, dockerState([...nets], [c, ...more]), c) as Rec;

describe('containerInspect', () => {
  it('prints NetworkSettings of a default-bridge container as the 20.10 sample (facts §9.4)', () => {
    const c = onBridge({ id: 'e6609b08845c0a1a7c1f3a9b8c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d', name: 'db' });
    expect(goJson(inspect(c).NetworkSettings)).toBe(`{
    "Bridge": "",
    "SandboxID": "fa1738c01446cf923d849d65cee03e8913076bd27546267f6bedb51701fa42eb",
    "HairpinMode": false,
    "LinkLocalIPv6Address": "",
    "LinkLocalIPv6PrefixLen": 0,
    "Ports": {},
    "SandboxKey": "/var/run/docker/netns/fa1738c01446",
    "SecondaryIPAddresses": null,
    "SecondaryIPv6Addresses": null,
    "EndpointID": "15cce8dfee3db8ad94c7aafec941b40d8e99747d28de777e85a935c7e185d67b",
    "Gateway": "172.17.0.1",
    "GlobalIPv6Address": "",
    "GlobalIPv6PrefixLen": 0,
    "IPAddress": "172.17.0.8",
    "IPPrefixLen": 16,
    "IPv6Gateway": "",
    "MacAddress": "02:42:ac:11:00:08",
    "Networks": {
        "bridge": {
            "IPAMConfig": null,
            "Links": null,
            "Aliases": null,
            "NetworkID": "5fce52a9c14b2937be5b8490cf79b6c0c6ceef26f7a91fc111abc8a1a238f8f6",
            "EndpointID": "15cce8dfee3db8ad94c7aafec941b40d8e99747d28de777e85a935c7e185d67b",
            "Gateway": "172.17.0.1",
            "IPAddress": "172.17.0.8",
            "IPPrefixLen": 16,
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "MacAddress": "02:42:ac:11:00:08",
            "DriverOpts": null
        }
    }
}`);
  });

  it('keeps the 20.10 top-level key order', () => {
    const rec = inspect(onBridge({ id: 'a'.repeat(64), name: 'x' }));
    expect(Object.keys(JSON.parse(goJson(rec)))).toEqual([
      'Id', 'Created', 'Path', 'Args', 'State', 'Image', 'ResolvConfPath', 'HostnamePath', 'HostsPath', 'LogPath', 'Name',
      'RestartCount', 'Driver', 'Platform', 'MountLabel', 'ProcessLabel', 'AppArmorProfile', 'ExecIDs', 'HostConfig',
      'GraphDriver', 'Mounts', 'Config', 'NetworkSettings',
    ]);
    expect(Object.keys(JSON.parse(goJson(rec.State)))).toEqual([
      'Status', 'Running', 'Paused', 'Restarting', 'OOMKilled', 'Dead', 'Pid', 'ExitCode', 'Error', 'StartedAt', 'FinishedAt',
    ]);
    expect(rec['Name']).toBe('/x');
    expect(rec['Image']).toBe('sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824');
  });

  it('prints published and exposed-only ports and the bindings asked for (facts §7.1)', () => {
    const web = onBridge({
      id: 'b'.repeat(64), name: 'web', image: 'nginx', imageKey: 'nginx:latest', path: '/docker-entrypoint.sh', args: ['nginx', '-g', 'daemon off;'],
      portSpecs: [{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: '8080' }],
      ports: [{ proto: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 8080, network: bridge.id }],
    });
    const rec = inspect(web);
    expect(goJson(rec.NetworkSettings['Ports'], '')).toBe('{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}]}');
    expect(goJson(rec.HostConfig['PortBindings'], '')).toBe('{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}');
    expect(goJson(rec.Config['ExposedPorts'], '')).toBe('{"80/tcp":{}}');
    expect(goJson(rec.Config['Entrypoint'], '')).toBe('["/docker-entrypoint.sh"]');
    expect(goJson(rec.Config['Cmd'], '')).toBe('["nginx","-g","daemon off;"]');
    expect(goJson(rec.Config['Labels'], '')).toBe('{"maintainer":"NGINX Docker Maintainers \\u003cdocker-maint@nginx.com\\u003e"}');
    const exposedOnly = inspect({ ...web, portSpecs: [], ports: [] });
    expect(goJson(exposedOnly.NetworkSettings['Ports'], '')).toBe('{"80/tcp":null}');
    expect(goJson(exposedOnly.HostConfig['PortBindings'], '')).toBe('{}');
  });

  it('leaves the top-level fields empty for a container only on user networks, aliases = user ones + short id', () => {
    const net1 = network({ id: 'c'.repeat(64), name: 'net1', subnet: { addr: ip('172.18.0.0'), prefix: 16 }, gateway: ip('172.18.0.1') });
    const c = container({
      id: '875eeddaff8a11112222333344445555666677778888999900001111aaaabbbb', name: 'app', networkMode: 'net1', startedAt: at('2026-11-22T12:00:01Z'),
      sandboxId: SANDBOX, wanted: [{ network: net1.id, aliases: ['api'] }],
      endpoints: [{ network: net1.id, endpoint: endpoint({ id: EP, network: net1.id, ip: ip('172.18.0.2'), prefix: 16, gateway: ip('172.18.0.1'), mac: '02:42:ac:12:00:02', aliases: ['api'] }) }],
    });
    const rec = containerInspect(world, dockerState([...nets, net1], [c]), c) as Rec;
    const ns = JSON.parse(goJson(rec.NetworkSettings)) as Record<string, unknown> & { Networks: Record<string, Record<string, unknown>> };
    expect([ns['EndpointID'], ns['Gateway'], ns['IPAddress'], ns['IPPrefixLen'], ns['MacAddress']]).toEqual(['', '', '', 0, '']);
    expect(ns.Networks['net1']!['Aliases']).toEqual(['api', '875eeddaff8a']);
    expect(ns.Networks['net1']!['IPAddress']).toBe('172.18.0.2');
    expect(ns.Networks['net1']!['NetworkID']).toBe(net1.id);
  });

  it('shows Networks.host with only ids for a host-mode container, and an empty map for container: mode', () => {
    const h = container({ id: 'd'.repeat(64), name: 'test-host', networkMode: 'host', hostname: 'docker-node1', startedAt: at('2026-11-22T12:00:01Z') });
    const rec = inspect(h);
    const net = JSON.parse(goJson(rec.NetworkSettings['Networks']))['host'] as Record<string, unknown>;
    expect(net['NetworkID']).toBe(hostNet.id);
    expect(net['EndpointID']).toMatch(/^[0-9a-f]{64}$/);
    expect([net['Gateway'], net['IPAddress'], net['MacAddress'], net['Aliases']]).toEqual(['', '', '', null]);
    expect(rec.NetworkSettings['SandboxKey']).toBe('/var/run/docker/netns/default');
    expect(rec.Config['Hostname']).toBe('docker-node1');

    const partner = onBridge({ id: 'e'.repeat(64), name: 'centos1' });
    const joined = container({ id: 'f'.repeat(64), name: 'centos3', networkMode: `container:${partner.id}`, joins: partner.id, startedAt: at('2026-11-22T12:00:02Z') });
    const rj = containerInspect(world, dockerState(nets, [partner, joined]), joined) as Rec;
    expect(goJson(rj.NetworkSettings['Networks'], '')).toBe('{}');
    expect([rj.NetworkSettings['SandboxID'], rj.NetworkSettings['SandboxKey'], rj.NetworkSettings['IPAddress']]).toEqual(['', '', '']);
    expect(rj.HostConfig['NetworkMode']).toBe(`container:${'e'.repeat(64)}`);
    expect(rj['HostsPath']).toBe(`/var/lib/docker/containers/${'e'.repeat(64)}/hosts`);
  });

  it('prints legacy links as /db:/app/database (facts §5)', () => {
    const db = onBridge({ id: '1'.repeat(64), name: 'db' });
    const app = onBridge({ id: '2'.repeat(64), name: 'app', links: [{ target: db.id, alias: 'database' }] }, 3);
    expect(goJson(inspect(app, db).HostConfig['Links'], '')).toBe('["/db:/app/database"]');
    expect(goJson(inspect(db, app).HostConfig['Links'], '')).toBe('null');
  });

  it('keeps network ids but no addresses once stopped, none before the first start', () => {
    const c = onBridge({ id: '3'.repeat(64), name: 'stopped', state: 'exited', exitCode: 137, finishedAt: at('2026-11-22T12:05:00Z'), endpoints: [] });
    const rec = inspect(c);
    const ns = JSON.parse(goJson(rec.NetworkSettings));
    expect(ns.Networks.bridge.NetworkID).toBe(bridge.id);
    expect([ns.Networks.bridge.EndpointID, ns.Networks.bridge.IPAddress, ns.IPAddress, ns.Ports]).toEqual(['', '', '', {}]);
    expect(ns.SandboxKey).toBe('/var/run/docker/netns/fa1738c01446');
    expect(JSON.parse(goJson(rec.State))).toMatchObject({ Status: 'exited', Running: false, Pid: 0, ExitCode: 137 });
    expect(JSON.parse(goJson(rec.State)).FinishedAt).toMatch(/^2026-11-22T12:05:00\.\d+Z$/);

    const fresh = container({ id: '4'.repeat(64), name: 'fresh', state: 'created', wanted: [{ network: bridge.id, aliases: [] }] });
    const rf = inspect(fresh);
    expect(JSON.parse(goJson(rf.NetworkSettings)).Networks.bridge.NetworkID).toBe('');
    expect(JSON.parse(goJson(rf.State))).toMatchObject({ Status: 'created', StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' });
    expect(rf['ResolvConfPath']).toBe('');
  });

  it('orders Created, StartedAt, FinishedAt that share a millisecond', () => {
    const t = at('2026-11-22T12:00:00Z');
    const c = container({ id: '5'.repeat(64), name: 'quick', state: 'exited', created: t, startedAt: t, finishedAt: t });
    const rec = JSON.parse(goJson(inspect(c)));
    expect(rec.Created < rec.State.StartedAt && rec.State.StartedAt < rec.State.FinishedAt).toBe(true);
  });
});
