/** Seeds 004 and 002: a network with a chosen subnet, fixed addresses with `--ip`, isolation between networks. */
import { all, hasIp, networkExists, onNetwork, ran } from '../checks';
import { pings } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const create = [
  'docker network create --driver bridge --subnet 172.20.16.0/16 --gateway 172.20.16.1 self_net',
  'docker network inspect self_net',
];
const badIp = 'docker run -d --rm --network=self_net --ip=172.19.10.10 busybox';
const c1 = [badIp, busybox('c1', '--network=self_net --ip=172.20.16.3'), 'docker exec c1 ip a'];
const c2 = [busybox('c2', '--network=self_net --ip=172.20.16.4'), 'docker exec c2 ping -c 3 172.20.16.3'];
const isolatedPing = 'docker exec c3 ping -c 3 -W 1 172.20.16.3';
const c3 = [busybox('c3'), 'docker exec c3 ip a', isolatedPing];

export const subnetsLab: GuidedLab = {
  id: 'subnets',
  seeds: ['004', '002'],
  title: text('Custom subnets, `--ip` and isolation', '自定义网段、`--ip` 与网络隔离'),
  summary: text(
    'Choose a network\'s subnet and gateway, give containers fixed addresses with `--ip`, and see that two bridge networks cannot talk to each other until a container joins both.',
    '自己指定网络的子网和网关，用 `--ip` 给容器固定 IP，并验证两个 bridge 网络之间默认是隔离的，直到有容器同时加入两个网络。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'create',
      title: text('Create self_net with a subnet', '创建指定网段的 self_net'),
      text: text(
        'Create `self_net` with `--subnet 172.20.16.0/16 --gateway 172.20.16.1`. `docker network inspect self_net` shows the subnet as you typed it and the gateway you chose. Without `--subnet`, Docker picks a free one itself.',
        '用 `--subnet 172.20.16.0/16 --gateway 172.20.16.1` 创建 `self_net`。`docker network inspect self_net` 会显示你输入的子网和指定的网关。如果不指定 `--subnet`，Docker 会自动分配一个空闲网段。',
      ),
      solution: create,
      check: networkExists('self_net', { driver: 'bridge', subnet: '172.20.0.0/16', gateway: '172.20.16.1' }),
    },
    {
      id: 'static-ip',
      title: text('A fixed address with --ip', '用 --ip 指定固定 IP'),
      text: text(
        '`--ip` works only on a network created with `--subnet`, and the address must lie inside it: `--ip=172.19.10.10` is refused with `It does not belong to any of this network\'s subnets`. Run `c1` (busybox with the sleep loop) on self_net with `--ip=172.20.16.3`.',
        '只有创建时指定了 `--subnet` 的网络才能用 `--ip`，而且地址必须在子网内：`--ip=172.19.10.10` 会被拒绝，提示 `It does not belong to any of this network\'s subnets`。用 `--ip=172.20.16.3` 在 self_net 上启动 `c1`（busybox 加睡眠循环）。',
      ),
      solution: c1,
      fails: [badIp],
      check: hasIp('c1', '172.20.16.3', { network: 'self_net' }),
    },
    {
      id: 'same-network',
      title: text('Same network, reachable', '同一网络内互通'),
      text: text(
        'Run `c2` on self_net with `--ip=172.20.16.4` and ping `c1` at 172.20.16.3 from it.',
        '用 `--ip=172.20.16.4` 在 self_net 上启动 `c2`，从它 ping `c1` 的 172.20.16.3。',
      ),
      solution: c2,
      check: all(hasIp('c2', '172.20.16.4', { network: 'self_net' }), pings({ container: 'c2' }, '172.20.16.3')),
    },
    {
      id: 'isolated',
      title: text('Another network, isolated', '不同网络之间是隔离的'),
      text: text(
        'Run `c3` on the default bridge (172.17.0.0/16) and ping 172.20.16.3 from it: no answer. Docker\'s iptables rules (the DOCKER-ISOLATION chains) drop traffic between two bridge networks.',
        '在默认的 bridge 网络（172.17.0.0/16）上启动 `c3`，从它 ping 172.20.16.3：没有回应。Docker 的 iptables 规则（DOCKER-ISOLATION 链）会丢弃两个 bridge 网络之间的流量。',
      ),
      solution: c3,
      fails: [isolatedPing],
      check: all(onNetwork('c3', 'bridge'), ran({ command: /\bping\b.*172\.20\.16\.[34]\b/, exit: 'fail' })),
    },
  ],
  challenge: {
    text: text(
      'Make `c3` reach `c1` by name, without taking `c3` off the default bridge.',
      '在不把 `c3` 从默认 bridge 网络移除的前提下，让 `c3` 能用容器名 ping 通 `c1`。',
    ),
    check: all(onNetwork('c3', 'bridge'), pings({ container: 'c3' }, 'c1')),
    solution: ['docker network connect self_net c3', 'docker exec c3 ping -c 1 c1'],
  },
  // c1 on the default bridge too: c3 reaches it by address, but docker0 resolves no names.
  wrong: [...create, ...c1, ...c2, ...c3, 'docker network connect bridge c1', 'docker exec c3 ping -c 1 c1'],
};
