/**
 * The rows of /proc/net/{tcp,tcp6,udp,udp6} that `netstat` reads, built from `Netns.sockets`.
 *
 * A model socket carries no address family: `addr` 0 means "all addresses". Which family the
 * real program bound is a property of the program, so it is decided here (what each one does
 * out of the box):
 * - busybox `httpd`, `java` (Tomcat) and `mysqld` open one dual-stack socket on [::]: a single
 *   `tcp6 :::PORT` row (BusyBox netstat prints it as `tcp ... :::80`, facts §12.6);
 * - `nginx` (the image's default.conf has `listen 80;` and `listen [::]:80;`), `redis-server`
 *   (`bind * -::*`) and `docker-proxy` (Docker 20.10 starts a second proxy with `-host-ip ::`,
 *   facts §6.5) have an IPv4 socket and an IPv6 one: two rows. The second docker-proxy's pid is
 *   taken as the first one's + 1, since the model records only one;
 * - everything else (the embedded DNS of `dockerd` on 127.0.0.11, unknown programs) is IPv4 only.
 * Only listening sockets are modelled (no ESTABLISHED or TIME_WAIT rows).
 */
import { formatIp4 } from '../../../net/ip4';
import type { Netns, Socket } from '../../../net/types';

export interface SocketRow {
  proto: 'tcp' | 'udp';
  v6: boolean;
  /** Local address text as inet_ntop gives it: `0.0.0.0`, `127.0.0.11`, `::`. */
  local: string;
  port: number;
  socket: Socket;
  /** Pid as the host sees it (for the IPv6 twin of a docker-proxy: the first pid + 1). */
  pid?: number;
}

const V6_ONLY = new Set(['httpd', 'java', 'mysqld']);
const V4_AND_V6 = new Set(['nginx', 'redis-server', 'docker-proxy']);

function familiesOf(s: Socket): ('v4' | 'v6')[] {
  if (s.addr !== 0) return ['v4'];
  if (V6_ONLY.has(s.program)) return ['v6'];
  if (V4_AND_V6.has(s.program)) return ['v4', 'v6'];
  return ['v4'];
}

/** Rows in the order netstat reads the files: tcp, tcp6, udp, udp6. */
export function socketRows(ns: Netns): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const proto of ['tcp', 'udp'] as const) {
    for (const fam of ['v4', 'v6'] as const) {
      for (const s of ns.sockets) {
        if (s.proto !== proto) continue;
        const fams = familiesOf(s);
        if (!fams.includes(fam)) continue;
        const v6 = fam === 'v6';
        const twin = v6 && fams.length === 2;
        const pid = s.pid === undefined ? undefined : twin ? s.pid + 1 : s.pid;
        rows.push({
          proto,
          v6,
          local: v6 ? '::' : formatIp4(s.addr),
          port: s.port,
          socket: s,
          ...(pid !== undefined ? { pid } : {}),
        });
      }
    }
  }
  return rows;
}

/** `PID/name` as both netstats build it from /proc/PID/cmdline, cut to 19 characters. */
export function pidProgram(pid: number | undefined, program: string): string {
  if (pid === undefined) return '-';
  return `${pid}/${program}`.slice(0, 19);
}
