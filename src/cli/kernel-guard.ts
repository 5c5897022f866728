/**
 * What an export script may do before it runs as root (kernel.ts): every command must be scoped
 * to a namespace named `PREFIX-...` that the script itself creates (`ip netns add`, `ip -n`,
 * `ip netns exec`, `ip link add ... netns A ... peer ... netns B`, `bridge -n NS fdb`); anything
 * else is refused; and which addresses it puts in two namespaces (duplicateAddresses). Pure text
 * checks, so they run anywhere (kernel.conformance.test.ts).
 */

/** A namespace name the runner will create, probe or delete. */
export const NS_NAME = /^[A-Za-z0-9_.-]+$/;
/** Shell syntax a script line (before its trailing redirections) or a replayed command may not hold. */
export const META = /[;&|`$<>()\\*?{}[\]!"']/;

/**
 * Checks that every command of an export script stays inside namespaces named `prefix-...`
 * that the script creates, and returns those namespaces (in creation order). Throws on the
 * first line that could touch anything else.
 */
export function scopedNamespaces(script: string, prefix: string): string[] {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(prefix)) throw new Error(`bad prefix ${JSON.stringify(prefix)}`);
  const own = (n: string | undefined) => n !== undefined && n.startsWith(`${prefix}-`) && NS_NAME.test(n) && n.length < 200;
  const created: string[] = [];
  const known = (n: string | undefined) => n !== undefined && created.includes(n);
  const lines = script.split('\n');
  let heredoc: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    const refuse = (why: string) => {
      throw new Error(`refusing to run export script: line ${i + 1} ${why}: ${raw}`);
    };
    if (heredoc !== undefined) {
      if (raw === heredoc) heredoc = undefined;
      continue;
    }
    if (line === '' || line.startsWith('#') || /^set -[eu]+( -o pipefail)?$/.test(line)) continue;
    let body = line;
    const hd = /\s<<'([A-Z_]+)'$/.exec(body);
    if (hd) {
      heredoc = hd[1];
      body = body.slice(0, hd.index);
    }
    // Harmless redirections and `|| true` are allowed at the end of a line.
    body = body.replace(/(\s+(?:2>\/dev\/null|>\/dev\/null|2>&1|\|\|\s+true))+$/, '');
    if (META.test(body)) refuse('has shell metacharacters');
    const t = body.split(/\s+/);
    if (t[0] === 'bridge') {
      // `bridge -n NS fdb append ...`: a vxlan device's forwarding entries, inside the lab.
      if ((t[1] !== '-n' && t[1] !== '-netns') || !known(t[2]) || t[3] !== 'fdb' || hd) refuse('is not a scoped bridge fdb command');
      continue;
    }
    if (t[0] !== 'ip') refuse('is not an ip command');
    // Every `netns NAME` anywhere in the line must name one of the lab's namespaces.
    const netnsTargets = (from: number) => {
      for (let k = from; k < t.length; k++) if (t[k] === 'netns' && !known(t[k + 1])) refuse(`moves something to "${t[k + 1]}"`);
    };
    if (t[1] === 'netns' && t[2] === 'add') {
      if (!own(t[3]) || t.length !== 4) refuse(`creates a namespace outside ${prefix}-*`);
      if (!known(t[3])) created.push(t[3]!);
      if (hd) refuse('has a heredoc');
    } else if (t[1] === 'netns' && (t[2] === 'del' || t[2] === 'delete')) {
      if (!known(t[3]) || t.length !== 4) refuse('deletes a namespace it did not create');
    } else if (t[1] === 'netns' && t[2] === 'exec') {
      if (!known(t[3])) refuse('runs outside the lab namespaces');
      if (t[4] === 'ip') netnsTargets(5);
    } else if (t[1] === '-n' || t[1] === '-netns') {
      if (!known(t[2])) refuse('runs outside the lab namespaces');
      if (hd) refuse('has a heredoc');
      netnsTargets(3);
    } else if (t[1] === 'link' && t[2] === 'add') {
      // ip link add name A netns NS1 ... type veth peer name B netns NS2 ...: made in place.
      const peer = t.indexOf('peer');
      const first = t.indexOf('netns');
      const second = peer < 0 ? -1 : t.indexOf('netns', peer);
      if (first < 0 || (peer >= 0 && first > peer) || (peer >= 0 && second < 0)) refuse('creates a link in the root namespace');
      if (hd) refuse('has a heredoc');
      netnsTargets(3);
    } else refuse('is not scoped to a lab namespace');
  }
  if (heredoc !== undefined) throw new Error('refusing to run export script: unterminated heredoc');
  const listed = /^# namespaces: (.*)$/m.exec(script)?.[1]?.trim().split(/\s+/) ?? [];
  for (const n of listed) if (!own(n)) throw new Error(`refusing to run export script: "# namespaces:" lists ${n}`);
  return [...new Set([...listed, ...created])];
}

/**
 * Addresses an export script puts in more than one namespace, with those namespaces. With a
 * duplicate on one LAN the kernel's answer depends on its neighbour caches: the first ARP reply
 * wins for a minute (locktime), and an ARP request teaches its target the sender's MAC.
 */
export function duplicateAddresses(script: string): Map<string, string[]> {
  const where = new Map<string, Set<string>>();
  for (const m of script.matchAll(/^ip (?:-n|netns exec) (\S+) (?:ip )?(?:addr|address|a) add (\d+\.\d+\.\d+\.\d+)\//gm)) {
    const set = where.get(m[2]!) ?? new Set<string>();
    set.add(m[1]!);
    where.set(m[2]!, set);
  }
  const out = new Map<string, string[]>();
  for (const [a, set] of where) if (set.size > 1) out.set(a, [...set]);
  return out;
}
