/**
 * Beyond the seeds' two VMs (001; 004 names overlay as the cross-host driver): a swarm of
 * docker-node1 and docker-node2, an attachable overlay, and containers on both machines that reach
 * each other by name through a VXLAN tunnel between the VMs' eth1 addresses.
 */
import { all, holds, onNetwork, ran, running } from '../checks';
import { fetches, pings } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const N1 = '[vagrant@docker-node1 ~]$ ';
const N2 = '[vagrant@docker-node2 ~]$ ';

/** The token the playground's swarm on docker-node1 (192.168.205.10) hands out: it depends on nothing else. */
export const WORKER_TOKEN = 'SWMTKN-1-4ek1ybkseznt9w3f05y6h67rkietn1sr68ui6ww3cwv25hjynt-usosqn64r3vzxivjhxv6irz6u';

const swarm = [`${N1}docker swarm init --advertise-addr 192.168.205.10`, `${N2}docker swarm join --token ${WORKER_TOKEN} 192.168.205.10:2377`, `${N1}docker node ls`];
const create = [`${N1}docker network create -d overlay --attachable ov1`, `${N1}docker network ls`];
const run = [`${N1}${busybox('c1', '--network ov1')}`, `${N2}${busybox('c2', '--network ov1')}`, `${N1}docker exec c1 ip a`];
const ping = [`${N1}docker exec c1 ping -c 3 c2`];
const inspect = [`${N2}docker network inspect ov1`];

