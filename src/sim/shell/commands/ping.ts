/**
 * `ping`: iputils (20221126 layout) on the CentOS host and in CentOS images, BusyBox's applet in
 * BusyBox images (ping-busybox.ts). iputils: `-c -W -i -I -t -w -q`. Without `-c` it runs until
 * interrupted; in the playground it sends 4 and then behaves as if Ctrl-C was pressed.
 * Names resolve through the place's /etc/hosts and nameservers (resolve.ts); a reply line names
 * the peer by its reverse lookup (`64 bytes from c3.net1 (172.18.0.3)` via Docker's PTR).
 * Round-trip times come from a deterministic model (hops and a hash of the sequence number).
 */
import { SimError } from '../../net/errors';
import { formatIp4, parseIp4 } from '../../net/ip4';
import type { Ip4, World } from '../../net/types';
import { findIfaceByName } from '../../net/world';
import { probe, type ProbeResult } from '../../packet/probe';
import type { ShellCtx } from '../context';
import { userlandOf, write } from '../context';
import { resolveName, reverseName } from '../resolve';
import { busyboxPing } from './ping-busybox';

const USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -b                 allow pinging broadcast
  -c <count>         stop after <count> replies
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -q                 quiet output
  -t <ttl>           define time to live
  -W <timeout>       time to wait for response
  -w <deadline>      reply wait <deadline> in seconds

