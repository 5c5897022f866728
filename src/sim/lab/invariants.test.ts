import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Iface, Netns, World } from '../net/types';
import type { Container, DockerNetwork, DockerState } from '../docker/types';
import { generateLab } from './generate';
import { generateDockerLab, generateMultiHostDockerLab } from './generate-docker';
import { generateMultiHostLab } from './generate-multihost';
import { shellViolations, worldViolations } from './invariants';
import { opSteps } from './invariant-ops.test-util';
import { labFromScript, replay, runLabScript } from './lab';

/**
 * A World with one of everything the checker looks at, made by real commands: named namespaces and
 * a veth between them, a bridge with a port, macvlan and vxlan links, a route and a neighbour, a
 * Docker network with an aux address, running, stopped and port-publishing containers, a learned
 * FDB, a macvlan network, a swarm with an overlay network and a container on it.
 */
const BASE = `ip netns add red
ip netns add blue
ip link add v-red type veth peer name v-blue
ip link set v-red netns red
ip link set v-blue netns blue
ip -n red addr add 10.9.0.1/24 dev v-red
ip -n red link set v-red up
ip -n blue link set v-blue up
ip link add br0 type bridge
ip link add v-br type veth peer name v-br-peer
ip link set v-br master br0
ip link add mv0 link eth1 type macvlan mode bridge
ip link add vx0 type vxlan id 42 dstport 4789 dev eth1
ip -n red route add 10.8.0.0/24 dev v-red
ip -n red neigh add 10.9.0.2 lladdr 02:00:00:00:00:02 dev v-red
docker network create --subnet 10.50.0.0/24 --aux-address spare=10.50.0.9 n1
docker run -d --name web --network n1 busybox httpd -f -p 80
docker run -d --name c1 busybox sleep 3600
docker run -d --name c2 -p 8080:80 busybox httpd -f -p 80
docker exec c1 ping -c 1 172.17.0.3
docker create --name idle busybox sleep 3600
docker network create -d macvlan --subnet 192.168.205.0/24 --gateway 192.168.205.1 --ip-range 192.168.205.64/27 -o parent=eth1 mv
docker run -d --name mvc --network mv busybox sleep 3600
docker swarm init --advertise-addr 192.168.205.10
docker network create -d overlay --attachable ov
docker run -d --name ovc --network ov busybox sleep 3600
`;

const base = (() => {
  const { world, steps } = runLabScript(BASE);
  for (const s of steps) expect([s.command, s.exitCode]).toEqual([s.command, 0]);
  return world;
})();

/** A mutable deep copy of the base World with lookups by name. */
function copy() {
  const w = structuredClone(base) as World;
  const host = w.hosts[w.hostOrder[0]!]!;
  const d = host.docker as DockerState;
  const named = (name: string): Netns => w.netns[host.netns[name]!]!;
  const iface = (ns: Netns | string, name: string): Iface => {
    const n = typeof ns === 'string' ? (ns === '' ? w.netns[host.rootNs]! : named(ns)) : ns;
    return n.ifaces.map((id) => w.ifaces[id]!).find((i) => i.name === name)!;
  };
  const net = (name: string): DockerNetwork => Object.values(d.networks).find((n) => n.name === name)!;
  const ctr = (name: string): Container => Object.values(d.containers).find((c) => c.name === name)!;
  const root = w.netns[host.rootNs]!;
  return { w, host, d, named, iface, net, ctr, root };
}

type Env = ReturnType<typeof copy>;

