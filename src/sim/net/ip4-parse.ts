/**
 * Parsing a dotted quad, with ip-num at the edge (DESIGN.md). In its own module so the code that
 * only prints addresses (the graph, in the first-load bundle) does not carry ip-num with it.
 */
import { Validator } from 'ip-num';
import type { Ip4 } from './types';

/** Strict dotted quad, validated by ip-num. Returns undefined when it is not one. */
export function parseIp4(text: string): Ip4 | undefined {
  const [ok] = Validator.isValidIPv4String(text);
  if (!ok) return undefined;
  const p = text.split('.').map(Number);
  return (((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0);
}
