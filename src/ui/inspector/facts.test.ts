import { describe, expect, it } from 'vitest';
import { execute, type Iface, type World } from '../../sim';
import { lab } from '../../sim/lab/session.test-util';
import { inspectorFacts, planFacts, runSection, type FactSection, type InspectorFacts } from './facts';
import { inspectField, type Container } from './places';

const SETUP = [
  'docker run -d --name c1 busybox sleep 1000',
  'docker run -d --name web -p 8080:80 nginx',
  'docker run -d --name old busybox sleep 1000',
  'docker stop old',
  'ip netns add red',
  'ip link add veth-r type veth peer name veth-h',
  'ip link set veth-r netns red',
  'ip -n red addr add 10.0.0.2/24 dev veth-r',
  'ip -n red link set veth-r up',
];
const world = lab(SETUP);

function container(w: World, name: string): Container {
  const d = w.hosts[w.hostOrder[0]!]!.docker!;
  const c = Object.values(d.containers).find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

function iface(w: World, name: string, ns?: string): Iface {
  const i = Object.values(w.ifaces).find((x) => x.name === name && (ns === undefined || x.ns === ns));
  if (!i) throw new Error(`no iface ${name}`);
  return i;
}

function get(f: InspectorFacts, slug: string): FactSection {
  const s = f.sections.find((x) => x.slug === slug);
  if (!s) throw new Error(`no section ${slug} in ${f.sections.map((x) => x.slug).join(', ')}`);
  return s;
}

/** The same line typed in the host's terminal prints the same text. */
function typed(w: World, line: string): string {
  return execute(w, line).output;
}

describe('inspectorFacts', () => {
  it('shows the host when nothing is selected: routes, nat and filter rules, networks, containers', () => {
    const f = inspectorFacts(world, null);
    expect(f.kind).toBe('host');
    expect(f.title).toBe('docker-node1');
    expect(f.stale).toBeUndefined();
    expect(f.sections.map((s) => s.slug)).toEqual(['routes', 'nat', 'filter', 'networks', 'containers']);
    const nat = get(f, 'nat');
    expect(nat.command).toBe('iptables -t nat -S');
    expect(nat.output).toBe(typed(world, 'iptables -t nat -S'));
    expect(nat.output).toContain('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    expect(nat.output).toContain('--dport 8080 -j DNAT --to-destination 172.17.0.3:80');
    expect(get(f, 'filter').output).toContain('-P FORWARD DROP');
    expect(get(f, 'containers').output).toMatch(/ web\n/);
  });

  it("shows a busybox container's docker inspect networking and what ip a, ip route and its files print", () => {
    const c1 = container(world, 'c1');
    const f = inspectorFacts(world, `ns:${c1.ns}`);
    expect(f.kind).toBe('container');
    expect(f.title).toBe('c1');
    expect(f.fields).toContainEqual({ label: 'Image', value: 'busybox' });
    expect(f.fields).toContainEqual({ label: 'Addresses', value: '172.17.0.2/16 on bridge' });
    expect(f.sections.map((s) => s.slug)).toEqual(['networking', 'ip-a', 'routes', 'resolv-conf', 'hosts', 'ports', 'veth-eth0']);

    const net = get(f, 'networking');
    expect(net.command).toBe('docker inspect c1');
    expect(net.output.startsWith('"NetworkSettings": {\n    "Bridge": ""')).toBe(true);
    const settings = JSON.parse(`{${net.output}}`).NetworkSettings;
    expect(settings.Networks.bridge.IPAddress).toBe('172.17.0.2');
    expect(settings.Gateway).toBe('172.17.0.1');

    const ipa = get(f, 'ip-a');
    expect(ipa.command).toBe('docker exec c1 ip a');
    expect(ipa.output).toBe(typed(world, 'docker exec c1 ip a'));
    expect(ipa.output).toContain('inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0');
    expect(get(f, 'routes').output).toContain('default via 172.17.0.1 dev eth0');
    expect(get(f, 'resolv-conf').output).toContain('nameserver');
    expect(get(f, 'hosts').output).toContain(`172.17.0.2\t${c1.id.slice(0, 12)}`);
    expect(get(f, 'ports').output).toBe('');
    expect(get(f, 'ports').note).toMatch(/No published ports/);

    const hostEnd = world.ifaces[c1.endpoints[0]!.endpoint.hostIface!]!;
    const veth = get(f, 'veth-eth0');
    expect(veth.command).toBe(`ip link show ${hostEnd.name}`);
    expect(veth.output).toContain('master docker0 state UP');
    expect(veth.note).toContain('a port of docker0');
  });

  it('selects the same container by its leaf id', () => {
    const c1 = container(world, 'c1');
    expect(inspectorFacts(world, `ctr:${c1.id}`)).toEqual(inspectorFacts(world, `ns:${c1.ns}`));
  });

  it('degrades for nginx, which has no ip: the real exec error, a note, inspect still has the address', () => {
    const web = container(world, 'web');
    const f = inspectorFacts(world, `ns:${web.ns}`);
    const ipa = get(f, 'ip-a');
    expect(ipa.exitCode).toBe(126);
    expect(ipa.output).toMatch(/^OCI runtime exec failed: .*exec: "ip": executable file not found in \$PATH/);
    expect(ipa.note).toMatch(/^nginx has no ip tool/);
    expect(get(f, 'routes').exitCode).toBe(126);
    expect(get(f, 'networking').output).toContain('"IPAddress": "172.17.0.3"');
    expect(get(f, 'resolv-conf').exitCode).toBe(0);
    expect(get(f, 'ports').output).toBe('80/tcp -> 0.0.0.0:8080\n80/tcp -> :::8080\n');
  });

  it('says a stopped container is stopped and shows only its inspect State', () => {
    const old = container(world, 'old');
    const f = inspectorFacts(world, `ctr:${old.id}`);
    expect(f.subtitle).toBe('container, exited');
    expect(f.sections.map((s) => s.slug)).toEqual(['state']);
    const state = get(f, 'state');
    expect(state.note).toMatch(/^old is stopped/);
    expect(JSON.parse(`{${state.output}}`).State).toMatchObject({ Status: 'exited', Running: false });
  });

  it("shows docker0's ports, its FDB, its addresses and the Docker network behind it", () => {
    const docker0 = iface(world, 'docker0');
    const f = inspectorFacts(world, `if:${docker0.id}`);
    expect(f.kind).toBe('bridge');
    expect(f.subtitle).toBe('bridge of Docker network bridge');
    const c1veth = world.ifaces[container(world, 'c1').endpoints[0]!.endpoint.hostIface!]!.name;
    const ports = get(f, 'ports');
    expect(ports.command).toBe('brctl show docker0');
    expect(ports.output).toBe(typed(world, 'brctl show docker0'));
    expect(ports.output).toContain(c1veth);
    expect(ports.table).toBe(true);
    expect(get(f, 'addresses').table).toBeUndefined();
    expect(get(f, 'fdb').output).toContain(`dev ${c1veth} master docker0 permanent`);
    expect(get(f, 'addresses').output).toContain('inet 172.17.0.1/16');
    expect(get(f, 'network').command).toBe('docker network inspect bridge');
    expect(get(f, 'network').output).toContain('"Name": "c1"');
  });

  it('runs a named namespace\'s commands through ip netns exec and ip -n; iptables only once it has rules', () => {
    const red = world.hosts[world.hostOrder[0]!]!.netns.red!;
    const f = inspectorFacts(world, `ns:${red}`);
    expect(f.title).toBe('netns red');
    expect(get(f, 'ip-a').command).toBe('ip netns exec red ip a');
    expect(get(f, 'ip-a').output).toContain('inet 10.0.0.2/24 scope global veth-r');
    expect(get(f, 'routes').command).toBe('ip -n red route');
    expect(f.sections.map((s) => s.slug)).toEqual(['ip-a', 'routes']);

    const w = execute(world, 'ip netns exec red iptables -A INPUT -p icmp -j DROP').world;
    const g = inspectorFacts(w, `ns:${red}`);
    expect(g.sections.map((s) => s.slug)).toEqual(['ip-a', 'routes', 'filter']);
    expect(get(g, 'filter').output).toContain('-A INPUT -p icmp -j DROP');
  });

  it("shows a container's eth0 from inside and its peer on the host", () => {
    const c1 = container(world, 'c1');
    const eth0 = iface(world, 'eth0', c1.ns);
    const f = inspectorFacts(world, `if:${eth0.id}`);
    expect(f.kind).toBe('iface');
    expect(get(f, 'link').command).toBe('docker exec c1 ip link show eth0');
    expect(get(f, 'addresses').output).toContain('inet 172.17.0.2/16');
    const peer = world.ifaces[eth0.peer!]!;
    expect(get(f, 'peer').command).toBe(`ip -d link show ${peer.name}`);
    expect(get(f, 'peer').note).toBe(`eth0's other end is ${peer.name} in docker-node1 (root namespace), a port of docker0.`);
  });

  it('shows both ends of a veth pair and of a bridge port', () => {
    const vr = iface(world, 'veth-r');
    const vh = iface(world, 'veth-h');
    const [a, b] = vr.id < vh.id ? [vr, vh] : [vh, vr];
    const link = inspectorFacts(world, `link:${a.id}:${b.id}`);
    expect(link.kind).toBe('link');
    expect(link.sections.map((s) => s.command).sort()).toEqual(['ip -d link show veth-h', 'ip -n red -d link show veth-r']);
    expect(link.fields).toContainEqual({ label: 'Carrier', value: 'down (a side is down or unplugged)' });

    const port = container(world, 'c1').endpoints[0]!.endpoint.hostIface!;
    const p = inspectorFacts(world, `port:${port}`);
    expect(p.kind).toBe('port');
    expect(p.fields).toContainEqual({ label: 'Port state', value: 'forwarding' });
    expect(get(p, 'bridge').command).toBe('brctl show docker0');
  });

  it('falls back to the host, marked stale, when the selected element is gone', () => {
    const c1 = container(world, 'c1');
    const w = execute(world, 'docker rm -f c1').world;
    const f = inspectorFacts(w, `ns:${c1.ns}`);
    expect(f.kind).toBe('host');
    expect(f.stale).toBe(true);
  });

  it('follows the World: the facts of the next World show the change', () => {
    const c1 = container(world, 'c1');
    const w = execute(world, 'docker network create net1 && docker network connect net1 c1').world;
    const f = inspectorFacts(w, `ns:${c1.ns}`);
    expect(get(f, 'ip-a').output).toContain('inet 172.18.0.2/16');
    expect(f.sections.map((s) => s.slug)).toContain('veth-eth1');
  });

  it('plans the sections with their commands before running any; long ones start folded', () => {
    const docker0 = `if:${iface(world, 'docker0').id}`;
    const plan = planFacts(world, docker0);
    expect(plan.sections.map((s) => [s.slug, s.command, s.folded ?? false])).toEqual([
      ['ports', 'brctl show docker0', false],
      ['fdb', 'bridge fdb show br docker0', false],
      ['addresses', 'ip addr show docker0', false],
      ['network', 'docker network inspect bridge', true],
    ]);
    expect(plan.sections.map(runSection)).toEqual(inspectorFacts(world, docker0).sections);
    expect(planFacts(world, null).sections.find((s) => s.slug === 'containers')?.folded).toBeUndefined();
  });

  it('changes nothing: the World is the same after every kind of selection', () => {
    const before = JSON.stringify(world);
    for (const id of [null, `ns:${container(world, 'c1').ns}`, `if:${iface(world, 'docker0').id}`, 'ns:gone']) inspectorFacts(world, id);
    expect(JSON.stringify(world)).toBe(before);
  });
});

describe('inspectField', () => {
  const json = '[\n    {\n        "Id": "abc",\n        "State": {\n            "Running": true\n        },\n        "Args": [\n            "x"\n        ],\n        "Name": "/c1"\n    }\n]\n';

  it('cuts one top-level field, dedented, as docker inspect prints it', () => {
    expect(inspectField(json, 'State')).toBe('"State": {\n    "Running": true\n}');
    expect(inspectField(json, 'Args')).toBe('"Args": [\n    "x"\n]');
    expect(inspectField(json, 'Id')).toBe('"Id": "abc"');
    expect(inspectField(json, 'Name')).toBe('"Name": "/c1"');
  });

  it('gives undefined for a field that is not there or not at the top level', () => {
    expect(inspectField(json, 'Running')).toBeUndefined();
    expect(inspectField('Error: No such object: x\n', 'State')).toBeUndefined();
  });
});
