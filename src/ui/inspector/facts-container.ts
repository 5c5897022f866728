/**
 * A container's facts: `docker inspect` networking, then what its own tools print inside it
 * (`docker exec NAME ip a`, `ip route`, resolv.conf, hosts), its published ports, and the host's
 * end of each of its veth pairs. A stopped container has no namespace: only its inspect State.
 *
 * Invariants: an image without a tool gets the real `docker exec` error plus a note saying where
 * the same fact can be read instead; nothing is made up for the missing tool.
 */
import type { Host, World } from '../../sim';
import { formatCidr } from '../../sim';
import { imageHas, inspectField, networkModeText, type Container } from './places';
import { section, type FactField, type FactsPlan, type SectionPlan } from './types';

function stateText(c: Container): string {
  if (c.state === 'running') return 'running';
  if (c.state === 'created') return 'created (never started)';
  return `exited (${c.exitCode})`;
}

function fieldsOf(host: Host, c: Container): FactField[] {
  const d = host.docker!;
  const fields: FactField[] = [
    { label: 'Image', value: c.image },
    { label: 'State', value: stateText(c) },
    { label: 'Network', value: networkModeText(d, c) },
    { label: 'ID', value: c.id.slice(0, 12) },
  ];
  const addrs = c.endpoints.flatMap(({ network, endpoint: e }) =>
    e.ip !== undefined ? [`${formatCidr(e.ip, e.prefix ?? 32)} on ${d.networks[network]?.name ?? network.slice(0, 12)}`] : [],
  );
  if (addrs.length > 0) fields.push({ label: 'Addresses', value: addrs.join(', ') });
  return fields;
}

/** `docker inspect NAME`, cut to one top-level field (NetworkSettings, State). */
function inspectSection(world: World, host: Host, c: Container, field: string, slug: string, title: string, note: string): SectionPlan {
  return section(world, host, slug, title, `docker inspect ${c.name}`, note, (r) => {
    const cut = r.exitCode === 0 ? inspectField(r.output, field) : undefined;
    return cut !== undefined ? { ...r, output: `${cut}\n` } : r;
  });
}

/** What `ip a` inside shows, in words, when the namespace is not the container's own. */
function sharedNote(host: Host, c: Container): string | undefined {
  if (c.networkMode === 'host') return `Host network mode: ${c.name} sees the host's own interfaces.`;
  const target = c.joins ? host.docker?.containers[c.joins] : undefined;
  if (target) return `${c.name} shares ${target.name}'s network namespace: same interfaces, routes and ports.`;
  return undefined;
}

function runningSections(world: World, host: Host, c: Container): SectionPlan[] {
  const name = c.name;
  const hasIp = imageHas(c, 'ip');
  const noIp = `${c.image} has no ip tool, so docker exec fails here as on a real host. `;
  const shared = sharedNote(host, c);
  const ipNote = hasIp ? shared : `${noIp}Its addresses are in the docker inspect networking above; the host's end of each veth pair is below.`;
  const sections: SectionPlan[] = [
    inspectSection(world, host, c, 'NetworkSettings', 'networking', 'Networking (docker inspect)', `The NetworkSettings part of docker inspect ${name}.`),
    section(world, host, 'ip-a', 'Addresses', `docker exec ${name} ip a`, ipNote),
    section(world, host, 'routes', 'Routes', `docker exec ${name} ip route`, hasIp ? undefined : `${noIp}The default route goes via the Gateway in docker inspect.`),
    section(world, host, 'resolv-conf', 'DNS: /etc/resolv.conf', `docker exec ${name} cat /etc/resolv.conf`),
    section(world, host, 'hosts', 'Names: /etc/hosts', `docker exec ${name} cat /etc/hosts`),
  ];
  sections.push(
    section(world, host, 'ports', 'Published ports', `docker port ${name}`, undefined, (r) =>
      r.exitCode === 0 && r.output === '' ? { ...r, note: 'No published ports: docker port prints nothing (publish with docker run -p).' } : r,
    ),
  );
  for (const { network, endpoint } of c.endpoints) {
    const inner = endpoint.ctrIface ? world.ifaces[endpoint.ctrIface] : undefined;
    const outer = endpoint.hostIface ? world.ifaces[endpoint.hostIface] : undefined;
    if (!inner || !outer) continue;
    const bridge = outer.master ? world.ifaces[outer.master] : undefined;
    const net = host.docker?.networks[network]?.name ?? network.slice(0, 12);
    sections.push(
      section(
        world, host, `veth-${inner.name}`, `Host end of ${inner.name}`, `ip link show ${outer.name}`,
        `${inner.name} in ${name} is one end of a veth pair; ${outer.name} on ${host.hostname} is the other` +
          (bridge ? `, a port of ${bridge.name} (network ${net}).` : '.'),
      ),
    );
  }
  return sections;
}

export function containerFacts(world: World, host: Host, c: Container): FactsPlan {
  const base = { kind: 'container' as const, title: c.name, fields: fieldsOf(host, c) };
  if (c.state !== 'running') {
    const why = c.state === 'created' ? 'was created but never started' : 'is stopped';
    const note = `${c.name} ${why}: it has no network namespace, so there is nothing to exec into. docker start ${c.name} brings it up.`;
    return { ...base, subtitle: `container, ${c.state}`, sections: [inspectSection(world, host, c, 'State', 'state', 'State (docker inspect)', note)] };
  }
  return { ...base, subtitle: 'container', sections: runningSections(world, host, c) };
}
