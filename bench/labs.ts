/**
 * Lab scripts of a given size for the benchmarks: namespaces on a host bridge, as Docker lays
 * out containers on docker0, plus a routed pair.
 */
export function bridgeLab(namespaces: number): string {
  const lines = ['ip link add br0 type bridge', 'ip link set br0 up', 'ip addr add 10.200.0.1/16 dev br0'];
  for (let i = 1; i <= namespaces; i++) {
    const ip = `10.200.${Math.floor(i / 250)}.${(i % 250) + 2}`;
    lines.push(
      `ip netns add c${i}`,
      `ip link add h${i} type veth peer name e${i}`,
      `ip link set e${i} netns c${i}`,
      `ip link set h${i} master br0`,
      `ip link set h${i} up`,
      `ip -n c${i} addr add ${ip}/16 dev e${i}`,
      `ip -n c${i} link set e${i} up`,
      `ip -n c${i} link set lo up`,
      `ip -n c${i} route add default via 10.200.0.1`,
    );
  }
  return lines.join('\n');
}

/** About `n` commands: a bridge lab plus show commands. */
export function commandsLab(n: number): string {
  const perNs = 9;
  const lab = bridgeLab(Math.floor((n - 3) / (perNs + 1))).split('\n');
  while (lab.length < n) lab.push('ip -n c1 addr show');
  return lab.slice(0, n).join('\n');
}

/** A Docker lab: `networks` user networks with `perNet` busybox containers each, one published nginx. */
export function dockerLab(networks: number, perNet: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= networks; n++) {
    lines.push(`docker network create net${n}`);
    for (let c = 1; c <= perNet; c++) lines.push(`docker run -d --name c${n}-${c} --network net${n} busybox sleep 3600`);
  }
  lines.push('docker run -d --name web -p 8080:80 nginx');
  return `${lines.join('\n')}\n`;
}
