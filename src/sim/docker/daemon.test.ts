/**
 * The daemon against a real Docker 20.10 (shared/tools/real-docker.sh): the iptables-save goldens
 * in __golden__ are that daemon's output for the same commands (bridge names masked in order of
 * appearance, since they come from random ids). Plus IPAM, MACs, ifindexes and routes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScript } from '../lab/script';
import { formatIp4 } from '../net/ip4';
import type { World } from '../net/types';

const golden = (name: string) => readFileSync(new URL(`./__golden__/${name}`, import.meta.url), 'utf8');

/** br-<12 hex> → BR1, BR2 … in order of first appearance. */
function maskBridges(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/br-[0-9a-f]{12}/g, (m) => {
    if (!seen.has(m)) seen.set(m, `BR${seen.size + 1}`);
    return seen.get(m)!;
  });
}

function run(script: string) {
  return runScript(script);
}

function last(script: string): string {
  const r = run(script);
  return r.steps.at(-1)!.output;
}

const withoutComments = (t: string) => t.split('\n').filter((l) => !l.startsWith('#')).join('\n');

describe('Docker 20.10 iptables, compared with a real daemon', () => {
  it('networks with --internal and icc=false, a published nginx and a default-bridge container', () => {
    const out = last(`docker network create n1
docker network create --internal n2
docker network create -o com.docker.network.bridge.enable_icc=false n3
docker run -d --name w1 --network n1 -p 8080:80 -p 127.0.0.1::81 nginx
docker run -d --name b1 busybox sleep 3600
iptables-save`);
    expect(maskBridges(withoutComments(out))).toBe(maskBridges(golden('real-iptables-1.txt')));
  });

  it('removing a published container and disconnecting take their rules away', () => {
    const out = last(`docker network create --subnet 10.50.0.0/24 --gateway 10.50.0.1 snet
docker network create --subnet 192.168.100.0/24 --ip-range 192.168.100.128/25 rnet
docker run -d --name s1 --network snet --ip 10.50.0.9 busybox sleep 3600
docker run -d --name s2 --network snet busybox sleep 3600
docker run -d --name r1 --network rnet busybox sleep 3600
docker run -d --name p1 -p 8080:80 -p 5353:53/udp busybox sleep 3600
docker network connect bridge s2
docker rm -f p1
docker network disconnect snet s2
iptables-save`);
    expect(maskBridges(withoutComments(out))).toBe(maskBridges(golden('real-iptables-2.txt')));
  });
});

function ctr(world: World, name: string) {
  const d = world.hosts[world.hostOrder[0]!]!.docker!;
  return Object.values(d.containers).find((c) => c.name === name)!;
}

function ips(world: World, name: string): string[] {
  return ctr(world, name).endpoints.map((e) => formatIp4(e.endpoint.ip!));
}

describe('IPAM as 20.10 does it', () => {
  it('first user network is 172.18.0.0/16; a freed pool is not reused at once (rotating pointer)', () => {
    const { world, steps } = run(`docker network create n1
docker network create n2
docker network create n3
docker network rm n2
docker network create n4
docker network create --subnet 172.18.5.0/24 clash
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' n4`);
    const d = world.hosts[world.hostOrder[0]!]!.docker!;
    const subnets = Object.values(d.networks).filter((n) => !n.predefined).map((n) => `${n.name} ${formatIp4(n.subnet!.addr)}/${n.subnet!.prefix}`);
    expect(subnets).toEqual(['n1 172.18.0.0/16', 'n3 172.20.0.0/16', 'n4 172.21.0.0/16']);
    expect(steps[5]!.output).toBe('Error response from daemon: Pool overlaps with other one on this address space\n');
    expect(steps[5]!.exitCode).toBe(1);
  });

  it('containers get the lowest free address, reused at once; MAC is 02:42 + the IPv4 bytes', () => {
    const { world } = run(`docker network create net1
docker run -d --name c2 --network net1 busybox sleep 3600
docker run -d --name c3 --network net1 busybox sleep 3600
docker run -d --name web --network net1 busybox sleep 3600
docker rm -f c3
docker run -d --name c5 --network net1 busybox sleep 3600
docker run -d --name c6 --network net1 busybox sleep 3600`);
    expect(['c2', 'web', 'c5', 'c6'].map((n) => ips(world, n)[0])).toEqual(['172.18.0.2', '172.18.0.4', '172.18.0.3', '172.18.0.5']);
    expect(ctr(world, 'c5').endpoints[0]!.endpoint.mac).toBe('02:42:ac:12:00:03');
  });

  it('--ip-range without --gateway: the gateway is the first address of the range', () => {
    const { world } = run(`docker network create --subnet 192.168.100.0/24 --ip-range 192.168.100.128/25 rnet
docker run -d --name r1 --network rnet busybox sleep 3600`);
    expect(ips(world, 'r1')).toEqual(['192.168.100.129']);
  });
});

describe('libnetwork sandbox wiring', () => {
  it('container end gets ifindex N, host end N+1; eth1 for a second network; default route by network name', () => {
    const { world } = run(`docker network create --subnet 10.50.0.0/24 --gateway 10.50.0.1 snet
docker run -d --name s2 --network snet busybox sleep 3600
docker network connect bridge s2`);
    const c = ctr(world, 's2');
    const ns = world.netns[c.ns!]!;
    const byName = Object.fromEntries(ns.ifaces.map((id) => [world.ifaces[id]!.name, world.ifaces[id]!]));
    for (const name of ['eth0', 'eth1']) {
      const i = byName[name]!;
      expect(world.ifaces[i.peer!]!.ifindex).toBe(i.ifindex + 1);
      expect(world.ifaces[i.peer!]!.name).toMatch(/^veth[0-9a-f]{7}$/);
    }
    const def = ns.routes.find((r) => r.prefix === 0)!;
    // The real daemon moved the default route to `bridge` (sorted before `snet`).
    expect(world.ifaces[def.dev]!.name).toBe('eth1');
    expect(formatIp4(def.via!)).toBe('172.17.0.1');
  });
});

