/**
 * Facts of the overlay work's objects: an overlay network (the one graph node for all its
 * hosts' sandboxes), a VXLAN device and a macvlan child. What `ip -d link` and `bridge fdb` would
 * tell, read from the World: Docker's sandbox `1-<netid10>` has no `ip netns` name, so no shell
 * line reaches it (on a real host: `nsenter --net=/var/run/docker/netns/1-<netid10> ...`).
 */
import type { Host, Iface, Netns, World } from '../../sim';
import { formatIp4, operState } from '../../sim';
import { isOverlaySandbox, overlayInfo, overlayNodeId, vtepOf } from '../graph/overlay-network';
import { section, type FactField, type FactsPlan, type SectionPlan } from './types';

/** `vxlan id 4096 dstport 4789 proxy l2miss l3miss` as `ip -d link` words it (the settings only). */
export function vxlanSummary(world: World, iface: Iface): string {
  const v = iface.vxlan;
  if (!v) return '';
  const dev = v.dev ? world.ifaces[v.dev] : undefined;
  const words = [`vxlan id ${v.vni}`];
  if (v.remote !== undefined) words.push(`remote ${formatIp4(v.remote)}`);
  if (v.local !== undefined) words.push(`local ${formatIp4(v.local)}`);
  if (dev) words.push(`dev ${dev.name}`);
  words.push(`dstport ${v.port}`);
  if (!v.learning) words.push('nolearning');
  if (v.proxy) words.push('proxy');
  if (v.l2miss) words.push('l2miss');
  if (v.l3miss) words.push('l3miss');
  return words.join(' ');
}

/** The VXLAN forwarding entries as `bridge fdb show dev vxlan0` lists the static ones. */
export function vxlanFdbLines(iface: Iface): string[] {
  return (iface.vxlan?.fdb ?? []).map((f) => `${f.mac} dev ${iface.name} dst ${formatIp4(f.dst)} self permanent`);
}

/** Extra fields of a vxlan or macvlan iface for the iface facts (none for other kinds). */
export function overlayIfaceFields(world: World, iface: Iface): FactField[] {
  if (iface.kind === 'macvlan') {
    const lower = iface.link ? world.ifaces[iface.link] : undefined;
    const lowerHost = lower ? world.hosts[world.netns[lower.ns]?.host ?? ''] : undefined;
    return [
      { label: 'Parent', value: lower ? `${lower.name}${lowerHost ? ` on ${lowerHost.hostname}` : ''} (${operState(world, lower)})` : 'gone' },
      { label: 'Mode', value: `macvlan ${iface.macvlanMode ?? 'bridge'}` },
    ];
  }
  if (iface.kind !== 'vxlan' || !iface.vxlan) return [];
  const v = iface.vxlan;
  const vtep = vtepOf(world, iface);
  const fdb = vxlanFdbLines(iface);
  const neigh = (world.netns[iface.ns]?.neigh ?? []).filter((n) => n.dev === iface.id && n.mac);
  return [
    { label: 'VNI', value: String(v.vni) },
    { label: 'dstport', value: `${v.port} (UDP)` },
    { label: 'Settings', value: vxlanSummary(world, iface) },
    { label: 'VTEP', value: vtep ? `${formatIp4(vtep.addr)} (${vtep.iface.name})` : 'not known yet (no dev, local or peer)' },
    { label: 'FDB', value: fdb.join('; ') || 'none' },
    ...(neigh.length > 0 ? [{ label: 'ARP (proxy)', value: neigh.map((n) => `${formatIp4(n.ip)} lladdr ${n.mac}`).join('; ') }] : []),
  ];
}

/** An overlay's sandboxes, one per host, with their vxlan devices. */
function sandboxes(world: World, key: string): { host: Host; ns: Netns; vxlan: Iface | undefined }[] {
  return Object.values(world.netns).flatMap((ns) => {
    if (!isOverlaySandbox(ns) || overlayNodeId(ns) !== key) return [];
    const host = world.hosts[ns.host];
    const vxlan = ns.ifaces.map((id) => world.ifaces[id]).find((i) => i?.kind === 'vxlan');
    return host ? [{ host, ns, vxlan }] : [];
  });
}

/** `ovl:<netid10>`: the overlay network across its hosts. */
export function overlayFacts(world: World, id: string): FactsPlan | undefined {
  const all = sandboxes(world, id);
  const first = all[0];
  if (!first) return undefined;
  const info = overlayInfo(world, first.ns);
  const fields: FactField[] = [
    { label: 'Network', value: info.network ? `${info.name} (${info.network.slice(0, 12)})` : info.name },
    ...(info.subnet ? [{ label: 'Subnet', value: info.subnet }] : []),
    ...(info.vni !== undefined ? [{ label: 'VNI', value: String(info.vni) }] : []),
  ];
  const sections: SectionPlan[] = [];
  for (const { host, ns, vxlan } of all) {
    const vtep = vxlan ? vtepOf(world, vxlan) : undefined;
    fields.push({ label: host.hostname, value: `sandbox ${ns.name}${vtep ? `, VTEP ${formatIp4(vtep.addr)}` : ''}` });
    if (vxlan) {
      const output = [`${vxlan.name}: ${vxlanSummary(world, vxlan)}`, ...vxlanFdbLines(vxlan)].join('\n') + '\n';
      const note = `In ${host.hostname}'s sandbox ${ns.name} (no ip netns name: nsenter --net=/var/run/docker/netns/${ns.name} reaches it).`;
      sections.push({ slug: `vxlan-${host.hostname}`, title: `${vxlan.name} on ${host.hostname}`, note, table: true, run: () => ({ output, exitCode: 0 }) });
    }
    if (info.network && host.docker?.networks[info.network]) {
      sections.push({ ...section(world, host, `network-${host.hostname}`, `docker network inspect on ${host.hostname}`, `docker network inspect ${info.name}`), folded: true });
    }
  }
  const subtitle = `overlay network on ${all.length} host${all.length === 1 ? '' : 's'} (VXLAN)`;
  return { kind: 'overlay', title: info.name, subtitle, fields, sections };
}
