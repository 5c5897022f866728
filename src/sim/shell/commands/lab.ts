/**
 * `lab`: the playground's own tool, for what a real lab does outside the machines (Vagrant, in the
 * seeds): `lab host add NAME [--ip A.B.C.D/N]` boots one more VM like the seeds' Vagrantfile
 * makes them (default-world.ts addVagrantHost: its own Docker daemon, eth0 10.0.2.15/24 behind its
 * own NAT to the internet, eth1 on the private network 192.168.205.0/24), `lab host ls` lists the
 * machines. It is a lab line like any other, so replay, undo, links and autosave keep the machine:
 * a lab's `hosts` are the machines it starts from, the others are made by a line of its log.
 *
 * docker-nodeN gets 192.168.205.(9+N) and the MACs labs have always given it; any other name gets
 * the lowest free address from 192.168.205.10 up, or `--ip`, and MACs drawn from its name.
 * It runs in a host's bash, not inside a container's or a namespace's shell.
 */
import { SimError } from '../../net/errors';
import { broadcastOf, formatCidr, formatIp4, networkOf } from '../../net/ip4';
import type { World } from '../../net/types';
import { addVagrantHost, HOST_NAME, LAN_NET, MAX_HOSTS, vagrantMacs, vagrantNumber } from '../../lab/default-world';
import { write, type Command } from '../context';

export const LAB_USAGE = `Usage: lab host add NAME [--ip A.B.C.D/N]
       lab host ls
       lab help

Add a machine to the lab: a CentOS 7 VM with Docker, eth0 10.0.2.15/24 behind its own NAT
and eth1 on the private network 192.168.205.0/24, as the seeds' Vagrantfile makes them.
docker-nodeN gets 192.168.205.(9+N); another name the first free address from .10 up,
unless --ip gives one. At most ${MAX_HOSTS} machines.
`;

/** A usage error: one line, exit 2 (`lab help` has the whole usage). */
const usageError = (text: string): SimError => new SimError(`lab: ${text}`, 2);

/** `lab host add` options: the name and `--ip` (also `--ip=X`); what is wrong, as a usage error. */
export function parseHostAdd(args: readonly string[]): { name: string; ip?: string } {
  let name: string | undefined;
  let ip: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--ip') {
      ip = args[++i];
      if (ip === undefined) throw usageError("option '--ip' requires an argument");
    } else if (a.startsWith('--ip=')) ip = a.slice('--ip='.length);
    else if (a.startsWith('-') && a !== '-') throw usageError(`host add: unknown option '${a}'`);
    else if (name === undefined) name = a;
    else throw usageError(`host add: too many arguments: '${a}'`);
  }
  if (name === undefined) throw usageError('host add: a hostname is required (lab host add NAME [--ip A.B.C.D/N])');
  return { name, ...(ip !== undefined ? { ip } : {}) };
}

/**
 * The machine a `lab host add` line makes (its argv), for lab scripts whose later prompts name it;
 * undefined for any other line or a malformed one.
 */
export function hostAddedBy(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'lab' || argv[1] !== 'host' || argv[2] !== 'add') return undefined;
  try {
    const { name } = parseHostAdd(argv.slice(3));
    return HOST_NAME.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** `A.B.C.D/N` (or `A.B.C.D`, /24), strictly dotted-quad. */
function parseAddress(text: string): { addr: number; prefix: number } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  const parts = m ? m.slice(1, 5).map(Number) : [];
  if (!m || parts.some((p) => p > 255)) throw usageError(`host add: invalid address '${text}': expected A.B.C.D/N`);
  const prefix = m[5] === undefined ? 24 : Number(m[5]);
  if (prefix < 1 || prefix > 30) throw usageError(`host add: invalid prefix length in '${text}': expected 1 to 30`);
  const addr = parts.reduce((a, p) => a * 256 + p, 0) >>> 0;
  if (addr === networkOf(addr, prefix)) throw new SimError(`lab: ${formatIp4(addr)} is the network address of ${formatCidr(addr, prefix)}`, 1);
  if (addr === broadcastOf(addr, prefix)) throw new SimError(`lab: ${formatIp4(addr)} is the broadcast address of ${formatCidr(networkOf(addr, prefix), prefix)}`, 1);
  if (addr >>> 24 === 127 || addr >>> 24 === 0 || addr >>> 28 >= 14) throw new SimError(`lab: ${formatIp4(addr)} cannot be a host's address`, 1);
  return { addr, prefix };
}

