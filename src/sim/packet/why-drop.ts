/**
 * Why a packet was dropped, in plain words, from the drop step's `reason` (the texts engine.ts
 * emits) and the World (which rule, which Docker network, which link). Each kind of drop has its
 * own explanation and, where one exists, the command that fixes it:
 * - iptables: why-firewall.ts;
 * - routing: no route at the sender or at a router, no route back (a missing MASQUERADE),
 *   ip_forward=0, TTL exhausted, martians, lo down;
 * - neighbours: an ARP request nobody answered (why-l2.ts: a link down, a detached veth, nobody there).
 */
import { formatIp4, inPrefix, networkOf } from '../net/ip4';
import type { Iface, World } from '../net/types';
import type { Explanation } from './explain';
import { ctrNetworks, hostnameOf, nsLabel, placeName, sandbox, segmentName } from './places';
import { whyNoArp } from './why-l2';
import { explanation, fixCmd, generic, ifacesOf, inNs, listWords, routeText, type Ctx } from './why-ctx';
import { iptablesDrop } from './why-firewall';

/** A gateway for a namespace: another namespace's address on one of its connected subnets (a router first). */
function gatewayFor(world: World, nsId: string): string | undefined {
  const ns = world.netns[nsId];
  if (!ns) return undefined;
  const candidates: { ip: number; score: number }[] = [];
  for (const r of ns.routes) {
    if (r.via !== undefined || r.prefix === 0) continue;
    for (const other of Object.values(world.ifaces)) {
      if (other.ns === nsId || other.kind === 'loopback') continue;
      const owner = world.netns[other.ns];
      for (const a of other.addrs) {
        if (a.scope === 'host' || !inPrefix(a.addr, r.dst, r.prefix)) continue;
        candidates.push({ ip: a.addr, score: (owner?.ipForward ? 2 : 0) + (owner?.kind === 'root' ? 1 : 0) });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  return candidates[0] ? formatIp4(candidates[0].ip) : undefined;
}

function noRoute(c: Ctx, i: number): Explanation {
  const ns = c.world.netns[c.srcNs];
  const routes = ns ? ns.routes.map((r) => routeText(c.world, r)) : [];
  const routeLine = routes.length ? `Its routes: ${routes.join('; ')}.` : 'Its routing table is empty.';
  const dst = formatIp4(c.dst);
  if (c.srcCtr?.container.networkMode === 'none') {
    return explanation(
      false,
      `${c.srcName} runs with --network none: it has only lo, so it has no route to ${dst}.`,
      ['A container started with --network none gets a namespace with nothing but the loopback interface.', routeLine],
      { text: `Run it on a network instead (docker run --network NAME …); Docker cannot connect a --network none container to another network.` },
      i,
    );
  }
  if (c.srcCtr) {
    const nets = ctrNetworks(sandbox(c.srcCtr));
    const internal = nets.filter((n) => n.internal);
    if (internal.length && internal.length === nets.length) {
      const names = listWords(internal.map((n) => n.name));
      return explanation(
        false,
        `${c.srcName} is only on ${names}, an --internal network: Docker gives it no default route, so ${dst} is out of reach.`,
        [`Containers on an internal network reach only each other.`, routeLine],
        { text: `Also connect ${c.srcName} to a network that is not internal`, command: `docker network connect bridge ${c.srcName}` },
        i,
      );
    }
  }
  const hasAddr = ns ? ifacesOf(c.world, ns).some((x) => x.kind !== 'loopback' && x.addrs.length > 0) : false;
  if (!hasAddr) {
    return explanation(
      false,
      `${c.srcName} has no address besides lo, hence no route to ${dst}.`,
      [routeLine],
      { text: `Give it an interface with an address (a veth pair to a bridge or the host), then a route.` },
      i,
    );
  }
  const gw = gatewayFor(c.world, c.srcNs);
  const cmd = gw ? inNs(c, c.srcNs, `ip route add default via ${gw}`) : undefined;
  if (c.srcCtr && cmd === undefined) {
    return explanation(
      false,
      `${c.srcName} has no route to ${dst}: no default route and no network that contains it.`,
      [routeLine, 'Docker sets a container\'s routes from its networks; it cannot change them itself (no NET_ADMIN).'],
      { text: `Connect ${c.srcName} to a network with a gateway`, command: `docker network connect bridge ${c.srcName}` },
      i,
    );
  }
  return explanation(
    false,
    `${c.srcName} has no route to ${dst}: no default route and no network that contains it.`,
    [routeLine, 'Without a matching route the kernel refuses to send: "Network is unreachable".'],
    fixCmd(gw ? `Add a default route via ${gw}` : 'Add a default route via a router on one of its networks', cmd),
    i,
  );
}

/** An answer (or an ICMP error) that found no route back to the sender: usually a missing MASQUERADE. */
function noRouteBack(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const where = nsLabel(c.world, s.ns);
  const src = formatIp4(s.frame.dst);
  const routers = c.steps.slice(0, c.requestEnd >= 0 ? c.requestEnd : i).filter((x) => x.kind === 'forward' && x.ns !== s.ns);
  const last = routers.at(-1);
  const out = last?.iface !== undefined ? c.world.ifaces[last.iface] : undefined;
  const srcIf = ifacesOf(c.world, c.world.netns[c.srcNs]!).find((x) => x.addrs.some((a) => a.addr === s.frame.dst));
  const a = srcIf?.addrs.find((x) => x.addr === s.frame.dst);
  const subnet = a ? `${formatIp4(networkOf(a.addr, a.prefix))}/${a.prefix}` : `${src}/32`;
  if (last && out) {
    const router = placeName(c.world, last.ns);
    return explanation(
      false,
      `${c.dstLabel} answered, but ${where} has no route back to ${src}: ${router} sent it out of ${out.name} without masquerading it.`,
      [`${src} is a private address only ${router} knows how to reach; whatever is behind ${out.name} does not.`, 'Docker masquerades its own subnets (nat POSTROUTING MASQUERADE); this one is not Docker\'s.'],
      fixCmd(`Masquerade ${subnet} on ${router}'s ${out.name}`, inNs(c, last.ns, `iptables -t nat -A POSTROUTING -s ${subnet} -o ${out.name} -j MASQUERADE`)),
      i,
    );
  }
  return explanation(false, `${c.dstLabel} answered, but ${where} has no route back to ${src}.`, [], fixCmd(`Add a route back to ${subnet} on ${where}`, undefined), i);
}

function routerNoRoute(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const where = nsLabel(c.world, s.ns);
  return explanation(
    false,
    `${where} has no route to ${formatIp4(s.frame.dst)}: it answered with ICMP "net unreachable".`,
    [`${c.srcName} handed the packet to ${placeName(c.world, s.ns)} as its gateway, but its routing table has nothing for ${formatIp4(s.frame.dst)}.`],
    fixCmd(`Add a route for it on ${placeName(c.world, s.ns)}`, undefined),
    i,
  );
}

function arpFailed(c: Ctx, i: number, ipText: string): Explanation {
  const s = c.steps[i]!;
  const dev = s.iface !== undefined ? c.world.ifaces[s.iface] : undefined;
  const ip = c.steps.slice(0, i).reverse().find((x) => x.kind === 'arp-request' && formatIp4(x.frame.dst) === ipText)?.frame;
  if (!dev || !ip) return generic(c, i);
  const atSender = s.ns === c.srcNs && (c.requestEnd < 0 || i < c.requestEnd);
  const who = atSender ? c.srcName : placeName(c.world, s.ns);
  const gateway = ip.dst !== c.dst && atSender ? ` (its gateway to ${formatIp4(c.dst)})` : '';
  const seg = segmentName(c.world, dev);
  const why = whyNoArp(c.world, dev, ip.dst, ip.src);
  const base = `${who} asked "who has ${ipText}?" on ${dev.name}${gateway} and got no answer, so the packet could not be sent (${c.trace.outcome.kind === 'unreachable' ? 'host unreachable' : 'no answer'}).`;
  switch (why.kind) {
    case 'down': {
      const x = why.iface;
      const place = placeName(c.world, x.ns);
      const cmd = inNs(c, x.ns, `ip link set ${x.name} up`);
      const role = x.kind === 'bridge' ? `bridge ${x.name}` : x.name;
      return explanation(
        false,
        `${role} (${place}) is down, so nothing reaches ${placeName(c.world, why.owner.ns)} (${ipText}).`,
        [base, whileDown(x)],
        fixCmd(`Bring ${x.name} up`, cmd ?? restartCmd(c, x)),
        i,
      );
    }
    case 'detached': {
      const br = why.bridge;
      const cmd = br && br.ns === why.iface.ns ? inNs(c, br.ns, `ip link set ${why.iface.name} master ${br.name}`) : undefined;
      return explanation(
        false,
        `${ipText} is on ${placeName(c.world, why.owner.ns)} (${why.owner.name}), but the other end of its veth, ${why.iface.name}, is attached to no bridge${br ? `: it is not a port of ${br.name}` : ''}.`,
        [base],
        fixCmd(br ? `Attach ${why.iface.name} to ${br.name}` : `Connect ${why.iface.name} to the segment`, cmd),
        i,
      );
    }
    case 'duplicate':
      return explanation(
        false,
        `${placeName(c.world, why.owner.ns)} has ${ipText} but also the sender's address ${formatIp4(ip.src)}, so it ignores the request.`,
        [base, 'Two namespaces share an address: Linux drops ARP whose sender address is one of its own.'],
        { text: 'Give one of them a different address.' },
        i,
      );
    case 'unwired':
      return explanation(
        false,
        `${ipText} belongs to ${placeName(c.world, why.owner.ns)} (${why.owner.name}), which is not on ${seg}.`,
        [base],
        { text: `Connect ${placeName(c.world, why.owner.ns)} to ${seg}, or probe an address that is on it.` },
        i,
      );
    case 'vxlan-neigh': {
      const vx = why.vxlan;
      const mac = why.owner?.mac;
      const cmd = mac ? inNs(c, vx.ns, `ip neigh add ${ipText} lladdr ${mac} dev ${vx.name} nud permanent`) : undefined;
      const miss = vx.vxlan?.l3miss ? ' With l3miss the miss is reported to userspace (Docker fills the entry from there) and the request is dropped.' : '';
      return explanation(
        false,
        `${vx.name} in ${placeName(c.world, vx.ns)} answers ARP itself (proxy) and has no neighbour entry for ${ipText}, so nobody answers "who has ${ipText}?".`,
        [base, `With proxy, a vxlan device never sends ARP through the tunnel: it replies from its own neighbour table (Docker's overlay adds a PERMANENT entry per remote container).${miss}`],
        fixCmd(`Add the neighbour entry${why.owner ? ` (${placeName(c.world, why.owner.ns)}'s MAC)` : ''}`, cmd),
        i,
      );
    }
    case 'macvlan-parent': {
      const hostNs = why.parent.ns;
      const host = placeName(c.world, hostNs);
      const childIp = why.child.addrs[0] ? formatIp4(why.child.addrs[0].addr) : ipText;
      const childPlace = placeName(c.world, why.child.ns);
      const mv = freeName(c.world, hostNs, 'mv0');
      const cmd = `ip link add ${mv} link ${why.parent.name} type macvlan mode bridge`;
      const headline =
        why.owner === why.child
          ? `${host} cannot reach its own macvlan child ${childIp} (${childPlace}) through ${why.parent.name}: the kernel does not pass frames between a macvlan and its parent; add a macvlan interface on the host (${cmd}) to reach it.`
          : `${childPlace} (${childIp}) cannot reach its parent ${host} (${ipText}) on ${why.parent.name}: the kernel does not pass frames between a macvlan and its parent; add a macvlan interface on the host (${cmd}) to reach it.`;
      return explanation(
        false,
        headline,
        [base, `A macvlan child sends straight out of ${why.parent.name}'s wire and only receives what arrives from it; ${why.parent.name}'s own traffic never reaches its children. Other hosts on the wire reach ${childIp} fine.`],
        { text: `Give ${host} a macvlan interface of its own on ${why.parent.name} (mode bridge) with an address in the subnet, and route ${childIp} through it.`, command: inNs(c, hostNs, cmd) ?? cmd },
        i,
      );
    }
    case 'other-host': {
      const owner = why.owner;
      const ownerHost = hostnameOf(c.world, owner.ns) ?? '?';
      const myHost = hostnameOf(c.world, dev.ns) ?? '?';
      const route = c.world.netns[s.ns]?.routes.find((r) => r.dev === dev.id && r.via === undefined && inPrefix(ip.dst, r.dst, r.prefix));
      const net = route ? `${formatIp4(networkOf(route.dst, route.prefix))}/${route.prefix}` : ipText;
      const present = why.present.length ? [`On ${seg}: ${listWords(why.present)}.`] : [];
      return explanation(
        false,
        `${myHost} sends ${net} to its own ${why.bridge ? why.bridge.name : seg} and nobody there has ${ipText}: it belongs to ${placeName(c.world, owner.ns)} on ${ownerHost}, behind that host's private ${why.ownerBridge ? `${why.ownerBridge.name} ` : ''}bridge.`,
        [base, ...present, `Each host has its own private bridge with its own addresses; they are not routed between hosts over the LAN. Reach ${placeName(c.world, owner.ns)} through ${ownerHost}'s address (a published port), or put both on an overlay network (docker swarm).`],
        { text: `Publish a port on ${ownerHost} and use its address, or connect both containers to an overlay network.` },
        i,
      );
    }
    case 'nobody': {
      const present = why.present.length ? [`On ${seg}: ${listWords(why.present)}.`] : [];
      return explanation(
        false,
        `Nobody on ${seg} has ${ipText}: the ARP request went unanswered (host unreachable).`,
        [base, ...present],
        { text: gateway ? `Check ${who}'s default route: ${ipText} should be a router on ${seg}.` : `Check the address: nothing answers for ${ipText} there.` },
        i,
      );
    }
  }
}

/** What a device that is down stops carrying. */
function whileDown(x: Iface): string {
  if (x.kind === 'bridge') return 'A bridge that is down forwards nothing.';
  if (x.kind !== 'vxlan') return 'A veth pair carries frames only while both ends are up.';
  const flushed = x.vxlan?.proxy ? ' Taking it down also flushed its neighbour entries, PERMANENT ones included: add them again once it is up.' : '';
  return `${x.name} is the tunnel to the other hosts: while it is down, nothing leaves or arrives through it.${flushed}`;
}

/** The first of NAME, NAME1, NAME2 ... that no interface in `ns` has. */
function freeName(world: World, ns: string, name: string): string {
  const taken = new Set(Object.values(world.ifaces).filter((x) => x.ns === ns).map((x) => x.name));
  if (!taken.has(name)) return name;
  let n = 1;
  while (taken.has(`${name}${n}`)) n++;
  return `${name}${n}`;
}

/** A container's own stack can only be reset from outside: restarting it recreates its veth. */
function restartCmd(c: Ctx, x: Iface): string | undefined {
  const n = c.world.netns[x.ns];
  if (n?.kind !== 'container') return undefined;
  const name = placeName(c.world, x.ns);
  return `docker restart ${name}`;
}

function forwardOff(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const ns = c.world.netns[s.ns];
  if (ns?.kind === 'gateway') {
    return explanation(
      false,
      `Nobody has ${formatIp4(c.dst)}: it left by the default route to the internet, which does not route to it.`,
      [`${c.srcName} has no route for ${formatIp4(c.dst)} except the default one, so it went out to the NAT gateway; that address is not on the internet either.`],
      { text: `Check the address, or add a route to its network on ${c.srcName}.` },
      i,
    );
  }
  return explanation(
    false,
    `${nsLabel(c.world, s.ns)} received a packet for ${formatIp4(s.frame.dst)} but does not forward: net.ipv4.ip_forward is 0.`,
    [`${c.srcName} uses ${placeName(c.world, s.ns)} as its router; a Linux box routes only with ip_forward=1.`],
    fixCmd('Turn forwarding on', inNs(c, s.ns, 'sysctl -w net.ipv4.ip_forward=1')),
    i,
  );
}

function ttlExceeded(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const sent = c.steps.find((x) => x.frame.type === 'ipv4')?.frame.ttl ?? 64;
  const routers = c.steps.filter((x) => x.kind === 'forward').map((x) => placeName(c.world, x.ns));
  const loop = new Set(routers).size < routers.length;
  return explanation(
    false,
    `The packet's TTL ran out at ${placeName(c.world, s.ns)}: it answered with ICMP "time exceeded".`,
    [loop ? `It went round in a routing loop: ${routers.join(' → ')}.` : `It was sent with TTL ${sent}, and each router takes one off.`],
    loop ? { text: 'Fix the routes that point back and forth.' } : { text: 'Send it with a larger TTL (ping -t 64).' },
    i,
  );
}

function martian(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const where = placeName(c.world, s.ns);
  if (s.reason.startsWith('martian source (one')) {
    return explanation(
      false,
      `${where} dropped it as a martian: its source ${formatIp4(s.frame.src)} is one of ${where}'s own addresses.`,
      ['Two namespaces use the same address; a packet "from yourself" arriving on the wire is discarded.'],
      { text: 'Give one of them a different address.' },
      i,
    );
  }
  return explanation(
    false,
    `${where} dropped it as a martian: 127.0.0.0/8 never travels on a wire (${s.reason}).`,
    ['Each namespace has its own loopback network; 127.x addresses are local to it.'],
    { text: `Use an address of ${where} instead of a loopback one.` },
    i,
  );
}

/** The explanation of the drop at step `i`. */
export function explainDrop(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const r = s.reason;
  const answerLeg = c.requestEnd >= 0 && i > c.requestEnd;
  if (r.startsWith('iptables filter')) return iptablesDrop(c, i);
  if (r === 'no route to the destination network') return !answerLeg && s.ns === c.srcNs ? noRoute(c, i) : noRouteBack(c, i);
  if (r.startsWith('no route: ICMP')) return answerLeg ? noRouteBack(c, i) : routerNoRoute(c, i);
  const arp = /^no ARP reply for (\S+) on /.exec(r);
  if (arp) return arpFailed(c, i, arp[1]!);
  if (r.includes('ip_forward=0')) return forwardOff(c, i);
  if (r === 'TTL exceeded') return ttlExceeded(c, i);
  if (r.startsWith('martian')) return martian(c, i);
  if (r === 'lo is down') return loDown(c, s.ns, i);
  if (s.kind === 'drop' && / has no fdb entry for /.test(r)) return vxlanNoFdb(c, i);
  return generic(c, i);
}

/** vxlan_xmit found neither an fdb entry for the MAC nor a default destination. */
function vxlanNoFdb(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const vx = s.iface !== undefined ? c.world.ifaces[s.iface] : undefined;
  const mac = s.frame.dstMac;
  if (!vx?.vxlan || !mac) return generic(c, i);
  // Where the MAC lives: its namespace's bridge has a vxlan port with the same VNI, whose underlay
  // owns the address to send to.
  const owner = Object.values(c.world.ifaces).find((x) => x.mac === mac && x.kind !== 'vxlan');
  const ownerBr = owner?.peer ? c.world.ifaces[c.world.ifaces[owner.peer]?.master ?? ''] : undefined;
  const farVx = Object.values(c.world.ifaces).find((x) => x.vxlan && x.id !== vx.id && x.vxlan.vni === vx.vxlan!.vni && (ownerBr ? x.master === ownerBr.id : true));
  const under = farVx ? c.world.netns[farVx.vxlan!.underlay] : undefined;
  const farDev = farVx?.vxlan?.dev ? c.world.ifaces[farVx.vxlan.dev] : undefined;
  const addr = farDev?.addrs[0]?.addr ?? (under ? Object.values(c.world.ifaces).find((x) => x.ns === under.id && x.kind !== 'loopback' && x.addrs.length)?.addrs[0]?.addr : undefined);
  const cmd = addr !== undefined ? inNs(c, vx.ns, `bridge fdb append ${mac} dev ${vx.name} dst ${formatIp4(addr)} self permanent`) : undefined;
  const who = owner ? ` (${placeName(c.world, owner.ns)})` : '';
  return explanation(
    false,
    `${vx.name} in ${placeName(c.world, vx.ns)} does not know which host has ${mac}${who}: no fdb entry for it and no default destination, so the frame is dropped.`,
    [
      `A vxlan device sends a frame to the host its fdb names for the destination MAC (bridge fdb ... dst IP), else to its \`remote\` and all-zero entries.${vx.vxlan.l2miss ? ' With l2miss the miss is reported to userspace and the frame dropped.' : ''}`,
    ],
    fixCmd(`Add the fdb entry${addr !== undefined ? ` pointing at ${formatIp4(addr)}` : ''}`, cmd),
    i,
  );
}

export function loDown(c: Ctx, nsId: string, i: number): Explanation {
  const name = placeName(c.world, nsId);
  return explanation(
    false,
    `${name}'s loopback interface lo is down, so ${formatIp4(c.dst)} is not local to it.`,
    ['Even a namespace\'s own addresses are reached through lo; a new namespace starts with lo down.'],
    fixCmd('Bring lo up', inNs(c, nsId, 'ip link set lo up')),
    i,
  );
}

/** A down interface that took the route to the destination with it (checked before the drop itself). */
export function linkDownRoute(c: Ctx, nsId: string, dev: Iface, i: number): Explanation {
  const name = placeName(c.world, nsId);
  const a = dev.addrs.find((x) => inPrefix(c.dst, x.addr, x.prefix))!;
  const net = `${formatIp4(networkOf(a.addr, a.prefix))}/${a.prefix}`;
  return explanation(
    false,
    `${dev.name} is down on ${name}, so its route to ${net} is gone and ${formatIp4(c.dst)} is out of reach.`,
    [`The kernel removes a link's routes when it goes down; ${name} then ${i >= 0 && c.steps[i]?.reason.startsWith('no route') ? 'has no route at all' : 'sent the packet elsewhere (its default route)'}.`],
    fixCmd(`Bring ${dev.name} up`, inNs(c, nsId, `ip link set ${dev.name} up`)),
    i,
  );
}
