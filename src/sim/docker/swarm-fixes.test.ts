/**
 * Regressions of the swarm/overlay/macvlan control plane (review of issue 6): failed starts undone,
 * leave rules and leaks, a stopped manager, connect --ip on overlays, one macvlan per parent,
 * join-token --rotate, --ip-range on overlays.
 */
import { describe, expect, it } from 'vitest';
import { labFromScript, replay } from '../lab/lab';
import { runScript } from '../lab/script';
import { formatIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { findHostByName } from '../net/world';

const TOKEN = 'SWMTKN-1-4ek1ybkseznt9w3f05y6h67rkietn1sr68ui6ww3cwv25hjynt-usosqn64r3vzxivjhxv6irz6u';
const INIT = '[root@docker-node1 ~]# docker swarm init --advertise-addr 192.168.205.10';
const run = (script: string) => replay(labFromScript(script));

function ctr(world: World, host: string, name: string) {
  const d = findHostByName(world, host)!.docker!;
  return Object.values(d.containers).find((c) => c.name === name)!;
}
const swarmAddrs = (world: World, name: string) =>
  Object.values(world.swarm!.networks).find((n) => n.name === name)!.allocated.map(formatIp4).sort();
const overlayNs = (world: World) => Object.values(world.netns).filter((n) => n.kind === 'overlay').map((n) => n.name).sort();

describe('a start that fails part-way is undone', () => {
  it('an overlay with no address left for lb-NAME: the container stays Created, nothing leaks', () => {
    const r = runScript(`docker swarm init --advertise-addr eth1
docker network create -d overlay --attachable --subnet 10.6.0.0/30 o30
docker run -d --name y1 --network o30 busybox sleep 1d
docker ps -a --format '{{.Names}} {{.Status}}'`);
    expect(r.steps[2]!.exitCode).toBe(125);
    expect(r.steps[2]!.output).toMatch(/^[0-9a-f]{64}\ndocker: Error response from daemon: no available IPv4 addresses on this network's address pools: o30 \([0-9a-z]{25}\)\.?\n/);
    expect(r.steps[3]!.output).toBe('y1 Created\n');
    expect(swarmAddrs(r.world, 'o30')).toEqual(['10.6.0.1']);
    expect(overlayNs(r.world)).toEqual(['1-' + Object.values(r.world.swarm!.networks).find((n) => n.ingress)!.id.slice(0, 10), 'ingress_sbox']);
    expect(Object.values(r.world.netns).some((n) => n.kind === 'container')).toBe(false);
  });

  it('macvlan: parent=lo refused at create; a parent renamed away: the start fails, Created, no leak', () => {
    const r = runScript(`docker network create -d macvlan --subnet 10.9.0.0/24 -o parent=lo mvlo
docker network create -d macvlan --subnet 10.9.0.0/24 -o parent=eth1 mv
ip link set eth1 down
ip link set eth1 name eth7
docker run -d --name m1 --network mv busybox sleep 1d
docker ps -a --format '{{.Names}} {{.Status}}'`);
    expect(r.steps[0]!.output).toBe('Error response from daemon: loopback interface is not a valid macvlan parent link\n');
    expect(r.steps[4]!.output).toMatch(/^[0-9a-f]{64}\ndocker: Error response from daemon: the requested parent interface eth1 was not found on the Docker host\.\n/);
    expect(r.steps[5]!.output).toBe('m1 Created\n');
    const mv = Object.values(findHostByName(r.world, 'docker-node1')!.docker!.networks).find((n) => n.name === 'mv')!;
    expect(mv.allocated.map(formatIp4)).toEqual(['10.9.0.1']);
    expect(Object.values(r.world.netns).some((n) => n.kind === 'container')).toBe(false);
  });

  it('a second macvlan network on the same parent is refused, naming the first dm-<id12>', () => {
    const r = runScript(`docker network create -d macvlan --subnet 10.9.0.0/24 -o parent=eth1 mv1
docker network create -d macvlan --subnet 10.8.0.0/24 -o parent=eth1 mv2`);
    const id = r.steps[0]!.output.trim();
    expect(r.steps[1]!.output).toBe(`Error response from daemon: network dm-${id.slice(0, 12)} is already using parent interface eth1\n`);
  });
});

describe('swarm leave', () => {
  it('a manager never leaves without --force; with 2 managers the quorum text; forced: the other has no leader', () => {
    const r = run(`${INIT}
[root@docker-node1 ~]# docker swarm join-token -q manager
[root@docker-node2 ~]# hostname`);
    const mgr = r.results[1]!.output.trim();
    const w = run(`${INIT}
[root@docker-node2 ~]# docker swarm join --token ${mgr} 192.168.205.10:2377
[root@docker-node2 ~]# docker swarm leave
[root@docker-node1 ~]# docker swarm leave --force
[root@docker-node2 ~]# docker node ls
[root@docker-node2 ~]# docker swarm leave
[root@docker-node2 ~]# docker swarm leave --force`);
    const out = w.results.map((x) => x.output);
    expect(out[1]).toBe('This node joined a swarm as a manager.\n');
    expect(out[2]).toBe(
      'Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves 1 managers out of 2. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.\n',
    );
    expect(out[3]).toBe('Node left the swarm.\n');
    expect(out[4]).toBe("Error response from daemon: rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.\n");
    expect(out[5]).toMatch(/manager\. Doing so may lose the consensus of your cluster\. The only way/);
    expect(out[6]).toBe('Node left the swarm.\n');
    expect(w.world.swarm).toBeUndefined();
  });

  it('a forced leave of the leader with 3 managers: a new leader, the swarm stays', () => {
    const r = run(`${INIT}
[root@docker-node1 ~]# docker swarm join-token -q manager
[root@docker-node2 ~]# hostname`);
    const mgr = r.results[1]!.output.trim();
    const w = run(`[lab] host add docker-node3
${INIT}
[root@docker-node2 ~]# docker swarm join --token ${mgr} 192.168.205.10:2377
[root@docker-node3 ~]# docker swarm join --token ${mgr} 192.168.205.10:2377
[root@docker-node3 ~]# docker swarm leave
[root@docker-node1 ~]# docker swarm leave --force
[root@docker-node2 ~]# docker node ls`);
    const out = w.results.map((x) => x.output);
    expect(out[4]).toBe(
      'Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.\n',
    );
    expect(out[6]).toMatch(/ \* +docker-node2 +Ready +Active +Leader /);
    expect(out[6]).toMatch(/docker-node3 +Ready +Active +Reachable /);
  });

  it('leave releases every address: containers disconnected but running, gwbridge legs, lb and ingress', () => {
    const w = run(`${INIT}
[root@docker-node2 ~]# docker swarm join --token ${TOKEN} 192.168.205.10:2377
[root@docker-node1 ~]# docker network create -d overlay --attachable ov
[root@docker-node1 ~]# docker run -d --name c0 --network ov busybox sleep 1d
[root@docker-node2 ~]# docker run -d --name c1 --network ov busybox sleep 1d
[root@docker-node2 ~]# docker swarm leave
[root@docker-node2 ~]# docker ps --format '{{.Names}} {{.Status}}'
[root@docker-node2 ~]# docker inspect -f '{{json .NetworkSettings.Networks}}' c1
[root@docker-node2 ~]# docker restart c1
[root@docker-node2 ~]# ip -br addr`).world;
    expect(w.swarm!.nodes).toHaveLength(1);
    // node1 keeps: ingress gateway + its ingress-endpoint; ov gateway, c0 and node1's lb.
    expect(swarmAddrs(w, 'ingress')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(swarmAddrs(w, 'ov')).toEqual(['10.0.1.1', '10.0.1.2', '10.0.1.3']);
    const node2 = findHostByName(w, 'docker-node2')!;
    const gw = Object.values(node2.docker!.networks).find((n) => n.name === 'docker_gwbridge')!;
    expect(gw.allocated.map(formatIp4)).toEqual(['172.18.0.1']);
    const c1 = ctr(w, 'docker-node2', 'c1');
    expect(c1.state).toBe('running');
    expect(c1.endpoints).toEqual([]);
    expect(Object.values(w.netns).filter((n) => n.host === node2.id && n.kind === 'overlay')).toEqual([]);
  });

  it('leave output: inspect shows no network, restart works', () => {
    const r = run(`${INIT}
[root@docker-node2 ~]# docker swarm join --token ${TOKEN} 192.168.205.10:2377
[root@docker-node1 ~]# docker network create -d overlay --attachable ov
[root@docker-node2 ~]# docker run -d --name c1 --network ov busybox sleep 1d
[root@docker-node2 ~]# docker swarm leave
[root@docker-node2 ~]# docker inspect -f '{{json .NetworkSettings.Networks}}' c1
[root@docker-node2 ~]# docker restart c1`);
    expect(r.results[5]!.output).toBe('{}\n');
    expect(r.results[6]!.output).toBe('c1\n');
  });
});

describe('join, tokens, connect --ip, --ip-range', () => {
  it('a join against a stopped manager times out; started again it works', () => {
    const r = run(`${INIT}
[root@docker-node1 ~]# systemctl stop docker
[root@docker-node2 ~]# docker swarm join --token ${TOKEN} 192.168.205.10:2377
[root@docker-node1 ~]# systemctl start docker
[root@docker-node2 ~]# docker swarm join --token ${TOKEN} 192.168.205.10:2377`);
    expect(r.results[2]!.output).toMatch(/^Error response from daemon: Timeout was reached before node joined\./);
    expect(r.results[4]!.output).toBe('This node joined a swarm as a worker.\n');
  });

  it('join-token --rotate: the CLI text, a new token, the old one refused', () => {
    const r = run(`${INIT}
[root@docker-node1 ~]# docker swarm join-token --rotate worker
[root@docker-node2 ~]# docker swarm join --token ${TOKEN} 192.168.205.10:2377`);
    const out = r.results[1]!.output;
    expect(out).toMatch(/^Successfully rotated worker join token\.\n\nTo add a worker to this swarm, run the following command:\n\n {4}docker swarm join --token SWMTKN-1-4ek1ybkseznt9w3f05y6h67rkietn1sr68ui6ww3cwv25hjynt-[0-9a-z]{25} 192\.168\.205\.10:2377\n\n$/);
    expect(out).not.toContain(TOKEN);
    expect(r.results[2]!.output).toBe('Error response from daemon: rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster\n');
  });

  it('network connect --ip on a swarm overlay without --subnet; --ip-range honoured', () => {
    const r = runScript(`docker swarm init --advertise-addr eth1
docker network create -d overlay --attachable ov
docker run -d --name c3 busybox sleep 1d
docker network connect --ip 10.0.1.50 ov c3
docker network create -d overlay --attachable --subnet 10.7.0.0/24 --ip-range 10.7.0.128/25 rg
docker run -d --name c4 --network rg busybox sleep 1d`);
    expect(r.steps[3]!.output).toBe('');
    expect(r.steps[3]!.exitCode).toBe(0);
    expect(ctr(r.world, 'docker-node1', 'c3').endpoints.map((e) => e.endpoint.ip).filter((x) => x !== undefined).map(formatIp4)).toContain('10.0.1.50');
    expect(formatIp4(ctr(r.world, 'docker-node1', 'c4').endpoints[0]!.endpoint.ip!)).toBe('10.7.0.128');
  });
});
