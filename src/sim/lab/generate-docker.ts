/**
 * Random Docker labs for the kernel conformance suite: a pure function of the seed, like
 * generateLab, so a failing lab is reproduced by its seed alone.
 *
 * A generated lab runs on docker-node1 and uses the docker CLI: user networks with and without
 * `--subnet`/`--gateway`/`--ip-range`, `--internal`, `enable_icc=false`; `docker run -d` in every
 * network mode (default bridge, user network, `none`, `host`, `container:X`) with busybox
 * `sleep 3600`, busybox `httpd -f -p N` or nginx, `--ip` on subnet networks and published ports
 * (`-p H:C`, bound to all addresses or to one); then `docker network connect`/`disconnect`,
 * `docker rm -f`, `docker stop`/`start` and `docker network rm`. Some commands fail on purpose
 * (a name or subnet taken twice, a port already allocated, `--ip` where it is not allowed...):
 * the simulator must leave no trace of them. Now and then an `ip netns` client stands beside the
 * host (routed through it, or plugged into docker0) with a DOCKER-USER rule against it, so
 * published ports are reached through DNAT from a namespace other than the host's; and at the
 * end, a host knob turned while debugging (ip_forward, bridge-nf-call-iptables, FORWARD policy,
 * a flushed chain).
 *
 * Names stay off the default world's (docker-node1, docker-node1-nat, lan) and are never reused
 * by a container another one has joined: every namespace of the final World has its own label.
 */
import { SWARM_PORT, swarmInit } from '../docker/swarm';
import { findHostByName } from '../net/world';
import { Rng } from './generate';
import { nodeAddr, nodeName, onNode } from './generate-multihost';
import { createLabWorld } from './lab';

interface Net {
  name: string;
  /** `A.B.C.0/24` or `172.N.0.0/16`: the three leading octets and the prefix; undefined: a pool. */
  subnet?: { o: [number, number, number]; prefix: 16 | 24 };
  internal: boolean;
  removed: boolean;
}

interface Ctr {
  name: string;
  /** 'bridge' | 'none' | 'host' | `container:X` | a user network name. */
  mode: string;
  nets: string[];
  running: boolean;
  listens?: number;
  joinedBy: string[];
  removed: boolean;
}

const NET_NAMES: readonly (readonly string[])[] = [
  ['frontend', 'backend', 'data'],
  ['n1', 'n2', 'n3'],
  ['mynet', 'appnet', 'dbnet'],
  ['net-a', 'net-b', 'net-c'],
];
const CTR_NAMES: readonly (readonly string[])[] = [
  ['web', 'db', 'app', 'cache', 'proxy', 'api', 'worker'],
  ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'],
  ['box1', 'box2', 'box3', 'box4', 'box5', 'box6', 'box7'],
  ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta'],
];
const HOST_PORTS = [8080, 8081, 8000, 8888, 9000, 3000, 5000];
const HTTPD_PORTS = [80, 8000, 8080, 3000, 81];

const subnetText = (s: NonNullable<Net['subnet']>) => `${s.o.join('.')}.0/${s.prefix}`;
/** A host address of a subnet: `n` counts from the network address. */
const hostAddr = (s: NonNullable<Net['subnet']>, n: number) =>
  s.prefix === 24 ? `${s.o[0]}.${s.o[1]}.${s.o[2]}.${n}` : `${s.o[0]}.${s.o[1]}.${s.o[2] + (n >> 8)}.${n & 255}`;

