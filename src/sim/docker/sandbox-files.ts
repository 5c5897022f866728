/**
 * The files a sandbox writes for its container (facts §4.3-4.4): /etc/hosts (Docker's header,
 * `--link` and `--add-host` entries, the container's own address and hostname), /etc/resolv.conf
 * (the embedded DNS on user networks; `--dns`/daemon `dns`, or the host's file without its
 * loopback nameservers, on the default bridge) and /etc/hostname.
 */
import { formatIp4 } from '../net/ip4';
import type { Host, Ip4 } from '../net/types';
import type { Container } from './types';

const HOSTS_HEAD =
  '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';

/** A hosts line for the container's own address: `IP\thostname` (`IP\thost.domain host`). */
export function hostsLine(c: Container, ip: Ip4): string {
  const fqdn = c.domainname ? `${c.hostname}.${c.domainname} ${c.hostname}` : c.hostname;
  return `${formatIp4(ip)}\t${fqdn}\n`;
}

function hostsFile(host: Host, c: Container): string {
  const d = host.docker!;
  let hosts = HOSTS_HEAD;
  for (const l of c.links) {
    const t = d.containers[l.target];
    const ip = t?.endpoints.find((e) => d.networks[e.network]?.name === 'bridge')?.endpoint.ip;
    if (t && ip !== undefined) hosts += `${formatIp4(ip)}\t${[l.alias, t.hostname, ...(t.name !== l.alias ? [t.name] : [])].join(' ')}\n`;
  }
  for (const h of c.extraHosts) {
    const [name, ip] = h.split(':');
    hosts += `${ip}\t${name}\n`;
  }
  const first = c.endpoints.find((e) => e.endpoint.ip !== undefined);
  if (first) hosts += hostsLine(c, first.endpoint.ip!);
  return hosts;
}

/** resolv.conf for the container's networks now (a user network brings the embedded DNS). */
export function resolvConf(host: Host, c: Container): string {
  const d = host.docker!;
  const search = c.dnsSearch?.length ? `search ${c.dnsSearch.join(' ')}\n` : '';
  if (c.endpoints.some((e) => !d.networks[e.network]?.predefined)) return `${search}nameserver 127.0.0.11\noptions ndots:0\n`;
  const dns = c.dns.length ? c.dns : (d.config.dns ?? []);
  if (dns.length) return search + dns.map((s) => `nameserver ${s}\n`).join('');
  return filterLocalNameservers(host.files['/etc/resolv.conf'] ?? '');
}

function filterLocalNameservers(text: string): string {
  const kept = text.split('\n').filter((l) => !/^\s*nameserver\s+(127\.|::1)/.test(l)).join('\n');
  return /^\s*nameserver/m.test(kept) ? kept : `${kept}nameserver 8.8.8.8\nnameserver 8.8.4.4\n`;
}

export function writeFiles(host: Host, c: Container): void {
  c.files = { '/etc/hosts': hostsFile(host, c), '/etc/resolv.conf': resolvConf(host, c), '/etc/hostname': `${c.hostname}\n` };
}
