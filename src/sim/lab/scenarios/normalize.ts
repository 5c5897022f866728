/**
 * Comparing the simulator's output with a seed transcript. What differs by nature between two runs
 * of the same lab (random ids, MACs of random origin, ifindexes, veth and bridge names, times,
 * packet counters) is masked on both sides; everything else must match. MACs Docker derives from
 * the IPv4 address (`02:42:ac:11:00:02`, ≤27.x, facts §3.2) are real data and are kept.
 *
 * Modes (chosen per step by the expectation file, see transcript.ts):
 * - `exact`:  every line, after masking
 * - `prefix`: the seed stopped early (`....`): the lines shown open the output
 * - `lines`:  the seed shows fragments: the lines shown appear in the output, in order
 * - `blocks`: `ip a`/`ifconfig` excerpts: each interface block shown is one of the output's blocks
 * - `table`:  docker CLI tables, cell by cell (the padding is checked separately by {@link tableLayoutErrors})
 * - `words`:  runs of blanks are one space (tab-aligned tools whose tabs the seed lost, e.g. `brctl show`)
 * - `json`:   `inspect` output: same structure and key order; maps keyed by ids compared as sets
 * - `none`:   not compared (the seed shows nothing)
 */

export type MatchMode = 'exact' | 'prefix' | 'lines' | 'blocks' | 'table' | 'words' | 'json' | 'none';

const MAC = /\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g;
/** 02:42 + an IPv4 address of Docker's pools (172.16/12, 192.168/16, 10/8): derived, not random. */
const DERIVED_MAC = /^(00(:00){5}|ff(:ff){5}|02:42:ac:1[0-9a-f](:[0-9a-f]{2}){2}|02:42:c0:a8(:[0-9a-f]{2}){2}|02:42:0a(:[0-9a-f]{2}){3})$/i;
/** EUI-64 link-local addresses of those derived MACs. */
const DERIVED_LL = /^fe80::42:(acff:fe1[0-9a-f]:|c0ff:fea8:|aff:fe)/i;

/** Masks one line's incidental values; the result of the seed and of the simulator can be compared. */
export function maskLine(line: string): string {
  let l = line.replace(/\s+$/, '');
  l = l
    .replace(/\b[0-9a-f]{64}\b/g, '<ID64>')
    .replace(/\bbr-[0-9a-f]{12}\b/g, 'br-<ID12>')
    .replace(/\b8000\.[0-9a-f]{12}\b/g, '8000.<MAC>')
    .replace(/\bveth[0-9a-f]{7}\b/g, 'veth<X>')
    .replace(/\b[0-9a-f]{12}\b/g, '<ID12>')
    .replace(MAC, (m) => (DERIVED_MAC.test(m) ? m : '<MAC>'))
    .replace(/\bfe80::[0-9a-f:]*[0-9a-f]/gi, (m) => (DERIVED_LL.test(m) ? m : 'fe80::<LL>'))
    .replace(/^(\s*)\d+: (?=\S)/, '$1N: ')
    .replace(/@if\d+\b/g, '@ifN')
    .replace(/time=[\d.]+ ms/g, 'time=<T> ms')
    .replace(/\btime \d+ms\b/g, 'time <T>ms')
    .replace(/= [\d.]+\/[\d.]+\/[\d.]+(\/[\d.]+)? ms$/, '= <RTT> ms')
    .replace(/valid_lft \d+sec preferred_lft \d+sec/, 'valid_lft <N>sec preferred_lft <N>sec')
    .replace(/"Created": "[^"]*"/, '"Created": "<TIME>"')
    .replace(/\bcollisions:\d+/, 'collisions:<N>');
  if (/^\s*[RT]X (packets|bytes|errors)/.test(l)) l = l.replace(/\d+(\.\d+)?( [KMGT]?i?B)?/g, '<N>');
  return l;
}

/**
 * Lines of a text, masked, without the trailing blank lines (seed copies keep or lose them at
 * random). The `link-netnsid` of a host-side veth (a `master` port) is the id the host gave the
 * container's namespace, which counts every namespace the host saw before: history, not state.
 */
