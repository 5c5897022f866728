/**
 * The inspector's facts: for the selected graph element, the read-only commands a user would type
 * to learn about it, and what they print. `planFacts(world, selection)` says which (cheap, from the
 * World); running a section executes its command with `execute` on the World as it is, so every
 * text is exactly the tool's output. `inspectorFacts` does both.
 *
 * Invariants: the World is never changed and nothing is logged; a selection that no longer
 * resolves (the element was removed) falls back to its host, marked `stale`; section slugs are
 * stable per kind of element (`ip-a`, `routes`, ...) so the UI can key and remember them.
 */
import type { Host, World } from '../../sim';
import { formatCidr } from '../../sim';
import { containerFacts } from './facts-container';
import { overlayFacts } from './facts-overlay';
import { bridgeFacts, ifaceFacts, internetFacts, lanFacts, linkFacts, netnsFacts, portFacts } from './facts-net';
import { nsOwner, type Container } from './places';
import { runSection, section, type FactField, type FactsPlan, type InspectorFacts, type SectionPlan } from './types';

export type { FactKind, FactField, FactSection, FactsPlan, InspectorFacts, SectionPlan } from './types';
export { runSection } from './types';

/** Running containers past which the host's `docker ps` section starts folded. */
const BIG_LAB = 40;

/** The host's summary: routes, NAT and filter rules, Docker's networks and containers. */
export function hostFacts(world: World, host: Host): FactsPlan {
  const root = world.netns[host.rootNs];
  const nics = (root?.ifaces ?? []).flatMap((id) => {
    const i = world.ifaces[id];
    if (i?.kind !== 'ether') return [];
    return [`${i.name} ${i.addrs.map((a) => formatCidr(a.addr, a.prefix)).join(' ') || '(no address)'}`];
  });
  const d = host.docker;
  const running = d ? d.containerOrder.filter((id) => d.containers[id]?.state === 'running').length : 0;
  const fields: FactField[] = [
    { label: 'NICs', value: nics.join(', ') || 'none' },
    { label: 'Docker', value: d ? (d.running ? `running, ${running} of ${d.containerOrder.length} containers up` : 'stopped') : 'not installed' },
  ];
  if (host.netnsOrder.length > 0) fields.push({ label: 'netns', value: host.netnsOrder.join(', ') });
  const sections: SectionPlan[] = [
    section(world, host, 'routes', 'Routing table', 'ip route'),
    section(world, host, 'nat', 'iptables nat table', 'iptables -t nat -S'),
    section(world, host, 'filter', 'iptables filter table', 'iptables -S'),
  ];
  if (d) {
    sections.push(section(world, host, 'networks', 'Docker networks', 'docker network ls'));
    // `docker ps` grows with the lab: past a screenful of containers it waits to be opened.
    sections.push({ ...section(world, host, 'containers', 'Running containers', 'docker ps'), ...(running > BIG_LAB ? { folded: true } : {}) });
  }
  return { kind: 'host', title: host.hostname, subtitle: 'host', fields, sections };
}

function findContainer(world: World, id: string): { host: Host; c: Container } | undefined {
  for (const hid of world.hostOrder) {
    const host = world.hosts[hid];
    const c = host?.docker?.containers[id];
    if (host && c) return { host, c };
  }
  return undefined;
}

/** `link:<ifA>:<ifB>`: iface ids carry no colon today, but try every split to be safe. */
function linkEnds(world: World, rest: string): [string, string] | undefined {
  for (let i = rest.indexOf(':'); i >= 0; i = rest.indexOf(':', i + 1)) {
    const a = rest.slice(0, i);
    const b = rest.slice(i + 1);
    if (world.ifaces[a] && world.ifaces[b]) return [a, b];
  }
  return undefined;
}

function resolve(world: World, selection: string): FactsPlan | undefined {
  const colon = selection.indexOf(':');
  const prefix = selection.slice(0, colon);
  const rest = selection.slice(colon + 1);
  switch (prefix) {
    case 'host': {
      const host = world.hosts[rest];
      return host && hostFacts(world, host);
    }
    case 'ctr':
    case 'pub': {
      const found = findContainer(world, prefix === 'pub' ? rest.replace(/:\d+$/, '') : rest);
      return found && containerFacts(world, found.host, found.c);
    }
    case 'ns': {
      const ns = world.netns[rest];
      const host = ns && world.hosts[ns.host];
      if (!ns || !host) return undefined;
      if (ns.id === host.rootNs) return hostFacts(world, host);
      if (ns.kind === 'gateway') return internetFacts(world, ns);
      if (ns.kind === 'segment') return lanFacts(world, ns);
      const owner = ns.kind === 'container' ? nsOwner(host, ns.id) : undefined;
      if (owner) return containerFacts(world, host, owner);
      return netnsFacts(world, host, ns);
    }
    case 'if': {
      const iface = world.ifaces[rest];
      if (!iface) return undefined;
      return iface.kind === 'bridge' ? bridgeFacts(world, iface) : ifaceFacts(world, iface);
    }
    case 'ovl':
      return overlayFacts(world, selection);
    case 'tunnel':
    case 'macvlan': {
      const iface = world.ifaces[rest];
      return iface && ifaceFacts(world, iface);
    }
    case 'link': {
      const ends = linkEnds(world, rest);
      return ends && linkFacts(world, world.ifaces[ends[0]]!, world.ifaces[ends[1]]!);
    }
    case 'port': {
      const iface = world.ifaces[rest];
      const bridge = iface?.master ? world.ifaces[iface.master] : undefined;
      return iface && bridge && portFacts(world, iface, bridge);
    }
    default:
      return undefined;
  }
}

/**
 * The plan of the facts about a graph element (`ns:…`, `if:…`, `ctr:…`, `link:…`, `port:…`,
 * `host:…`), or of the first host's when nothing is selected or the selection is gone. Cheap:
 * no command runs until a section's `run`.
 */
export function planFacts(world: World, selection: string | null): FactsPlan {
  const facts = selection ? resolve(world, selection) : undefined;
  if (facts) return facts;
  const host = world.hosts[world.hostOrder[0] ?? ''];
  if (!host) return { kind: 'host', title: 'no host', subtitle: 'host', fields: [], sections: [] };
  return { ...hostFacts(world, host), ...(selection ? { stale: true } : {}) };
}

/**
 * The facts about a graph element with every section's command run.
 *
 * @example
 * inspectorFacts(world, 'ns:ns20').sections.find((s) => s.slug === 'ip-a')?.command; // 'docker exec c1 ip a'
 */
export function inspectorFacts(world: World, selection: string | null): InspectorFacts {
  const plan = planFacts(world, selection);
  return { ...plan, sections: plan.sections.map(runSection) };
}
