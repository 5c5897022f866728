import { describe, expect, it } from 'vitest';
import { goJson } from './go-json';
import { networkInspect } from './network-inspect';
import { at, container, defaultNetworks, dockerState, endpoint, ip, network, subMs } from './fixtures.test-util';

const world = { clock: at('2026-11-22T12:10:00Z') };
/** Pins each record's nanoseconds to the transcript's. */
const pinned = (iso: string) => ({ subMsNanos: () => subMs(iso) });

describe('networkInspect', () => {
  it('reproduces the 20.10 user network sample (facts §9.1)', () => {
    const created = '2026-11-22T12:04:26.48689263Z';
    const net2 = network({
      id: '18de1675e1066d375981d628eab5a3f5e51b2d7fc7ce1a7970693ee6c9843156', name: 'net2', created: at(created),
      subnet: { addr: ip('172.19.0.0'), prefix: 16 }, gateway: ip('172.19.0.1'), bridgeName: 'br-18de1675e106',
    });
    const c4 = container({
      id: 'ef309edabb1fd87335a1f2b21c73f9b7d89cd950f70fe2bde2942d4aed0982ec', name: 'c4', networkMode: 'net2',
      endpoints: [{
        network: net2.id,
        endpoint: endpoint({
          id: '4201c4ee58a124d52cdcccde64c630195510e1f1e80a348e036b347a04f23379', network: net2.id,
          ip: ip('172.19.0.2'), prefix: 16, gateway: ip('172.19.0.1'), mac: '02:42:ac:13:00:02',
        }),
      }],
    });
    const state = dockerState([...defaultNetworks(), net2], [c4]);
    expect(goJson([networkInspect(world, state, net2, pinned(created))])).toBe(`[
    {
        "Name": "net2",
        "Id": "18de1675e1066d375981d628eab5a3f5e51b2d7fc7ce1a7970693ee6c9843156",
        "Created": "2026-11-22T12:04:26.48689263Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.19.0.0/16",
                    "Gateway": "172.19.0.1"
                }
            ]
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {
            "ef309edabb1fd87335a1f2b21c73f9b7d89cd950f70fe2bde2942d4aed0982ec": {
                "Name": "c4",
                "EndpointID": "4201c4ee58a124d52cdcccde64c630195510e1f1e80a348e036b347a04f23379",
                "MacAddress": "02:42:ac:13:00:02",
                "IPv4Address": "172.19.0.2/16",
                "IPv6Address": ""
            }
        },
        "Options": {},
        "Labels": {}
    }
]`);
  });

  it('sorts Containers by id and leaves stopped containers out (seed 001 test-bridge)', () => {
    const tb = network({
      id: '190e313cd2d02a8104d1daed613d89edbf7762d9474e0665914151e91c320e5c', name: 'test-bridge',
      subnet: { addr: ip('172.18.0.0'), prefix: 16 }, gateway: ip('172.18.0.1'),
    });
    const on = (id: string, name: string, epId: string, last: number, state: 'running' | 'exited' = 'running') =>
      container({
        id, name, state, networkMode: 'test-bridge',
        endpoints: [{ network: tb.id, endpoint: endpoint({ id: epId, network: tb.id, ip: ip(`172.18.0.${last}`), prefix: 16, mac: `02:42:ac:12:00:0${last}` }) }],
      });
    const state = dockerState([tb], [
      on('cd55bae5accede4b9632b8a4b8e07b93b37073d96bf1636ef7d57b2670b7f781', 'test2', '824fdfb62566fdd9dc3baa0540823d30026e92a9b962bd7fb1de3c86d3ec66aa', 3),
      on('863e4c56f3f2ec48c67323a2dfd487562367105bcd15035618353d4e9ff8eed3', 'test4', '197c145677c1571da56e3d3dbbb8157fcea9ea67a5349320f66e4f2c53ff2d46', 2),
      on('aaaa4c56f3f2ec48c67323a2dfd487562367105bcd15035618353d4e9ff8eed3', 'gone', 'bbbb', 4, 'exited'),
    ]);
    const text = goJson([networkInspect(world, state, tb)]);
    expect(text).toContain(`        "Containers": {
            "863e4c56f3f2ec48c67323a2dfd487562367105bcd15035618353d4e9ff8eed3": {
                "Name": "test4",
                "EndpointID": "197c145677c1571da56e3d3dbbb8157fcea9ea67a5349320f66e4f2c53ff2d46",
                "MacAddress": "02:42:ac:12:00:02",
                "IPv4Address": "172.18.0.2/16",
                "IPv6Address": ""
            },
            "cd55bae5accede4b9632b8a4b8e07b93b37073d96bf1636ef7d57b2670b7f781": {
                "Name": "test2",`);
    expect(text).not.toContain('gone');
  });

  it('gives the default bridge IPAM Options null and the driver options, Gateway only when shown', () => {
    const [bridge] = defaultNetworks();
    const state = dockerState(defaultNetworks());
    const rec = networkInspect(world, state, { ...bridge!, showGateway: false }) as Record<string, unknown>;
    expect(goJson(rec['IPAM'])).toBe(`{
    "Driver": "default",
    "Options": null,
    "Config": [
        {
            "Subnet": "172.17.0.0/16"
        }
    ]
}`);
    expect(goJson(rec['Options'])).toBe(`{
    "com.docker.network.bridge.default_bridge": "true",
    "com.docker.network.bridge.enable_icc": "true",
    "com.docker.network.bridge.enable_ip_masquerade": "true",
    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
    "com.docker.network.bridge.name": "docker0",
    "com.docker.network.driver.mtu": "1500"
}`);
    const shown = networkInspect(world, state, bridge!) as Record<string, unknown>;
    expect(goJson(shown['IPAM'], '')).toBe('{"Driver":"default","Options":null,"Config":[{"Subnet":"172.17.0.0/16","Gateway":"172.17.0.1"}]}');
  });

  it('shows --ip-range and leaves a --subnet without --gateway gatewayless', () => {
    const n = network({
      id: 'f'.repeat(64), name: 'n', subnet: { addr: ip('192.168.100.0'), prefix: 24 }, ipRange: { addr: ip('192.168.100.128'), prefix: 25 },
      gateway: ip('192.168.100.254'),
    });
    const rec = networkInspect(world, dockerState([n]), n) as { IPAM: { Config: unknown } };
    expect(goJson(rec.IPAM.Config, '')).toBe('[{"Subnet":"192.168.100.0/24","IPRange":"192.168.100.128/25","Gateway":"192.168.100.254"}]');
    const { ipRange: _r, ...rest } = n;
    const bare = networkInspect(world, dockerState([n]), { ...rest, showGateway: false }) as { IPAM: { Config: unknown } };
    expect(goJson(bare.IPAM.Config, '')).toBe('[{"Subnet":"192.168.100.0/24"}]');
  });

  it('reproduces `docker network inspect none` with its container (seed 001)', () => {
    const created = '2019-10-10T12:08:29.90398977Z';
    const none = network({ id: 'ced118696d9f39d7bdd69da441802ac0d2768605a4d378eb27bf1e765a3e4854', name: 'none', driver: 'null', predefined: true, created: at(created) });
    const c = container({
      id: 'f1478352970e60a5a58e8b923a5f81b7eba4d6540ac36b3464c23ec2c6ff4edc', name: 'test-none', networkMode: 'none',
      endpoints: [{ network: none.id, endpoint: endpoint({ id: '2122be0299083a8eaff7915ebe4f8d3476a418d399f2ec110f3dcbb2cd6e70cb', network: none.id }) }],
    });
    expect(goJson([networkInspect(world, dockerState([none], [c]), none, pinned(created))])).toBe(`[
    {
        "Name": "none",
        "Id": "ced118696d9f39d7bdd69da441802ac0d2768605a4d378eb27bf1e765a3e4854",
        "Created": "2019-10-10T12:08:29.90398977Z",
        "Scope": "local",
        "Driver": "null",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": []
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {
            "f1478352970e60a5a58e8b923a5f81b7eba4d6540ac36b3464c23ec2c6ff4edc": {
                "Name": "test-none",
                "EndpointID": "2122be0299083a8eaff7915ebe4f8d3476a418d399f2ec110f3dcbb2cd6e70cb",
                "MacAddress": "",
                "IPv4Address": "",
                "IPv6Address": ""
            }
        },
        "Options": {},
        "Labels": {}
    }
]`);
  });

  it('lists a running host-mode container with a derived, stable endpoint id when none is recorded', () => {
    const nets = defaultNetworks();
    const host = nets[1]!;
    const c = container({ id: '3bf2aaa9958c5b627bf3c5cba7c7bd609ff0d793825826413c98451a7f68dd64', name: 'test-host', networkMode: 'host', startedAt: at('2026-11-22T12:01:00Z') });
    const state = dockerState(nets, [c]);
    const rec = networkInspect(world, state, host) as { Containers: Record<string, { Name: string; EndpointID: string; MacAddress: string }> };
    const entry = rec.Containers[c.id]!;
    expect(entry.Name).toBe('test-host');
    expect(entry.EndpointID).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.MacAddress).toBe('');
    expect((networkInspect(world, state, host) as typeof rec).Containers[c.id]!.EndpointID).toBe(entry.EndpointID);
    expect(Object.keys((networkInspect(world, state, nets[2]!) as typeof rec).Containers)).toEqual([]);
  });
});
