/**
 * `telnet HOST [PORT]` (facts §12.9): netkit telnet 0.17 as CentOS 7 packages it (the seeds install
 * it on the host) and BusyBox's applet in BusyBox images. A connection that succeeds is then
 * closed at once, as if the far end hung up: netkit prints up to `Connection closed by foreign
 * host.` (exit 1); BusyBox, whose stdin is at EOF under `docker exec`, prints nothing (exit 0).
 *
 * netkit (getaddrinfo build): `Trying 172.17.0.5...`, `Connected to 172.17.0.5.`,
 * `Escape character is '^]'.`; failures `telnet: connect to address 127.0.0.1: Connection refused`;
 * an unknown name `telnet: x: Name or service not known` + `x: Unknown host`.
 * BusyBox: `telnet: bad address 'x'`, `telnet: can't connect to remote host (ip): Connection refused`.
 */
import { SimError } from '../../net/errors';
import { formatIp4 } from '../../net/ip4';
import type { ShellCtx } from '../context';
import { userlandOf, write } from '../context';
import { resolveName } from '../resolve';
import { connectTcp } from './http';

const BB_USAGE = `BusyBox v1.35.0 multi-call binary.

Usage: telnet [-a] [-l USER] HOST [PORT]

Connect to telnet server

	-a	Automatic login with $USER variable
	-l USER	Automatic login as USER`;

const NETKIT_USAGE = 'Usage: telnet [-4] [-6] [-8] [-E] [-L] [-a] [-d] [-e char] [-l user]\n\t[-n tracefile] [-b addr] [-r] [host-name [port]]';

function port(text: string | undefined, busybox: boolean): number {
  if (text === undefined) return 23;
  const n = Number(text);
  if (/^\d+$/.test(text) && n > 0 && n < 65536) return n;
  if (text === 'http') return 80;
  if (text === 'telnet') return 23;
  throw new SimError(busybox ? `telnet: bad port '${text}'` : `telnet: ${text}: bad port`, 1);
}

export function telnetCommand(ctx: ShellCtx, argv: string[]): number {
  const busybox = userlandOf(ctx) === 'busybox';
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-l' || a === '-e' || a === '-b' || a === '-n') i++;
    else if (a.startsWith('-') && a.length > 1) continue;
    else args.push(a);
  }
  const [hostText, portText] = args;
  if (hostText === undefined) {
    if (busybox) throw new SimError(BB_USAGE, 1);
    // Interactive `telnet>` prompt: stdin is at EOF, so it quits at once.
    write(ctx, 'telnet> ');
    return 0;
  }
  if (args.length > 2) throw new SimError(busybox ? BB_USAGE : NETKIT_USAGE, 1);
  const p = port(portText, busybox);
  const r = resolveName(ctx, hostText);
  if (r.kind !== 'ok') {
    if (busybox) throw new SimError(`telnet: bad address '${hostText}'`, 1);
    const why = r.kind === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution';
    throw new SimError(`telnet: ${hostText}: ${why}\n${hostText}: Unknown host`, 1);
  }
  const ip = formatIp4(r.addr);
  if (!busybox) write(ctx, `Trying ${ip}...\n`);
  const conn = connectTcp(ctx, r.addr, p);
  const why =
    conn.kind === 'refused' ? 'Connection refused'
    : conn.kind === 'timeout' ? 'Connection timed out'
    : conn.kind === 'error' ? conn.message
    : undefined;
  if (why !== undefined) {
    throw new SimError(busybox ? `telnet: can't connect to remote host (${ip}): ${why}` : `telnet: connect to address ${ip}: ${why}`, 1);
  }
  if (busybox) return 0;
  write(ctx, `Connected to ${r.canonical}.\nEscape character is '^]'.\nConnection closed by foreign host.\n`);
  return 1;
}