/** Each invariant: a corruption of a sound World, and the sentence the checker must say about it. */
const CASES: [string, (e: Env) => void, RegExp][] = [
  // hosts
  ['hostOrder names a missing host', (e) => e.w.hostOrder.push('host99'), /hostOrder names host host99, which does not exist/],
  ['a host missing from hostOrder', (e) => e.w.hostOrder.splice(0, 1), /host host\d+ is missing from hostOrder/],
  ['a host whose root namespace is gone', (e) => (e.host.rootNs = 'ns999'), /root namespace ns999 does not exist/],
  ['a named namespace the host does not list', (e) => delete e.host.netns['red'], /named namespace ns\d+ \(red\) is not listed by its host/],
  ['netnsOrder naming a missing namespace', (e) => e.host.netnsOrder.push('ghost'), /netnsOrder names ghost/],
  // namespaces and ifaces
  ['an iface whose namespace is gone', (e) => (e.iface('red', 'v-red').ns = 'ns999'), /is in namespace ns999, which does not exist/],
  ['an iface no namespace lists', (e) => {
    const i = e.iface('red', 'v-red');
    e.named('red').ifaces = e.named('red').ifaces.filter((x) => x !== i.id);
  }, /iface if\d+ \(v-red\) is listed by no namespace/],
  ['an iface listed by two namespaces', (e) => e.named('blue').ifaces.push(e.iface('red', 'v-red').id), /iface if\d+ is listed by namespace ns\d+ and by namespace ns\d+/],
  ['a namespace listing a missing iface', (e) => e.named('red').ifaces.push('if999'), /lists iface if999, which does not exist/],
  ['an iface in the wrong namespace', (e) => (e.iface('red', 'v-red').ns = e.named('blue').id), /lists iface if\d+ \(v-red\), which says it is in namespace/],
  ['two ifaces with one ifindex', (e) => (e.iface('red', 'v-red').ifindex = e.iface('red', 'lo').ifindex), /ifindex 1 is used twice in namespace ns\d+/],
  ['two ifaces with one name', (e) => (e.iface('', 'br0').name = 'eth1'), /the name eth1 is used twice in namespace/],
  ['a veth whose peer is gone', (e) => {
    const b = e.iface('blue', 'v-blue');
    e.named('blue').ifaces = e.named('blue').ifaces.filter((x) => x !== b.id);
    delete e.w.ifaces[b.id];
  }, /iface if\d+ \(v-red\)'s peer if\d+ does not exist/],
  ['a veth whose peer points elsewhere', (e) => (e.iface('blue', 'v-blue').peer = e.iface('', 'v-br').id), /peer if\d+ \(v-blue\) points at if\d+, not back at it/],
  ['a veth without a peer', (e) => {
    delete e.iface('blue', 'v-blue').peer;
    delete e.iface('red', 'v-red').peer;
  }, /veth if\d+ \(v-red\) has no peer/],
  ['a port whose master is gone', (e) => (e.iface('', 'v-br').master = 'if999'), /'s master if999 does not exist/],
  ['a port whose master is no bridge', (e) => (e.iface('', 'v-br').master = e.iface('', 'eth0').id), /master if\d+ \(eth0\) is a ether, not a bridge/],
  ['a port in another namespace than its bridge', (e) => (e.iface('red', 'v-red').master = e.iface('', 'br0').id), /in namespace ns\d+ is enslaved to bridge if\d+ \(br0\) in namespace/],
  ['an FDB entry on a port that left', (e) => {
    const docker0 = e.iface('', 'docker0');
    docker0.fdb!['02:00:00:00:00:99'] = e.iface('', 'eth0').id;
  }, /bridge if\d+ \(docker0\) has FDB entry 02:00:00:00:00:99 on if\d+ \(eth0\), which is not its port/],
  ['an FDB entry on a missing port', (e) => (e.iface('', 'docker0').fdb!['02:00:00:00:00:98'] = 'if999'), /FDB entry 02:00:00:00:00:98 on port if999, which does not exist/],
  ['a macvlan whose lower link is gone', (e) => (e.iface('', 'mv0').link = 'if999'), /macvlan if\d+ \(mv0\)'s lower link if999 does not exist/],
  ['a vxlan whose underlay namespace is gone', (e) => (e.iface('', 'vx0').vxlan!.underlay = 'ns999'), /vxlan if\d+ \(vx0\)'s underlay namespace ns999 does not exist/],
  ['a vxlan whose underlay device is gone', (e) => (e.iface('', 'vx0').vxlan!.dev = 'if999'), /vxlan if\d+ \(vx0\)'s underlay device if999 does not exist/],
  ['a route on a missing dev', (e) => (e.named('red').routes[0]!.dev = 'if999'), /a route to 10\.\d+\.0\.0\/24 in namespace ns\d+ uses dev if999, which does not exist/],
  ['a route on another namespace\'s dev', (e) => (e.named('red').routes[0]!.dev = e.iface('blue', 'v-blue').id), /uses dev if\d+ \(v-blue\) of namespace/],
  ['a neighbour on a missing dev', (e) => (e.named('red').neigh[0]!.dev = 'if999'), /neighbour 10\.9\.0\.2 in namespace ns\d+ is on dev if999/],
  ['a netnsid for a missing namespace', (e) => (e.named('red').netnsIds['ns999'] = 7), /keeps a netnsid for namespace ns999/],
  ['an address with a bad prefix length', (e) => (e.iface('red', 'v-red').addrs[0]!.prefix = 33), /has a bad address 10\.9\.0\.1\/33/],
  ['an address that is not a uint32', (e) => (e.iface('red', 'v-red').addrs[0]!.addr = -1), /has a bad address -1\/24/],
  ['a host stored under another id', (e) => (e.w.hosts['host77'] = { ...e.host }), /host host77 is stored with id host\d+/],
  ['two hosts with one hostname', (e) => {
    e.w.hosts['host77'] = { ...e.host, id: 'host77', rootNs: 'ns999' };
    e.w.hostOrder.push('host77');
  }, /hostname docker-node1 is used by two hosts/],
  ['a root namespace of the wrong kind', (e) => (e.root.kind = 'named'), /root namespace ns\d+ is a named namespace/],
  ['netnsOrder naming a namespace twice', (e) => e.host.netnsOrder.push('red'), /netnsOrder lists a name twice: red blue red/],
  ['a namespace of an unknown kind', (e) => ((e.named('red') as { kind: string }).kind = 'bogus'), /namespace ns\d+ has an unknown kind bogus/],
  ['a namespace of a missing host', (e) => (e.named('red').host = 'host99'), /namespace ns\d+ belongs to host host99, which does not exist/],
  ['a root namespace its host does not own', (e) => (e.named('red').kind = 'root'), /root namespace ns\d+ is not the root namespace of its host/],
  ['a bad ifindex', (e) => (e.iface('red', 'v-red').ifindex = 0), /iface if\d+ \(v-red\) has a bad ifindex 0/],
  ['an iface of an unknown kind', (e) => ((e.iface('', 'br0') as { kind: string }).kind = 'dummy'), /iface if\d+ \(br0\) has an unknown kind dummy/],
  ['a bad broadcast', (e) => (e.iface('', 'eth1').addrs[0]!.brd = 2 ** 32), /has a bad broadcast 4294967296/],
  ['a veth peered with an ether', (e) => {
    const eth0 = e.iface('', 'eth0');
    const natPort = e.w.ifaces[eth0.peer!]!;
    const v = e.iface('', 'v-br');
    const p = e.w.ifaces[v.peer!]!;
    v.peer = natPort.id;
    natPort.peer = v.id;
    delete p.peer;
    delete eth0.peer;
  }, /is a veth whose peer if\d+ is a ether/],
  ['a bridge with a peer', (e) => {
    const br = e.iface('', 'br0');
    const v = e.iface('', 'v-br-peer');
    const far = e.iface('', 'v-br');
    br.peer = v.id;
    v.peer = br.id;
    delete far.peer;
  }, /iface if\d+ \(br0\) is a bridge with a peer/],
  ['an FDB on a link that is no bridge', (e) => (e.iface('', 'eth0').fdb = {}), /iface if\d+ \(eth0\) is a ether with a bridge FDB/],
  ['a lower link on a veth', (e) => (e.iface('', 'v-br').link = e.iface('', 'eth1').id), /is a veth with a lower link/],
  ['a vxlan without its settings', (e) => delete e.iface('', 'vx0').vxlan, /vxlan if\d+ \(vx0\) has no vxlan settings/],
  ['vxlan settings on a bridge', (e) => (e.iface('', 'br0').vxlan = structuredClone(e.iface('', 'vx0').vxlan!)), /is a bridge with vxlan settings/],
  ['a route to a prefix with host bits', (e) => (e.named('red').routes[0]!.dst += 1), /has a route to a bad prefix 10\.\d+\.0\.1\/24/],
  ['a route with a bad gateway', (e) => (e.named('red').routes[0]!.via = -5), /has a bad gateway -5/],
  // docker
  ['a network stored under another id', (e) => (e.d.networks['feed'] = { ...e.net('n1') }), /network feed on host host\d+ is stored with id \w+/],
  ['a bridge network without a bridge', (e) => delete e.net('n1').bridge, /network n1 \(\w+\) on host host\d+ has no bridge/],
  ['a host network with addresses', (e) => e.net('host').allocated.push(1), /network host \(\w+\) on host host\d+ is a host network with addresses/],
  ['a bridge network without a subnet', (e) => delete e.net('n1').subnet, /network n1 \(\w+\) on host host\d+ has no subnet/],
  ['a network whose gateway is outside its subnet', (e) => (e.net('n1').gateway = 0x0a330001), /network n1 \(\w+\) on host host\d+'s gateway 10\.51\.0\.1 is outside its subnet/],
  ['an ip-range outside the subnet', (e) => (e.net('mv').ipRange = { addr: 0x0a000000, prefix: 27 }), /network mv \(\w+\) on host host\d+'s ip-range 10\.0\.0\.0\/27 is outside its subnet/],
  ['a subnet with host bits', (e) => (e.net('n1').subnet = { addr: 0x0a320001, prefix: 24 }), /has a bad subnet 10\.50\.0\.1\/24/],
  ['a stopped container keeping a namespace', (e) => (e.ctr('idle').ns = e.ctr('c1').ns!), /container idle \(\w+\) on host host\d+ is created but keeps namespace/],
  ['a stopped container kept in the host namespace', (e) => (e.ctr('idle').hostNs = true), /container idle \(\w+\) on host host\d+ is created but keeps the host's namespace/],
  ['a stopped container with ports', (e) => e.ctr('idle').ports.push(structuredClone(e.ctr('c2').ports[0]!)), /is created but has published ports/],
  ['a container joining a stopped one', (e) => (e.ctr('c1').joins = e.ctr('idle').id), /container c1 \(\w+\) on host host\d+ joins container \w+, which is not a running container/],
  ['a container in a namespace of the wrong kind', (e) => (e.ctr('c1').ns = e.named('red').id), /container c1 \(\w+\) on host host\d+'s namespace ns\d+ is a named namespace/],
  ['a running container without a namespace', (e) => delete e.ctr('c1').ns, /container c1 \(\w+\) on host host\d+ runs with network mode default but has no namespace/],
  ['an endpoint filed under another network', (e) => (e.ctr('web').endpoints[0]!.network = e.net('bridge').id), /endpoint \w+ is listed under network \w+ but is on \w+/],
  ['two endpoints on one network', (e) => e.ctr('c1').endpoints.push(structuredClone(e.ctr('c1').endpoints[0]!)), /container c1 \(\w+\) on host host\d+ has two endpoints on network/],
  ['an endpoint with the wrong prefix length', (e) => (e.ctr('web').endpoints[0]!.endpoint.prefix = 16), /endpoint \w+ has prefix length 16, not network n1's 24/],
  ['a bridge endpoint without an address', (e) => delete e.ctr('web').endpoints[0]!.endpoint.ip, /endpoint \w+ on bridge network n1 has no address/],
  ['an endpoint iface outside the container', (e) => (e.ctr('c1').endpoints[0]!.endpoint.ctrIface = e.iface('red', 'v-red').id), /endpoint \w+'s iface if\d+ \(v-red\) is in namespace ns\d+, not the container's/],
  ['an endpoint outside its subnet', (e) => (e.ctr('web').endpoints[0]!.endpoint.ip = 0x0a330002), /endpoint \w+ has address 10\.51\.0\.2, outside network n1's subnet 10\.50\.0\.0\/24/],
  ['an endpoint on a missing network', (e) => (e.ctr('web').endpoints[0]!.network = 'nosuch'), /is on network nosuch, which does not exist on the host/],
  ['a leaked address', (e) => e.net('n1').allocated.push(0x0a320063), /network n1 \(\w+\) on host host\d+ has 10\.50\.0\.99 allocated, but nothing uses it \(leaked\)/],
  ['an address allocated twice', (e) => e.net('n1').allocated.push(e.net('n1').allocated[0]!), /has 10\.50\.0\.1 allocated twice/],
  ['an endpoint address not allocated', (e) => {
    const ip = e.ctr('web').endpoints[0]!.endpoint.ip!;
    e.net('n1').allocated = e.net('n1').allocated.filter((a) => a !== ip);
  }, /container web uses 10\.50\.0\.2, which is not allocated/],
  ['an aux address not reserved', (e) => (e.net('n1').allocated = e.net('n1').allocated.filter((a) => a !== 0x0a320009)), /aux-address spare uses 10\.50\.0\.9, which is not allocated/],
  ['two endpoints with one address', (e) => (e.ctr('c2').endpoints[0]!.endpoint.ip = e.ctr('c1').endpoints[0]!.endpoint.ip!), /172\.17\.0\.2 is used by both container c1 and container c2/],
  ['a container whose namespace is gone', (e) => (e.ctr('c1').ns = 'ns999'), /container c1 \(\w+\) on host host\d+'s namespace ns999 does not exist/],
  ['a stopped container with endpoints', (e) => e.ctr('idle').endpoints.push(structuredClone(e.ctr('c1').endpoints[0]!)), /container idle \(\w+\) on host host\d+ is created but has endpoints/],
  ['containerOrder naming a missing container', (e) => e.d.containerOrder.push('deadbeef'), /containerOrder names container deadbeef/],
  ['a container namespace nobody runs in', (e) => {
    const c = e.ctr('c1');
    c.state = 'exited';
    delete c.ns;
    c.endpoints = [];
    c.ports = [];
  }, /container namespace ns\d+ \(c1\) on host host\d+ belongs to no running container/],
  ['a network bridge that is not a bridge', (e) => (e.net('n1').bridge = e.iface('', 'eth0').id), /network n1 \(\w+\) on host host\d+'s bridge if\d+ \(eth0\) is a ether/],
  ['a port published on a network without an endpoint', (e) => (e.ctr('c2').ports[0]!.network = e.net('n1').id), /publishes 8080\/tcp on network \w+, where it has no endpoint/],
  ['a socket of a container that is not running', (e) => {
    const ns = e.w.netns[e.ctr('web').ns!]!;
    ns.sockets.find((x) => x.port === 80)!.owner = e.ctr('idle').id;
  }, /socket tcp\/80 in namespace ns\d+ belongs to container \w+, which is not running/],
  ['a macvlan endpoint address leaked', (e) => e.net('mv').allocated.push(0xc0a8cd50), /network mv \(\w+\) on host host\d+ has 192\.168\.205\.80 allocated, but nothing uses it/],
  ['two networks with one name', (e) => (e.net('n1').name = 'mv'), /two networks on host host\d+ are named mv/],
  ['two containers with one name', (e) => (e.ctr('c1').name = 'c2'), /two containers on host host\d+ are named c2/],
  ['an endpoint whose veth ends are not peers', (e) => (e.ctr('c1').endpoints[0]!.endpoint.hostIface = e.ctr('c2').endpoints[0]!.endpoint.hostIface!), /veth ends if\d+ \(veth[0-9a-f]{7}\) and if\d+ \(eth0\) are not peers/],
  // swarm
  ['an overlay sandbox of a network the host no longer lists', (e) => delete e.d.networks[e.net('ov').id], /overlay namespace ns\d+ \(1-\w+\) on host host\d+ belongs to no overlay network/],
  ['two swarm networks with one name', (e) => (Object.values(e.w.swarm!.networks).find((n) => n.name === 'ov')!.name = 'ingress'), /two swarm networks are named ingress/],
  ['a swarm node on a missing host', (e) => (e.w.swarm!.nodes[0]!.host = 'host99'), /swarm node \w+ is on host host99, which does not exist/],
  ['two swarm leaders', (e) => e.w.swarm!.nodes.push({ ...e.w.swarm!.nodes[0]!, host: 'host98' }), /the swarm has 2 leaders/],
  ['a swarm pool with a leaked address', (e) => Object.values(e.w.swarm!.networks).find((n) => n.name === 'ov')!.allocated.push(0x0a000163), /swarm network ov \(\w+\) has 10\.0\.1\.99 allocated, but nothing uses it/],
  ['a swarm endpoint not allocated', (e) => {
    const sn = Object.values(e.w.swarm!.networks).find((n) => n.name === 'ov')!;
    const ip = e.ctr('ovc').endpoints.find((x) => x.network === sn.id)!.endpoint.ip!;
    sn.allocated = sn.allocated.filter((a) => a !== ip);
  }, /swarm network ov \(\w+\): container ovc on host host\d+ uses 10\.0\.1\.\d+, which is not allocated/],
  ['an overlay record of a missing swarm network', (e) => delete e.w.swarm!.networks[e.net('ov').id], /network ov \(\w+\) on host host\d+ is an overlay record of a swarm network that does not exist/],
  ['a swarm node on a host without Docker', (e) => delete e.host.docker, /swarm node \w+ is on host host\d+, which has no Docker/],
  ['a host that is two swarm nodes', (e) => e.w.swarm!.nodes.push({ ...e.w.swarm!.nodes[0]!, leader: false }), /host host\d+ is two swarm nodes/],
  ['overlay records on a host that left the swarm', (e) => (e.w.swarm!.nodes = []), /host host\d+ keeps overlay network ingress \(\w+\) but is not a swarm node/],
  ['a swarm network stored under another id', (e) => (e.w.swarm!.networks['zzz'] = { ...Object.values(e.w.swarm!.networks)[0]! }), /swarm network zzz is stored with id \w+/],
  ['overlay records with no swarm', (e) => delete e.w.swarm, /keeps overlay network ingress \(\w+\) with no swarm/],
];

describe('worldViolations', () => {
  it('finds nothing wrong with a World made by real commands', () => {
    expect(worldViolations(base)).toEqual([]);
  });

  it('tells the pools of overlapping overlay subnets apart (a real 20.10 accepts them)', () => {
    // Found by the shell fuzz: legs were matched to pools by address prefix, so ingress_sbox's
    // 10.0.0.2 was taken for a leg of ov2 (10.0.0.0/24), and ov3's for one of docker_gwbridge.
    const { world, steps } = runLabScript(`docker swarm init --advertise-addr 192.168.205.10
docker network create -d overlay --attachable --subnet 10.0.0.0/24 ov2
docker run -d --name c1 --network ov2 busybox sleep 1d
docker network create -d overlay --attachable --subnet 172.18.0.0/16 ov3
docker run -d --name c2 --network ov3 busybox sleep 1d`);
    expect(steps.map((st) => st.exitCode)).toEqual([0, 0, 0, 0, 0]);
    expect(worldViolations(world)).toEqual([]);
  });

  it.each(CASES)('sees %s', (_, corrupt, said) => {
    const e = copy();
    corrupt(e);
    const found = worldViolations(e.w);
    expect(found.join('\n')).toMatch(said);
  });

  it('takes well under a millisecond on a small world (the best of 10 batches, warmed up: the machine may be busy)', () => {
    for (let i = 0; i < 100; i++) worldViolations(base);
    const batches = Array.from({ length: 10 }, () => {
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) worldViolations(base);
      return (performance.now() - t0) / 50;
    });
    expect(Math.min(...batches)).toBeLessThan(1);
  });
});

describe('shellViolations', () => {
  it('sees a shell on a missing host, in a stopped container, in a deleted namespace', () => {
    const { host, ctr, named } = copy();
    const shells = new Map([
      ['t1', { host: host.id, session: null }],
      ['t2', { host: 'host99', session: null }],
      ['t3', { host: host.id, session: { container: ctr('idle').id } }],
      ['t4', { host: host.id, session: { ns: 'ns999' } }],
      ['t5', { host: host.id, session: { ns: named('red').id } }],
    ]);
    expect(shellViolations(base, shells)).toEqual([
      'shell t2 is on host host99, which does not exist.',
      `shell t3 is inside container ${ctr('idle').id} on host ${host.id}, which is not running.`,
      `shell t4 is inside namespace ns999, which is not a namespace of host ${host.id}.`,
    ]);
  });
});

/** How many seeds of each generator (INVARIANT_SEEDS=200 for a longer run). */
const SEEDS = Number(process.env['INVARIANT_SEEDS'] ?? 8);

const GENERATORS: [string, (seed: number) => string, number][] = [
  ['generateLab', generateLab, SEEDS * 2],
  ['generateDockerLab', generateDockerLab, SEEDS * 2],
  ['generateMultiHostLab', generateMultiHostLab, SEEDS],
  ['generateMultiHostDockerLab', generateMultiHostDockerLab, Math.ceil(SEEDS / 2)],
];

describe('every World along the generated labs', () => {
  it.each(GENERATORS)('%s passes the invariants after every line', (_, generate, seeds) => {
    let checked = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const lab = labFromScript(generate(seed));
      const r = replay(lab);
      r.results.forEach((x, i) => {
        if (!x.changed) return;
        checked++;
        const bad = worldViolations(x.world);
        if (bad.length) expect.fail(`seed ${seed}, after line ${i + 1} "${lab.log[i]!.c}":\n${bad.join('\n')}`);
      });
      expect(shellViolations(r.world, r.shells), `seed ${seed}`).toEqual([]);
    }
    expect(checked).toBeGreaterThan(seeds * 5);
  }, 60_000 + SEEDS * 2_000);
});

/** How many op scripts (INVARIANT_RUNS=2000 for a longer run). */
const RUNS = Number(process.env['INVARIANT_RUNS'] ?? 60);

describe('every World along scripts of valid commands over tiny name pools, on two machines', () => {
  it('passes the invariants after every line that changes it; a failure prints the shrunk script', () => {
    fc.assert(
      fc.property(opSteps, (steps) => {
        const lab = { hosts: ['docker-node1', 'docker-node2'], log: steps.map((x) => ({ t: x.host === 'docker-node1' ? 't1' : 't2', h: x.host, c: x.line })) };
        const r = replay(lab);
        const script = () => steps.map((x) => `[root@${x.host} ~]# ${x.line}`).join('\n');
        r.results.forEach((x, i) => {
          if (x.output.includes('internal error')) throw new Error(`line ${i + 1} crashed: ${x.output}\n${script()}`);
          const bad = x.changed ? worldViolations(x.world) : [];
          if (bad.length) throw new Error(`after line ${i + 1}:\n${bad.join('\n')}\n--- script:\n${script()}`);
        });
        const lost = shellViolations(r.world, r.shells);
        if (lost.length) throw new Error(`${lost.join('\n')}\n--- script:\n${script()}`);
      }),
      { numRuns: RUNS },
    );
  }, 60_000 + RUNS * 1_000);
});
