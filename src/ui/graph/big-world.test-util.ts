/**
 * A big World for the graph's tests, made fast: the simulation runs one `docker run` per network,
 * then each of those containers is copied (its namespace, its veth pair, its Docker record) with
 * fresh ids, names and addresses until there are `containers`. Running a thousand `docker run`
 * through the simulation takes tens of seconds; the graph only reads these records.
 */
import { createDefaultWorld, execute, type World } from '../../sim';

function run(world: World, line: string): World {
  const r = execute(world, line);
  if (r.exitCode !== 0) throw new Error(`${line}: ${r.output}`);
  return r.world;
}

/** `containers` busybox containers `c1..cN` spread round-robin over `networks` user networks. */
export function bigWorld(containers: number, networks: number): World {
  let w = createDefaultWorld();
  for (let k = 1; k <= networks; k++) w = run(w, `docker network create net${k}`);
  for (let k = 1; k <= Math.min(networks, containers); k++) {
    w = run(w, `docker run -d --name c${k} --network net${k} busybox sleep 1d`);
  }
  const world = structuredClone(w);
  const host = world.hosts[world.hostOrder[0]!]!;
  const d = host.docker!;
  const root = world.netns[host.rootNs]!;
  const templates = d.containerOrder.map((id) => d.containers[id]!);
  const newId = (prefix: string) => `${prefix}${++world.seq}`;
  for (let n = templates.length + 1; n <= containers; n++) {
    const t = templates[(n - 1) % templates.length]!;
    const round = Math.floor((n - 1) / templates.length);
    const ep = t.endpoints[0]!.endpoint;
    const tNs = world.netns[t.ns!]!;
    const ns = newId('ns');
    const ifIds = tNs.ifaces.map(() => newId('if'));
    const veth = newId('if');
    world.netns[ns] = { ...structuredClone(tNs), id: ns, name: `c${n}`, ifaces: ifIds };
    tNs.ifaces.forEach((old, i) => {
      const src = world.ifaces[old]!;
      const copy = { ...structuredClone(src), id: ifIds[i]!, ns };
      if (old === ep.ctrIface) {
        copy.peer = veth;
        copy.addrs = src.addrs.map((a) => ({ ...a, addr: a.addr + round }));
      }
      world.ifaces[copy.id] = copy;
    });
    const hostEnd = world.ifaces[ep.hostIface!]!;
    const eth = ifIds[tNs.ifaces.indexOf(ep.ctrIface!)]!;
    world.ifaces[veth] = {
      ...structuredClone(hostEnd),
      id: veth,
      peer: eth,
      ifindex: root.nextIfindex++,
      name: `veth${(0x1000000 + n).toString(16).slice(1)}`,
    };
    root.ifaces.push(veth);
    const id = (BigInt(`0x${t.id}`) + BigInt(round)).toString(16).padStart(64, '0');
    d.containers[id] = {
      ...structuredClone(t),
      id,
      name: `c${n}`,
      ns,
      endpoints: [{ network: t.endpoints[0]!.network, endpoint: { ...ep, ip: ep.ip! + round, ctrIface: eth, hostIface: veth } }],
    };
    d.containerOrder.push(id);
  }
  return world;
}