/** A Docker lab script (one command per line) built from `seed`. */
export function generateDockerLab(seed: number): string {
  const r = new Rng((seed * 2654435761) ^ 0x0d0c4e12);
  const out: string[] = [`# generated docker lab, seed ${seed}`];
  const emit = (s: string) => out.push(s);
  const nets: Net[] = [];
  const ctrs: Ctr[] = [];
  const usedHostPorts = new Set<number>();
  const ctrNames = [...r.pick(CTR_NAMES)];
  const netNames = [...r.pick(NET_NAMES)];
  const live = () => ctrs.filter((c) => !c.removed);
  const running = () => live().filter((c) => c.running);
  const userNets = () => nets.filter((n) => !n.removed);
  const taken = new Set<string>();

  // --- an `ip netns` client beside the host
  const client = r.chance(0.55) ? r.pick(['client', 'outside', 'ext', 'laptop']) : undefined;
  const clientNet: [number, number, number] = [10, r.range(100, 199), r.int(256)];
  taken.add(clientNet.join('.'));
  const onDocker0 = r.chance(0.25);
  const clientAddr = onDocker0 ? `172.17.0.${r.range(200, 250)}` : `${clientNet.join('.')}.2`;
  const clientSide = (): string[] => {
    if (!client) return [];
    const c = [`ip netns add ${client}`, `ip link add veth-${client} type veth peer name veth-host`, `ip link set veth-${client} netns ${client}`];
    if (onDocker0) c.push('ip link set veth-host master docker0');
    else c.push(`ip addr add ${clientNet.join('.')}.1/24 dev veth-host`);
    c.push('ip link set veth-host up');
    c.push(`ip netns exec ${client} ip addr add ${clientAddr}/${onDocker0 ? 16 : 24} dev veth-${client}`);
    c.push(`ip netns exec ${client} ip link set veth-${client} up`);
    if (r.chance(0.8)) c.push(`ip netns exec ${client} ip link set lo up`);
    const gw = onDocker0 ? '172.17.0.1' : `${clientNet.join('.')}.1`;
    if (r.chance(0.85)) c.push(`ip -n ${client} route add default via ${gw}`);
    if (r.chance(0.2)) {
      const rule = r.pick([`-s ${clientAddr} -p tcp --dport 80`, `-i veth-host -p icmp`, `-s ${clientAddr} -p tcp`, '-p tcp --dport 8080']);
      c.push(`iptables -I DOCKER-USER ${rule} -j DROP`);
    }
    return c;
  };
  const clientEarly = r.chance(0.5);
  if (clientEarly) out.push(...clientSide());

  // --- user networks
  const nNets = r.pick([0, 1, 1, 2, 2, 2, 3, 3]);
  for (let i = 0; i < nNets; i++) {
    const name = netNames[i]!;
    const args: string[] = [];
    let subnet: Net['subnet'];
    if (r.chance(0.55)) {
      const earlier = nets.find((n) => n.subnet)?.subnet;
      if (earlier && r.chance(0.08)) {
        subnet = earlier; // overlaps: the daemon refuses
      } else if (r.chance(0.35)) {
        let n: number;
        do n = r.range(20, 31);
        while (taken.has(`172.${n}`));
        taken.add(`172.${n}`);
        subnet = { o: [172, n, 0], prefix: 16 };
      } else {
        let o: [number, number, number];
        do o = r.chance(0.3) ? [192, 168, r.range(1, 200)] : [10, r.range(1, 99), r.int(256)];
        while (taken.has(o.join('.')));
        taken.add(o.join('.'));
        subnet = { o, prefix: 24 };
      }
      const sn = subnet;
      args.push(`--subnet ${r.chance(0.03) ? subnetText(sn).replace('.0/', '.7/') : subnetText(sn)}`);
      if (r.chance(0.4)) {
        const gw = r.chance(0.07) ? '10.255.255.1' : hostAddr(sn, r.pick([1, 254, 100]));
        args.push(`--gateway ${gw}`);
      }
      if (r.chance(0.3)) args.push(`--ip-range ${sn.prefix === 24 ? `${sn.o.join('.')}.128/25` : `172.${sn.o[1]}.5.0/24`}`);
    }
    const internal = r.chance(0.15);
    if (internal) args.push('--internal');
    if (r.chance(0.15)) args.push('-o com.docker.network.bridge.enable_icc=false');
    if (r.chance(0.1)) args.push(`-o com.docker.network.driver.mtu=${r.pick([1400, 1450, 9000])}`);
    if (r.chance(0.2)) args.push(r.pick(['-d bridge', '--driver bridge', '--driver=bridge']));
    r.shuffle(args);
    emit(`docker network create ${args.join(' ')}${args.length ? ' ' : ''}${name}`.replace(/ {2,}/g, ' '));
    nets.push({ name, ...(subnet ? { subnet } : {}), internal, removed: false });
  }
  if (nets.length && r.chance(0.06)) emit(`docker network create ${nets[0]!.name}`); // exists

  // --- containers
  const staticIp = (n: Net): string | undefined => {
    if (!n.subnet) return undefined;
    return hostAddr(n.subnet, r.chance(0.1) ? 1 : r.range(2, 40) + (r.chance(0.4) ? 128 : 0));
  };
  const run = (c: Ctr, extra: string[]) => {
    const image = r.pick(['sleep', 'sleep', 'httpd', 'httpd', 'nginx']);
    let cmd: string;
    if (image === 'nginx') {
      cmd = 'nginx';
      c.listens = 80;
    } else if (image === 'httpd') {
      c.listens = r.pick(HTTPD_PORTS);
      cmd = `busybox httpd -f -p ${c.listens}`;
    } else cmd = 'busybox sleep 3600';
    const published = !['none', 'host'].includes(c.mode) && !c.mode.startsWith('container:');
    if ((published && r.chance(0.4)) || r.chance(0.03)) {
      let h = r.pick(HOST_PORTS);
      if (usedHostPorts.has(h) && r.chance(0.7)) h = r.pick(HOST_PORTS);
      usedHostPorts.add(h);
      const cport = r.chance(0.8) ? c.listens ?? 80 : r.pick([80, 8080, 9999]);
      const bind = r.chance(0.1) ? '127.0.0.1:' : r.chance(0.1) ? '192.168.205.10:' : r.chance(0.05) ? '10.0.2.15:' : '';
      extra.push(`${r.chance(0.2) ? '--publish' : '-p'} ${bind}${h}:${cport}`);
      if (r.chance(0.1)) extra.push(`-p ${r.pick(HOST_PORTS)}:${c.listens ?? 80}`);
    }
    emit(`docker run -d --name ${c.name} ${r.shuffle(extra).join(' ')}${extra.length ? ' ' : ''}${cmd}`);
  };
  const nCtrs = r.range(2, 6);
  for (let i = 0; i < nCtrs; i++) {
    const name = ctrNames[i]!;
    const roll = r.next();
    const extra: string[] = [];
    let mode = 'bridge';
    const others = running().filter((c) => !c.mode.startsWith('container:'));
    if (roll < 0.25) {
      if (r.chance(0.2)) extra.push('--network bridge');
      if (r.chance(0.05)) extra.push(`--ip 172.17.0.${r.range(2, 9)}`); // not on the default bridge
    } else if (roll < 0.6 && userNets().length) {
      const n = r.pick(userNets());
      mode = n.name;
      extra.push(`${r.chance(0.8) ? '--network' : '--net'} ${n.name}`);
      const ip = r.chance(0.45) ? staticIp(n) : r.chance(0.04) ? '10.254.0.9' : undefined;
      if (ip) extra.push(`--ip ${ip}`);
    } else if (roll < 0.7) {
      mode = 'none';
      extra.push('--network none');
    } else if (roll < 0.8) {
      mode = 'host';
      extra.push(r.chance(0.8) ? '--network host' : '--net=host');
    } else if (roll < 0.92 && others.length) {
      const x = r.chance(0.05) ? 'nosuch' : r.pick(others).name;
      mode = `container:${x}`;
      extra.push(`--network container:${x}`);
      others.find((o) => o.name === x)?.joinedBy.push(name);
    } else if (r.chance(0.3)) {
      mode = 'nosuchnet';
      extra.push('--network nosuchnet'); // fails: network not found
    }
    const c: Ctr = { name, mode, nets: ['none', 'host', 'nosuchnet'].includes(mode) || mode.startsWith('container:') ? [] : [mode], running: true, joinedBy: [], removed: false };
    run(c, extra);
    ctrs.push(c);
    if (r.chance(0.05)) emit(`docker run -d --name ${name} busybox sleep 3600`); // name in use
  }

  // --- changes
  const nOps = r.pick([0, 1, 1, 2, 2, 3, 4, 5]);
  for (let i = 0; i < nOps; i++) {
    const roll = r.next();
    const bridged = live().filter((c) => c.nets.length || (c.mode === 'none' && r.chance(0.15)));
    if (roll < 0.3 && (userNets().length || r.chance(0.3)) && bridged.length) {
      const c = r.pick(bridged);
      const fresh = userNets().filter((n) => !c.nets.includes(n.name));
      const net = fresh.length && r.chance(0.9) ? r.pick(fresh) : userNets().length && r.chance(0.5) ? r.pick(userNets()) : undefined;
      const name = net?.name ?? 'bridge';
      const ip = net && r.chance(0.3) ? staticIp(net) : undefined;
      const alias = r.chance(0.15) ? ` --alias ${c.name}-alias` : '';
      emit(`docker network connect${ip ? ` --ip ${ip}` : ''}${alias} ${name} ${c.name}`);
      if (!c.nets.includes(name)) c.nets.push(name);
    } else if (roll < 0.45 && bridged.length) {
      const c = r.pick(bridged);
      const name = c.nets.length && r.chance(0.85) ? r.pick(c.nets) : r.pick([...userNets().map((n) => n.name), 'bridge']);
      emit(`docker network disconnect ${r.chance(0.1) ? '-f ' : ''}${name} ${c.name}`);
      c.nets = c.nets.filter((n) => n !== name);
    } else if (roll < 0.6 && live().length) {
      const c = r.pick(live());
      emit(`docker rm -f ${c.name}`);
      c.removed = true;
      c.running = false;
      // A freed name comes back now and then (never one another container joined).
      if (r.chance(0.25) && !c.joinedBy.length && !ctrs.some((o) => o.name === c.name && o.joinedBy.length)) {
        const again: Ctr = { name: c.name, mode: 'bridge', nets: ['bridge'], running: true, joinedBy: [], removed: false };
        run(again, []);
        ctrs.push(again);
      }
    } else if (roll < 0.75 && running().length) {
      const c = r.pick(running());
      emit(`docker stop ${r.chance(0.3) ? '-t 1 ' : ''}${c.name}`);
      c.running = false;
    } else if (roll < 0.87 && live().length) {
      const c = r.pick(live());
      emit(`docker start ${c.name}`);
      c.running = true;
    } else if (roll < 0.95 && userNets().length) {
      const n = r.pick(userNets());
      emit(`docker network rm ${n.name}`);
      if (!live().some((c) => c.nets.includes(n.name) || c.mode === n.name)) n.removed = true;
    } else if (r.chance(0.5)) emit(r.pick(['docker stop nosuch', 'docker network rm bridge', 'docker network connect host web', 'docker rm -f nosuch']));
  }
  if (!clientEarly) out.push(...clientSide());
  // --- the host's knobs people turn while debugging
  if (r.chance(0.06)) emit(r.pick(['sysctl -w net.ipv4.ip_forward=0', 'sysctl -w net.ipv4.conf.all.forwarding=0']));
  if (r.chance(0.08)) emit('sysctl -w net.bridge.bridge-nf-call-iptables=0');
  if (r.chance(0.06)) emit('iptables -P FORWARD ACCEPT');
  if (r.chance(0.05)) emit(r.pick(['iptables -I DOCKER-USER -j ACCEPT', 'iptables -F DOCKER-ISOLATION-STAGE-2', 'iptables -t nat -F POSTROUTING']));
  return `${out.join('\n')}\n`;
}

