/**
 * Random lab scripts for the kernel conformance suite: a pure function of the seed (mulberry32,
 * no unseeded randomness), so a failing lab is reproduced by its seed alone.
 *
 * A generated lab builds 2-6 named namespaces on docker-node1, wired by veth pairs and bridges
 * (in a namespace or on the host), addressed from a few 10.x.y.0/24 (sometimes 192.168.x.0/24)
 * subnets joined by router namespaces, with the mistakes people make: forwarding left off,
 * links or `lo` left down, missing or wrong routes, iptables DROP rules, duplicate addresses,
 * an interface addressed before it is moved to its namespace (the kernel flushes its
 * addresses on the move), a forgotten `master`. Some commands fail in the kernel on purpose;
 * the simulator must agree on their effect. The default world's subnets (10.0.2.0/24,
 * 192.168.205.0/24, 172.17.0.0/16) and its eth0, eth1 and docker0 are never touched.
 * Multi-host labs: generate-multihost.ts; Docker labs: generate-docker.ts (both use this Rng).
 */

/** The seeds' first lab: two namespaces joined by one veth pair. */
export const SEED_001_NETNS_LAB = `ip netns add test1
ip netns add test2
ip link add veth-test1 type veth peer name veth-test2
ip link set veth-test1 netns test1
ip link set veth-test2 netns test2
ip netns exec test1 ip addr add 192.168.1.1/24 dev veth-test1
ip netns exec test2 ip addr add 192.168.1.2/24 dev veth-test2
ip netns exec test1 ip link set dev veth-test1 up
ip netns exec test2 ip link set dev veth-test2 up
`;

/** The generators' seeded PRNG (mulberry32): the same seed, the same lab. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** mulberry32, as src/sim/net/rng.ts. */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

/** '' is docker-node1's root namespace. */
type Place = string;

interface Member {
  place: Place;
  /** The L3 interface of this member on the segment (a veth end, or the bridge itself). */
  ifName: string;
  /** Host part of its address; undefined: left unaddressed. */
  hostPart: number;
  prefix: number;
  /** The far end of its veth (pair peer or bridge port), and where that lives. */
  peer?: { place: Place; ifName: string };
}

interface Segment {
  /** First three octets of the /24. */
  net: [number, number, number];
  members: Member[];
  bridge?: { place: Place; name: string };
}

