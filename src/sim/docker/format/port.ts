/**
 * `docker port CONTAINER [PRIVATE_PORT[/PROTO]]` (CLI 20.10, cli/command/container/port.go):
 * `80/tcp -> 0.0.0.0:8080` lines in natural order, or `0.0.0.0:8080` lines for one port.
 */
import type { Container } from '../types';
import { naturalCompare } from './natural-sort';
import { portMap } from './ports';
import { failed, ok, type FormatResult } from './result';

/**
 * `port` is the PRIVATE_PORT[/PROTO] argument; `ref` the container as the user named it (the error
 * echoes it; defaults to its name).
 */
export function formatPort(c: Container, port?: string, ref?: string): FormatResult {
  const opts = { port, ref };
  const map = portMap(c);
  if (opts.port === undefined) {
    const lines: string[] = [];
    for (const [key, bindings] of map) for (const b of bindings ?? []) lines.push(`${key} -> ${b.hostIp}:${b.hostPort}`);
    return ok(lines.sort(naturalCompare).map((l) => `${l}\n`).join(''));
  }
  const slash = opts.port.indexOf('/');
  port = opts.port;
  let proto = 'tcp';
  if (slash >= 0 && slash < opts.port.length - 1) {
    port = opts.port.slice(0, slash);
    proto = opts.port.slice(slash + 1);
  } else if (slash >= 0) port = opts.port.slice(0, slash);
  const natPort = `${port}/${proto}`;
  // nat.NewPort's parse errors, printed bare.
  if (port === '') return failed('Empty string specified for ports.');
  const range = port.split('-');
  for (const p of range.slice(0, 2)) {
    if (!/^\d+$/.test(p)) return failed(`strconv.ParseUint: parsing "${p}": invalid syntax`);
    if (Number(p) > 65535) return failed(`strconv.ParseUint: parsing "${p}": value out of range`);
  }
  const [lo, hi = lo] = range.map(Number);
  const key = `${lo === hi ? lo : `${lo}-${hi}`}/${proto}`;
  const bindings = map.find(([k]) => k === key)?.[1];
  if (bindings) return ok(bindings.map((b) => `${b.hostIp}:${b.hostPort}\n`).join(''));
  return failed(`Error: No public port '${natPort}' published for ${opts.ref ?? c.name}`);
}
