/**
 * Facts of the kernel objects: named namespaces, bridges, interfaces, veth pairs and cables,
 * bridge ports, the internet NAT gateway and the LAN switch. Each runs iproute2, brctl, bridge and
 * iptables where the object lives (see places.ts), as a user on the host would.
 *
 * Invariants: a namespace's iptables sections appear only when it has rules of its own (an empty
 * table is three policy lines); the gateway's and switch's own interfaces are never shown (the
 * graph folds them), only what the hosts see of them.
 */
import type { Host, Iface, Netns, TableName, World } from '../../sim';
import { formatCidr, formatIp4, hasCarrier, nsIfaces, operState } from '../../sim';
import { overlayIfaceFields } from './facts-overlay';
import { imageHas, lineIn, placeOf, type Place } from './places';
import { section, wordsSection, type FactField, type FactsPlan, type SectionPlan } from './types';

/** Where a place is, in words. */
export function placeText(place: Place): string {
  switch (place.kind) {
    case 'root':
      return `${place.host.hostname} (root namespace)`;
    case 'named':
      return `netns ${place.ns.name}`;
    case 'container':
      return `container ${place.container.name}`;
    case 'other':
      if (place.ns.kind === 'gateway') return 'the internet NAT gateway';
      if (place.ns.kind === 'segment') return 'the LAN switch';
      if (place.ns.kind === 'overlay') return `${place.host.hostname}'s overlay sandbox ${place.ns.name}`;
      return `namespace ${place.ns.name}`;
  }
}

const addrsText = (i: Iface): string => i.addrs.map((a) => formatCidr(a.addr, a.prefix)).join(', ') || 'none';

/** A note for a command run in a container whose image lacks the tool. */
function missingTool(place: Place, tool: string): string | undefined {
  if (place.kind !== 'container' || imageHas(place.container, tool)) return undefined;
  return `${place.container.image} has no ${tool} tool, so docker exec fails here as on a real host.`;
}

/** `cmd` run where `place` is; a note when the image cannot run it. */
function sectionIn(world: World, place: Place, slug: string, title: string, cmd: string, note?: string, netnsExec = false): SectionPlan {
  const tool = cmd.split(' ')[0] ?? '';
  const notes = [note, missingTool(place, tool)].filter(Boolean).join(' ');
  return section(world, place.host, slug, title, lineIn(place, cmd, netnsExec), notes || undefined);
}

/** `iptables -S` of a namespace, only when the table has a rule or a chain of its own. */
function iptablesIfAny(world: World, place: Place, table: TableName): SectionPlan | undefined {
  const used = place.ns.iptables[table].chains.some((c) => c.rules.length > 0 || c.policy === undefined);
  if (!used) return undefined;
  const t = table === 'nat' ? ' -t nat' : '';
  return sectionIn(world, place, table, `iptables ${table} table`, `iptables${t} -S`, undefined, true);
}

export function netnsFacts(world: World, host: Host, ns: Netns): FactsPlan {
  const place = placeOf(world, ns.id) ?? { kind: 'other', host, ns };
  const ifaces = nsIfaces(world, ns).filter((i) => i.kind !== 'loopback');
  const fields: FactField[] = [
    { label: 'Host', value: host.hostname },
    { label: 'Interfaces', value: ifaces.map((i) => `${i.name} ${addrsText(i)}`).join('; ') || 'only lo' },
    { label: 'ip_forward', value: ns.ipForward ? '1' : '0' },
  ];
  const base = { kind: 'netns' as const, title: ns.kind === 'named' ? `netns ${ns.name}` : ns.name, fields };
  if (place.kind !== 'named' && place.kind !== 'container') {
    const note = 'No shell on the host can enter this namespace (no ip netns name, no running container).';
    return { ...base, subtitle: 'network namespace', sections: [wordsSection('note', 'Namespace', note)] };
  }
  const sections = [
    sectionIn(world, place, 'ip-a', 'Addresses', 'ip a', undefined, true),
    sectionIn(world, place, 'routes', 'Routes', 'ip route'),
  ];
  for (const table of ['filter', 'nat'] as const) {
    const s = place.kind === 'named' ? iptablesIfAny(world, place, table) : undefined;
    if (s) sections.push(s);
  }
  return { ...base, subtitle: 'network namespace', sections };
}

