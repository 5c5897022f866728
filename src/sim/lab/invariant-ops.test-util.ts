/**
 * For property tests of the World invariants: valid commands over tiny name pools, so that short
 * scripts reach the states where records meet (a veth moved then its namespace deleted, a bridge
 * deleted under Docker, a container sharing a namespace whose owner goes, a full pool, a swarm that
 * is left). The shell fuzz (src/sim/fuzz) mutates flags and bytes; these lines are meant to succeed.
 */
import fc from 'fast-check';
import { swarmInit } from '../docker/swarm';
import { findHostByName } from '../net/world';
import { createLabWorld } from './lab';

const pick = (...xs: string[]) => fc.constantFrom(...xs);
const ns = pick('a', 'b');
const dev = pick('v0', 'v1', 'p0', 'p1', 'br0', 'vx0', 'mv0', 'eth1', 'docker0', 'docker_gwbridge');
const ctr = pick('c1', 'c2', 'c3');
const net = pick('n1', 'n2', 'bridge', 'ov', 'mv');

/** One valid-looking line of ip, docker or systemctl over the pools. */
export const opLine: fc.Arbitrary<string> = fc.oneof(
  ns.map((n) => `ip netns add ${n}`),
  ns.map((n) => `ip netns del ${n}`),
  fc.tuple(pick('0', '1'), fc.option(ns, { nil: undefined })).map(([i, n]) => `${n ? `ip -n ${n} ` : 'ip '}link add v${i} type veth peer name p${i}`),
  fc.tuple(dev, ns).map(([d, n]) => `ip link set ${d} netns ${n}`),
  fc.tuple(ns, dev).map(([n, d]) => `ip -n ${n} link set ${d} netns 1`),
  dev.map((d) => `ip link del ${d}`),
  fc.tuple(ns, dev).map(([n, d]) => `ip -n ${n} link del ${d}`),
  fc.constant('ip link add br0 type bridge'),
  dev.map((d) => `ip link set ${d} master br0`),
  dev.map((d) => `ip link set ${d} master docker0`),
  dev.map((d) => `ip link set ${d} up`),
  dev.map((d) => `ip addr add 10.9.0.1/24 dev ${d}`),
  dev.map((d) => `ip route add 10.8.0.0/24 dev ${d}`),
  dev.map((d) => `ip neigh add 10.9.0.7 lladdr 02:00:00:00:00:07 dev ${d}`),
  dev.map((d) => `ip link add vx0 type vxlan id 7 dev ${d} dstport 4789`),
  dev.map((d) => `ip link add mv0 link ${d} type macvlan mode bridge`),
  { arbitrary: fc.tuple(pick('n1', 'n2'), fc.boolean()).map(([n, s]) => `docker network create${s ? ` --subnet 10.${n === 'n1' ? 1 : 2}.0.0/29` : ''} ${n}`), weight: 4 },
  { arbitrary: fc.constant('docker network create -d macvlan --subnet 192.168.205.0/24 --ip-range 192.168.205.64/30 -o parent=eth1 mv'), weight: 2 },
  { arbitrary: fc.constant('docker network create -d overlay --attachable ov'), weight: 2 },
  net.map((n) => `docker network rm ${n}`),
  {
    arbitrary: fc
      .tuple(ctr, fc.oneof(net, pick('host', 'none', 'container:c1', 'container:c2')), fc.option(pick('10.1.0.4', '10.2.0.4', '192.168.205.65'), { nil: undefined, freq: 3 }), fc.boolean())
      .map(([c, n, ip, p]) => `docker run -d --name ${c} --network ${n}${ip ? ` --ip ${ip}` : ''}${p ? ' -p 8080:80' : ''} busybox httpd -f -p 80`),
    weight: 10,
  },
  { arbitrary: fc.tuple(pick('start', 'stop', 'restart', 'rm -f', 'kill'), ctr).map(([v, c]) => `docker ${v} ${c}`), weight: 3 },
  { arbitrary: fc.tuple(net, ctr, fc.option(pick('10.1.0.5', '10.2.0.5'), { nil: undefined })).map(([n, c, ip]) => `docker network connect${ip ? ` --ip ${ip}` : ''} ${n} ${c}`), weight: 3 },
  { arbitrary: fc.tuple(net, ctr).map(([n, c]) => `docker network disconnect ${n} ${c}`), weight: 2 },
  fc.tuple(ctr, ctr).map(([a, b]) => `docker exec ${a} ping -c 1 -W 1 ${b}`),
  pick('systemctl restart docker', 'systemctl stop docker', 'systemctl start docker'),
  { arbitrary: pick('docker swarm init --advertise-addr 192.168.205.10', 'docker swarm leave --force'), weight: 2 },
  fc.tuple(dev, dev).map(([a, b]) => `ip link set ${a} name ${b}`),
  dev.map((d) => `ip link set ${d} nomaster`),
  fc.tuple(ctr, pick('ip link del eth0', 'ip link set eth0 down', 'ip addr flush dev eth0')).map(([c, l]) => `docker exec ${c} ${l}`),
  pick(
    `echo '{"bip":"10.9.0.1/24"}' > /etc/docker/daemon.json`,
    `echo '{"default-address-pools":[{"base":"10.200.0.0/16","size":29}]}' > /etc/docker/daemon.json`,
    `echo '{"iptables":false,"userland-proxy":false}' > /etc/docker/daemon.json`,
  ),
  ns.map((n) => `ip netns exec ${n} bash`),
  ctr.map((c) => `docker exec -it ${c} sh`),
  pick('exit'),
);

/** A short script of such lines. */
export const opScript: fc.Arbitrary<string[]> = fc.array(opLine, { minLength: 1, maxLength: 30, size: 'medium' });

/** docker-node1's worker join token: it depends only on the manager's name and address (swarm.ts). */
function workerToken(): string {
  const world = createLabWorld(['docker-node1']);
  swarmInit(world, findHostByName(world, 'docker-node1')!, '192.168.205.10');
  return world.swarm!.workerToken;
}

/** One step on two machines: the lines above, plus swarm joins (docker-node2 joins docker-node1's swarm). */
export const opStep: fc.Arbitrary<{ host: string; line: string }> = fc.oneof(
  { arbitrary: fc.record({ host: pick('docker-node1', 'docker-node2'), line: opLine }), weight: 12 },
  { arbitrary: fc.constant({ host: 'docker-node2', line: `docker swarm join --token ${workerToken()} 192.168.205.10:2377` }), weight: 2 },
  { arbitrary: fc.constant({ host: 'docker-node1', line: 'docker swarm init --advertise-addr 192.168.205.10; docker network create -d overlay --attachable ov' }), weight: 2 },
  { arbitrary: fc.constant({ host: 'docker-node2', line: 'docker swarm leave' }), weight: 1 },
);

/** A short script on two machines. */
export const opSteps: fc.Arbitrary<{ host: string; line: string }[]> = fc.array(opStep, { minLength: 1, maxLength: 30, size: 'medium' });
