/**
 * Gestures -> shell lines, checked against a real World: each mapping's lines are run through
 * `execute` so a line the simulator rejects (a wrong flag, a stale name) fails here.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld, execute, shellQuote, type World } from '../../sim';
import {
  connectCommand, dropCommands, freshName, freshVethPair, publishCommands,
  targetOf, unplugCommand, type Gesture, type PaletteItem,
} from './commands';
import { contextMenu, type MenuItem } from './menus';

function setup(lines: string[] = []): { world: World; host: string } {
  let world = createDefaultWorld();
  const host = world.hostOrder[0]!;
  for (const line of lines) {
    const r = execute(world, line, { host });
    expect(r.exitCode, `${line}\n${r.output}`).toBe(0);
    world = r.world;
  }
  return { world, host };
}

/** Runs a gesture's lines; returns the World after and each line's exit code. */
function play(world: World, g: Gesture): { world: World; codes: number[]; output: string } {
  const codes: number[] = [];
  let output = '';
  for (const line of g.lines) {
    const r = execute(world, line, { host: g.host });
    codes.push(r.exitCode);
    output += r.output;
    world = r.world;
  }
  return { world, codes, output };
}

const docker = (w: World, h: string) => w.hosts[h]!.docker!;
const containerByName = (w: World, h: string, name: string) => Object.values(docker(w, h).containers).find((c) => c.name === name)!;
const networkByName = (w: World, h: string, name: string) => Object.values(docker(w, h).networks).find((n) => n.name === name)!;
const bridgeNode = (w: World, h: string, net: string) => `if:${networkByName(w, h, net).bridge!}`;
const ifaceNode = (w: World, ns: string, name: string) =>
  `if:${Object.values(w.ifaces).find((i) => i.ns === ns && i.name === name)!.id}`;
const hostTarget = (host: string) => ({ kind: 'host' as const, host, id: `host:${host}` });

function find(items: MenuItem[], action: string): MenuItem | undefined {
  return items.find((i) => i.action === action);
}

describe('fresh names', () => {
  it('takes the first free number', () => {
    expect(freshName('c', new Set())).toBe('c1');
    expect(freshName('c', new Set(['c1', 'c2', 'c4']))).toBe('c3');
    expect(freshName('br', new Set(['br0']), 0)).toBe('br1');
  });

  it('finds a free veth pair in every namespace it will touch', () => {
    const { world, host } = setup(['ip link add veth0 type veth peer name veth1', 'ip netns add ns1', 'ip -n ns1 link add veth3 type bridge']);
    const root = world.hosts[host]!.rootNs;
    expect(freshVethPair(world, [root])).toEqual(['veth2', 'veth3']);
    expect(freshVethPair(world, [root, world.hosts[host]!.netns.ns1])).toEqual(['veth4', 'veth5']);
  });
});