const MULTI_NET_NAMES: readonly (readonly [string, string])[] = [
  ['ovnet', 'mvnet'], ['demo', 'pub'], ['my-overlay', 'my-macvlan'], ['app-ov', 'lan'],
];
const MULTI_CTR_NAMES: readonly (readonly string[])[] = [
  ['test1', 'test2', 'test3', 'test4', 'test5', 'test6'],
  ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'],
  ['web', 'db', 'app', 'cache', 'api', 'worker'],
];

/**
 * The worker join token `docker swarm init --advertise-addr ADDR` prints on machine h. swarm.ts
 * derives it from the manager's hostname and address alone, so a swarm made on that machine by
 * itself has the lab's token (the user copies it from the init output).
 */
function workerToken(h: number): string {
  const world = createLabWorld([nodeName(h)]);
  swarmInit(world, findHostByName(world, nodeName(h))!, nodeAddr(h));
  return world.swarm!.workerToken;
}

/**
 * A multi-host Docker lab script (`[root@docker-nodeN ~]#` prompts pick the machine) built from
 * `seed`: a swarm (init on docker-node1, joins), an attachable overlay with containers on every
 * node, a macvlan network on eth1 with containers on every node (each node its own --ip-range),
 * and published ports on each node's default bridge.
 */
export function generateMultiHostDockerLab(seed: number): string {
  const r = new Rng((seed * 2246822519) ^ 0x3a11b0c5);
  const nodes = r.chance(0.7) ? 2 : 3;
  const [ov, mv] = r.pick(MULTI_NET_NAMES);
  const names = [...r.pick(MULTI_CTR_NAMES)];
  const out: string[] = [`# generated multi-host docker lab, seed ${seed}`];
  const on = (h: number, cmd: string) => out.push(onNode(h, cmd));
  on(0, `docker swarm init --advertise-addr ${nodeAddr(0)}`);
  const token = workerToken(0);
  for (let h = 1; h < nodes; h++) on(h, `docker swarm join --token ${token} ${nodeAddr(0)}:${SWARM_PORT}`);
  const ovSubnet = r.chance(0.4) ? ` --subnet 10.${r.range(10, 99)}.${r.int(256)}.0/24` : '';
  on(0, `docker network create -d overlay --attachable${ovSubnet} ${ov}`);
  let n = 0;
  const ctrs: { name: string; host: number }[] = [];
  for (let h = 0; h < nodes; h++) {
    const count = r.range(1, 2);
    for (let k = 0; k < count && n < names.length; k++) {
      const name = names[n++]!;
      on(h, `docker run -d --name ${name} --network ${ov} busybox sleep 3600`);
      ctrs.push({ name, host: h });
    }
  }
  // Macvlan: one subnet on the LAN, each node hands out its own slice of it.
  for (let h = 0; h < nodes; h++) {
    const range = `192.168.205.${64 + h * 32}/27`;
    on(h, `docker network create -d macvlan --subnet 192.168.205.0/24 --gateway 192.168.205.1 --ip-range ${range} -o parent=eth1 ${mv}`);
    const ip = r.chance(0.5) ? ` --ip 192.168.205.${64 + h * 32 + r.range(1, 30)}` : '';
    on(h, `docker run -d --name ${mv}-c${h + 1}${ip} --network ${mv} busybox sleep 3600`);
  }
  // Published ports: a web server on every node, reached from the others over eth1.
  for (let h = 0; h < nodes; h++) {
    const port = r.pick(HOST_PORTS);
    on(h, r.chance(0.5) ? `docker run -d --name web${h + 1} -p ${port}:80 nginx` : `docker run -d --name web${h + 1} -p ${port}:80 busybox httpd -f -p 80`);
  }
  if (ctrs.length > 1 && r.chance(0.3)) {
    const c = r.pick(ctrs);
    on(c.host, `docker rm -f ${c.name}`);
  }
  return `${out.join('\n')}\n`;
}
