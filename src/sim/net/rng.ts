/**
 * The World's seeded PRNG (mulberry32). Its state lives in `world.rng`, so every generated MAC,
 * veth name and id is a function of the lab script alone.
 */
import type { World } from './types';

export function nextRandom(world: Pick<World, 'rng'>): number {
  let t = (world.rng = (world.rng + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export function randomBytes(world: Pick<World, 'rng'>, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const r = nextRandom(world);
    for (let i = 0; i < 4 && out.length < n; i++) out.push((r >>> (i * 8)) & 255);
  }
  return out;
}

export function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** A random locally administered unicast MAC, as the kernel's eth_random_addr gives veths and bridges. */
export function randomMac(world: World): string {
  const b = randomBytes(world, 6);
  b[0] = (b[0]! & 0xfe) | 0x02;
  return b.map(hex2).join(':');
}

export function randomHex(world: World, chars: number): string {
  return randomBytes(world, Math.ceil(chars / 2)).map(hex2).join('').slice(0, chars);
}

/** FNV-1a: a stable 32-bit hash of a string, for values that must depend on a name alone. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function nextId(world: World, prefix: string): string {
  world.seq += 1;
  return `${prefix}${world.seq}`;
}
