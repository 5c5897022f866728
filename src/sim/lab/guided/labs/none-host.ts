/** Seeds 001, 003 and 004: the `none` network (only lo) and the `host` network (the host's own stack). */
import { all, ran, running } from '../checks';
import { cannotPing, fetches, hostModeServer } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const none = [busybox('test-none', '--network=none'), 'docker exec test-none ip a', 'docker network inspect none'];
const unreachable = ['docker exec test-none ping -c 1 172.17.0.1'];
const host = [busybox('test-host', '--network=host'), 'docker exec test-host ip a', 'ip a'];
const hostWeb = ['docker run -d --name web-host --network=host nginx', 'curl 127.0.0.1'];

export const noneHostLab: GuidedLab = {
  id: 'none-host',
  seeds: ['001', '003', '004'],
  title: text('The `none` and `host` networks', '`none` 与 `host` 网络'),
  summary: text(
    'With `--network=none` a container has only `lo`. With `--network=host` it shares the host\'s network stack: its servers listen on the host\'s ports without `-p`.',
    '使用 `--network=none` 的容器只有 `lo`。使用 `--network=host` 的容器共享宿主机的网络栈：它的服务不需要 `-p` 就直接监听在宿主机的端口上。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'none',
      title: text('A container with no network', '没有网络的容器'),
      text: text(
        'Run `test-none` (busybox with the sleep loop) with `--network=none`. `docker exec test-none ip a` shows only `lo`, and `docker network inspect none` lists the container without an address.',
        '用 `--network=none` 运行 `test-none`（busybox 加睡眠循环）。`docker exec test-none ip a` 只显示 `lo`，`docker network inspect none` 里能看到这个容器，但没有 IP 地址。',
      ),
      solution: none,
      check: running('test-none', { mode: 'none' }),
    },
    {
      id: 'unreachable',
      title: text('Nowhere to go', '哪里都去不了'),
      text: text(
        'From `test-none`, ping docker0 at 172.17.0.1: `Network is unreachable`, there is no interface to send from. A closed container suits jobs that must not talk to anyone, such as generating passwords.',
        '在 `test-none` 里 ping docker0 的 172.17.0.1：提示 `Network is unreachable`，因为根本没有可以发包的网卡。封闭式容器适合不需要联网、对安全性要求高的任务，比如生成随机密码。',
      ),
      solution: unreachable,
      fails: unreachable,
      check: all(
        cannotPing({ container: 'test-none' }, '172.17.0.1'),
        ran({ command: /\bping\b/, output: /Network is unreachable/, exit: 'fail' }),
      ),
    },
    {
      id: 'host',
      title: text('A container on the host\'s stack', '共享宿主机网络栈的容器'),
      text: text(
        'Run `test-host` with `--network=host`. `docker exec test-host ip a` prints the host\'s interfaces (eth0, eth1, docker0 and the veths), the same as `ip a` on the host.',
        '用 `--network=host` 运行 `test-host`。`docker exec test-host ip a` 显示的是宿主机的网卡（eth0、eth1、docker0 和各个 veth），和在宿主机上执行 `ip a` 一模一样。',
      ),
      solution: host,
      check: running('test-host', { mode: 'host' }),
    },
    {
      id: 'host-web',
      title: text('No -p needed', '不需要 -p'),
      text: text(
        'Run nginx as `web-host` with `--network=host`: it listens on the host\'s port 80 itself, so `curl 127.0.0.1` works without any port mapping. The price: the container\'s ports can clash with the host\'s.',
        '用 `--network=host` 运行 nginx，取名 `web-host`：它直接监听宿主机的 80 端口，不做任何端口映射 `curl 127.0.0.1` 就能访问。代价是容器的端口可能和宿主机冲突。',
      ),
      solution: hostWeb,
      check: all(running('web-host', { mode: 'host', image: 'nginx' }), hostModeServer(80), fetches({}, 'http://127.0.0.1')),
    },
  ],
  challenge: {
    text: text(
      'Serve a page on docker-node1\'s address 192.168.205.10, port 8080, with busybox\'s `httpd -f -p 8080`, without publishing any port.',
      '用 busybox 自带的 `httpd -f -p 8080`，在不做端口映射的情况下，让 docker-node1 的 192.168.205.10:8080 提供网页服务。',
    ),
    check: all(hostModeServer(8080), fetches({}, 'http://192.168.205.10:8080')),
    solution: ['docker run -d --name httpd8080 --network=host busybox httpd -f -p 8080', 'curl 192.168.205.10:8080'],
  },
  // Publishing the port works too, but the challenge asks for no port mapping.
  wrong: [...none, ...unreachable, ...host, ...hostWeb, 'docker run -d --name httpd8080 -p 8080:8080 busybox httpd -f -p 8080'],
};
