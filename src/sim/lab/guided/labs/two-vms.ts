/**
 * Seed 001, the Vagrant setup: docker-node1 and docker-node2 on one private network. The VMs reach
 * each other; the containers' 172.17 addresses stay private to each VM (overlay is a later lab).
 */
import { formatIp4 } from '../../../net/ip4';
import { all, escapeRe, ran, running } from '../checks';
import { cannotPingContainer, containerIp, fetchesPublished, pings } from '../probes';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const N1 = '[vagrant@docker-node1 ~]$ ';
const N2 = '[vagrant@docker-node2 ~]$ ';

const vms = [`${N1}ping -c 3 192.168.205.11`, `${N2}ping -c 3 192.168.205.10`];
const test1 = [`${N1}${busybox('test1')}`, `${N1}docker exec test1 ip a`, `${N1}docker exec test1 ping -c 1 192.168.205.11`];
const node2 = [`${N2}${busybox('test2')}`, `${N2}${busybox('test3')}`, `${N2}docker exec test2 ip a`, `${N2}docker exec test3 ip a`];
const privatePing = `${N1}docker exec test1 ping -c 3 -W 1 172.17.0.3`;

export const twoVmsLab: GuidedLab = {
  id: 'two-vms',
  seeds: ['001'],
  title: text('Two Vagrant VMs', '两台 Vagrant 虚拟机'),
  summary: text(
    'docker-node1 (192.168.205.10) and docker-node2 (192.168.205.11) share a private network. The VMs reach each other, but each has its own docker0 with the same 172.17.0.0/16 behind it: a container on one cannot reach a container on the other by its private address.',
    'docker-node1（192.168.205.10）和 docker-node2（192.168.205.11）在同一个私有网络里。两台虚拟机可以互通，但各自有自己的 docker0，后面都是 172.17.0.0/16：一台上的容器无法通过私有地址访问另一台上的容器。',
  ),
  hosts: ['docker-node1', 'docker-node2'],
  steps: [
    {
      id: 'vms',
      title: text('The VMs reach each other', '虚拟机之间互通'),
      text: text(
        'In docker-node1\'s terminal, ping docker-node2 at 192.168.205.11; in docker-node2\'s terminal, ping 192.168.205.10 back.',
        '在 docker-node1 的终端里 ping docker-node2 的 192.168.205.11；再在 docker-node2 的终端里反过来 ping 192.168.205.10。',
      ),
      solution: vms,
      check: all(
        ran({ host: 'docker-node1', command: /\bping\b/, output: /from 192\.168\.205\.11\b/, exit: 'ok' }),
        ran({ host: 'docker-node2', command: /\bping\b/, output: /from 192\.168\.205\.10\b/, exit: 'ok' }),
      ),
    },
    {
      id: 'test1',
      title: text('A container on docker-node1', 'docker-node1 上的容器'),
      text: text(
        'On docker-node1, run `test1` (busybox with the sleep loop). It gets 172.17.0.2 on node1\'s docker0 and can ping docker-node2 at 192.168.205.11: its packets leave through node1, which masquerades them.',
        '在 docker-node1 上运行 `test1`（busybox 加睡眠循环）。它在 node1 的 docker0 上拿到 172.17.0.2，并且可以 ping 通 docker-node2 的 192.168.205.11：它的包经 node1 做地址伪装（MASQUERADE）后发出去。',
      ),
      solution: test1,
      check: all(running('test1', { host: 'docker-node1' }), pings({ container: 'test1', host: 'docker-node1' }, '192.168.205.11')),
    },
    {
      id: 'node2',
      title: text('Containers on docker-node2', 'docker-node2 上的容器'),
      text: text(
        'On docker-node2, run `test2` and `test3`. `docker exec test2 ip a` shows 172.17.0.2: the same address as test1, on another VM\'s private bridge. test3 gets 172.17.0.3.',
        '在 docker-node2 上运行 `test2` 和 `test3`。`docker exec test2 ip a` 显示 172.17.0.2：和 test1 的地址一样，只不过在另一台虚拟机的私有网桥上。test3 拿到 172.17.0.3。',
      ),
      solution: node2,
      check: all(running('test2', { host: 'docker-node2' }), running('test3', { host: 'docker-node2' })),
    },
    {
      id: 'private',
      title: text('Private addresses stay private', '私有地址出不了主机'),
      text: text(
        'From test1 on docker-node1, ping test3\'s 172.17.0.3: no answer. node1 looks for 172.17.0.3 on its own docker0, where nobody has it. To cross VMs, publish a port on the VM\'s address, or use an overlay network (a later lab).',
        '在 docker-node1 的 test1 里 ping test3 的 172.17.0.3：没有回应。node1 会在自己的 docker0 上寻找 172.17.0.3，而那里没有这个地址。要跨虚拟机通信，可以在虚拟机的地址上做端口映射，或者使用 overlay 网络（后面的实验会讲）。',
      ),
      solution: [privatePing],
      fails: [privatePing],
      check: all(
        cannotPingContainer({ container: 'test1', host: 'docker-node1' }, { container: 'test3', host: 'docker-node2' }),
        ran({
          host: 'docker-node1',
          command: /\bping\b/,
          exit: 'fail',
          output: (w) => {
            const ip = containerIp(w, 'test3', 'docker-node2');
            return ip === undefined ? undefined : new RegExp(`\\b${escapeRe(formatIp4(ip))}\\b`);
          },
        }),
      ),
    },
  ],
  challenge: {
    text: text(
      'Let `test1` on docker-node1 fetch nginx\'s welcome page from a container running on docker-node2.',
      '让 docker-node1 上的 `test1` 能拿到运行在 docker-node2 上的容器里 nginx 的欢迎页面。',
    ),
    check: fetchesPublished({ container: 'test1', host: 'docker-node1' }, { host: 'docker-node2', address: '192.168.205.11' }),
    solution: [`${N2}docker run -d --name web -p 8080:80 nginx`, `${N1}docker exec test1 wget -q -O - http://192.168.205.11:8080`],
  },
  // Published on docker-node2's loopback only: nothing answers on 192.168.205.11.
  wrong: [
    ...vms,
    ...test1,
    ...node2,
    privatePing,
    `${N2}docker run -d --name web -p 127.0.0.1:8080:80 nginx`,
    `${N1}docker exec test1 wget -q -O - http://192.168.205.11:8080`,
  ],
};