const NAME_STYLES: readonly (readonly string[])[] = [
  ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'],
  ['red', 'blue', 'green', 'gold', 'pink', 'cyan', 'gray'],
  ['ns1', 'ns2', 'ns3', 'ns4', 'ns5', 'ns6', 'ns7'],
  ['test1', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7'],
  ['web', 'db', 'app', 'cache', 'proxy', 'queue', 'auth'],
];

const RESERVED_IF = new Set(['lo', 'eth0', 'eth1', 'docker0']);

const ip = (n: [number, number, number], h: number) => `${n[0]}.${n[1]}.${n[2]}.${h}`;
const cidr = (n: [number, number, number], prefix = 24) => `${n[0]}.${n[1]}.${n[2]}.0/${prefix}`;

/** A lab script (one command per line) built from `seed`. */
export function generateLab(seed: number): string {
  const r = new Rng(seed ^ 0x9e3779b9);
  const out: string[] = [`# generated lab, seed ${seed}`];
  const emit = (s: string) => out.push(s);

  // How a command runs in a place: on the host, via `ip netns exec`, or (for ip) via `ip -n`.
  const inPlace = (place: Place, cmd: string): string => {
    if (place === '') return cmd;
    if (cmd.startsWith('ip ') && r.chance(0.4)) return `ip -n ${place} ${cmd.slice(3)}`;
    return `ip netns exec ${place} ${cmd}`;
  };

  // --- namespaces
  const style = r.pick(NAME_STYLES);
  const nNs = r.range(2, 6);
  const names = r.shuffle([...style]).slice(0, nNs);
  names.sort((a, b) => style.indexOf(a) - style.indexOf(b));

  // --- segments and routers
  const maxSegs = Math.min(3, nNs - 1);
  let nSegs = nNs === 2 ? (r.chance(0.15) ? 2 : 1) : r.range(1, maxSegs);
  if (nNs >= 3 && nSegs === 1 && r.chance(0.4)) nSegs = 2;
  const pool = r.shuffle([...names]);
  const routers: string[] = [];
  for (let i = 0; i < nSegs - 1; i++) {
    const star = routers.length > 0 && r.chance(0.3);
    routers.push(star ? routers[0]! : pool.shift()!);
  }
  const segMembers: Place[][] = Array.from({ length: nSegs }, () => []);
  for (let i = 0; i < nSegs - 1; i++) {
    segMembers[i]!.push(routers[i]!);
    segMembers[i + 1]!.push(routers[i]!);
  }
  // Every segment gets at least one end host when there are enough namespaces.
  for (let i = 0; i < nSegs && pool.length; i++) if (segMembers[i]!.length < 2 || r.chance(0.5)) segMembers[i]!.push(pool.shift()!);
  for (const n of pool) segMembers[r.int(nSegs)]!.push(n);
  const hostJoins = r.chance(0.3);
  if (hostJoins) segMembers[r.int(nSegs)]!.push('');

  // --- subnets
  const used = new Set<string>();
  const nets: [number, number, number][] = [];
  for (let i = 0; i < nSegs; i++) {
    let n: [number, number, number];
    if (i > 0 && r.chance(0.06)) n = nets[r.int(nets.length)]!; // the same subnet twice: a classic
    else {
      do {
        n = r.chance(0.12) ? [192, 168, r.range(1, 200)] : [10, r.range(1, 250), r.int(256)];
      } while (used.has(n.join('.')));
    }
    used.add(n.join('.'));
    nets.push(n);
  }

  for (const n of names) emit(`ip netns add ${n}`);

  // --- links
  let ifSeq = 0;
  const ifStyle = r.int(3);
  const vethNames = (a: Place, b: Place): [string, string] => {
    ifSeq++;
    const an = a || 'h';
    const bn = b || 'h';
    let pair: [string, string];
    if (ifStyle === 0) pair = [`veth${ifSeq * 2 - 2}`, `veth${ifSeq * 2 - 1}`];
    else if (ifStyle === 1) pair = [`v${ifSeq}-${an}`, `v${ifSeq}-${bn}`];
    else pair = [`veth-${an}${ifSeq}`, `veth-${bn}${ifSeq}`];
    if (pair[0] === pair[1]) pair = [`${pair[0]}a`, `${pair[1]}b`];
    return pair.map((s) => (RESERVED_IF.has(s) ? `x${s}` : s).slice(0, 15)) as [string, string];
  };
  const segments: Segment[] = [];
  let brSeq = 0;
  // Commands are collected per phase and emitted in a plausible order.
  const linkCmds: string[] = [];
  const addrCmds: string[] = [];
  const upCmds: string[] = [];
  const lateCmds: string[] = [];
  /** Far ends of single-member segments: a veth end left on the host, unaddressed. */
  const dangling: { place: Place; ifName: string }[] = [];

  // Moves an interface from the host to its place; sometimes addressed first (and lost on the move).
  const place = (ifName: string, to: Place, addr?: string) => {
    if (to === '') return;
    if (addr && r.chance(0.05)) {
      linkCmds.push(`ip addr add ${addr} dev ${ifName}`);
      linkCmds.push(`ip link set ${ifName} up`);
    }
    linkCmds.push(`ip link set ${ifName} netns ${to}`);
  };

  segMembers.forEach((mem, si) => {
    const net = nets[si]!;
    const seg: Segment = { net, members: [] };
    segments.push(seg);
    const hostParts = r.shuffle(Array.from({ length: 20 }, (_, i) => i + 1));
    // Routers take .254 and .1 (in a random order); end hosts take small host parts.
    const routerParts = r.chance(0.5) ? [254, 1] : [1, 254];
    const partOf = (p: Place) => {
      if (routers.includes(p)) return routerParts.shift() ?? 253;
      let h = hostParts.shift()!;
      if (h === 1) h = hostParts.shift()!;
      return h;
    };
    const prefixOf = () => (r.chance(0.06) ? r.pick([16, 25, 28]) : 24);
    const direct = mem.length === 2 && r.chance(0.6);
    if (direct || mem.length < 2) {
      const [a, b] = [mem[0]!, mem[1] ?? ''];
      const [an, bn] = vethNames(a, b);
      linkCmds.push(`ip link add ${an} type veth peer name ${bn}`);
      const ma: Member = { place: a, ifName: an, hostPart: partOf(a), prefix: prefixOf(), peer: { place: b, ifName: bn } };
      seg.members.push(ma);
      place(an, a, `${ip(net, ma.hostPart)}/${ma.prefix}`);
      if (mem.length === 2) {
        const mb: Member = { place: b, ifName: bn, hostPart: partOf(b), prefix: prefixOf(), peer: { place: a, ifName: an } };
        seg.members.push(mb);
        place(bn, b, `${ip(net, mb.hostPart)}/${mb.prefix}`);
      } else {
        dangling.push({ place: b, ifName: bn });
        if (b !== '') place(bn, b);
      }
      return;
    }
    // A bridge: on the host, in a member namespace (which then uses the bridge as its L3
    // interface, like docker0), or in a switch namespace of its own.
    const brName = r.pick(['br0', 'br', 'sw', 'bridge', 'lanbr', 'br-lab']) + (brSeq++ ? String(brSeq) : '');
    let at: Place;
    const roll = r.next();
    if (roll < 0.4 && !mem.includes('')) at = '';
    else if (roll < 0.7 || names.length >= 6) at = r.pick(mem);
    else {
      at = r.pick(['sw', 'switch', 'bridge-ns', 'hub']);
      if (names.includes(at)) at = `${at}x`;
      names.push(at);
      emit(`ip netns add ${at}`);
    }
    seg.bridge = { place: at, name: brName };
    linkCmds.push(inPlace(at, `ip link add ${brName} type bridge`));
    if (r.chance(0.92)) lateCmds.push(inPlace(at, `ip link set ${brName} up`));
    for (const m of mem) {
      if (m === at) {
        seg.members.push({ place: m, ifName: brName, hostPart: partOf(m), prefix: prefixOf() });
        continue;
      }
      const [mn, pn] = vethNames(m, at);
      linkCmds.push(`ip link add ${mn} type veth peer name ${pn}`);
      const mm: Member = { place: m, ifName: mn, hostPart: partOf(m), prefix: prefixOf(), peer: { place: at, ifName: pn } };
      seg.members.push(mm);
      place(mn, m, `${ip(net, mm.hostPart)}/${mm.prefix}`);
      place(pn, at);
      if (r.chance(0.95)) linkCmds.push(inPlace(at, `ip link set ${pn} master ${brName}`));
      if (r.chance(0.93)) upCmds.push(inPlace(at, `ip link set ${pn} up`));
    }
  });

  // --- addresses and links up
  const dupLab = r.chance(0.07);
  const all = segments.flatMap((s) => s.members.map((m) => ({ s, m })));
  for (const { s, m } of all) {
    if (r.chance(0.04)) continue; // forgot the address
    let h = m.hostPart;
    if (dupLab && r.chance(0.3)) {
      const other = s.members.find((o) => o !== m);
      if (other) h = other.hostPart;
    }
    addrCmds.push(inPlace(m.place, `ip addr add ${ip(s.net, h)}/${m.prefix} dev ${m.ifName}`));
    if (r.chance(0.04)) addrCmds.push(inPlace(m.place, `ip addr add ${ip(s.net, h < 150 ? h + 100 : h - 100)}/${m.prefix} dev ${m.ifName}`));
  }
  for (const { m } of all) {
    if (!m.peer) continue; // the bridge itself: brought up with the bridge
    if (r.chance(0.9)) upCmds.push(inPlace(m.place, `ip link set dev ${m.ifName} up`));
  }
  for (const d of dangling) if (r.chance(0.85)) upCmds.push(inPlace(d.place, `ip link set dev ${d.ifName} up`));
  const loCmds: string[] = [];
  for (const n of names) if (r.chance(0.5)) loCmds.push(inPlace(n, 'ip link set lo up'));
  // A service address on a loopback now and then.
  if (r.chance(0.08)) {
    const n = r.pick(names);
    addrCmds.push(inPlace(n, `ip addr add 10.${r.range(251, 254)}.${r.int(256)}.1/32 dev lo`));
  }

  // --- forwarding
  const fwdCmds: string[] = [];
  for (const rt of new Set(routers)) {
    if (r.chance(0.78)) {
      fwdCmds.push(
        r.chance(0.85) ? inPlace(rt, 'sysctl -w net.ipv4.ip_forward=1') : inPlace(rt, 'sysctl -w net.ipv4.conf.all.forwarding=1'),
      );
    }
  }
  if (r.chance(0.05)) fwdCmds.push(r.pick(names) === names[0] ? inPlace(names[0]!, 'sysctl -w net.ipv4.ip_forward=1') : 'sysctl -w net.ipv4.ip_forward=0');
  for (const s of segments) {
    if (s.bridge && r.chance(0.12)) fwdCmds.push(inPlace(s.bridge.place, 'sysctl -w net.bridge.bridge-nf-call-iptables=0'));
  }

  // --- routes
  const routeCmds: string[] = [];
  const addrOf = (p: Place, si: number) => segments[si]!.members.find((m) => m.place === p);
  const segsOf = (p: Place) => segments.map((s, i) => (s.members.some((m) => m.place === p) ? i : -1)).filter((i) => i >= 0);
  /** The next hop from segment `from` towards segment `to` along the router chain. */
  const gatewayToward = (from: number, to: number): string | undefined => {
    const rt = to > from ? routers[from] : routers[from - 1];
    if (rt === undefined) return undefined;
    const m = addrOf(rt, from);
    return m ? ip(segments[from]!.net, m.hostPart) : undefined;
  };
  if (nSegs > 1) {
    for (const p of [...names, ...(hostJoins ? [''] : [])]) {
      const mine = segsOf(p);
      if (mine.length === 0) continue;
      const si = mine[0]!;
      const isRouter = routers.includes(p);
      // The host keeps its default route to the internet; it reaches into the lab now and then.
      if (p === '' && r.chance(0.6)) continue;
      const roll = r.next();
      if (!isRouter && roll < 0.55 && p !== '') {
        const far = si === 0 ? 1 : si - 1;
        const gw = gatewayToward(si, far);
        if (gw) routeCmds.push(inPlace(p, `ip route add default via ${gw}`));
      } else if (roll < 0.8 || isRouter) {
        for (let t = 0; t < nSegs; t++) {
          if (mine.includes(t) || segments[t]!.net === segments[si]!.net) continue;
          if (isRouter && r.chance(0.25)) continue;
          const from = mine.reduce((best, x) => (Math.abs(x - t) < Math.abs(best - t) ? x : best), si);
          const gw = gatewayToward(from, t);
          if (gw) routeCmds.push(inPlace(p, `ip route add ${cidr(segments[t]!.net)} via ${gw}`));
        }
      } else if (roll < 0.88) {
        // A wrong gateway: on-link, but nobody has it.
        routeCmds.push(inPlace(p, `ip route add default via ${ip(segments[si]!.net, 200)}`));
      } else if (roll < 0.92) {
        // A route out of an interface with no gateway: the far subnet is ARPed for directly.
        const t = (si + 1) % nSegs;
        const m = addrOf(p, si);
        if (m) routeCmds.push(inPlace(p, `ip route add ${cidr(segments[t]!.net)} dev ${m.ifName}`));
      } else if (roll < 0.95) {
        // A gateway that is not on any link of this namespace: the kernel refuses it.
        const t = (si + 1) % nSegs;
        routeCmds.push(inPlace(p, `ip route add default via ${ip(segments[t]!.net, 77)}`));
      }
      // else: no route at all
    }
  }
  // --- iptables
  const fwRules: string[] = [];
  const nRules = r.pick([0, 0, 1, 1, 1, 2, 2, 3, 4]);
  const allSubnets = segments.map((s) => cidr(s.net));
  const allAddrs = all.map(({ s, m }) => ip(s.net, m.hostPart));
  const ifsOf = (p: Place) => {
    const xs = all.filter(({ m }) => m.place === p).map(({ m }) => m.ifName);
    for (const s of segments) if (s.bridge?.place === p) xs.push(s.bridge.name);
    return xs.length ? xs : ['lo'];
  };
  for (let i = 0; i < nRules; i++) {
    const roll = r.next();
    const p: Place = roll < 0.1 ? '' : routers.length && roll < 0.45 ? r.pick(routers) : r.pick(names);
    const chain = routers.includes(p) || segments.some((s) => s.bridge?.place === p) ? r.pick(['FORWARD', 'FORWARD', 'INPUT', 'OUTPUT']) : r.pick(['INPUT', 'OUTPUT', 'FORWARD']);
    const m: string[] = [];
    if (r.chance(0.5)) m.push('-p icmp');
    const what = r.int(5);
    if (what === 0 || what === 4) m.push(`-s ${r.chance(0.5) ? r.pick(allSubnets) : r.pick(allAddrs)}`);
    if (what === 1 || what === 4) m.push(`-d ${r.chance(0.5) ? r.pick(allSubnets) : r.pick(allAddrs)}`);
    if (what === 2 && chain !== 'OUTPUT') m.push(`-i ${r.pick(ifsOf(p))}`);
    if ((what === 3 && chain !== 'INPUT') || (what === 2 && chain === 'OUTPUT')) m.push(`-o ${r.pick(ifsOf(p))}`);
    if (r.chance(0.04)) m.push(chain === 'OUTPUT' ? '-i lo' : '-o lo'); // rejected by iptables
    const verb = r.chance(0.25) ? '-I' : '-A';
    fwRules.push(inPlace(p, `iptables ${verb} ${chain} ${m.join(' ')}${m.length ? ' ' : ''}-j DROP`).replace(/ {2,}/g, ' '));
    if (r.chance(0.1)) fwRules.push(inPlace(p, `iptables -I ${chain} -p icmp -s ${r.pick(allSubnets)} -j ACCEPT`));
  }
  if (r.chance(0.05)) fwRules.push(inPlace(r.pick(names), `iptables -P ${r.pick(['INPUT', 'FORWARD', 'OUTPUT'])} DROP`));

  // --- late mischief
  const mischief: string[] = [];
  if (r.chance(0.06) && all.length) {
    const { m } = r.pick(all);
    mischief.push(inPlace(m.place, `ip link set dev ${m.ifName} down`));
  }
  if (r.chance(0.04) && all.length) {
    const { m } = r.pick(all);
    if (m.peer) mischief.push(inPlace(m.place, `ip link del ${m.ifName}`));
  }
  if (r.chance(0.03) && names.length > 2) mischief.push(`ip netns del ${names[names.length - 1]}`);
  if (r.chance(0.05) && all.length) {
    // Move an addressed, up interface to another namespace: it arrives down and bare.
    const { m } = r.pick(all);
    const to = r.pick(names.filter((n) => n !== m.place));
    if (m.peer && to !== undefined) mischief.push(inPlace(m.place, `ip link set ${m.ifName} netns ${to}`));
  }

  out.push(...linkCmds);
  // Routes added before the links are up fail in the kernel (no connected route yet).
  const early = r.chance(0.08);
  if (early) out.push(...routeCmds);
  out.push(...addrCmds, ...upCmds, ...lateCmds, ...loCmds, ...fwdCmds);
  if (!early) out.push(...routeCmds);
  out.push(...fwRules, ...mischief);
  return `${out.join('\n')}\n`;
}
