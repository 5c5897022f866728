/**
 * A terminal tab's title says where its shell is: the host (`docker-node1`), the container it
 * entered with `docker exec -it` (`c1`), or the namespace of `ip netns exec NS bash`
 * (`docker-node1:ns1`).
 */
import type { World } from '../../sim';
import type { TerminalTab } from '../../store';

export type TabPlace = 'host' | 'container' | 'netns';

export function tabPlace(tab: TerminalTab): TabPlace {
  if (tab.session?.container !== undefined) return 'container';
  return tab.session?.ns !== undefined ? 'netns' : 'host';
}

export function tabTitle(world: World, tab: TerminalTab): string {
  const host = world.hosts[tab.host];
  const hostname = host?.hostname ?? tab.host;
  const s = tab.session;
  if (s?.container !== undefined) return host?.docker?.containers[s.container]?.name ?? hostname;
  const ns = s?.ns !== undefined ? world.netns[s.ns] : undefined;
  return ns ? `${hostname}:${ns.name}` : hostname;
}

/** The tooltip: who the shell is and what it runs. */
export function tabDescription(world: World, tab: TerminalTab): string {
  const host = world.hosts[tab.host];
  const hostname = host?.hostname ?? tab.host;
  const s = tab.session;
  const c = s?.container !== undefined ? host?.docker?.containers[s.container] : undefined;
  if (c) return `Shell in container ${c.name} (${c.image}) on ${hostname}`;
  const ns = s?.ns !== undefined ? world.netns[s.ns] : undefined;
  if (ns) return `bash in network namespace ${ns.name} on ${hostname}`;
  return `bash on ${hostname} (root)`;
}