describe('palette drops', () => {
  const cases: [PaletteItem, string[]][] = [
    [{ kind: 'image', image: 'busybox' }, ['docker run -d --name c1 busybox sleep 1d']],
    [{ kind: 'image', image: 'alpine' }, ['docker run -d --name c1 alpine sleep 1d']],
    [{ kind: 'image', image: 'centos' }, ['docker run -d --name c1 centos sleep 1d']],
    [{ kind: 'image', image: 'nginx' }, ['docker run -d --name c1 nginx']],
    [{ kind: 'image', image: 'tomcat' }, ['docker run -d --name c1 tomcat']],
    [{ kind: 'image', image: 'redis' }, ['docker run -d --name c1 redis']],
    [{ kind: 'image', image: 'mysql' }, ['docker run -d --name c1 -e MYSQL_ROOT_PASSWORD=secret mysql']],
    [{ kind: 'network' }, ['docker network create net1']],
    [{ kind: 'netns' }, ['ip netns add ns1']],
    [{ kind: 'bridge' }, ['ip link add br0 type bridge', 'ip link set br0 up']],
    [{ kind: 'veth' }, ['ip link add veth0 type veth peer name veth1']],
    [{ kind: 'vm' }, ['lab host add docker-node2']],
  ];
  it.each(cases)('%o on the host runs %o, and it succeeds', (item, lines) => {
    const { world, host } = setup();
    const g = dropCommands(world, item, hostTarget(host))!;
    expect(g.lines).toEqual(lines);
    expect(g.at).toBe(`host:${host}`);
    expect(play(world, g).codes.every((c) => c === 0)).toBe(true);
  });

  it('every image keeps running (the container is Up, not Exited)', () => {
    let { world } = setup();
    const host = world.hostOrder[0]!;
    for (const image of ['busybox', 'alpine', 'nginx', 'tomcat', 'centos', 'redis', 'mysql'] as const) {
      world = play(world, dropCommands(world, { kind: 'image', image }, hostTarget(host))!).world;
    }
    const states = Object.values(docker(world, host).containers).map((c) => `${c.name}:${c.state}`);
    expect(states).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((n) => `${n}:running`));
  });

  it('the empty canvas means the first host', () => {
    const { world, host } = setup();
    expect(dropCommands(world, { kind: 'network' }, { kind: 'none', id: '' })).toEqual({ host, lines: ['docker network create net1'], at: `host:${host}` });
  });

  it('names follow what exists', () => {
    const { world, host } = setup(['docker run -d --name c1 busybox sleep 1d', 'docker network create net1', 'ip netns add ns1', 'ip link add br0 type bridge']);
    const at = hostTarget(host);
    expect(dropCommands(world, { kind: 'image', image: 'nginx' }, at)!.lines).toEqual(['docker run -d --name c2 nginx']);
    expect(dropCommands(world, { kind: 'network' }, at)!.lines).toEqual(['docker network create net2']);
    expect(dropCommands(world, { kind: 'netns' }, at)!.lines).toEqual(['ip netns add ns2']);
    expect(dropCommands(world, { kind: 'bridge' }, at)!.lines[0]).toBe('ip link add br1 type bridge');
  });

  it('an image dropped on a network bridge runs on that network; on docker0 it needs no flag', () => {
    const { world, host } = setup(['docker network create net1']);
    const onNet = dropCommands(world, { kind: 'image', image: 'nginx' }, targetOf(world, bridgeNode(world, host, 'net1')))!;
    expect(onNet.lines).toEqual(['docker run -d --name c1 --network net1 nginx']);
    expect(onNet.at).toBe(bridgeNode(world, host, 'net1'));
    const after = play(world, onNet).world;
    expect(containerByName(after, host, 'c1').endpoints.map((e) => docker(after, host).networks[e.network]!.name)).toEqual(['net1']);
    const onDocker0 = dropCommands(world, { kind: 'image', image: 'busybox' }, targetOf(world, bridgeNode(world, host, 'bridge')))!;
    expect(onDocker0.lines).toEqual(['docker run -d --name c1 busybox sleep 1d']);
  });

  it('a veth dropped on a namespace moves its peer there; on a bridge it is enslaved', () => {
    const { world, host } = setup(['ip netns add ns1', 'ip link add br0 type bridge']);
    const ns1 = world.hosts[host]!.netns.ns1!;
    const g = dropCommands(world, { kind: 'veth' }, targetOf(world, `ns:${ns1}`))!;
    expect(g.lines).toEqual(['ip link add veth0 type veth peer name veth1', 'ip link set veth1 netns ns1']);
    const after = play(world, g).world;
    expect(Object.values(after.ifaces).find((i) => i.name === 'veth1')!.ns).toBe(ns1);

    const root = world.hosts[host]!.rootNs;
    const br = dropCommands(world, { kind: 'veth' }, targetOf(world, ifaceNode(world, root, 'br0')))!;
    expect(br.lines).toEqual(['ip link add veth0 type veth peer name veth1', 'ip link set veth0 master br0']);
    expect(play(world, br).codes).toEqual([0, 0]);
  });

  it('a bridge dropped on a namespace is made inside it', () => {
    const { world, host } = setup(['ip netns add ns1']);
    const g = dropCommands(world, { kind: 'bridge' }, targetOf(world, `ns:${world.hosts[host]!.netns.ns1!}`))!;
    expect(g.lines).toEqual(['ip -n ns1 link add br0 type bridge', 'ip -n ns1 link set br0 up']);
    expect(play(world, g).codes).toEqual([0, 0]);
  });
});

