/**
 * IPv4 as uint32 arithmetic for the hot path. Parsing and validation of user text goes through
 * ip-num at the edges (see parseIp4), printing is plain string building.
 */
import type { Ip4 } from './types';

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkOf(addr: Ip4, prefix: number): Ip4 {
  return (addr & maskOf(prefix)) >>> 0;
}

export function broadcastOf(addr: Ip4, prefix: number): Ip4 {
  return (networkOf(addr, prefix) | (~maskOf(prefix) >>> 0)) >>> 0;
}

export function inPrefix(ip: Ip4, net: Ip4, prefix: number): boolean {
  return ((ip ^ net) & maskOf(prefix)) === 0;
}

export function formatIp4(ip: Ip4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function formatCidr(ip: Ip4, prefix: number): string {
  return `${formatIp4(ip)}/${prefix}`;
}

export { parseIp4 } from './ip4-parse';

/**
 * iproute2's get_prefix: `A.B.C.D[/N]`, where iproute2 also accepts shortened forms (`10/8`, `10.1`);
 * we accept what inet_aton-style parsing in iproute2 accepts for dotted prefixes: 1 to 4 parts.
 */
export function parsePrefix(text: string, defaultLen = 32): { addr: Ip4; prefix: number } | undefined {
  const slash = text.indexOf('/');
  const ipText = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? undefined : text.slice(slash + 1);
  const parts = ipText.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  let addr = 0;
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '0';
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    addr = (addr * 256 + v) >>> 0;
  }
  let prefix = slash < 0 ? defaultLen : NaN;
  if (lenText !== undefined) {
    if (!/^\d{1,2}$/.test(lenText)) return undefined;
    prefix = Number(lenText);
    if (prefix > 32) return undefined;
  }
  return { addr, prefix };
}

export function isLoopback(ip: Ip4): boolean {
  return ip >>> 24 === 127;
}
