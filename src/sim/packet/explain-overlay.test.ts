/**
 * Explanations for several hosts, VXLAN and macvlan: a container address that lives only on
 * another host, the macvlan parent quirk, and a ping that crossed a VXLAN tunnel.
 */
import { describe, expect, it } from 'vitest';
import { runLabScript } from '../lab/lab';
import { runScript } from '../lab/script';
import { parseIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { execute } from '../shell/execute';
import { explainResult, probeCommand, type ProbeEndpoint, type ProbeRequest } from './explain';
import { macvlanLab, overlayLab } from './fixtures-overlay';

function why(world: World, req: ProbeRequest) {
  const p = probeCommand(world, req);
  if (!p.ok) throw new Error(p.error);
  const run = execute(world, p.line, { host: p.host });
  return explainResult(world, req, run);
}

const netns = (w: World, name: string): ProbeEndpoint => {
  const host = w.hostOrder[0]!;
  return { kind: 'netns', host, ns: w.hosts[host]!.netns[name]! };
};
const addr = (ip: string): ProbeEndpoint => ({ kind: 'address', ip: parseIp4(ip)! });

describe('explanations across hosts', () => {
  it("a container on docker-node1 pinging 172.17.0.3 that only docker-node2 has", () => {
    const { world } = runLabScript(
      '[root@docker-node1 ~]# docker run -d --name test1 busybox sleep 3600\n' +
        '[root@docker-node2 ~]# docker run -d --name test2 busybox sleep 3600\n' +
        '[root@docker-node2 ~]# docker run -d --name test3 busybox sleep 3600\n',
    );
    const h1 = world.hostOrder[0]!;
    const c = Object.values(world.hosts[h1]!.docker!.containers).find((x) => x.name === 'test1')!;
    const e = why(world, { tool: 'ping', source: { kind: 'container', host: h1, container: c.id }, target: addr('172.17.0.3') });
    expect(e.ok).toBe(false);
    expect(e.headline).toBe(
      "docker-node1 sends 172.17.0.0/16 to its own docker0 and nobody there has 172.17.0.3: it belongs to test3 on docker-node2, behind that host's private docker0 bridge.",
    );
  });

  it('the host cannot reach its own macvlan child: says why and how', () => {
    const { world } = runScript(macvlanLab);
    const e = why(world, { tool: 'ping', source: netns(world, 'h1'), target: addr('192.168.205.100') });
    expect(e.headline).toBe(
      'h1 cannot reach its own macvlan child 192.168.205.100 (m1) through e1: the kernel does not pass frames between a macvlan and its parent; add a macvlan interface on the host (ip link add mv0 link e1 type macvlan mode bridge) to reach it.',
    );
    expect(e.fix?.command).toBe('ip netns exec h1 ip link add mv0 link e1 type macvlan mode bridge');
    const back = why(world, { tool: 'ping', source: netns(world, 'm1'), target: addr('192.168.205.10') });
    expect(back.headline).toMatch(/^m1 \(192\.168\.205\.100\) cannot reach its parent h1 \(192\.168\.205\.10\) on e1: the kernel does not pass frames/);
  });

  it('a ping through a VXLAN tunnel names the encapsulation', () => {
    const { world } = runScript(overlayLab());
    const e = why(world, { tool: 'ping', source: netns(world, 'c1'), target: addr('10.0.1.3') });
    expect(e.ok).toBe(true);
    expect(e.details.join('\n')).toMatch(/VXLAN: vxlan0 on docker-node1 wrapped the Ethernet frame \(VNI 4096\) in UDP 10\.9\.0\.1:\d+ > 10\.9\.0\.2:4789, which crossed the hosts' network like any packet; vxlan0 on docker-node1 unwrapped it\./);
  });

  it('a missing fdb entry, a missing neighbour entry, vxlan0 down: named, with the command that fixes it', () => {
    const c1 = (w: World) => netns(w, 'c1');
    const nofdb = runScript(overlayLab({ fdb: false })).world;
    const a = why(nofdb, { tool: 'ping', source: c1(nofdb), target: addr('10.0.1.3') });
    expect(a.headline).toBe('vxlan0 in o1 does not know which host has 02:42:0a:00:01:03 (c2): no fdb entry for it and no default destination, so the frame is dropped.');
    expect(a.fix?.command).toBe('ip netns exec o1 bridge fdb append 02:42:0a:00:01:03 dev vxlan0 dst 10.9.0.2 self permanent');
    const noneigh = runScript(overlayLab({ neigh: false })).world;
    const b = why(noneigh, { tool: 'ping', source: c1(noneigh), target: addr('10.0.1.3') });
    expect(b.headline).toBe('vxlan0 in o1 answers ARP itself (proxy) and has no neighbour entry for 10.0.1.3, so nobody answers "who has 10.0.1.3?".');
    expect(b.fix?.command).toBe('ip netns exec o1 ip neigh add 10.0.1.3 lladdr 02:42:0a:00:01:03 dev vxlan0 nud permanent');
    const down = runScript(overlayLab() + 'ip -n o1 link set vxlan0 down\n').world;
    const req: ProbeRequest = { tool: 'ping', source: c1(down), target: addr('10.0.1.3') };
    const d = why(down, req);
    expect(d.headline).toBe('vxlan0 (o1) is down, so nothing reaches c2 (10.0.1.3).');
    expect(d.details).toContain('vxlan0 is the tunnel to the other hosts: while it is down, nothing leaves or arrives through it. Taking it down also flushed its neighbour entries, PERMANENT ones included: add them again once it is up.');
    // As in the kernel (checked in a namespace): up again, the proxy has lost its entries.
    const fixed = execute(down, d.fix!.command!);
    expect(fixed.exitCode).toBe(0);
    expect(why(fixed.world, req).headline).toMatch(/^vxlan0 in o1 answers ARP itself \(proxy\) and has no neighbour entry for 10\.0\.1\.3/);
  });
});

describe('click-to-ping between containers on different machines', () => {
  const { world } = runLabScript(
    [
      '[root@docker-node1 ~]# docker swarm init --advertise-addr 192.168.205.10',
      '[root@docker-node2 ~]# docker swarm join --token SWMTKN-1-4ek1ybkseznt9w3f05y6h67rkietn1sr68ui6ww3cwv25hjynt-usosqn64r3vzxivjhxv6irz6u 192.168.205.10:2377',
      '[root@docker-node1 ~]# docker network create -d overlay --attachable ov1',
      '[root@docker-node1 ~]# docker run -d --name c1 --network ov1 busybox sleep 1d',
      '[root@docker-node2 ~]# docker run -d --name c2 --network ov1 busybox sleep 1d',
      '[root@docker-node2 ~]# docker run -d --name b2 busybox sleep 1d',
      '[root@docker-node1 ~]# docker network create -d macvlan --subnet 192.168.205.0/24 --gateway 192.168.205.1 --ip-range 192.168.205.64/28 -o parent=eth1 mv',
      '[root@docker-node2 ~]# docker network create -d macvlan --subnet 192.168.205.0/24 --gateway 192.168.205.1 --ip-range 192.168.205.80/28 -o parent=eth1 mv',
      '[root@docker-node1 ~]# docker run -d --name m1 --network mv busybox sleep 1d',
      '[root@docker-node2 ~]# docker run -d --name m2 --network mv busybox sleep 1d',
    ].join('\n'),
  );
  const ctr = (name: string): ProbeEndpoint => {
    for (const host of world.hostOrder) {
      const c = Object.values(world.hosts[host]!.docker!.containers).find((x) => x.name === name);
      if (c) return { kind: 'container', host, container: c.id };
    }
    throw new Error(name);
  };
  const line = (a: string, b: string) => {
    const p = probeCommand(world, { tool: 'ping', source: ctr(a), target: ctr(b) });
    return p.ok ? `${world.hosts[p.host]!.hostname}: ${p.line}` : p.error;
  };

  it('names the target on a shared overlay, uses its LAN address on a macvlan network, else its private address', () => {
    expect(line('c1', 'c2')).toBe('docker-node1: docker exec c1 ping -c 1 -W 1 c2');
    expect(line('m1', 'm2')).toBe('docker-node1: docker exec m1 ping -c 1 -W 1 192.168.205.80');
    expect(line('c1', 'b2')).toBe('docker-node1: docker exec c1 ping -c 1 -W 1 172.17.0.2');
    const run = (a: string, b: string) => {
      const p = probeCommand(world, { tool: 'ping', source: ctr(a), target: ctr(b) });
      return p.ok ? execute(world, p.line, { host: p.host }).exitCode : -1;
    };
    expect([run('c1', 'c2'), run('m1', 'm2'), run('c1', 'b2')]).toEqual([0, 0, 1]);
  });
});