describe('targets', () => {
  it('reads containers, networks, namespaces and ifaces back from node ids', () => {
    const { world, host } = setup(['docker run -d --name c1 busybox sleep 1d', 'ip netns add ns1']);
    const c1 = containerByName(world, host, 'c1');
    expect(targetOf(world, `ns:${c1.ns!}`)).toMatchObject({ kind: 'container', host, container: { name: 'c1' } });
    expect(targetOf(world, `ctr:${c1.id}`)).toMatchObject({ kind: 'container', container: { name: 'c1' } });
    expect(targetOf(world, bridgeNode(world, host, 'bridge'))).toMatchObject({ kind: 'network', network: 'bridge' });
    expect(targetOf(world, `ns:${world.hosts[host]!.netns.ns1!}`)).toMatchObject({ kind: 'netns', name: 'ns1' });
    expect(targetOf(world, ifaceNode(world, c1.ns!, 'eth0'))).toMatchObject({ kind: 'iface', name: 'eth0' });
    expect(targetOf(world, 'nothing:here').kind).toBe('none');
  });
});

describe('dragging on the graph', () => {
  it('a container dropped on a network connects it; twice gives the daemon error', () => {
    const { world, host } = setup(['docker run -d --name c1 busybox sleep 1d', 'docker network create net1']);
    const c1 = containerByName(world, host, 'c1');
    const g = connectCommand(world, `ns:${c1.ns!}`, bridgeNode(world, host, 'net1'))!;
    expect(g).toEqual({ host, lines: ['docker network connect net1 c1'], at: `ns:${c1.ns!}` });
    const once = play(world, g);
    expect(once.codes).toEqual([0]);
    const twice = play(once.world, g);
    expect(twice.codes).toEqual([1]);
    expect(twice.output).toBe('Error response from daemon: endpoint with name c1 already exists in network net1\n');
  });

  it('only a network bridge accepts a container', () => {
    const { world, host } = setup(['docker run -d --name c1 busybox sleep 1d', 'ip netns add ns1']);
    const c1 = containerByName(world, host, 'c1');
    expect(connectCommand(world, `ns:${c1.ns!}`, `ns:${world.hosts[host]!.netns.ns1!}`)).toBeUndefined();
    expect(connectCommand(world, `host:${host}`, bridgeNode(world, host, 'bridge'))).toBeUndefined();
  });

  it('unplugging a container end, or its host end, is docker network disconnect', () => {
    const { world, host } = setup(['docker network create net1', 'docker run -d --name c1 --network net1 busybox sleep 1d']);
    const c1 = containerByName(world, host, 'c1');
    const ep = c1.endpoints[0]!.endpoint;
    const expected = ['docker network disconnect net1 c1'];
    expect(unplugCommand(world, `if:${ep.ctrIface!}`)!.lines).toEqual(expected);
    expect(unplugCommand(world, `if:${ep.hostIface!}`)!.lines).toEqual(expected);
    const after = play(world, unplugCommand(world, `if:${ep.ctrIface!}`)!);
    expect(after.codes).toEqual([0]);
    expect(containerByName(after.world, host, 'c1').endpoints).toEqual([]);
  });

  it('unplugging a plain bridge port (either veth end) is nomaster on the enslaved end', () => {
    const { world, host } = setup([
      'ip netns add ns1', 'ip link add br0 type bridge', 'ip link add veth0 type veth peer name veth1',
      'ip link set veth1 netns ns1', 'ip link set veth0 master br0',
    ]);
    const root = world.hosts[host]!.rootNs;
    const ns1 = world.hosts[host]!.netns.ns1!;
    expect(unplugCommand(world, ifaceNode(world, root, 'veth0'))!.lines).toEqual(['ip link set dev veth0 nomaster']);
    const far = unplugCommand(world, ifaceNode(world, ns1, 'veth1'))!;
    expect(far.lines).toEqual(['ip link set dev veth0 nomaster']);
    const after = play(world, far);
    expect(after.codes).toEqual([0]);
    expect(Object.values(after.world.ifaces).find((i) => i.name === 'veth0')!.master).toBeUndefined();
    // Not plugged into anything: nothing to unplug.
    expect(unplugCommand(after.world, ifaceNode(after.world, root, 'veth0'))).toBeUndefined();
  });
});