export function maskText(text: string): string[] {
  let hostPort = false;
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .map(maskLine)
    .map((l) => {
      if (/^N: /.test(l)) hostPort = / master /.test(l);
      return hostPort ? l.replace(/link-netnsid \d+/, 'link-netnsid <K>') : l;
    });
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `....` and `…` lines mark where the seed elided output. */
export function isElision(line: string): boolean {
  return /^\s*(\.{3,}|…)\s*$/.test(line);
}

/** The longest run of `want` lines found in order in `got` (for a readable failure). */
export function missingInOrder(want: string[], got: string[]): string[] {
  const missing: string[] = [];
  let j = 0;
  for (const w of want) {
    const k = got.indexOf(w, j);
    if (k < 0) missing.push(w);
    else j = k + 1;
  }
  return missing;
}

/** Splits `ip a`/`ip link`/`ifconfig` output into one block per interface. */
export function splitBlocks(lines: string[]): string[][] {
  const blocks: string[][] = [];
  for (const l of lines) {
    if (l === '') continue;
    const starts = /^N: /.test(l) || /^[^\s]/.test(l);
    if (starts || !blocks.length) blocks.push([l]);
    else blocks[blocks.length - 1]!.push(l);
  }
  return blocks;
}

/** The interface name a block opens with (`eth0@ifN`, `veth<X>@ifN`, `docker0`, `lo`). */
export function blockName(block: string[]): string {
  const head = (block[0] ?? '').replace(/^N: /, '');
  return /^([^\s:]+)/.exec(head)?.[1] ?? '';
}

export interface Table {
  header: string[];
  rows: string[][];
  /** Column start offsets, from the header. */
  starts: number[];
}

/**
 * Reads a tabwriter table. Header cells are separated by two blanks or more (`CONTAINER ID` has
 * one); each row is cut at the header's column offsets, so empty cells (PORTS) keep their place.
 */
export function parseTable(text: string): Table {
  const lines = text.replace(/\n$/, '').split('\n').filter((l) => l.trim() !== '');
  const head = lines[0] ?? '';
  const starts: number[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(head); m; m = re.exec(head)) starts.push(m.index);
  const cut = (l: string) => starts.map((s, i) => [...l].slice(s, starts[i + 1]).join('').trim());
  return { header: cut(head), rows: lines.slice(1).map(cut), starts };
}

/** Masks the cells that are times by nature: CREATED (`6 seconds ago`) and STATUS durations. */
export function maskCell(column: string, cell: string): string {
  const c = maskLine(cell);
  if (column === 'CREATED') return /ago$/.test(c) ? '<AGO>' : c;
  if (column === 'STATUS') {
    return c
      .replace(/^Up .*?( \((Paused|healthy|unhealthy)\))?$/, 'Up <DUR>$1')
      .replace(/^(Exited \(\d+\)|Restarting \(\d+\)) .* ago$/, '$1 <AGO>');
  }
  return c;
}

/** A table as comparable text: one line per row, cells masked and joined by ` | `. */
export function tableCells(text: string): string {
  const t = parseTable(text);
  return [t.header, ...t.rows].map((r) => r.map((c, i) => maskCell(t.header[i] ?? '', c)).join(' | ')).join('\n');
}

/**
 * The docker CLI 20.10 table layout (text/tabwriter, minwidth 10, padding 3): every column but the
 * last is as wide as its widest cell plus 3, and at least 10. Returns what breaks that rule.
 */
export function tableLayoutErrors(text: string): string[] {
  const t = parseTable(text);
  const errors: string[] = [];
  for (let i = 0; i + 1 < t.starts.length; i++) {
    const width = t.starts[i + 1]! - t.starts[i]!;
    const widest = Math.max(...[t.header, ...t.rows].map((r) => [...(r[i] ?? '')].length));
    const want = Math.max(widest + 3, 10);
    if (width !== want) errors.push(`column ${t.header[i]}: ${width} wide, the CLI makes it ${want}`);
  }
  const lines = text.replace(/\n$/, '').split('\n').filter((l) => l.trim() !== '');
  lines.forEach((l, n) => {
    t.starts.slice(1).forEach((s, i) => {
      const before = [...l].slice(0, s);
      if (before.length === s && before[s - 1] !== ' ') errors.push(`line ${n + 1}: column ${t.header[i + 1]} does not start at ${s}`);
    });
  });
  return errors;
}

/**
 * `inspect` JSON as comparable text: strings masked, key order kept (it is the struct order of
 * 20.10), maps keyed by 64-hex ids (`Containers`) turned into lists sorted by content, since ids,
 * and so the order Go sorts them in, are random.
 */
export function canonicalJson(text: string): string {
  let n = 0;
  const masked = text
    .split('\n')
    .map(maskLine)
    .join('\n')
    .replace(/"<ID64>":/g, () => `"<ID64>#${n++}":`);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length && entries.every(([k]) => /^<ID64>#\d+$/.test(k))) {
        return { '<ID64>': entries.map(([, x]) => JSON.stringify(walk(x))).sort().map((x) => JSON.parse(x) as unknown) };
      }
      return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return JSON.stringify(walk(JSON.parse(masked)), null, 4);
}

/** Whether the text is laid out as the docker CLI prints JSON (Go's json.Indent, 4 spaces). */
export function isGoIndentedJson(text: string): boolean {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 4)}\n` === text;
  } catch {
    return false;
  }
}
