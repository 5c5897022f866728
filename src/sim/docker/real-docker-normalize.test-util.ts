/**
 * For real-docker.test.ts: reading real-docker.sh transcripts, and the normalisation applied to
 * both sides (what is random or time-dependent in Docker itself: ids, random MACs, veth names,
 * times, RTTs, Go map order in port rules and nslookup answers, table padding).
 */

export interface EnvironmentFix {
  reason: string;
  /** Applied to both sides, so the compared text says what it hides. */
  both: (command: string, out: string) => string;
}

export interface Block {
  command: string;
  output: string;
  rc: number;
}

/** `$ CMD` / output lines / `[rc=N]`; header lines starting with `#` before the first command are skipped. */
export function parseTranscript(text: string): Block[] {
  const blocks: Block[] = [];
  let cur: { command: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (!cur) {
      if (line.startsWith('$ ')) cur = { command: line.slice(2), lines: [] };
      else if (line !== '' && !line.startsWith('#')) throw new Error(`unexpected line outside a block: ${line}`);
      continue;
    }
    const rc = /^\[rc=(\d+)\]$/.exec(line);
    if (rc) {
      blocks.push({ command: cur.command, output: cur.lines.map((l) => `${l}\n`).join(''), rc: Number(rc[1]) });
      cur = undefined;
    } else cur.lines.push(line);
  }
  if (cur) throw new Error(`unterminated block: ${cur.command}`);
  return blocks;
}

/** real-docker.sh adds a final newline to output that lacks one; do the same for the simulator. */
export const withFinalNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

// ---------------------------------------------------------------------------------------------------------
// Normalisation shared by both sides: what is random or time-dependent in Docker itself.

const TIME_PHRASE = /Less than a second|About an? (?:minute|hour)|\d+ (?:seconds?|minutes?|hours?|days?)/g;
const PS_TITLES = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];