export const overlayLab: GuidedLab = {
  id: 'overlay',
  seeds: ['001', '004'],
  title: text('An overlay network across two VMs', '跨两台虚拟机的 overlay 网络'),
  summary: text(
    'Make docker-node1 and docker-node2 a swarm, create an attachable overlay network, and run a container on each VM: they ping each other by name. Each frame between them travels inside a UDP packet (VXLAN, port 4789) from one VM\'s eth1 to the other\'s.',
    '把 docker-node1 和 docker-node2 组成一个 swarm，创建一个 attachable 的 overlay 网络，在每台虚拟机上各运行一个容器：它们可以用名字互相 ping 通。它们之间的每一帧都装在一个 UDP 包里（VXLAN，端口 4789），从一台虚拟机的 eth1 发到另一台的 eth1。',
  ),
  hosts: ['docker-node1', 'docker-node2'],
  steps: [
    {
      id: 'swarm',
      title: text('Make a swarm', '组建 swarm'),
      text: text(
        'Overlay networks need swarm mode. On docker-node1 run `docker swarm init --advertise-addr 192.168.205.10` (the VM has two addresses, so say which one the other nodes use). Copy the `docker swarm join` line it prints and run it on docker-node2. `docker node ls` on the manager lists both.',
        'overlay 网络需要 swarm 模式。在 docker-node1 上运行 `docker swarm init --advertise-addr 192.168.205.10`（虚拟机有两个地址，要指明其他节点用哪一个）。复制它打印出的 `docker swarm join` 命令，在 docker-node2 上运行。在管理节点上执行 `docker node ls` 可以看到两个节点。',
      ),
      solution: swarm,
      check: holds((w) => (w.swarm?.nodes.length ?? 0) >= 2),
    },
    {
      id: 'network',
      title: text('Create an attachable overlay', '创建 attachable 的 overlay 网络'),
      text: text(
        'On the manager, `docker network create -d overlay --attachable ov1`. Its SCOPE is `swarm` and it gets 10.0.1.0/24 (ingress, made by `swarm init`, has 10.0.0.0/24). `--attachable` lets plain `docker run` containers join it, not only swarm services.',
        '在管理节点上执行 `docker network create -d overlay --attachable ov1`。它的 SCOPE 是 `swarm`，网段是 10.0.1.0/24（`swarm init` 创建的 ingress 占用了 10.0.0.0/24）。`--attachable` 让普通的 `docker run` 容器也能加入，而不只是 swarm 服务。',
      ),
      solution: create,
      check: holds((w) => Object.values(w.swarm?.networks ?? {}).some((n) => n.name === 'ov1')),
    },
    {
      id: 'containers',
      title: text('One container on each VM', '每台虚拟机上一个容器'),
      text: text(
        'Run `c1` on docker-node1 and `c2` on docker-node2, both with `--network ov1`. `ip a` in c1 shows eth0 in 10.0.1.0/24 with MTU 1450 (50 bytes are left for the VXLAN headers) and eth1 on `docker_gwbridge`, its way out to the internet.',
        '在 docker-node1 上运行 `c1`，在 docker-node2 上运行 `c2`，都加上 `--network ov1`。在 c1 里执行 `ip a`：eth0 在 10.0.1.0/24 里，MTU 是 1450（留出 50 字节给 VXLAN 头部）；eth1 连在 `docker_gwbridge` 上，是它访问外网的出口。',
      ),
      solution: run,
      check: all(onNetwork('c1', 'ov1', 'docker-node1'), onNetwork('c2', 'ov1', 'docker-node2')),
    },
    {
      id: 'ping',
      title: text('Ping across the VMs by name', '跨虚拟机用名字 ping'),
      text: text(
        'From c1, `ping -c 3 c2`. The embedded DNS knows c2 although it runs on the other VM. Click c1 and c2 on the graph to watch the frame: it enters the VXLAN tunnel on docker-node1 (outer 192.168.205.10 → 192.168.205.11, UDP 4789, VNI 4097), crosses the LAN, and comes out on docker-node2.',
        '在 c1 里执行 `ping -c 3 c2`。虽然 c2 运行在另一台虚拟机上，内嵌 DNS 也能解析它。在图上依次点击 c1 和 c2，观察这一帧：它在 docker-node1 上进入 VXLAN 隧道（外层 192.168.205.10 → 192.168.205.11，UDP 4789，VNI 4097），穿过局域网，在 docker-node2 上出来。',
      ),
      solution: ping,
      check: all(
        pings({ container: 'c1', host: 'docker-node1' }, 'c2'),
        ran({ host: 'docker-node1', command: /\bping\b.*\bc2\b/, exit: 'ok' }),
      ),
    },
    {
      id: 'peers',
      title: text('Who is on the overlay', '谁在这个 overlay 上'),
      text: text(
        'On docker-node2, `docker network inspect ov1`: the network appeared there when c2 joined it. `Peers` lists both VMs by address: the VXLAN endpoints the tunnel runs between.',
        '在 docker-node2 上执行 `docker network inspect ov1`：c2 加入时，这个网络才出现在 docker-node2 上。`Peers` 按地址列出了两台虚拟机：隧道两端的 VXLAN 端点。',
      ),
      solution: inspect,
      check: ran({ host: 'docker-node2', command: /\bnetwork\s+inspect\b.*\bov1\b/, output: /"Peers"[\s\S]*192\.168\.205\.10[\s\S]*192\.168\.205\.11|"Peers"[\s\S]*192\.168\.205\.11[\s\S]*192\.168\.205\.10/, exit: 'ok' }),
    },
  ],
  challenge: {
    text: text(
      'Let c1 on docker-node1 fetch nginx\'s welcome page from `http://web`, served by a container named `web` on docker-node2, without publishing any port.',
      '不映射任何端口，让 docker-node1 上的 c1 通过 `http://web` 拿到 nginx 的欢迎页面，而 `web` 是运行在 docker-node2 上的容器。',
    ),
    check: all(running('web', { host: 'docker-node2' }), fetches({ container: 'c1', host: 'docker-node1' }, 'http://web')),
    solution: [`${N2}docker run -d --name web --network ov1 nginx`, `${N1}docker exec c1 wget -q -O - http://web`],
  },
  // web on docker-node2's default bridge: its name is not on ov1, and 172.17 addresses stay on their VM.
  wrong: [...swarm, ...create, ...run, ...ping, ...inspect, `${N2}docker run -d --name web nginx`, `${N1}docker exec c1 wget -q -O - http://web`],
};