export function bridgeFacts(world: World, br: Iface): FactsPlan {
  const place = placeOf(world, br.ns);
  const host = place?.host;
  if (!place || !host) return { kind: 'bridge', title: br.name, subtitle: 'bridge', fields: [], sections: [] };
  const net = Object.values(host.docker?.networks ?? {}).find((n) => n.bridge === br.id);
  const ports = Object.values(world.ifaces).filter((i) => i.master === br.id);
  const fields: FactField[] = [
    { label: 'In', value: placeText(place) },
    { label: 'State', value: operState(world, br) },
    { label: 'Addresses', value: addrsText(br) },
    { label: 'Ports', value: ports.map((p) => p.name).join(', ') || 'none' },
  ];
  if (net) fields.push({ label: 'Network', value: `${net.name} (${net.id.slice(0, 12)})` });
  const sections = [
    sectionIn(world, place, 'ports', 'Ports', `brctl show ${br.name}`, undefined, true),
    sectionIn(world, place, 'fdb', 'Forwarding database', `bridge fdb show br ${br.name}`, 'MACs the bridge learned, and its ports\' own (permanent).', true),
    sectionIn(world, place, 'addresses', 'Addresses', `ip addr show ${br.name}`),
  ];
  if (net) sections.push({ ...section(world, host, 'network', 'Docker network', `docker network inspect ${net.name}`), folded: true });
  const subtitle = net ? `bridge of Docker network ${net.name}` : 'Linux bridge';
  return { kind: 'bridge', title: br.name, subtitle, fields, sections };
}

/** `ip link show IF` where it lives (`-d` for details where iproute2 runs: BusyBox's ip has none). */
function linkSection(world: World, place: Place, iface: Iface, slug: string, title: string, note?: string): SectionPlan {
  if (place.kind === 'other') return wordsSection(slug, title, `${iface.name} belongs to ${placeText(place)}: no shell on a host reaches it.`);
  const cmd = place.kind === 'container' ? `ip link show ${iface.name}` : `ip -d link show ${iface.name}`;
  return sectionIn(world, place, slug, title, cmd, note);
}

export function ifaceFacts(world: World, iface: Iface): FactsPlan {
  const place = placeOf(world, iface.ns);
  if (!place) return { kind: 'iface', title: iface.name, subtitle: iface.kind, fields: [], sections: [] };
  const peer = iface.peer ? world.ifaces[iface.peer] : undefined;
  const peerPlace = peer ? placeOf(world, peer.ns) : undefined;
  const master = iface.master ? world.ifaces[iface.master] : undefined;
  const fields: FactField[] = [
    { label: 'In', value: placeText(place) },
    { label: 'State', value: operState(world, iface) },
    { label: 'MAC', value: iface.mac },
    { label: 'MTU', value: String(iface.mtu) },
    { label: 'Addresses', value: addrsText(iface) },
  ];
  if (master) fields.push({ label: 'Bridge', value: master.name });
  if (peer && peerPlace) fields.push({ label: iface.kind === 'veth' ? 'Peer' : 'Cabled to', value: `${peer.name} in ${placeText(peerPlace)}` });
  fields.push(...overlayIfaceFields(world, iface));
  const sections = [linkSection(world, place, iface, 'link', 'Link')];
  if (iface.kind === 'vxlan' && place.kind !== 'other' && place.kind !== 'container') {
    sections.push(sectionIn(world, place, 'fdb', 'VXLAN forwarding', `bridge fdb show dev ${iface.name}`, 'Which remote VTEP each MAC is sent to.', true));
  }
  if (place.kind !== 'other') sections.push(sectionIn(world, place, 'addresses', 'Addresses', `ip addr show dev ${iface.name}`));
  if (place.kind === 'root' || place.kind === 'named') sections.push(sectionIn(world, place, 'routes', 'Routes through it', `ip route show dev ${iface.name}`));
  if (iface.kind === 'veth' && peer && peerPlace) {
    const peerMaster = peer.master ? world.ifaces[peer.master] : undefined;
    const where = `${iface.name}'s other end is ${peer.name} in ${placeText(peerPlace)}` + (peerMaster ? `, a port of ${peerMaster.name}.` : '.');
    sections.push(linkSection(world, peerPlace, peer, 'peer', `Peer: ${peer.name}`, where));
  }
  return { kind: 'iface', title: iface.name, subtitle: ifaceSubtitle(iface), fields, sections };
}

/** What kind of interface it is, in words. */
function ifaceSubtitle(iface: Iface): string {
  switch (iface.kind) {
    case 'ether':
      return 'Ethernet NIC';
    case 'vxlan':
      return 'VXLAN device (VTEP)';
    case 'macvlan':
      return `macvlan (${iface.macvlanMode ?? 'bridge'} mode)`;
    default:
      return iface.kind;
  }
}

