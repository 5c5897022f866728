/** Seed 003, "deamon.json": docker0's address (`bip`) and the range containers get (`fixed-cidr`). */
import { all, anyContainerMtu, anyContainerWithIp, daemonConfig, daemonJson, dockerRunning, hasAddress } from '../checks';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

/** `cat > /etc/docker/daemon.json <<EOF` with `body`, as lines of a lab script. */
function writeDaemonJson(body: string[]): string[] {
  return ['cat > /etc/docker/daemon.json <<EOF', '{', ...body, '}', 'EOF'];
}

const BIP = '    "bip": "192.168.1.5/24"';
const bip = [...writeDaemonJson([BIP]), 'cat /etc/docker/daemon.json', 'ip addr show docker0'];
const restart = ['systemctl restart docker', 'ip addr show docker0', 'docker network inspect bridge'];
const fixed = [...writeDaemonJson([`${BIP},`, '    "fixed-cidr": "192.168.1.128/25"']), 'systemctl restart docker'];
const run = [busybox('test1'), 'docker exec test1 ip a', 'docker network inspect bridge'];

export const daemonJsonLab: GuidedLab = {
  id: 'daemon-json',
  seeds: ['003'],
  title: text('`daemon.json`: `bip` and `fixed-cidr`', '`daemon.json`：`bip` 与 `fixed-cidr`'),
  summary: text(
    'docker0\'s address and the range its containers get come from the daemon\'s configuration. Set them in /etc/docker/daemon.json and restart Docker.',
    'docker0 的地址以及容器在上面分到的地址范围，都来自 Docker 守护进程的配置。在 /etc/docker/daemon.json 里设置它们，然后重启 Docker。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'bip-file',
      title: text('Write bip', '写入 bip'),
      text: text(
        '`bip` (bridge IP) is docker0\'s own address, and its prefix is the subnet of the default network. Write `{"bip": "192.168.1.5/24"}` to /etc/docker/daemon.json with `cat > /etc/docker/daemon.json <<EOF`. Nothing changes yet: `ip addr show docker0` still says 172.17.0.1/16.',
        '`bip`（bridge ip）就是 docker0 自身的 IP，它的前缀也就是默认网络的子网。用 `cat > /etc/docker/daemon.json <<EOF` 把 `{"bip": "192.168.1.5/24"}` 写进 /etc/docker/daemon.json。此时还没有生效：`ip addr show docker0` 仍然是 172.17.0.1/16。',
      ),
      solution: bip,
      check: daemonJson('bip', '192.168.1.5/24'),
    },
    {
      id: 'restart',
      title: text('Restart Docker', '重启 Docker'),
      text: text(
        'The daemon reads daemon.json when it starts. After `systemctl restart docker`, `ip addr show docker0` shows 192.168.1.5/24 and `docker network inspect bridge` the subnet 192.168.1.0/24 with gateway 192.168.1.5.',
        '守护进程只在启动时读取 daemon.json。执行 `systemctl restart docker` 之后，`ip addr show docker0` 显示 192.168.1.5/24，`docker network inspect bridge` 中的子网变成 192.168.1.0/24，网关是 192.168.1.5。',
      ),
      solution: restart,
      check: all(dockerRunning(), hasAddress(undefined, 'docker0', '192.168.1.5/24')),
    },
    {
      id: 'fixed-cidr',
      title: text('Narrow the range with fixed-cidr', '用 fixed-cidr 缩小分配范围'),
      text: text(
        '`fixed-cidr` limits the addresses containers get to a part of bip\'s subnet, and must lie inside it. Keep `bip`, add `"fixed-cidr": "192.168.1.128/25"`, and restart Docker again.',
        '`fixed-cidr` 把分配给容器的地址限制在 bip 子网中的一段，它必须在 bip 的子网之内。保留 `bip`，加上 `"fixed-cidr": "192.168.1.128/25"`，然后再次重启 Docker。',
      ),
      solution: fixed,
      check: daemonConfig((c) => c.bip === '192.168.1.5/24' && c.fixedCidr === '192.168.1.128/25'),
    },
    {
      id: 'container',
      title: text('A container in the range', '容器拿到范围内的地址'),
      text: text(
        'Run `test1` (busybox with the sleep loop): it gets 192.168.1.128, the first address of fixed-cidr, not 192.168.1.1. `docker network inspect bridge` shows the range as IPRange.',
        '运行 `test1`（busybox 加睡眠循环）：它拿到的是 fixed-cidr 的第一个地址 192.168.1.128，而不是 192.168.1.1。`docker network inspect bridge` 中的 IPRange 就是这个范围。',
      ),
      solution: run,
      check: anyContainerWithIp('bridge', '192.168.1.128/25'),
    },
  ],
  challenge: {
    text: text(
      'Make containers on docker0 use an MTU of 1400 and keep bip and fixed-cidr: a running container must show `mtu 1400` on its eth0 and an address in 192.168.1.128/25.',
      '让 docker0 上的容器使用 1400 的 MTU，同时保留 bip 和 fixed-cidr：要有一个运行中的容器，它的 eth0 显示 `mtu 1400`，地址在 192.168.1.128/25 之内。',
    ),
    check: all(
      anyContainerMtu('bridge', 1400),
      anyContainerWithIp('bridge', '192.168.1.128/25'),
      hasAddress(undefined, 'docker0', '192.168.1.5/24'),
    ),
    solution: [
      ...writeDaemonJson([`${BIP},`, '    "fixed-cidr": "192.168.1.128/25",', '    "mtu": 1400']),
      'systemctl restart docker',
      busybox('test2'),
      'docker exec test2 ip a',
    ],
  },
  // The seed's own values: a fixed-cidr outside bip's subnet, so dockerd refuses to start.
  wrong: [...writeDaemonJson([`${BIP},`, '    "fixed-cidr": "10.20.0.0/16"']), 'systemctl restart docker', busybox('test1')],
};