/** `docker ps`: CREATED/STATUS ages → `<T>`, then the columns re-padded as docker's tabwriter does (min 10, pad 3). */
function normalizePsTable(out: string): string {
  const lines = out.split('\n');
  const header = lines[0] ?? '';
  const starts = PS_TITLES.map((t) => header.indexOf(t));
  if (starts.some((s) => s < 0)) return out;
  const cut = (l: string) => starts.map((s, i) => l.slice(s, starts[i + 1]).trimEnd());
  const rows = lines.filter((l) => l !== '').map((l, r) => (r === 0 ? cut(l) : cut(l).map((c) => c.replace(TIME_PHRASE, '<T>'))));
  const widths = PS_TITLES.map((_, i) => Math.max(10, ...rows.map((c) => c[i]!.length + 3)));
  return rows.map((c) => c.map((cell, i) => (i < c.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('').trimEnd() + '\n').join('');
}

/** The interface id of an EUI-64 link-local address → the MAC it came from. */
function macOfLinkLocal(addr: string): string | undefined {
  const [head, tail] = addr.split('::');
  if (head !== 'fe80' || tail === undefined) return undefined;
  const groups = tail.split(':').map((g) => parseInt(g, 16));
  while (groups.length < 4) groups.unshift(0);
  const b = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (b[3] !== 0xff || b[4] !== 0xfe) return undefined;
  return [b[0]! ^ 2, b[1]!, b[2]!, b[5]!, b[6]!, b[7]!].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** Port rules of one container come out in Go map order (random across runs): sort each such run. */
function sortPortRuleRuns(out: string): string {
  const keyOf = (l: string): string | undefined => {
    if (!/dpt:|--dport/.test(l)) return undefined;
    const to = /(?:to:|--to-destination )(\d+\.\d+\.\d+\.\d+)/.exec(l);
    const ips = l.match(/\d+\.\d+\.\d+\.\d+/g) ?? [];
    const chain = l.startsWith('-A ') ? l.split(' ')[1] : l.split(/\s+/)[0];
    return `${chain}|${to ? to[1] : ips.at(-1)}`;
  };
  const lines = out.split('\n');
  const res: string[] = [];
  let run: string[] = [];
  let runKey: string | undefined;
  const flush = () => {
    res.push(...run.sort());
    run = [];
  };
  for (const l of lines) {
    const k = keyOf(l);
    if (k === undefined || k !== runKey) flush();
    runKey = k;
    if (k === undefined) res.push(l);
    else run.push(l);
  }
  flush();
  return res.join('\n');
}

/** BusyBox nslookup sends A and AAAA at once and prints the answers in arrival order. */
function sortNslookupAnswers(out: string): string {
  const [head, ...rest] = out.split('\n\n');
  const tail = rest.at(-1) === '' ? [rest.pop()!] : [];
  return [head, ...rest.sort(), ...tail].join('\n\n');
}

/** `docker network inspect`: `Containers` is a map keyed by (random) container id; order its entries by Name. */
function sortInspectContainers(out: string): string {
  return out.replace(/("Containers": \{\n)((?: {12}".*\n(?: {16}.*\n)*? {12}\},?\n)+)/g, (_, open: string, body: string) => {
    const entries = body.split(/(?<=\n)(?= {12}")/).map((e) => e.replace(/\},?\n$/, '}'));
    const name = (e: string) => /"Name": "(.*)"/.exec(e)?.[1] ?? '';
    entries.sort((a, b) => name(a).localeCompare(name(b)));
    return open + entries.join(',\n') + '\n';
  });
}

/**
 * `brctl show` lists bridges and their ports by name, and br-<id>/veth names are random: order the groups
 * by `key` (the normalised bridge name) and, with `ports`, the port lines inside each group.
 */
function sortBrctl(out: string, key: (bridge: string) => string, ports: boolean): string {
  const [head, ...lines] = out.split('\n').filter((l) => l !== '');
  const groups: { row: string; ports: string[] }[] = [];
  for (const l of lines) {
    const port = l.split('\t').at(-1)!;
    if (l.startsWith('\t')) groups.at(-1)?.ports.push(port);
    else groups.push({ row: l.slice(0, l.length - port.length), ports: port === '' ? [] : [port] });
  }
  groups.sort((a, b) => key(a.row.split('\t')[0]!).localeCompare(key(b.row.split('\t')[0]!)));
  if (ports) for (const g of groups) g.ports.sort();
  const body = groups.flatMap((g) => [g.row + (g.ports[0] ?? ''), ...g.ports.slice(1).map((p) => `\t\t\t\t\t\t\t${p}`)]);
  return [head, ...body].map((l) => `${l}\n`).join('');
}

export class Normalizer {
  constructor(private readonly environment: readonly EnvironmentFix[]) {}

  private readonly ids = new Map<string, string>();
  private readonly macs = new Map<string, string>();
  private readonly veths = new Map<string, string>();

  private id(hex: string): string {
    const key = hex.slice(0, 12);
    if (!this.ids.has(key)) this.ids.set(key, `ID${this.ids.size + 1}`);
    const n = this.ids.get(key)!;
    return hex.length === 64 ? `<${n}:64>` : `<${n}>`;
  }

  private mac(mac: string, text: string): string {
    const m = mac.toLowerCase();
    if (m === '00:00:00:00:00:00' || m === 'ff:ff:ff:ff:ff:ff') return mac;
    const b = m.split(':').map((x) => parseInt(x, 16));
    // Docker's 02:42 + IPv4 bytes MACs are deterministic and worth comparing; bridges and veths are random.
    if (b[0] === 2 && b[1] === 0x42 && text.includes(b.slice(2).join('.'))) return mac;
    if (!this.macs.has(m)) this.macs.set(m, `MAC${this.macs.size + 1}`);
    return `<${this.macs.get(m)!}>`;
  }

  block(command: string, output: string): string {
    let out = this.environment.reduce((acc, e) => e.both(command, acc), output);
    if (/^docker (?:ps|container (?:ls|ps))\b/.test(command)) {
      out = command.includes('--format') ? out.replace(TIME_PHRASE, '<T>') : normalizePsTable(out);
    }
    if (/^docker port \S+$/.test(command)) out = out.split('\n').filter((l) => l !== '').sort().map((l) => `${l}\n`).join('');
    if (command.startsWith('iptables')) out = sortPortRuleRuns(out);
    if (command.includes('nslookup')) out = sortNslookupAnswers(out);
    if (/^docker network inspect (?!-f)/.test(command)) out = sortInspectContainers(out);
    if (command === 'brctl show') out = sortBrctl(out, (b) => b.replace(/^br-([0-9a-f]{12})$/, (_, h: string) => `br-${this.ids.get(h) ?? h}`), false);
    const text = out;
    out = out
      .replace(/\b8000\.([0-9a-f]{12})\b/g, (_, h: string) => `8000.${this.mac(h.match(/../g)!.join(':'), text)}`)
      .replace(/\bfe80::[0-9a-f:]+(?=\/64)/g, (a) => {
        const mac = macOfLinkLocal(a);
        return mac === undefined ? a : `fe80::${this.mac(mac, text)}`;
      })
      .replace(/\b(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}\b/g, (m) => this.mac(m, text))
      .replace(/\bveth[0-9a-f]{7}\b/g, (v) => {
        if (!this.veths.has(v)) this.veths.set(v, `veth<${this.veths.size + 1}>`);
        return this.veths.get(v)!;
      })
      .replace(/\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b/g, (h) => this.id(h))
      .replace(/time=\d+(?:\.\d+)? ms/g, 'time=<RTT> ms')
      .replace(/(round-trip min\/avg\/max = )[\d./]+/g, '$1<RTT>')
      .replace(/\b(?!0001-)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, '<TIME>')
      .replace(/^(# (?:Generated by iptables-save \S+ \S+|Completed) on ).*$/gm, '$1<DATE>')
      .replace(/("Pid": )[1-9]\d*/g, '$1<PID>')
      .replace(/\b127\.0\.0\.11:(?!53\b)\d+/g, '127.0.0.11:<PORT>')
      // Interface counters depend on background IPv6/multicast traffic; the simulator does not count.
      .replace(/([RT]X packets:)\d+/g, '$1<N>')
      .replace(/([RT]X bytes:)\d+ \([^)]*\)/g, '$1<N>');
    if (command === 'brctl show') out = sortBrctl(out, (b) => b, true);
    return out;
  }
}
