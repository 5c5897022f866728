/**
 * Waiting for the kernel to finish what the commands started: link state (operstate, carrier,
 * bridge port states) is updated asynchronously by linkwatch, and `ip netns del` destroys a
 * namespace's links later, in a workqueue. Probing before that gives answers that depend on timing.
 */
import { run } from './kernel';

/**
 * Links that are not yet what they will be: carrier changes reach operstate, the qdisc and the
 * bridge port state through linkwatch, which runs at most once a second. Until then a fresh
 * veth drops what it is given (the first ARP of a ping is lost and the reply misses -W1).
 * Returns a description of each unsettled link in `ip -d -o link` output.
 */
export function unsettledLinks(ipDetailedLinks: string): string[] {
  const out: string[] = [];
  const lines = ipDetailedLinks.split('\n').filter((l) => /^\d+: /.test(l));
  const up = new Map<string, boolean>();
  const parsed = lines.map((l) => {
    const name = /^\d+: ([^:@]+)/.exec(l)?.[1] ?? '?';
    const flags = (/<([^>]*)>/.exec(l)?.[1] ?? '').split(',');
    const oper = / state (\S+) mode /.exec(l)?.[1] ?? 'UNKNOWN';
    const master = / master (\S+) /.exec(l)?.[1];
    const port = /bridge_slave state (\S+)/.exec(l)?.[1];
    up.set(name, flags.includes('UP'));
    return { name, flags, oper, master, port };
  });
  for (const i of parsed) {
    if (i.flags.includes('LOOPBACK')) continue;
    const adminUp = i.flags.includes('UP');
    const carrier = i.flags.includes('LOWER_UP');
    if (adminUp && carrier && i.oper !== 'UP' && i.oper !== 'UNKNOWN') out.push(`${i.name}: carrier but operstate ${i.oper}`);
    if (adminUp && !carrier && i.oper === 'UP') out.push(`${i.name}: no carrier but operstate UP`);
    if (i.port !== undefined && adminUp && carrier && i.master && up.get(i.master) && i.port !== 'forwarding') {
      out.push(`${i.name}: bridge port ${i.port}`);
    }
  }
  return out;
}

/** Waits until every link of the namespaces has settled (see unsettledLinks). */
export async function settle(namespaces: string[], timeoutMs = 15_000, expectLinks?: Record<string, string[]>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...namespaces];
  for (let round = 0; ; round++) {
    const states = await Promise.all(pending.map((n) => run('ip', ['-n', n, '-d', '-o', 'link'], { timeoutMs: 30_000 })));
    const still: string[] = [];
    const why: string[] = [];
    states.forEach((r, i) => {
      const u = r.code === 0 ? unsettledLinks(r.stdout) : [`ip link failed: ${r.stderr.trim()}`];
      const want = expectLinks?.[pending[i]!];
      if (r.code === 0 && want) {
        const have = linkNames(r.stdout);
        if (have.join(' ') !== [...want].sort().join(' ')) u.push(`links [${have.join(' ')}], expected [${[...want].sort().join(' ')}]`);
      }
      if (u.length) {
        still.push(pending[i]!);
        why.push(`${pending[i]}: ${u.join(', ')}`);
      }
    });
    if (!still.length) return;
    if (Date.now() > deadline) throw new Error(`links did not settle in ${timeoutMs} ms: ${why.join('; ')}`);
    pending = still;
    await new Promise((res) => setTimeout(res, Math.min(50 * (round + 1), 250)));
  }
}

/** Link names in `ip -o link` output, sorted. */
export function linkNames(oneline: string): string[] {
  const names: string[] = [];
  for (const line of oneline.split('\n')) {
    const m = /^\d+: ([^:@\s]+)[@:]/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names.sort();
}
