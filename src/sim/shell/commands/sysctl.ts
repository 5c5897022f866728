/**
 * procps `sysctl` for the network keys the model keeps: ip_forward and bridge-nf-call-iptables.
 */
import { SimError } from '../../net/errors';
import type { Netns } from '../../net/types';
import { ownEntry } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';

interface Key {
  get(ns: Netns): boolean;
  set(ns: Netns, v: boolean): void;
}

const KEYS: Record<string, Key> = {
  'net.ipv4.ip_forward': { get: (ns) => ns.ipForward, set: (ns, v) => void (ns.ipForward = v) },
  'net.ipv4.conf.all.forwarding': { get: (ns) => ns.ipForward, set: (ns, v) => void (ns.ipForward = v) },
  'net.bridge.bridge-nf-call-iptables': {
    get: (ns) => ns.bridgeNfCallIptables,
    set: (ns, v) => void (ns.bridgeNfCallIptables = v),
  },
};

/** `/proc/sys/net/ipv4/ip_forward` -> `net.ipv4.ip_forward`. */
export function procPathToKey(path: string): string | undefined {
  const m = /^\/proc\/sys\/(.+)$/.exec(path);
  return m ? m[1]!.replace(/\//g, '.') : undefined;
}

export function writeSysctl(ns: Netns, key: string, value: string): boolean {
  const k = ownEntry(KEYS, key.replace(/\//g, '.'));
  if (!k || !/^[01]$/.test(value.trim())) return false;
  k.set(ns, value.trim() === '1');
  return true;
}

export function sysctlCommand(ctx: ShellCtx, argv: string[]): number {
  const ns = ctx.world.netns[ctx.place.ns]!;
  let quiet = false;
  let exit = 0;
  for (const a of argv.slice(1)) {
    if (a === '-w' || a === '-e') continue;
    if (a === '-q') {
      quiet = true;
      continue;
    }
    if (a === '-a' || a === '-A') {
      for (const [name, k] of Object.entries(KEYS)) write(ctx, `${name} = ${k.get(ns) ? 1 : 0}\n`);
      continue;
    }
    if (a.startsWith('-')) throw new SimError(`sysctl: invalid option -- '${a.slice(1)}'`, 255);
    const eq = a.indexOf('=');
    const key = (eq < 0 ? a : a.slice(0, eq)).replace(/\//g, '.');
    const k = ownEntry(KEYS, key);
    if (!k) {
      write(ctx, `sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory\n`);
      exit = 255;
      continue;
    }
    if (eq >= 0) {
      const v = a.slice(eq + 1).trim();
      if (!/^\d+$/.test(v)) {
        write(ctx, `sysctl: setting key "${key}": Invalid argument\n`);
        exit = 255;
        continue;
      }
      k.set(ns, v !== '0');
    }
    if (!quiet) write(ctx, `${key} = ${k.get(ns) ? 1 : 0}\n`);
  }
  return exit;
}
