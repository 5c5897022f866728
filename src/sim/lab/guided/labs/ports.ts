/** Seeds 001 and 003: publishing nginx's port, and the four forms of `-p`. */
import { all, anyRunning, not, published, ran } from '../checks';
import { fetches } from '../probes';
import type { GuidedLab } from '../types';
import { text } from './common';

const web = ['docker run --name web -d nginx', 'docker network inspect bridge', 'curl 172.17.0.2'];
const refused = ['curl 127.0.0.1'];
const publish = ['docker stop web', 'docker rm web', 'docker run --name web-port -d -p 80:80 nginx', 'docker ps', 'curl 127.0.0.1'];
const ephemeral = ['docker run -d --name p1 -p 80 nginx', 'docker port p1'];
const bound = [
  'docker run -d --name p2 -p 192.168.205.10:8081:80 nginx',
  'docker run -d --name p3 -p 192.168.205.10::80 nginx',
  'docker port p3',
  'curl 192.168.205.10:8081',
];

export const portsLab: GuidedLab = {
  id: 'ports',
  seeds: ['001', '003'],
  title: text('Publishing ports with nginx', 'nginx 与端口映射'),
  summary: text(
    'The host reaches a container\'s port at the container\'s own address, but not on the host\'s addresses until the port is published with `-p`. Try the four forms of `-p`.',
    '宿主机可以通过容器自己的 IP 访问容器的端口，但在宿主机自己的地址上访问不到，除非用 `-p` 做端口映射。试试 `-p` 的四种写法。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'web',
      title: text('Run nginx', '运行 nginx'),
      text: text(
        'Run `docker run --name web -d nginx`. `docker network inspect bridge` shows its address, 172.17.0.2, and `curl 172.17.0.2` on the host returns nginx\'s welcome page: the host reaches the container through docker0.',
        '执行 `docker run --name web -d nginx`。`docker network inspect bridge` 可以看到它的 IP 是 172.17.0.2，在宿主机上 `curl 172.17.0.2` 能拿到 nginx 的欢迎页面：宿主机通过 docker0 访问容器。',
      ),
      solution: web,
      check: all(anyRunning({ image: 'nginx' }), ran({ command: /\bcurl\b/, output: /Welcome to nginx!/, exit: 'ok' })),
    },
    {
      id: 'refused',
      title: text('Not on the host\'s own address', '宿主机自己的地址上访问不到'),
      text: text(
        '`curl 127.0.0.1` fails with `Connection refused`: nothing listens on the host\'s port 80, and no rule forwards it to the container. From outside, the host\'s 192.168.205.10 would refuse the same way.',
        '`curl 127.0.0.1` 失败，提示 `Connection refused`（拒绝连接）：宿主机的 80 端口没有程序监听，也没有规则把它转发给容器。从外部访问宿主机的 192.168.205.10 也一样会被拒绝。',
      ),
      solution: refused,
      fails: refused,
      check: ran({ command: /\bcurl\b/, output: /Connection refused/, exit: 'fail' }),
    },
    {
      id: 'publish',
      title: text('Publish port 80', '映射 80 端口'),
      text: text(
        'Stop and remove `web`, then run `web-port` with `-p 80:80`. `docker ps` shows `0.0.0.0:80->80/tcp` under PORTS, and `curl 127.0.0.1` now returns the welcome page.',
        '停止并删除 `web`，然后用 `-p 80:80` 运行 `web-port`。`docker ps` 的 PORTS 一栏多了 `0.0.0.0:80->80/tcp`，再 `curl 127.0.0.1` 就能拿到欢迎页面了。',
      ),
      solution: publish,
      check: all(published({ containerPort: 80, hostPort: 80 }), fetches({}, 'http://127.0.0.1')),
    },
    {
      id: 'ephemeral',
      title: text('A random host port', '映射到随机端口'),
      text: text(
        '`-p 80` (only the container\'s port) maps port 80 to an ephemeral port of the host, from 32768 up. Run `p1` that way and ask `docker port p1` which port it got.',
        '`-p 80`（只写容器端口）会把容器的 80 端口映射到宿主机的一个随机端口（从 32768 开始）。这样运行 `p1`，再用 `docker port p1` 查看分到了哪个端口。',
      ),
      solution: ephemeral,
      check: published({ containerPort: 80, hostPort: 'ephemeral', hostIp: '0.0.0.0' }),
    },
    {
      id: 'bind-ip',
      title: text('Publish on one address only', '只在指定地址上映射'),
      text: text(
        '`-p ip:hostPort:containerPort` and `-p ip::containerPort` publish on one address of the host only. Run `p2` with `-p 192.168.205.10:8081:80` and `p3` with `-p 192.168.205.10::80`, then `curl 192.168.205.10:8081`.',
        '`-p ip:hostPort:containerPort` 和 `-p ip::containerPort` 只在宿主机的某一个地址上映射。用 `-p 192.168.205.10:8081:80` 运行 `p2`，用 `-p 192.168.205.10::80` 运行 `p3`，然后 `curl 192.168.205.10:8081`。',
      ),
      solution: bound,
      check: all(
        published({ containerPort: 80, hostIp: '192.168.205.10', hostPort: 8081 }),
        published({ containerPort: 80, hostIp: '192.168.205.10', hostPort: 'ephemeral' }),
      ),
    },
  ],
  challenge: {
    text: text(
      'Serve nginx on port 8080 of the host\'s loopback only: `curl 127.0.0.1:8080` answers, `curl 192.168.205.10:8080` does not.',
      '让 nginx 只在宿主机回环地址的 8080 端口上提供服务：`curl 127.0.0.1:8080` 能访问，`curl 192.168.205.10:8080` 不能。',
    ),
    check: all(fetches({}, 'http://127.0.0.1:8080'), not(fetches({}, 'http://192.168.205.10:8080'))),
    solution: ['docker run -d --name local -p 127.0.0.1:8080:80 nginx', 'curl 127.0.0.1:8080'],
  },
  // -p 8080:80 publishes on every address of the host, 192.168.205.10 included.
  wrong: [...web, ...refused, ...publish, ...ephemeral, ...bound, 'docker run -d --name local -p 8080:80 nginx'],
};
