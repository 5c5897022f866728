/**
 * The prompt a shell prints, by where it runs: bash on the CentOS 7 host (`[root@docker-node1 ~]# `,
 * also inside `ip netns exec NS bash`), BusyBox ash in busybox images (`/ # `), bash in Debian images
 * (`root@<hostname>:/# `) and CentOS images (`[root@<hostname> /]# `).
 */
import type { HostId, World } from '../net/types';
import type { Session } from './context';

export function promptOf(world: World, hostId: HostId, session?: Session): string {
  const host = world.hosts[hostId];
  const hostname = host?.hostname ?? 'localhost';
  const c = session?.container !== undefined ? host?.docker?.containers[session.container] : undefined;
  if (!c) return `[root@${hostname} ~]# `;
  switch (c.img.userland) {
    case 'busybox':
      return '/ # ';
    case 'debian':
      return `root@${c.hostname}:/# `;
    case 'centos':
      return `[root@${c.hostname} /]# `;
  }
}