describe('daemon.json, applied by systemctl restart docker (checked on a real 20.10)', () => {
  const JOB = 'Job for docker.service failed because the control process exited with error code. See "systemctl status docker.service" and "journalctl -xe" for details.\n';

  it('bip, fixed-cidr, mtu, default-gateway and dns shape docker0 and its containers', () => {
    const { world, steps } = run(`echo '{"bip": "192.168.1.5/24", "fixed-cidr": "192.168.1.128/25", "mtu": 1400, "default-gateway": "192.168.1.1", "dns": ["10.20.1.2","10.20.1.3"]}' > /etc/docker/daemon.json
systemctl restart docker
docker run -d --name d1 busybox sleep 3600`);
    expect(steps.map((s) => s.exitCode)).toEqual([0, 0, 0]);
    const c = ctr(world, 'd1');
    const ns = world.netns[c.ns!]!;
    const eth0 = Object.values(world.ifaces).find((i) => i.ns === ns.id && i.name === 'eth0')!;
    expect(formatIp4(eth0.addrs[0]!.addr)).toBe('192.168.1.128');
    expect(eth0.mac).toBe('02:42:c0:a8:01:80');
    expect(eth0.mtu).toBe(1400);
    expect(formatIp4(ns.routes.find((r) => r.prefix === 0)!.via!)).toBe('192.168.1.1');
    expect(c.files['/etc/resolv.conf']).toBe('nameserver 10.20.1.2\nnameserver 10.20.1.3\n');
    const root = world.netns[world.hosts[world.hostOrder[0]!]!.rootNs]!;
    const docker0 = Object.values(world.ifaces).find((i) => i.ns === root.id && i.name === 'docker0')!;
    expect(docker0.addrs.map((a) => `${formatIp4(a.addr)}/${a.prefix}`)).toEqual(['192.168.1.5/24']);
  });

  it('a container of the default bridge starts again after a restart, on the new bridge network', () => {
    // moby's getNetworkID looks predefined networks up by name: the bridge's id changes on restart.
    const { world, steps } = run(`docker run -d --name d1 busybox sleep 3600
echo '{"bip": "192.168.1.5/24"}' > /etc/docker/daemon.json
systemctl restart docker
docker start d1`);
    expect(steps.map((s) => s.exitCode)).toEqual([0, 0, 0, 0]);
    expect(steps[3]!.output).toBe('d1\n');
    const c = ctr(world, 'd1');
    const eth0 = Object.values(world.ifaces).find((i) => i.ns === c.ns && i.name === 'eth0')!;
    expect(formatIp4(eth0.addrs[0]!.addr)).toBe('192.168.1.1');
  });

  it('a bad file or a default-gateway outside bip fails the restart; the daemon stays down', () => {
    const bad = run(`echo '{"bip": "192.168.1.5/24",}' > /etc/docker/daemon.json
systemctl restart docker
docker ps`);
    expect(bad.steps[1]!.output).toBe(JOB);
    expect(bad.steps[1]!.exitCode).toBe(1);
    expect(bad.steps[2]!.output).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
    const aux = run(`echo '{"bip": "192.168.1.5/24", "fixed-cidr": "10.20.0.0/16", "default-gateway": "10.20.1.1"}' > /etc/docker/daemon.json
systemctl restart docker`);
    expect(aux.steps[1]!.output).toBe(JOB);
  });

  it('a restart stops containers (137 for a shell loop) and an emptied file keeps docker0 as it was', () => {
    const { world } = run(`echo '{"bip": "192.168.1.5/24"}' > /etc/docker/daemon.json
systemctl restart docker
docker run -d --name d1 busybox sleep 3600
echo '{}' > /etc/docker/daemon.json
systemctl restart docker`);
    expect(ctr(world, 'd1')).toMatchObject({ state: 'exited', exitCode: 137 });
    const root = world.netns[world.hosts[world.hostOrder[0]!]!.rootNs]!;
    const docker0 = Object.values(world.ifaces).find((i) => i.ns === root.id && i.name === 'docker0')!;
    expect(docker0.addrs.map((a) => formatIp4(a.addr))).toEqual(['192.168.1.5']);
  });
});

describe('userland-proxy false (hairpin NAT), compared with a real 20.10', () => {
  it('no 127/8 exception in OUTPUT, a src-type LOCAL MASQUERADE, DNAT without ! -i, dockerd holding the port', () => {
    const { steps } = run(`echo '{"userland-proxy": false}' > /etc/docker/daemon.json
systemctl restart docker
docker run -d --name web -p 8080:80 nginx
iptables-save -t nat
netstat -tlnp`);
    expect(withoutComments(steps[3]!.output)).toBe(`*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
COMMIT
`);
    expect(steps[4]!.output).toMatch(/^tcp {8}0 {6}0 0\.0\.0\.0:8080 {12}0\.0\.0\.0:\* {15}LISTEN {6}\d+\/dockerd/m);
  });
});