describe('publish a port', () => {
  it('recreates the container with the same command, network and env, plus -p', () => {
    const { world, host } = setup([
      'docker network create net1',
      'docker run -d --name c1 --network net1 -e A=1 busybox sh -c "while true; do sleep 1; done"',
      'docker run -d --name web -p 8080:80 nginx',
    ]);
    const g = publishCommands(world, host, 'c1', 8081, 80)!;
    expect(g.lines).toEqual([
      'docker rm -f c1',
      `docker run -d --name c1 --network net1 -e A=1 -p 8081:80 busybox sh -c 'while true; do sleep 1; done'`,
    ]);
    const after = play(world, g);
    expect(after.codes).toEqual([0, 0]);
    const c1 = containerByName(after.world, host, 'c1');
    expect(c1.state).toBe('running');
    expect(c1.ports.map((p) => p.hostPort)).toContain(8081);

    const web = publishCommands(world, host, 'web', 8082, 80)!;
    expect(web.lines[1]).toBe('docker run -d --name web -p 8080:80 -p 8082:80 nginx');
    expect(play(world, web).codes).toEqual([0, 0]);
  });

  it('quotes what the shell would split', () => {
    expect(shellQuote('daemon off;')).toBe(`'daemon off;'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('MYSQL_ROOT_PASSWORD=secret')).toBe('MYSQL_ROOT_PASSWORD=secret');
  });
});

describe('context menus', () => {
  it('a running container: stop, exec, connect to the networks it is not on, disconnect from its own', () => {
    const { world, host } = setup(['docker network create net1', 'docker network create net2', 'docker run -d --name c1 --network net1 busybox sleep 1d']);
    const c1 = containerByName(world, host, 'c1');
    const menu = contextMenu(world, `ns:${c1.ns!}`);
    expect(menu.map((i) => i.action)).toEqual(['stop', 'restart', 'exec', 'publish', 'connect', 'disconnect', 'ping', 'inspect', 'remove']);
    expect(find(menu, 'stop')!.run!.lines).toEqual(['docker stop c1']);
    expect(find(menu, 'remove')!.run!.lines).toEqual(['docker rm -f c1']);
    expect(find(menu, 'exec')!.effect).toEqual({ kind: 'exec', host, line: 'docker exec -it c1 sh', at: `ns:${c1.ns!}` });
    expect(find(menu, 'connect')!.items!.map((i) => i.run!.lines[0])).toEqual(['docker network connect bridge c1', 'docker network connect net2 c1']);
    expect(find(menu, 'disconnect')!.items!.map((i) => i.run!.lines[0])).toEqual(['docker network disconnect net1 c1']);
    expect(find(menu, 'ping')!.effect).toEqual({ kind: 'probe-from', node: `ns:${c1.ns!}`, source: { kind: 'container', host, container: c1.id } });
    expect(find(menu, 'inspect')!.effect).toEqual({ kind: 'inspect', id: `ns:${c1.ns!}` });
  });

  it('a stopped container offers start, and no shell', () => {
    const { world, host } = setup(['docker run -d --name c1 busybox sleep 1d', 'docker stop c1']);
    const c1 = containerByName(world, host, 'c1');
    const menu = contextMenu(world, `ctr:${c1.id}`);
    expect(find(menu, 'start')!.run!.lines).toEqual(['docker start c1']);
    expect(find(menu, 'stop')).toBeUndefined();
    expect(find(menu, 'exec')!.disabled).toBe(true);
  });

  it('a network, a namespace, a host and a host iface', () => {
    const { world, host } = setup(['docker network create net1', 'ip netns add ns1']);
    const net = contextMenu(world, bridgeNode(world, host, 'net1'));
    expect(find(net, 'remove')!.run!.lines).toEqual(['docker network rm net1']);
    expect(find(net, 'run-here')!.items!.find((i) => i.action === 'run-nginx')!.run!.lines).toEqual(['docker run -d --name c1 --network net1 nginx']);

    const ns = contextMenu(world, `ns:${world.hosts[host]!.netns.ns1!}`);
    expect(find(ns, 'remove')!.run!.lines).toEqual(['ip netns del ns1']);
    expect(find(ns, 'add-veth')!.run!.lines).toEqual(['ip link add veth0 type veth peer name veth1', 'ip link set veth1 netns ns1']);

    const h = contextMenu(world, `host:${host}`);
    expect(find(h, 'new-network')!.run!.lines).toEqual(['docker network create net2']);
    expect(find(h, 'new-container')!.items!.map((i) => i.action)).toContain('run-mysql');
    expect(contextMenu(world, null).map((i) => i.action)).toEqual(h.map((i) => i.action));

    const root = world.hosts[host]!.rootNs;
    const eth1 = contextMenu(world, ifaceNode(world, root, 'eth1'));
    expect(find(eth1, 'set-down')!.run!.lines).toEqual(['ip link set eth1 down']);
  });

  it('a container iface has no up/down (that needs a privileged exec), but can be unplugged', () => {
    const { world, host } = setup(['docker run -d --name c1 busybox sleep 1d']);
    const c1 = containerByName(world, host, 'c1');
    const menu = contextMenu(world, ifaceNode(world, c1.ns!, 'eth0'));
    expect(menu.map((i) => i.action)).toEqual(['unplug', 'inspect']);
    expect(find(menu, 'unplug')!.run!.lines).toEqual(['docker network disconnect bridge c1']);
  });

  it('a named-namespace iface is set up with ip -n', () => {
    const { world, host } = setup(['ip netns add ns1', 'ip link add veth0 type veth peer name veth1', 'ip link set veth1 netns ns1']);
    const menu = contextMenu(world, ifaceNode(world, world.hosts[host]!.netns.ns1!, 'veth1'));
    const up = find(menu, 'set-up')!;
    expect(up.run!.lines).toEqual(['ip -n ns1 link set veth1 up']);
    expect(play(world, up.run!).codes).toEqual([0]);
  });
});

describe('the palette VM', () => {
  it('adds the next free docker-nodeN, then says why not past nine machines', () => {
    const start = setup();
    const host = start.host;
    let world = start.world;
    const made: string[] = [];
    for (let i = 0; i < 9; i++) {
      const g = dropCommands(world, { kind: 'vm' }, hostTarget(host))!;
      made.push(g.lines[0]!);
      const r = execute(world, g.lines[0]!, { host });
      world = r.world;
      if (i === 8) expect(r).toMatchObject({ exitCode: 1, output: 'lab: the lab already has 9 hosts, the most it can hold\n' });
      else expect(r.exitCode).toBe(0);
    }
    expect(made.slice(0, 3)).toEqual(['lab host add docker-node2', 'lab host add docker-node3', 'lab host add docker-node4']);
    expect(made[8]).toBe('lab host add docker-node10');
  });
});