/** A veth pair or a cable: both ends, where they are and their states. */
export function linkFacts(world: World, a: Iface, b: Iface): FactsPlan {
  const pa = placeOf(world, a.ns);
  const pb = placeOf(world, b.ns);
  const [[x, px], [y, py]] = pa?.kind === 'other' ? [[b, pb], [a, pa]] : [[a, pa], [b, pb]];
  const fields: FactField[] = [];
  const sections: SectionPlan[] = [];
  const ends = [[x, px, 'end-a'], [y, py, 'end-b']] as const;
  for (const [iface, place, slug] of ends) {
    if (!place) continue;
    fields.push({ label: iface.name, value: `${operState(world, iface)} in ${placeText(place)}` });
    sections.push(linkSection(world, place, iface, slug, `${iface.name} in ${placeText(place)}`));
  }
  const kind = a.kind === 'veth' ? 'veth pair' : 'cable';
  const up = hasCarrier(world, a) && hasCarrier(world, b);
  fields.push({ label: 'Carrier', value: up ? 'both ends up' : 'down (a side is down or unplugged)' });
  return { kind: 'link', title: `${x.name} — ${y.name}`, subtitle: kind, fields, sections };
}

/** A bridge port: the enslaved interface and the bridge, with the port's STP state. */
export function portFacts(world: World, iface: Iface, br: Iface): FactsPlan {
  const place = placeOf(world, iface.ns);
  if (!place) return { kind: 'port', title: `${iface.name} → ${br.name}`, subtitle: 'bridge port', fields: [], sections: [] };
  const state = hasCarrier(world, iface) && br.up ? 'forwarding' : 'disabled';
  const fields: FactField[] = [
    { label: 'Port', value: `${iface.name} (${operState(world, iface)})` },
    { label: 'Bridge', value: `${br.name} (${operState(world, br)})` },
    { label: 'Port state', value: state },
  ];
  const sections = [
    linkSection(world, place, iface, 'port', `Port ${iface.name}`),
    sectionIn(world, place, 'bridge', `Bridge ${br.name}`, `brctl show ${br.name}`, undefined, true),
  ];
  return { kind: 'port', title: `${iface.name} → ${br.name}`, subtitle: 'bridge port', fields, sections };
}

/** The host NICs cabled to a folded namespace (the NAT gateway, the LAN switch). */
function cabledNics(world: World, ns: Netns): { host: Host; nic: Iface }[] {
  return nsIfaces(world, ns).flatMap((i) => {
    const nic = i.peer ? world.ifaces[i.peer] : undefined;
    const host = nic ? world.hosts[world.netns[nic.ns]?.host ?? ''] : undefined;
    return nic && host && host.rootNs === nic.ns ? [{ host, nic }] : [];
  });
}

export function internetFacts(world: World, ns: Netns): FactsPlan {
  const nics = cabledNics(world, ns);
  const gw = nsIfaces(world, ns).flatMap((i) => (i.kind === 'loopback' ? [] : i.addrs.map((a) => formatIp4(a.addr))));
  const fields: FactField[] = [
    { label: 'Gateway', value: gw.join(', ') || 'none' },
    { label: 'Uplink', value: nics.map(({ host, nic }) => `${host.hostname} ${nic.name}`).join(', ') || 'none' },
  ];
  const sections = nics.flatMap(({ host }, i) => {
    const suffix = nics.length > 1 ? `-${i + 1}` : '';
    const on = nics.length > 1 ? ` on ${host.hostname}` : '';
    return [
      section(world, host, `routes${suffix}`, `Routes${on}`, 'ip route', 'The default route sends what no other route matches to the NAT gateway.'),
      section(world, host, `masquerade${suffix}`, `Source NAT${on}`, 'iptables -t nat -S POSTROUTING', 'MASQUERADE rewrites containers\' source addresses to the host\'s on the way out.'),
    ];
  });
  return { kind: 'internet', title: 'internet / NAT', subtitle: 'the outside world, through the VM\'s NAT', fields, sections };
}

export function lanFacts(world: World, ns: Netns): FactsPlan {
  const nics = cabledNics(world, ns);
  const fields: FactField[] = [{ label: 'Hosts', value: nics.map(({ host, nic }) => `${host.hostname} ${nic.name}`).join(', ') || 'none' }];
  const sections = nics.map(({ host, nic }) => section(world, host, `nic-${host.hostname}`, `${host.hostname} ${nic.name}`, `ip addr show ${nic.name}`));
  return { kind: 'lan', title: 'LAN switch', subtitle: 'the private network between the VMs', fields, sections };
}
