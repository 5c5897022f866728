/** Seed 001, "ip netns": two network namespaces joined by a veth pair, built by hand. */
import { all, hasAddress, linkUp, netnsExists, vethBetween, vethPair } from '../checks';
import { pings } from '../probes';
import type { GuidedLab } from '../types';
import { text } from './common';

const create = ['ip netns add test1', 'ip netns add test2', 'ip netns list', 'ip netns exec test1 ip link'];
const pair = ['ip link add veth-test1 type veth peer name veth-test2', 'ip link'];
const move = ['ip link set veth-test1 netns test1', 'ip link set veth-test2 netns test2', 'ip link', 'ip netns exec test1 ip link'];
const addresses = [
  'ip netns exec test1 ip addr add 192.168.1.1/24 dev veth-test1',
  'ip netns exec test2 ip addr add 192.168.1.2/24 dev veth-test2',
];
const up = ['ip netns exec test1 ip link set dev veth-test1 up', 'ip netns exec test2 ip link set dev veth-test2 up'];

export const vethPairLab: GuidedLab = {
  id: 'veth-pair',
  seeds: ['001'],
  title: text('Two namespaces and a veth pair', '用 veth pair 连接两个 network namespace'),
  summary: text(
    'Build by hand what Docker does for every container: two network namespaces made with `ip netns`, a veth pair as the cable between them, an address on each end, and a ping across.',
    '亲手做一遍 Docker 为每个容器做的事：用 `ip netns` 创建两个 network namespace，用一对 veth pair 当网线把它们连起来，两端各配一个 IP，然后互相 ping 通。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'netns',
      title: text('Create two namespaces', '创建两个 network namespace'),
      text: text(
        'A network namespace is an isolated network stack with its own interfaces, routes and ARP table. Create `test1` and `test2` with `ip netns add` and list them with `ip netns list`. `ip netns exec test1 ip link` runs a command inside: there is only `lo`, and it is DOWN.',
        'network namespace 是一个隔离的网络栈，有自己独立的网卡、路由表和 ARP 表。用 `ip netns add` 创建 `test1` 和 `test2`，用 `ip netns list` 查看。`ip netns exec test1 ip link` 可以在 namespace 里执行命令：里面只有一个 `lo`，而且是 DOWN 状态。',
      ),
      solution: create,
      check: all(netnsExists('test1'), netnsExists('test2')),
    },
    {
      id: 'veth',
      title: text('Create a veth pair', '创建一对 veth pair'),
      text: text(
        'A veth pair is a virtual cable: what is sent into one end comes out of the other, and deleting one end deletes both. Create the ends `veth-test1` and `veth-test2` with `ip link add veth-test1 type veth peer name veth-test2`. `ip link` shows both on the host, DOWN, each named after its peer (`veth-test2@veth-test1`).',
        'veth pair 就像一根虚拟网线：从一端发送的数据会从另一端出来，删除一端另一端也会自动消失。用 `ip link add veth-test1 type veth peer name veth-test2` 创建 `veth-test1` 和 `veth-test2` 两端。`ip link` 可以在宿主机上看到这两个接口，状态是 DOWN，名字后面带着对端（`veth-test2@veth-test1`）。',
      ),
      solution: pair,
      check: vethPair('veth-test1', 'veth-test2'),
    },
    {
      id: 'move',
      title: text('Put one end in each namespace', '把两端分别放进两个 namespace'),
      text: text(
        'Move `veth-test1` into `test1` and `veth-test2` into `test2` with `ip link set veth-test1 netns test1`. They disappear from the host\'s `ip link` and show up inside the namespaces as `veth-test1@ifN`, where N is the index of the peer.',
        '用 `ip link set veth-test1 netns test1` 把 `veth-test1` 放进 `test1`，把 `veth-test2` 放进 `test2`。宿主机的 `ip link` 里就看不到它们了，它们出现在各自的 namespace 里，名字形如 `veth-test1@ifN`，N 是对端的编号。',
      ),
      solution: move,
      check: all(vethPair('veth-test1', 'veth-test2'), vethBetween('test1', 'test2')),
    },
    {
      id: 'ping',
      title: text('Addresses, up, and ping', '配置 IP、启动并 ping 通'),
      text: text(
        'Give `veth-test1` 192.168.1.1/24 and `veth-test2` 192.168.1.2/24 (`ip netns exec test1 ip addr add 192.168.1.1/24 dev veth-test1`), bring both ends up (`ip link set dev veth-test1 up`), then ping 192.168.1.2 from `test1` and 192.168.1.1 from `test2`. Both ends must be up: a cable plugged in at one end carries nothing.',
        '给 `veth-test1` 配上 192.168.1.1/24，给 `veth-test2` 配上 192.168.1.2/24（`ip netns exec test1 ip addr add 192.168.1.1/24 dev veth-test1`），把两端都启动（`ip link set dev veth-test1 up`），然后在 `test1` 里 ping 192.168.1.2，在 `test2` 里 ping 192.168.1.1。两端都要 up：只插了一头的网线是不通的。',
      ),
      solution: [...addresses, ...up, 'ip netns exec test1 ping -c 3 192.168.1.2', 'ip netns exec test2 ping -c 3 192.168.1.1'],
      check: all(
        hasAddress('test1', 'veth-test1', '192.168.1.1/24'),
        hasAddress('test2', 'veth-test2', '192.168.1.2/24'),
        pings({ netns: 'test1' }, '192.168.1.2'),
        pings({ netns: 'test2' }, '192.168.1.1'),
      ),
    },
  ],
  challenge: {
    text: text(
      'In `test1`, a ping to its own address 192.168.1.1 gets no answer, while the host answers pings to its own addresses. Find out why, and make `test1` answer its own ping.',
      '在 `test1` 里 ping 它自己的地址 192.168.1.1 却没有回应，而宿主机 ping 自己的地址是通的。找出原因，让 `test1` 能 ping 通自己。',
    ),
    check: all(linkUp('test1', 'lo'), pings({ netns: 'test1' }, '192.168.1.1')),
    solution: ['ip netns exec test1 ip link set dev lo up', 'ip netns exec test1 ping -c 1 192.168.1.1'],
  },
  // Everything but bringing up veth-test2: the cable is plugged in at one end only.
  wrong: [...create, ...pair, ...move, ...addresses, up[0]!, 'ip netns exec test1 ip link set dev lo up'],
};
