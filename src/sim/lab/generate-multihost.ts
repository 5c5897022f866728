/**
 * Random multi-host `ip netns` labs for the kernel conformance suite, beside generate.ts's
 * single-host ones: a pure function of the seed (the same Rng), so a failing lab is reproduced by
 * its seed alone. The machines are the seeds' Vagrant VMs docker-node1..3 on the private network
 * 192.168.205.0/24; a lab-script prompt (`[root@docker-node2 ~]# ...`) picks the machine a line
 * runs on, and makes it (labFromScript).
 */
import { Rng } from './generate';

/** Machine h's hostname, docker-node(h+1). */
export const nodeName = (h: number) => `docker-node${h + 1}`;
/** Machine h's eth1 address on the private network, as addVagrantHost gives it (default-world.ts). */
export const nodeAddr = (h: number) => `192.168.205.${10 + h}`;
/** A lab-script line run on machine h: the transcript prompt picks the machine. */
export const onNode = (h: number, cmd: string) => `[root@${nodeName(h)} ~]# ${cmd}`;

/**
 * A multi-host lab (`[root@docker-nodeN ~]#` prompts pick the machine) built from `seed`: two or
 * three VMs on the 192.168.205.0/24 LAN. On each, an overlay-like namespace (br0 + vxlan0 made
 * over eth1 and moved in, Docker's way: static fdb and PERMANENT neighbour entries, learning
 * off, often proxy ARP) with one or two "container" namespaces on it; and macvlan children of
 * eth1 in namespaces of their own. The mistakes: a missing fdb or neighbour entry, an fdb entry
 * to the wrong host, another VNI on one host, vxlan0 left down, UDP 4789 dropped in a host's
 * INPUT, and probes from a host to its own macvlan children (which the kernel never passes).
 */
export function generateMultiHostLab(seed: number): string {
  const r = new Rng((seed * 0x85ebca6b) ^ 0x5bd1e995);
  const nodes = r.chance(0.75) ? 2 : 3;
  const out: string[] = [`# generated multi-host lab, seed ${seed}`];
  const on = (h: number, cmd: string) => out.push(onNode(h, cmd));
  const vni = r.pick([42, 100, 4096, 4097]);
  const port = r.chance(0.8) ? 4789 : 8472;
  const proxy = r.chance(0.7);
  const sub = r.range(1, 250);
  interface Ctr { h: number; ip: string; mac: string }
  const ctrs: Ctr[] = [];
  const ovNs = (h: number) => `ov${h + 1}`;
  // --- the overlay, host by host
  for (let h = 0; h < nodes; h++) {
    const myVni = r.chance(0.08) ? vni + 1 : vni;
    const flags = `${proxy ? ' proxy' : ''} nolearning${r.chance(0.5) ? ' l2miss l3miss' : ''}`;
    on(h, `ip netns add ${ovNs(h)}`);
    on(h, `ip link add vxlan0 type vxlan id ${myVni} dstport ${port} dev eth1${flags}`);
    on(h, `ip link set vxlan0 netns ${ovNs(h)}`);
    on(h, `ip -n ${ovNs(h)} link add br0 type bridge`);
    on(h, `ip -n ${ovNs(h)} link set vxlan0 master br0`);
    if (!r.chance(0.07)) on(h, `ip -n ${ovNs(h)} link set vxlan0 up`);
    on(h, `ip -n ${ovNs(h)} link set br0 up`);
    const count = r.range(1, 2);
    for (let k = 0; k < count; k++) {
      const ns = `c${h + 1}${String.fromCharCode(97 + k)}`;
      const last = 2 + h * 10 + k;
      const c: Ctr = { h, ip: `10.${sub}.0.${last}`, mac: `02:42:0a:${sub.toString(16).padStart(2, '0')}:00:${last.toString(16).padStart(2, '0')}` };
      ctrs.push(c);
      on(h, `ip netns add ${ns}`);
      on(h, `ip -n ${ovNs(h)} link add veth${k} type veth peer name eth0`);
      on(h, `ip -n ${ovNs(h)} link set eth0 netns ${ns}`);
      on(h, `ip -n ${ovNs(h)} link set veth${k} master br0`);
      on(h, `ip -n ${ovNs(h)} link set veth${k} up`);
      on(h, `ip -n ${ns} link set eth0 address ${c.mac}`);
      on(h, `ip -n ${ns} addr add ${c.ip}/24 dev eth0`);
      on(h, `ip -n ${ns} link set eth0 up`);
    }
  }
  // --- what each host's overlay knows about the others' containers
  for (let h = 0; h < nodes; h++) {
    for (const c of ctrs) {
      if (c.h === h) continue;
      if (proxy && !r.chance(0.05)) on(h, `ip -n ${ovNs(h)} neigh add ${c.ip} lladdr ${c.mac} dev vxlan0 nud permanent`);
      if (r.chance(0.05)) continue;
      const wrong = r.chance(0.04) ? (c.h + 1) % nodes : c.h;
      on(h, `bridge -n ${ovNs(h)} fdb add ${c.mac} dev vxlan0 dst ${nodeAddr(wrong === h ? c.h : wrong)} self permanent`);
    }
    // Without proxy ARP, broadcasts go to every other host (all-zero entries), as with `remote`.
    if (!proxy) for (let o = 0; o < nodes; o++) if (o !== h) on(h, `bridge -n ${ovNs(h)} fdb append 00:00:00:00:00:00 dev vxlan0 dst ${nodeAddr(o)} self permanent`);
  }
  // --- macvlan children of eth1
  for (let h = 0; h < nodes; h++) {
    const count = r.range(0, 2);
    for (let k = 0; k < count; k++) {
      const ns = `mv${h + 1}${String.fromCharCode(97 + k)}`;
      const mode = r.chance(0.8) ? 'bridge' : r.pick(['vepa', 'private']);
      on(h, `ip netns add ${ns}`);
      on(h, `ip link add link eth1 name mvl${k} type macvlan mode ${mode}`);
      on(h, `ip link set mvl${k} netns ${ns}`);
      on(h, `ip -n ${ns} addr add 192.168.205.${100 + h * 10 + k}/24 dev mvl${k}`);
      on(h, `ip -n ${ns} link set mvl${k} up`);
    }
    // A host-side macvlan of its own, the workaround that lets a host reach its children.
    if (count > 0 && r.chance(0.3)) {
      on(h, 'ip link add mvhost link eth1 type macvlan mode bridge');
      on(h, `ip addr add 192.168.205.${150 + h}/32 dev mvhost`);
      on(h, 'ip link set mvhost up');
      on(h, `ip route add 192.168.205.${100 + h * 10}/30 dev mvhost`);
    }
  }
  if (r.chance(0.15)) on(r.int(nodes), `iptables -A INPUT -p udp --dport ${port} -j DROP`);
  return `${out.join('\n')}\n`;
}
