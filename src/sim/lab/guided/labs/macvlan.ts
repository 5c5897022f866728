/**
 * Seed 004 names macvlan as the other cross-host driver: containers get addresses on the VMs' own
 * LAN (192.168.205.0/24 through eth1), reachable from the other VM but not from their own host.
 */
import { all, hasIp, networkExists, ran, running } from '../checks';
import { pings } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const N1 = '[vagrant@docker-node1 ~]$ ';
const N2 = '[vagrant@docker-node2 ~]$ ';

const net = (range: string) => `docker network create -d macvlan --subnet 192.168.205.0/24 --gateway 192.168.205.1 --ip-range ${range} -o parent=eth1 mvnet`;
const create = [`${N1}${net('192.168.205.64/28')}`, `${N2}${net('192.168.205.80/28')}`];
const run = [`${N1}${busybox('m1', '--network mvnet')}`, `${N2}${busybox('m2', '--network mvnet')}`, `${N1}docker exec m1 ip a`];
const across = [`${N1}docker exec m1 ping -c 3 192.168.205.80`, `${N2}ping -c 3 192.168.205.64`];
const ownHost = `${N1}ping -c 3 -W 1 192.168.205.64`;

export const macvlanLab: GuidedLab = {
  id: 'macvlan',
  seeds: ['004'],
  title: text('macvlan: containers on the VMs\' LAN', 'macvlan：容器直接接入虚拟机所在的局域网'),
  summary: text(
    'A macvlan network gives each container its own MAC and an address on the LAN eth1 is plugged into, with no bridge and no NAT. The other VM reaches the containers directly; their own VM cannot, because the kernel never passes frames between a macvlan interface and its parent.',
    'macvlan 网络让每个容器拥有自己的 MAC 地址，并在 eth1 所连接的局域网上拥有一个地址，中间没有网桥，也没有 NAT。另一台虚拟机可以直接访问这些容器；容器所在的虚拟机本身却不行，因为内核从不在 macvlan 接口和它的父接口之间转发帧。',
  ),
  hosts: ['docker-node1', 'docker-node2'],
  steps: [
    {
      id: 'network',
      title: text('A macvlan network on each VM', '每台虚拟机上建一个 macvlan 网络'),
      text: text(
        'macvlan networks are local: create `mvnet` on both VMs with the LAN\'s subnet and `-o parent=eth1`. Give each VM its own `--ip-range` (docker-node1 192.168.205.64/28, docker-node2 192.168.205.80/28) so the two daemons never hand out the same address.',
        'macvlan 网络只属于本机：在两台虚拟机上都用局域网的网段和 `-o parent=eth1` 创建 `mvnet`。给每台虚拟机一个自己的 `--ip-range`（docker-node1 用 192.168.205.64/28，docker-node2 用 192.168.205.80/28），这样两个 Docker 守护进程不会分配出相同的地址。',
      ),
      solution: create,
      check: all(
        networkExists('mvnet', { driver: 'macvlan', subnet: '192.168.205.0/24', host: 'docker-node1' }),
        networkExists('mvnet', { driver: 'macvlan', subnet: '192.168.205.0/24', host: 'docker-node2' }),
      ),
    },
    {
      id: 'containers',
      title: text('One container on each', '各运行一个容器'),
      text: text(
        'Run `m1` on docker-node1 and `m2` on docker-node2 with `--network mvnet`. In m1, `ip a` shows `eth0@if3`: interface 3 is the VM\'s eth1, the parent, and the MAC is 02:42 followed by the address.',
        '在 docker-node1 上运行 `m1`，在 docker-node2 上运行 `m2`，都加上 `--network mvnet`。在 m1 里执行 `ip a`，会看到 `eth0@if3`：3 号接口就是虚拟机的 eth1，即父接口；MAC 地址是 02:42 加上 IP 地址。',
      ),
      solution: run,
      check: all(
        hasIp('m1', '192.168.205.64/28', { network: 'mvnet', host: 'docker-node1' }),
        hasIp('m2', '192.168.205.80/28', { network: 'mvnet', host: 'docker-node2' }),
      ),
    },
    {
      id: 'across',
      title: text('Straight across the LAN', '直接穿过局域网'),
      text: text(
        'From m1, ping m2 at 192.168.205.80; from docker-node2\'s own shell, ping m1 at 192.168.205.64. Both answer: the frames leave through eth1 with the containers\' own MACs, and no NAT rewrites them.',
        '在 m1 里 ping m2 的 192.168.205.80；在 docker-node2 自己的终端里 ping m1 的 192.168.205.64。都能通：帧带着容器自己的 MAC 从 eth1 出去，没有任何 NAT 改写。',
      ),
      solution: across,
      check: all(
        pings({ container: 'm1', host: 'docker-node1' }, '192.168.205.80'),
        pings({ host: 'docker-node2' }, '192.168.205.64'),
        ran({ host: 'docker-node2', command: /^ping\b.*192\.168\.205\.64\b/, exit: 'ok' }),
      ),
    },
    {
      id: 'own-host',
      title: text('But not from its own VM', '但它自己的虚拟机访问不了'),
      text: text(
        'On docker-node1, `ping -W 1 192.168.205.64`: no answer. docker-node1 sends the ARP request out of eth1, onto the wire; m1 hangs off that same eth1, and the kernel does not pass frames between a macvlan interface and its parent. Click docker-node1 and m1 on the graph to see where it stops.',
        '在 docker-node1 上执行 `ping -W 1 192.168.205.64`：没有回应。docker-node1 把 ARP 请求从 eth1 发到线路上；m1 挂在同一个 eth1 下面，而内核不会在 macvlan 接口和它的父接口之间转发帧。在图上依次点击 docker-node1 和 m1，看看它停在哪里。',
      ),
      solution: [ownHost],
      fails: [ownHost],
      // The failed ping is the lesson: the challenge then makes the same ping work.
      check: all(
        running('m1', { host: 'docker-node1' }),
        ran({ host: 'docker-node1', command: /^ping\b.*192\.168\.205\.64\b/, exit: 'fail' }),
      ),
    },
  ],
  challenge: {
    text: text(
      'Make docker-node1 itself reach m1 (192.168.205.64), keeping m1 on mvnet.',
      '在 m1 仍然留在 mvnet 上的前提下，让 docker-node1 自己能访问 m1（192.168.205.64）。',
    ),
    check: all(hasIp('m1', '192.168.205.64/32', { network: 'mvnet', host: 'docker-node1' }), pings({ host: 'docker-node1' }, '192.168.205.64')),
    solution: [
      `${N1}ip link add mv0 link eth1 type macvlan mode bridge`,
      `${N1}ip addr add 192.168.205.200/32 dev mv0`,
      `${N1}ip link set mv0 up`,
      `${N1}ip route add 192.168.205.64/28 dev mv0`,
      `${N1}ping -c 1 192.168.205.64`,
    ],
  },
  // A second address on eth1 itself changes nothing: the ARP still leaves through the parent.
  wrong: [...create, ...run, ...across, ownHost, `${N1}ip addr add 192.168.205.200/24 dev eth1`, `${N1}ping -c 1 -W 1 192.168.205.64`],
};
