/** Seed 001, "Docker link": `--link` writes a name into one container's /etc/hosts, one way. */
import { all, escapeRe, ran, running } from '../checks';
import { cannotPing, containerIp, pings } from '../probes';
import { formatIp4 } from '../../../net/ip4';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const noName = ['docker exec test2 ping -c 1 172.17.0.2', 'docker exec test2 ping -c 1 test1'];
const link = [busybox('test3', '--link test1'), 'docker exec test3 ping -c 1 test1'];
const hosts = ['docker exec test3 cat /etc/hosts', 'docker exec test3 ping -c 1 test2'];
const oneWay = ['docker exec test1 ping -c 1 test3'];

export const linkLab: GuidedLab = {
  id: 'link',
  seeds: ['001'],
  title: text('`--link`: a name, one way', '`--link`：单向的容器名'),
  summary: text(
    'On the default bridge, containers reach each other by address only. `--link` writes another container\'s name into /etc/hosts, and only in the container that asked for it.',
    '在默认的 bridge 网络上，容器之间只能用 IP 互相访问。`--link` 会把另一个容器的名字写进 /etc/hosts，而且只写进发起 link 的那个容器。',
  ),
  hosts: ['docker-node1'],
  setup: [busybox('test1'), busybox('test2')],
  steps: [
    {
      id: 'no-name',
      title: text('No names on docker0', 'docker0 上没有容器名解析'),
      text: text(
        '`test1` (172.17.0.2) and `test2` run on the default bridge. `docker exec test2 ping 172.17.0.2` works, but `docker exec test2 ping test1` says `bad address \'test1\'`: the default network has no DNS for container names.',
        '`test1`（172.17.0.2）和 `test2` 已经运行在默认的 bridge 网络上。`docker exec test2 ping 172.17.0.2` 能通，但 `docker exec test2 ping test1` 会提示 `bad address \'test1\'`：默认网络不提供容器名的 DNS 解析。',
      ),
      solution: noName,
      fails: [noName[1]!],
      check: ran({ command: /\bping\b/, output: /bad address 'test1'/, exit: 'fail' }),
    },
    {
      id: 'link',
      title: text('Run test3 linked to test1', '创建 link 到 test1 的 test3'),
      text: text(
        'Create `test3` with `--link test1` (same image and sleep loop). From `test3`, `ping test1` now works by name.',
        '用 `--link test1` 创建 `test3`（同样的镜像和睡眠循环）。现在在 `test3` 里可以直接 `ping test1`。',
      ),
      solution: link,
      check: all(running('test3'), pings({ container: 'test3' }, 'test1')),
    },
    {
      id: 'hosts',
      title: text('Where the name comes from', '名字是从哪里来的'),
      text: text(
        'Look at `docker exec test3 cat /etc/hosts`: Docker wrote a line for test1, with its address, name and short id. There is no line for `test2`, so `docker exec test3 ping test2` still fails.',
        '看看 `docker exec test3 cat /etc/hosts`：Docker 为 test1 写了一行，包括它的 IP、名字和短 ID。`test2` 没有这样一行，所以 `docker exec test3 ping test2` 依然不通。',
      ),
      solution: hosts,
      fails: [hosts[1]!],
      check: ran({
        command: /\/etc\/hosts/,
        exit: 'ok',
        output: (w) => {
          const ip = containerIp(w, 'test1');
          return ip === undefined ? undefined : new RegExp(`^${escapeRe(formatIp4(ip))}\\s+test1\\b`, 'm');
        },
      }),
    },
    {
      id: 'one-way',
      title: text('Links are one-way', 'link 是单向的'),
      text: text(
        'From `test1`, `ping test3` fails with `bad address \'test3\'`: the link lives in test3\'s /etc/hosts only.',
        '在 `test1` 里 `ping test3` 会得到 `bad address \'test3\'`：link 只写在 test3 的 /etc/hosts 里。',
      ),
      solution: oneWay,
      fails: oneWay,
      check: all(cannotPing({ container: 'test1' }, 'test3'), ran({ command: /\bping\b/, output: /bad address 'test3'/, exit: 'fail' })),
    },
  ],
  challenge: {
    text: text(
      'Make `test3` reach `test2` under the name `db`, and keep its link to `test1`.',
      '让 `test3` 能用 `db` 这个名字访问 `test2`，同时保留它到 `test1` 的 link。',
    ),
    check: all(pings({ container: 'test3' }, 'db'), pings({ container: 'test3' }, 'test1')),
    solution: ['docker rm -f test3', busybox('test3', '--link test1 --link test2:db'), 'docker exec test3 ping -c 1 db'],
  },
  // A network alias is what gives a second name on a user-defined network; the default bridge refuses it.
  wrong: [...noName, ...link, ...hosts, ...oneWay, 'docker network connect --alias db bridge test2'],
};