/** Every address a machine, namespace or container already has (not the NAT gateways'), with where. */
function usedAddresses(world: World): Map<number, string> {
  const used = new Map<number, string>();
  for (const ns of Object.values(world.netns)) {
    if (ns.kind === 'gateway') continue;
    const host = world.hosts[ns.host];
    const hostname = host?.hostname ?? ns.host;
    let where = `on ${hostname}`;
    if (ns.kind === 'named') where = `in namespace ${ns.name} on ${hostname}`;
    else if (ns.kind === 'container') {
      const c = Object.values(host?.docker?.containers ?? {}).find((x) => x.ns === ns.id);
      where = `in container ${c?.name ?? ns.name} on ${hostname}`;
    } else if (ns.kind !== 'root') where = `in ${ns.name}`;
    for (const id of ns.ifaces) {
      const iface = world.ifaces[id];
      for (const a of iface?.addrs ?? []) if (!used.has(a.addr)) used.set(a.addr, `${iface!.name} ${where}`);
    }
  }
  return used;
}

function hostAdd(world: World, args: string[]): string {
  const { name, ip } = parseHostAdd(args);
  if (!HOST_NAME.test(name)) {
    throw usageError(`host add: invalid hostname '${name}': letters, digits and '-' (labels joined by '.'), at most 63 characters`);
  }
  if (Object.values(world.hosts).some((h) => h.hostname.toLowerCase() === name.toLowerCase())) {
    throw new SimError(`lab: host ${name} already exists`, 1);
  }
  if (world.hostOrder.length >= MAX_HOSTS) throw new SimError(`lab: the lab already has ${MAX_HOSTS} hosts, the most it can hold`, 1);
  const used = usedAddresses(world);
  let addr: number;
  let prefix = 24;
  const n = vagrantNumber(name);
  if (ip !== undefined) ({ addr, prefix } = parseAddress(ip));
  else if (n !== undefined) addr = LAN_NET + 9 + n;
  else {
    addr = LAN_NET + 10;
    while (used.has(addr) && addr < LAN_NET + 254) addr++;
  }
  const taken = used.get(addr);
  if (taken !== undefined) {
    const hint = ip === undefined ? '; give another with --ip A.B.C.D/N' : '';
    throw new SimError(`lab: address ${formatIp4(addr)} is already in use (${taken})${hint}`, 1);
  }
  addVagrantHost(world, name, addr, vagrantMacs(name), prefix);
  return `${name}: eth1 ${formatCidr(addr, prefix)}, eth0 10.0.2.15/24 (NAT), Docker running\n`;
}

function hostLs(world: World): string {
  const rows = world.hostOrder.map((id) => {
    const host = world.hosts[id]!;
    const root = world.netns[host.rootNs];
    const eth1 = root?.ifaces.map((i) => world.ifaces[i]!).find((i) => i.name === 'eth1');
    const a = eth1?.addrs[0];
    const d = host.docker;
    return [host.hostname, a ? formatCidr(a.addr, a.prefix) : '-', d ? String(d.containerOrder.length) : '-'];
  });
  const all = [['NAME', 'ADDRESS', 'CONTAINERS'], ...rows];
  const widths = [0, 1].map((k) => Math.max(...all.map((r) => r[k]!.length)));
  return all.map((r) => `${r[0]!.padEnd(widths[0]! + 3)}${r[1]!.padEnd(widths[1]! + 3)}${r[2]}\n`).join('');
}

export const labCommand: Command = (ctx, argv) => {
  const [what, verb, ...args] = argv.slice(1);
  if (what === undefined) throw new SimError(LAB_USAGE.trimEnd(), 2);
  if (what === 'help' || what === '--help' || what === '-h') {
    write(ctx, LAB_USAGE);
    return 0;
  }
  if (what !== 'host') throw usageError(`unknown command '${what}'`);
  const host = ctx.world.hosts[ctx.place.host]!;
  if (ctx.place.container !== undefined || ctx.place.ns !== host.rootNs) {
    const ns = ctx.world.netns[ctx.place.ns];
    throw new SimError(`lab: run it in a host's shell, not inside ${ns?.kind === 'named' ? `namespace ${ns.name}` : 'a container'}`, 1);
  }
  switch (verb) {
    case 'add':
      write(ctx, hostAdd(ctx.world, args));
      return 0;
    case 'ls':
    case 'list':
      if (args.length > 0) throw usageError(`host ls: too many arguments: '${args[0]}'`);
      write(ctx, hostLs(ctx.world));
      return 0;
    case undefined:
      throw usageError("host: a command is required ('add' or 'ls')");
    default:
      throw usageError(`host: unknown command '${verb}'`);
  }
};