For more details see ping(8).
`;

interface PingOptions {
  count?: number;
  interval: number;
  timeout: number;
  iface?: string;
  ttl: number;
  quiet: boolean;
  broadcast: boolean;
  target: string;
}

function parse(argv: string[]): PingOptions {
  const o: Partial<PingOptions> = { interval: 1, timeout: 10, ttl: 64, quiet: false, broadcast: false };
  const args = argv.slice(1);
  const num = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined) throw new SimError(`ping: option requires an argument -- '${flag}'${USAGE.trimEnd()}`, 2);
    if (!Number.isFinite(n) || n < min) throw new SimError(`ping: invalid argument: '${v}'`, 1);
    return n;
  };
  while (args.length) {
    const a = args.shift()!;
    if (a.startsWith('-') && a.length > 1) {
      const flag = a[1]!;
      const inline = a.length > 2 ? a.slice(2) : undefined;
      const val = () => inline ?? args.shift();
      if (flag === 'c') o.count = num('c', val(), 1);
      else if (flag === 'W') o.timeout = num('W', val(), 0);
      else if (flag === 'w') o.count ??= Math.max(1, Math.floor(num('w', val(), 0)));
      else if (flag === 'i') o.interval = num('i', val(), 0);
      else if (flag === 't') o.ttl = num('t', val(), 1);
      else if (flag === 'I') o.iface = val() ?? '';
      else if (flag === 'q') o.quiet = true;
      else if (flag === 'b') o.broadcast = true;
      else if (flag === '4' || flag === 'n') continue;
      else if (flag === 's') val();
      else throw new SimError(`ping: invalid option -- '${flag}'${USAGE.trimEnd()}`, 2);
    } else if (o.target === undefined) o.target = a;
  }
  if (o.target === undefined) throw new SimError(`ping: usage error: Destination address required`, 1);
  return o as PingOptions;
}

/** Deterministic RTT in ms for probe `seq` that crossed `hops` links. */
export function rttModel(dst: Ip4, seq: number, hops: number): number {
  let h = (dst ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  const jitter = (h % 25) / 1000;
  return 0.03 + 0.012 * hops + jitter + (seq === 1 ? 0.04 : 0);
}

/** What a probe taught the kernel: ARP entries and bridge FDB entries. */
export function applyLearned(world: World, r: Pick<ProbeResult, 'learned' | 'fdb'>): void {
  for (const f of r.fdb) {
    const br = world.ifaces[f.bridge];
    if (br?.fdb && world.ifaces[f.port]?.master === br.id) br.fdb[f.mac] = f.port;
  }
  for (const l of r.learned) {
    const ns = world.netns[l.ns];
    if (!ns) continue;
    const existing = ns.neigh.find((n) => n.ip === l.ip && n.dev === l.dev);
    const entry = l.mac ? { ip: l.ip, dev: l.dev, mac: l.mac, state: 'REACHABLE' as const } : { ip: l.ip, dev: l.dev, state: 'FAILED' as const };
    if (existing) Object.assign(existing, entry);
    else ns.neigh.push(entry);
  }
}

/** The address to ping and the name iputils prints (`canonical`), or the resolver's error. */
function resolve(ctx: ShellCtx, name: string): { dst: Ip4; canonical: string; numeric: boolean } {
  const r = resolveName(ctx, name);
  if (r.kind === 'nxdomain') throw new SimError(`ping: ${name}: Name or service not known`, 2);
  if (r.kind === 'unreachable') throw new SimError(`ping: ${name}: Temporary failure in name resolution`, 2);
  return { dst: r.addr, canonical: r.canonical, numeric: r.source === 'literal' };
}

/**
 * The most echo requests one ping sends in the playground: past it the user is taken to press
 * Ctrl-C, as without `-c` (a lab line `ping -c 1000000000` must not freeze the page).
 */
export const MAX_PINGS = 100;

export function pingCommand(ctx: ShellCtx, argv: string[]): number {
  return userlandOf(ctx) === 'busybox' ? busyboxPing(ctx, argv) : iputilsPing(ctx, argv);
}

function iputilsPing(ctx: ShellCtx, argv: string[]): number {
  const o = parse(argv);
  const ns = ctx.world.netns[ctx.place.ns]!;
  const { dst, canonical, numeric } = resolve(ctx, o.target);
  let src: Ip4 | undefined;
  if (o.iface !== undefined) {
    const asIp = parseIp4(o.iface);
    if (asIp !== undefined) src = asIp;
    else {
      const dev = findIfaceByName(ctx.world, ns, o.iface);
      if (!dev) throw new SimError(`ping: SO_BINDTODEVICE ${o.iface}: No such device`, 2);
      src = dev.addrs[0]?.addr;
    }
  }
  const interrupted = o.count === undefined || o.count > MAX_PINGS;
  const count = Math.min(o.count ?? 4, MAX_PINGS);
  const dstText = formatIp4(dst);
  let shown = dstText;
  const results: ProbeResult[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const r = probe(ctx.world, { from: ns.id, dst, proto: 'icmp', ttl: o.ttl, broadcast: o.broadcast, ...(src !== undefined ? { src } : {}) });
    if (r.outcome.kind === 'broadcast') {
      throw new SimError('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules', 2);
    }
    applyLearned(ctx.world, r);
    results.push(r);
    if (r.outcome.kind === 'no-route') {
      ctx.traces.push(r);
      throw new SimError('ping: connect: Network is unreachable', 2);
    }
  }
  ctx.traces.push(results[0]!);
  // pr_addr: a name given on the command line makes every reply do a reverse lookup.
  if (!numeric && results.some((r) => r.outcome.kind === 'reply')) shown = `${reverseName(ctx, dst) ?? dstText} (${dstText})`;
  write(ctx, `PING ${canonical} (${dstText}) 56(84) bytes of data.\n`);
  const rtts: number[] = [];
  let errors = 0;
  // ARP gives up after 3 s; with a short run nothing is reported before ping exits.
  const arpReported = (count - 1) * o.interval + o.timeout >= 3;
  results.forEach((r, i) => {
    const seq = i + 1;
    const out = r.outcome;
    if (out.kind === 'reply') {
      const t = rttModel(dst, seq, out.hops);
      rtts.push(t);
      if (!o.quiet) write(ctx, `64 bytes from ${shown}: icmp_seq=${seq} ttl=${out.ttl} time=${t.toFixed(3)} ms\n`);
    } else if (out.kind === 'unreachable' && (out.code !== 'host' || arpReported)) {
      errors++;
      const what = out.code === 'net' ? 'Net' : out.code === 'port' ? 'Port' : 'Host';
      if (!o.quiet) write(ctx, `From ${formatIp4(out.from)} icmp_seq=${seq} Destination ${what} Unreachable\n`);
    } else if (out.kind === 'time-exceeded') {
      errors++;
      if (!o.quiet) write(ctx, `From ${formatIp4(out.from)} icmp_seq=${seq} Time to live exceeded\n`);
    } else if (out.kind === 'send-error') {
      write(ctx, `ping: sendmsg: ${out.message}\n`);
    }
  });
  const received = rtts.length;
  const loss = Math.round(((count - received) / count) * 100);
  const time = count === 1 ? 0 : Math.round((count - 1) * o.interval * 1000 + (count - 1) * (received ? 1 : 10));
  if (interrupted) write(ctx, '^C');
  write(ctx, `\n--- ${canonical} ping statistics ---\n`);
  const errText = errors ? ` +${errors} errors,` : '';
  write(ctx, `${count} packets transmitted, ${received} received,${errText} ${loss}% packet loss, time ${time}ms\n`);
  if (received) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(Math.max(0, rtts.reduce((a, b) => a + b * b, 0) / received - avg * avg));
    write(ctx, `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`);
  } else {
    if (errors > 1) write(ctx, `pipe ${errors}\n`);
    else write(ctx, '\n');
  }
  return received ? 0 : 1;
}
