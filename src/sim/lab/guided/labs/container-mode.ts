/** Seeds 003 and 000: `--network container:NAME` (joined containers) and the ports they share. */
import { all, joinedToHostMode, listens, ran, sharesNetns } from '../checks';
import type { GuidedLab } from '../types';
import { busybox, text } from './common';

const server = ['docker run -d --name web -p 2222 busybox /bin/httpd -p 2222 -f', 'docker port web'];
const join = [busybox('joined', '--network container:web'), 'docker exec joined ip a', 'docker exec web ip a'];
const netstat = ['docker exec joined netstat -tan'];
const conflict = [
  'docker run -d --name web2 --network container:web busybox /bin/httpd -p 2222 -f',
  'docker ps -a',
  'docker rm web2',
  'docker run -d --name web2 --network container:web busybox /bin/httpd -p 3333 -f',
  'docker exec web netstat -tan',
];

export const containerModeLab: GuidedLab = {
  id: 'container-mode',
  seeds: ['003', '000'],
  title: text('`container:` mode and its shared ports', '`container:` 模式与共享的端口'),
  summary: text(
    '`--network container:NAME` puts a new container into the network namespace of another one: the same interfaces, the same address, the same ports. Two servers there cannot take the same port.',
    '`--network container:NAME` 让新容器进入另一个容器的 network namespace：同样的网卡、同样的 IP、同样的端口。在里面的两个服务不能占用同一个端口。',
  ),
  hosts: ['docker-node1'],
  steps: [
    {
      id: 'server',
      title: text('An httpd on port 2222', '监听 2222 端口的 httpd'),
      text: text(
        'Run BusyBox\'s web server in a container named `web`: `docker run -d --name web -p 2222 busybox /bin/httpd -p 2222 -f`. `docker port web` shows the host port it was given.',
        '在名为 `web` 的容器里运行 BusyBox 自带的 web 服务：`docker run -d --name web -p 2222 busybox /bin/httpd -p 2222 -f`。`docker port web` 可以看到它被映射到了宿主机的哪个端口。',
      ),
      solution: server,
      check: listens('web', 2222),
    },
    {
      id: 'join',
      title: text('Join its namespace', '加入它的 network namespace'),
      text: text(
        'Start `joined` (busybox with the sleep loop) with `--network container:web`. `docker exec joined ip a` shows web\'s own `eth0`: the same ifindex, MAC and address as `docker exec web ip a`.',
        '用 `--network container:web` 启动 `joined`（busybox 加睡眠循环）。`docker exec joined ip a` 显示的就是 web 的 `eth0`：编号、MAC 和 IP 都和 `docker exec web ip a` 完全一样。',
      ),
      solution: join,
      check: sharesNetns('web', 'joined'),
    },
    {
      id: 'netstat',
      title: text('Its ports are yours', '对方的端口就是自己的端口'),
      text: text(
        '`docker exec joined netstat -tan` lists `:::2222` in state LISTEN: joined sees the socket that web\'s httpd opened, and could reach it on 127.0.0.1.',
        '`docker exec joined netstat -tan` 能看到处于 LISTEN 状态的 `:::2222`：joined 看得到 web 里 httpd 打开的监听端口，而且可以通过 127.0.0.1 访问它。',
      ),
      solution: netstat,
      check: all(sharesNetns('web', 'joined'), ran({ command: /\bnetstat\b/, output: /:2222\s.*LISTEN/, exit: 'ok' })),
    },
    {
      id: 'conflict',
      title: text('One port, one server', '一个端口只能有一个服务'),
      text: text(
        'Start `web2` in the same namespace with httpd on 2222: it exits at once (`docker ps -a` shows `Exited (1)`), because the port is taken. Remove it and start it again on port 3333: now web\'s namespace holds two servers.',
        '在同一个 namespace 里启动 `web2`，让 httpd 也监听 2222：它马上就退出了（`docker ps -a` 显示 `Exited (1)`），因为端口已经被占用。删掉它，改用 3333 端口重新启动：现在 web 的 namespace 里有两个服务。',
      ),
      solution: conflict,
      check: all(sharesNetns('web', 'web2'), listens('web', 3333)),
    },
  ],
  challenge: {
    text: text(
      'Run a container whose `ip a` shows docker-node1\'s own interfaces (eth1 with 192.168.205.10), without giving that container `--network host` itself.',
      '运行一个容器，让它的 `ip a` 能看到 docker-node1 自己的网卡（带 192.168.205.10 的 eth1），但不能直接给这个容器加 `--network host`。',
    ),
    check: joinedToHostMode(),
    solution: [busybox('hostc', '--network host'), busybox('seehost', '--network container:hostc'), 'docker exec seehost ip a'],
  },
  // Joining web gives web's eth0 (172.17.0.2), not the host's interfaces.
  wrong: [...server, ...join, ...netstat, ...conflict, busybox('seehost', '--network container:web')],
};
