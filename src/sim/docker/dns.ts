/**
 * Docker's embedded DNS server (127.0.0.11) as libnetwork 20.10 answers it (facts §4.2):
 * `sandbox.ResolveName`, `sandbox.ResolveIP` and `network.ResolveName` over the service records
 * each running container registers on the user-defined networks it is attached to.
 *
 * - Records of an endpoint: the container name (also the PTR target), its `--network-alias`es, the
 *   short id and the hostname (20.10 appends both to the endpoint's aliases). The full id does not
 *   resolve. Endpoints on the default `bridge` have resolution disabled.
 * - Only the networks the asking container is attached to are searched, in connect order.
 * - `a.b.c` is tried as `a.b.c` everywhere, then `a.b` in network `c`, then `a` in network `b.c`;
 *   for each candidate the asking endpoint's link aliases (`--link x:y` on a user network) win.
 * - PTR answers `<name>.<network>`; what is not a Docker name is forwarded upstream (resolve.ts).
 *
 * Pure functions of the DockerState; names compare case-insensitively, as DNS does.
 */
import type { Ip4 } from '../net/types';
import type { Container, DockerNetwork, DockerState } from './types';

export type EmbeddedAnswer =
  /** A Docker name: its IPv4 addresses (several when containers share an alias). */
  | { kind: 'a'; addrs: Ip4[] }
  /** Not a Docker name: the resolver forwards the query to the external servers. */
  | { kind: 'forward' };

/** The container whose network sandbox `c` uses (itself, or the target of `--network container:X`). */
export function sandboxOf(d: DockerState, c: Container): Container {
  let s = c;
  for (let i = 0; i < 8 && s.joins !== undefined; i++) {
    const next = d.containers[s.joins];
    if (!next) break;
    s = next;
  }
  return s;
}

function isUserNetwork(n: DockerNetwork | undefined): n is DockerNetwork {
  return n !== undefined && !n.predefined;
}

/** The user-defined networks the sandbox is attached to, with its endpoint, in connect order. */
function askerEndpoints(d: DockerState, asker: Container): { net: DockerNetwork; links: Map<string, string> }[] {
  const s = sandboxOf(d, asker);
  if (s.state !== 'running') return [];
  const out: { net: DockerNetwork; links: Map<string, string> }[] = [];
  for (const e of s.endpoints) {
    if (e.endpoint.hidden) continue;
    const net = d.networks[e.network];
    if (!isUserNetwork(net)) continue;
    const links = new Map<string, string>();
    for (const l of s.links) {
      const t = d.containers[l.target];
      if (t) links.set(l.alias.toLowerCase(), t.name.toLowerCase());
    }
    out.push({ net, links });
  }
  return out;
}

/** Whether the sandbox runs the embedded DNS server (it has a user-defined network). */
export function hasEmbeddedDns(d: DockerState, asker: Container): boolean {
  return askerEndpoints(d, asker).length > 0;
}

/** The names an endpoint of `c` registers on a network (first one is the PTR target). */
export function dnsNames(c: Container, aliases: readonly string[]): string[] {
  const names = [c.name, ...aliases, c.id.slice(0, 12), c.hostname];
  return names.filter((n, i) => n !== '' && names.indexOf(n) === i);
}

/**
 * network.ResolveName: every running container on `net` registering `name`, in creation order. A
 * swarm-scope (overlay) network's records are gossiped to every node: `peers` are the other
 * nodes' daemons, searched after this one.
 */
function lookupOnNetwork(d: DockerState, net: DockerNetwork, name: string, peers: readonly DockerState[] = []): Ip4[] {
  const out: Ip4[] = [];
  for (const state of [d, ...(net.driver === 'overlay' ? peers.filter((p) => p !== d) : [])]) {
    for (const id of state.containerOrder) {
      const c = state.containers[id];
      if (!c || c.state !== 'running') continue;
      for (const e of c.endpoints) {
        if (e.network !== net.id || e.endpoint.ip === undefined || e.endpoint.hidden) continue;
        if (dnsNames(c, e.endpoint.aliases).some((n) => n.toLowerCase() === name)) out.push(e.endpoint.ip);
      }
    }
  }
  return out;
}

/** The (name, network) pairs sandbox.ResolveName tries for a dotted name, in order. */
export function candidates(name: string): { req: string; network: string }[] {
  const out = [{ req: name, network: '' }];
  let dup = name;
  for (let i = dup.lastIndexOf('.'); i > 0; i = dup.lastIndexOf('.')) {
    out.push({ req: name.slice(0, i), network: name.slice(i + 1) });
    dup = dup.slice(0, i);
  }
  return out;
}

/** An A query asked by a process of `asker` to 127.0.0.11. */
export function embeddedLookup(d: DockerState, asker: Container, qname: string, peers: readonly DockerState[] = []): EmbeddedAnswer {
  const name = qname.replace(/\.$/, '').toLowerCase();
  const eps = askerEndpoints(d, asker);
  for (const { req, network } of candidates(name)) {
    const here = eps.filter((e) => network === '' || e.net.name.toLowerCase() === network);
    for (const e of here) {
      const target = e.links.get(req);
      if (target === undefined) continue;
      const addrs = lookupOnNetwork(d, e.net, target, peers);
      if (addrs.length) return { kind: 'a', addrs };
    }
    for (const e of here) {
      if (e.links.has(req)) continue;
      const addrs = lookupOnNetwork(d, e.net, req, peers);
      if (addrs.length) return { kind: 'a', addrs };
    }
  }
  return { kind: 'forward' };
}

/** A PTR query for `ip`: `name.network` from the first shared network that knows the address. */
export function embeddedReverse(d: DockerState, asker: Container, ip: Ip4, peers: readonly DockerState[] = []): string | undefined {
  for (const { net } of askerEndpoints(d, asker)) {
    for (const state of [d, ...(net.driver === 'overlay' ? peers.filter((p) => p !== d) : [])]) {
      for (const id of state.containerOrder) {
        const c = state.containers[id];
        if (!c || c.state !== 'running') continue;
        if (c.endpoints.some((e) => e.network === net.id && e.endpoint.ip === ip)) return `${c.name}.${net.name}`;
      }
    }
  }
  return undefined;
}
