/** Seeds 001, 002 and 004: a user-defined bridge network, its embedded DNS and `network connect`. */
import { all, networkExists, onNetwork, ran } from '../checks';
import { pings } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const create = ['docker network create -d bridge test-bridge', 'docker network ls', 'brctl show'];
const test4 = [busybox('test4', '--network=test-bridge'), 'brctl show'];
const connect = ['docker network connect test-bridge test2', 'docker network inspect test-bridge', 'docker exec test2 ip a'];
const dns = ['docker exec test2 ping -c 2 test4', 'docker exec test4 ping -c 2 test2', 'docker exec test2 ping -c 2 172.17.0.2'];

export const userBridgeLab: GuidedLab = {
  id: 'user-bridge',
  seeds: ['001', '002', '004'],
  title: text('A user-defined bridge: DNS and `network connect`', '自定义 bridge 网络：DNS 与 `network connect`'),
  summary: text(
    'Create your own bridge network. Containers on it find each other by name through Docker\'s embedded DNS, and a running container can join it with `docker network connect`.',
    '创建一个自己的 bridge 网络。连在上面的容器可以通过 Docker 内置的 DNS 用容器名互相访问，运行中的容器也可以用 `docker network connect` 加入进来。',
  ),
  hosts: ['docker-node1'],
  setup: [busybox('test1'), busybox('test2')],
  steps: [
    {
      id: 'create',
      title: text('Create test-bridge', '创建 test-bridge 网络'),
      text: text(
        '`docker network create -d bridge test-bridge` makes a network with the next free subnet (172.18.0.0/16) and a new Linux bridge named `br-` plus the first 12 hex digits of its id. `docker network ls` and `brctl show` list it, with no interfaces yet.',
        '`docker network create -d bridge test-bridge` 会创建一个新网络，使用下一个空闲网段（172.18.0.0/16），并新建一个名为 `br-` 加网络 ID 前 12 位的 Linux 网桥。`docker network ls` 和 `brctl show` 都能看到它，目前还没有接口。',
      ),
      solution: create,
      check: networkExists('test-bridge', { driver: 'bridge' }),
    },
    {
      id: 'test4',
      title: text('Run test4 on it', '在新网络上运行 test4'),
      text: text(
        'Start `test4` (busybox with the sleep loop) with `--network=test-bridge`. `brctl show` now lists a veth on the new bridge.',
        '用 `--network=test-bridge` 启动 `test4`（busybox 加睡眠循环）。`brctl show` 可以看到新网桥上多了一个 veth。',
      ),
      solution: test4,
      check: onNetwork('test4', 'test-bridge'),
    },
    {
      id: 'connect',
      title: text('Connect test2 as well', '把 test2 也连进来'),
      text: text(
        '`docker network connect test-bridge test2` gives the running `test2` a second interface, `eth1`, on test-bridge, and it keeps `eth0` on docker0. `docker network inspect test-bridge` lists test4 and test2 under Containers.',
        '`docker network connect test-bridge test2` 给运行中的 `test2` 加上第二块网卡 `eth1`，连到 test-bridge 上，原来 docker0 上的 `eth0` 还在。`docker network inspect test-bridge` 的 Containers 里有 test4 和 test2。',
      ),
      solution: connect,
      check: all(onNetwork('test2', 'test-bridge'), onNetwork('test2', 'bridge')),
    },
    {
      id: 'dns',
      title: text('Ping by name', '用容器名 ping 通'),
      text: text(
        'On a user-defined network the embedded DNS server (127.0.0.11) answers container names: `docker exec test2 ping test4` and `docker exec test4 ping test2` both work. test2 still reaches test1 by address through docker0.',
        '在自定义网络上，内置的 DNS 服务器（127.0.0.11）可以解析容器名：`docker exec test2 ping test4` 和 `docker exec test4 ping test2` 都能通。test2 依然可以通过 docker0 用 IP 访问 test1。',
      ),
      solution: dns,
      check: all(pings({ container: 'test2' }, 'test4'), ran({ command: /\bping\b/, output: /^PING test4 \(/m, exit: 'ok' })),
    },
  ],
  challenge: {
    text: text('Make `test2` reach `test1` by name.', '让 `test2` 能用容器名 ping 通 `test1`。'),
    check: pings({ container: 'test2' }, 'test1'),
    solution: ['docker network connect test-bridge test1', 'docker exec test2 ping -c 1 test1'],
  },
  // test4 started without --network lands on docker0, where names do not resolve.
  wrong: [...create, busybox('test4'), ...connect, 'docker exec test2 ping -c 2 test4', 'docker exec test2 ping -c 1 test1'],
};
