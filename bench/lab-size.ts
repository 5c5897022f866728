/**
 * How long a share link is for labs built the way a user builds them (`userLab`), and how the
 * link format compares with other encodings: the lab's own JSON deflated, the compact form with
 * repeated commands interned, and lz-string (not a dependency: `npm i --no-save lz-string` first
 * to include it).
 *
 *     npx tsx bench/lab-size.ts
 *
 * `userLab` is also the codec tests' fixture.
 */
import type { Lab, LabEntry } from '../src/sim/lab/lab';
import { createLabWorld, replay } from '../src/sim/lab/lab';

/**
 * A lab with `containers` containers as a user would build it: a few networks (some with
 * `--subnet`), busybox and nginx containers, `network connect`, pings, a typo, a second terminal
 * inside a container, a few palette gestures, and about ten nodes dragged on the canvas.
 */
export function userLab(containers: number): Lab {
  const log: LabEntry[] = [];
  const at = (t: string, c: string, extra: Partial<LabEntry> = {}) => log.push({ t, h: 'docker-node1', c, ...extra });
  const networks = Math.max(2, Math.round(containers / 10));
  at('t1', 'docker network ls');
  for (let k = 1; k <= networks; k++) {
    if (k === 1) at('t1', 'docker network create net1');
    else if (k === 2) at('t1', 'docker network create --subnet 172.20.0.0/16 net2');
    else at('t1', `docker network create --driver bridge --subnet 10.${k}.0.0/24 --gateway 10.${k}.0.1 net${k}`);
  }
  at('t1', 'docker run -d --name c1 --network net9 busybox sleep 3600'); // a typo: no such network
  for (let n = 1; n <= containers; n++) {
    const net = ((n - 1) % networks) + 1;
    const gesture = n % 7 === 0 ? { g: 1 as const } : {};
    if (n % 8 === 0) at('t1', `docker run -d --name web${n} --network net${net} -p ${8000 + n}:80 nginx`, gesture);
    else at('t1', `docker run -d --name c${n} --network net${net} busybox sleep 3600`, gesture);
    if (n % 6 === 0) at('t1', 'docker ps');
  }
  for (let n = 3; n <= containers; n += 9) at('t1', `docker network connect net${(n % networks) + 1} c${n}`, n % 2 ? { g: 1 } : {});
  at('t1', 'docker network inspect net1');
  at('t1', 'ip a');
  at('t1', 'brctl show');
  at('t1', 'docker exec c1 ping -c 2 c2');
  at('t1', `docker exec c2 ping -c 2 c${networks + 2}`);
  at('t2', 'docker exec -it c1 sh');
  for (const c of ['ip a', 'cat /etc/hosts', 'ping -c 3 c2', `ping -c 3 c${1 + networks}`, 'ip route', 'exit']) at('t2', c);
  at('t1', 'docker ps');
  return { v: 1, name: `My ${containers}-container lab`, hosts: ['docker-node1'], log, layout: dragged(log) };
}

/** About ten nodes the user dragged: the host, bridges, container boxes, a published port. */
function dragged(log: LabEntry[]): Record<string, [number, number]> {
  const world = replay({ hosts: ['docker-node1'], log }, createLabWorld(['docker-node1'])).world;
  const host = Object.values(world.hosts)[0]!;
  const running = Object.values(host.docker!.containers).filter((c) => c.ns);
  const bridges = Object.values(world.ifaces).filter((i) => i.kind === 'bridge');
  const web = Object.values(host.docker!.containers).find((c) => c.name.startsWith('web'));
  const ids = [
    `host:${host.id}`,
    ...bridges.slice(0, 3).map((b) => `if:${b.id}`),
    ...running.slice(0, 5).map((c) => `ns:${c.ns}`),
    ...(web ? [`pub:${web.id}:0`] : []),
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Object.fromEntries(ids.map((id) => [id, [Math.round(next() * 1400 - 300), Math.round(next() * 900 - 200)]]));
}

async function main(): Promise<void> {
  const { encodeLab, fromBase64Url, toBase64Url } = await import('../src/sim/lab/codec');
  const { deflateRawSync, inflateRawSync } = await import('node:zlib');
  const deflate = (s: string) => toBase64Url(new Uint8Array(deflateRawSync(Buffer.from(s))));
  type LzString = { compressToEncodedURIComponent(s: string): string };
  let lz: LzString | null;
  try {
    // Not a dependency; present only when installed with --no-save for this measurement.
    const mod = (await import('lz' + '-string')) as { default?: unknown };
    lz = (mod.default ?? mod) as LzString;
  } catch {
    lz = null;
  }
  const rows: string[][] = [['lab', 'lines', 'JSON', 'lab JSON+deflate', 'link (compact+deflate)', 'compact+interned', 'lz-string(JSON)', 'lz-string(compact)']];
  for (const n of [20, 50, 100]) {
    const lab = userLab(n);
    const json = JSON.stringify(lab);
    const payload = await encodeLab(lab);
    const compact = Buffer.from(inflateRawSync(fromBase64Url(payload.split('.')[1]!)!)).toString();
    rows.push([
      `${n} containers`,
      String(lab.log.length),
      String(json.length),
      String(2 + deflate(json).length),
      String(payload.length),
      String(2 + deflate(interned(compact)).length),
      lz ? String(lz.compressToEncodedURIComponent(json).length) : 'n/a',
      lz ? String(lz.compressToEncodedURIComponent(compact).length) : 'n/a',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

/** The compact form with each repeated command replaced by the index of its first use. */
function interned(compact: string): string {
  const data = JSON.parse(compact) as { l: unknown[] };
  const first = new Map<string, number>();
  data.l = data.l.map((e, i) => {
    if (typeof e !== 'string') return e;
    const k = first.get(e);
    if (k !== undefined) return k;
    first.set(e, i);
    return e;
  });
  return JSON.stringify(data);
}

if (process.argv[1]?.endsWith('lab-size.ts')) void main();
