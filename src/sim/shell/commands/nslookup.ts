/**
 * BusyBox `nslookup` (the 1.28+ resolver of networking/nslookup.c; facts §12.7): asks the servers
 * of /etc/resolv.conf (or the one given) directly, without /etc/hosts or search domains; a name
 * gets an A and an AAAA query, an IPv4 address a PTR query. Output per answer, in arrival order:
 * `Non-authoritative answer:` + records, or `** server can't find x: NXDOMAIN`, each followed by
 * an empty line; no server answering gives `;; connection timed out; no servers could be reached`.
 * Exit 1 when a query failed (1.35).
 *
 * The CentOS host has no nslookup (bind-utils is not installed): `-bash: nslookup: command not found`.
 */
import { SimError } from '../../net/errors';
import { formatIp4, parseIp4 } from '../../net/ip4';
import type { Ip4 } from '../../net/types';
import type { ShellCtx } from '../context';
import { userlandOf, write } from '../context';
import { dnsQuery, ptrName, resolvConfOf, resolveName, type DnsReply, type QueryType } from '../resolve';

const USAGE = `BusyBox v1.35.0 multi-call binary.

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any`;

const TYPES = ['soa', 'ns', 'a', 'aaaa', 'cname', 'mx', 'txt', 'ptr', 'srv', 'any'];

interface Query {
  name: string;
  type: QueryType | 'OTHER';
}

function answerText(q: Query, r: DnsReply): string {
  if (r.kind === 'nxdomain') return `** server can't find ${q.name}: NXDOMAIN\n\n`;
  let out = 'Non-authoritative answer:\n';
  if (r.kind === 'a' && q.type === 'A') out += r.addrs.map((a) => `Name:\t${q.name}\nAddress: ${formatIp4(a)}\n`).join('');
  if (r.kind === 'ptr') out += `${q.name}\tname = ${r.name}\n`;
  return `${out}\n`;
}

export function nslookupCommand(ctx: ShellCtx, argv: string[]): number {
  if (userlandOf(ctx) !== 'busybox') {
    write(ctx, '-bash: nslookup: command not found\n');
    return 127;
  }
  const types: string[] = [];
  const args = argv.slice(1);
  while (args[0]?.startsWith('-')) {
    const [key, val = ''] = args.shift()!.slice(1).split('=');
    if (key === 'type' || key === 'querytype' || key === 'query' || key === 'q') {
      if (!TYPES.includes(val.toLowerCase())) throw new SimError(`nslookup: invalid query type "${val}"`, 1);
      types.push(val.toLowerCase());
    } else if (!['port', 'retry', 'debug', 't', 'timeout'].includes(key ?? '')) throw new SimError(USAGE, 1);
  }
  const [host, serverText] = args;
  if (host === undefined || args.length > 2) throw new SimError(USAGE, 1);
  const queries: Query[] = [];
  const literal = parseIp4(host);
  if (types.length === 0) {
    if (literal !== undefined) queries.push({ name: ptrName(literal), type: 'PTR' });
    else queries.push({ name: host, type: 'A' }, { name: host, type: 'AAAA' });
  } else {
    for (const t of types) {
      const type = t === 'a' ? 'A' : t === 'aaaa' ? 'AAAA' : t === 'ptr' ? 'PTR' : 'OTHER';
      queries.push({ name: host, type });
    }
  }

  let servers: { name: string; ip: Ip4 }[];
  if (serverText !== undefined) {
    const r = resolveName(ctx, serverText);
    if (r.kind !== 'ok') throw new SimError(`nslookup: bad address '${serverText}'`, 1);
    servers = [{ name: serverText, ip: r.addr }];
  } else servers = resolvConfOf(ctx).nameservers.map((ip) => ({ name: formatIp4(ip), ip }));

  for (const s of servers) {
    const replies = queries.map((q): DnsReply => (q.type === 'OTHER' ? { kind: 'nodata' } : dnsQuery(ctx, s.ip, q.name, q.type)));
    if (replies.every((r) => r.kind === 'timeout')) continue;
    write(ctx, `Server:\t\t${s.name}\nAddress:\t${formatIp4(s.ip)}:53\n\n`);
    let failed = false;
    replies.forEach((r, i) => {
      if (r.kind === 'timeout') return;
      if (r.kind === 'nxdomain') failed = true;
      write(ctx, answerText(queries[i]!, r));
    });
    const unanswered = queries.filter((_, i) => replies[i]!.kind === 'timeout');
    if (unanswered.length) write(ctx, `${unanswered.map((q) => `*** Can't find ${q.name}: No answer\n`).join('')}\n`);
    return failed ? 1 : 0;
  }
  write(ctx, ';; connection timed out; no servers could be reached\n\n');
  return 1;
}
