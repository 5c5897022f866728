/**
 * Reverse lookups the routing and socket tables do when not run with `-n`. The simulated
 * resolvers know /etc/hosts; on the CentOS 7 host, nss-myhostname (systemd 219, `hosts: files dns
 * myhostname`) also names the default gateways `gateway`, which is why `route` there prints
 * `default gateway 0.0.0.0 UG`. DNS PTR queries are taken to fail (NXDOMAIN), so other
 * addresses print as numbers.
 */
import { parseIp4 } from '../../../net/ip4';
import type { Ip4, Netns } from '../../../net/types';
import type { ShellCtx } from '../../context';
import { userlandOf } from '../../context';
import { readFile } from '../../fs';

/** The first name on the first /etc/hosts line for `ip` (gethostbyaddr through `files`). */
export function hostsName(ctx: Pick<ShellCtx, 'world' | 'place'>, ip: Ip4): string | undefined {
  const text = readFile(ctx, '/etc/hosts') ?? '';
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    if (words.length >= 2 && parseIp4(words[0]!) === ip) return words[1];
  }
  return undefined;
}

/** A host address by name, as the tool's resolver would give it; undefined means "print the number". */
export function reverseName(ctx: Pick<ShellCtx, 'world' | 'place'>, ns: Netns, ip: Ip4): string | undefined {
  const fromHosts = hostsName(ctx, ip);
  if (fromHosts) return fromHosts;
  if (userlandOf(ctx) === 'host' && ns.routes.some((r) => r.prefix === 0 && r.via === ip)) return 'gateway';
  return undefined;
}

/** getnetbyaddr() through CentOS 7's /etc/networks (BusyBox images have none). */
export function networkName(ctx: Pick<ShellCtx, 'world' | 'place'>, net: Ip4): string | undefined {
  if (userlandOf(ctx) !== 'host') return undefined;
  return ({ [0x7f000000]: 'loopback', [0xa9fe0000]: 'link-local' } as Record<number, string>)[net];
}
