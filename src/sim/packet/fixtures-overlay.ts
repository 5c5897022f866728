/**
 * Small raw-netns labs for VXLAN and macvlan, shared by the engine tests and the kernel check
 * (they run unchanged on a real kernel: every line is an iproute2 command).
 */

/** Two new namespaces joined by a veth, each end given its address and set up: `[ns, dev, cidr]` each. */
export function wire(a: [string, string, string], b: [string, string, string]): string {
  const [nsA, devA, cidrA] = a;
  const [nsB, devB, cidrB] = b;
  return `ip netns add ${nsA}
ip netns add ${nsB}
ip link add ${devA} type veth peer name ${devB}
ip link set ${devA} netns ${nsA}
ip link set ${devB} netns ${nsB}
ip -n ${nsA} addr add ${cidrA} dev ${devA}
ip -n ${nsB} addr add ${cidrB} dev ${devB}
ip -n ${nsA} link set ${devA} up
ip -n ${nsB} link set ${devB} up
`;
}

/** Two "hosts" h1, h2 (10.9.0.1/.2 on a veth), each with an overlay ns (br0 + vxlan0) and a container. */
export function overlayLab(opts: { proxy?: boolean; fdb?: boolean; neigh?: boolean } = {}): string {
  const { proxy = true, fdb = true, neigh = true } = opts;
  const side = (n: 1 | 2) => {
    const me = `10.0.1.${n + 1}`;
    const mac = `02:42:0a:00:01:0${n + 1}`;
    return `
ip netns add o${n}
ip netns add c${n}
ip -n h${n} link add vxlan0 type vxlan id 4096 dstport 4789 dev u${n}${proxy ? ' proxy' : ''} nolearning l2miss l3miss
ip -n h${n} link set vxlan0 netns o${n}
ip -n o${n} link add br0 type bridge
ip -n o${n} link set vxlan0 master br0
ip -n o${n} link set vxlan0 up
ip -n o${n} link set br0 up
ip -n o${n} link add veth0 type veth peer name eth0
ip -n o${n} link set eth0 netns c${n}
ip -n o${n} link set veth0 master br0
ip -n o${n} link set veth0 up
ip -n c${n} link set eth0 address ${mac}
ip -n c${n} addr add ${me}/24 dev eth0
ip -n c${n} link set eth0 up
`;
  };
  const peer = (n: 1 | 2) => {
    const o = n === 1 ? 2 : 1;
    return (
      (neigh ? `ip -n o${n} neigh add 10.0.1.${o + 1} lladdr 02:42:0a:00:01:0${o + 1} dev vxlan0 nud permanent\n` : '') +
      (fdb ? `bridge -n o${n} fdb add 02:42:0a:00:01:0${o + 1} dev vxlan0 dst 10.9.0.${o} self permanent\n` : '')
    );
  };
  return `
${wire(['h1', 'u1', '10.9.0.1/24'], ['h2', 'u2', '10.9.0.2/24'])}${side(1)}${side(2)}${peer(1)}${peer(2)}`;
}

/** h1 and h2 on a wire (192.168.205.10/.11); m1 and m2 are bridge-mode macvlan children of h1's e1. */
export const macvlanLab = `
${wire(['h1', 'e1', '192.168.205.10/24'], ['h2', 'e2', '192.168.205.11/24'])}ip netns add m1
ip netns add m2
ip -n h1 link add link e1 name mv1 type macvlan mode bridge
ip -n h1 link add link e1 name mv2 type macvlan mode bridge
ip -n h1 link set mv1 netns m1
ip -n h1 link set mv2 netns m2
ip -n m1 addr add 192.168.205.100/24 dev mv1
ip -n m2 addr add 192.168.205.101/24 dev mv2
ip -n m1 link set mv1 up
ip -n m2 link set mv2 up
`;
