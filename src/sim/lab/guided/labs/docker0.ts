/** Seeds 001 and 004: docker0 is a bridge, and each container hangs off it by a veth pair. */
import { all, escapeRe, hostVeth, ran, running } from '../checks';
import { cannotPing } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const look = ['ip addr show docker0', 'brctl show'];
const start = [busybox('test1'), busybox('test2'), 'docker ps'];
const ports = ['brctl show', 'ip a'];
const match = ['docker exec test1 ip a', 'ip link'];

export const docker0Lab: GuidedLab = {
  id: 'docker0',
  seeds: ['001', '004'],
  title: text('docker0 and the veth pairs of containers', 'docker0 网桥与容器的 veth pair'),
  summary: text(
    'docker0 is a Linux bridge. Each container on the default network gets a veth pair: one end is `eth0` inside the container, the other is plugged into docker0. Find both ends of each cable.',
    'docker0 是一个 Linux 网桥。默认网络上的每个容器都有一对 veth pair：一端是容器里的 `eth0`，另一端插在 docker0 上。找出每根“网线”的两端。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'bridge',
      title: text('docker0 is a bridge', 'docker0 是一个网桥'),
      text: text(
        'Look at docker0 before any container runs: `ip addr show docker0` gives 172.17.0.1/16, the gateway of the default `bridge` network, and `brctl show` lists docker0 as a bridge with no interfaces yet.',
        '在运行容器之前先看看 docker0：`ip addr show docker0` 显示 172.17.0.1/16，也就是默认 `bridge` 网络的网关；`brctl show` 显示 docker0 是一个网桥，目前还没有接任何接口。',
      ),
      solution: look,
      check: ran({ command: /\bbrctl\b/, output: /^docker0\s/m, exit: 'ok' }),
    },
    {
      id: 'containers',
      title: text('Run two busybox containers', '运行两个 busybox 容器'),
      text: text(
        'Start `test1` and `test2` from busybox with a sleep loop that keeps them running, as in the walkthrough. They join the default network and get 172.17.0.2 and 172.17.0.3.',
        '和教程中一样，用 busybox 启动 `test1` 和 `test2`，执行一个睡眠死循环让它们一直在后台运行。它们会连到默认网络，分别拿到 172.17.0.2 和 172.17.0.3。',
      ),
      solution: start,
      check: all(running('test1', { mode: 'bridge' }), running('test2', { mode: 'bridge' })),
    },
    {
      id: 'ports',
      title: text('One veth per container on docker0', 'docker0 上每个容器一个 veth'),
      text: text(
        'Run `brctl show` again: docker0 now has two interfaces named `veth` plus 7 hex digits, one per container. `ip a` on the host shows them too, without addresses: they are ports of the bridge, working at layer 2, like the ports of a switch.',
        '再执行一次 `brctl show`：docker0 上多了两个接口，名字是 `veth` 加 7 位十六进制，每个容器一个。宿主机上的 `ip a` 也能看到它们，但没有 IP：它们是网桥的端口，工作在二层，就像交换机上的端口。',
      ),
      solution: ports,
      check: ran({
        command: /\bbrctl\b/,
        exit: 'ok',
        // test1's veth and another one (test2's, unless the challenge took test2 off docker0 since).
        output: (w) => {
          const a = hostVeth(w, 'test1')?.veth.name;
          return a === undefined ? undefined : new RegExp(`^(?=[\\s\\S]*\\b${escapeRe(a)}\\b)(?=[\\s\\S]*\\b(?!${escapeRe(a)}\\b)veth[0-9a-f]{7}\\b)`);
        },
      }),
    },
    {
      id: 'pair',
      title: text('Match the two ends', '找到 veth pair 的两端'),
      text: text(
        'Inside `test1`, `ip a` shows `eth0@ifN`: N is the ifindex of its peer on the host. On the host, `ip link` lists that index as `N: vethXXXXXXX@ifM`, and M is the index of eth0 in the container. That is the cable from test1 to docker0.',
        '在 `test1` 里执行 `ip a`，会看到 `eth0@ifN`：N 是它在宿主机上那一端的 ifindex。在宿主机上执行 `ip link`，编号为 N 的接口显示为 `N: vethXXXXXXX@ifM`，M 正是容器里 eth0 的编号。这就是 test1 连到 docker0 的那根网线。',
      ),
      solution: match,
      check: all(
        ran({ exit: 'ok', output: (w) => {
          const v = hostVeth(w, 'test1');
          return v && new RegExp(`^${v.ctr.ifindex}: eth0@if${v.veth.ifindex}:`, 'm');
        } }),
        ran({ exit: 'ok', output: (w) => {
          const v = hostVeth(w, 'test1');
          return v && new RegExp(`^${v.veth.ifindex}: ${escapeRe(v.veth.name)}@if${v.ctr.ifindex}:`, 'm');
        } }),
      ),
    },
  ],
  challenge: {
    text: text(
      'Cut `test1` off from `test2` while both keep running: a ping from `test1` to 172.17.0.3 must get no answer.',
      '在 `test1` 和 `test2` 都保持运行的前提下，切断它们之间的通信：从 `test1` ping 172.17.0.3 要不通。',
    ),
    check: all(running('test1'), running('test2'), cannotPing({ container: 'test1' }, '172.17.0.3')),
    solution: ['docker network disconnect bridge test2', 'docker exec test1 ping -c 1 -W 1 172.17.0.3'],
    fails: ['docker exec test1 ping -c 1 -W 1 172.17.0.3'],
  },
  // Stopping test2 cuts it off too, but the challenge asks for both to keep running.
  wrong: [...look, ...start, ...ports, ...match, 'docker stop test2'],
};
