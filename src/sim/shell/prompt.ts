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
  // bash's \h: the hostname up to its first dot.
  if (!c) return `[root@${shortHostname(hostname)} ~]# `;
  switch (c.img.userland) {
    case 'busybox':
      return '/ # ';
    case 'debian':
      return `root@${c.hostname}:/# `;
    case 'centos':
      return `[root@${c.hostname} /]# `;
  }
}

/** The name a prompt shows for a machine (bash's `\h`: up to the first dot). */
export function shortHostname(hostname: string): string {
  const dot = hostname.indexOf('.');
  return dot > 0 ? hostname.slice(0, dot) : hostname;
}

/** The machine a transcript prompt names, among `names`: the same name, or the one whose `\h` it is. */
export function namedByPrompt(names: readonly string[], shown: string): string | undefined {
  if (names.includes(shown)) return shown;
  const matches = names.filter((n) => shortHostname(n) === shown);
  return matches.length === 1 ? matches[0] : undefined;
}
