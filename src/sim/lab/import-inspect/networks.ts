/**
 * The networks of the log: the default bridge's settings as /etc/docker/daemon.json, then each
 * user-defined bridge network, created the way Docker did (from the default pools) when that gives
 * the real subnet, else with its subnet given, else without its driver options.
 */
import { formatIp4, networkOf, parsePrefix } from '../../net/ip4';
import { shellLine, type Builder } from './builder';
import { byTime, type NetIn } from './model';

/** Writes the default bridge's non-default settings (bip, fixed-cidr, icc, mtu) to daemon.json and restarts Docker. */
export function daemonJson(b: Builder, bridge: NetIn | undefined): void {
  if (!bridge?.subnet) return;
  const p = parsePrefix(bridge.subnet, -1)!;
  const cfg: Record<string, unknown> = {};
  if (bridge.subnet !== '172.17.0.0/16' || (bridge.gateway !== undefined && bridge.gateway !== '172.17.0.1')) {
    cfg.bip = `${bridge.gateway ?? formatIp4(networkOf(p.addr, p.prefix) + 1)}/${p.prefix}`;
  }
  if (bridge.ipRange) cfg['fixed-cidr'] = bridge.ipRange;
  if (bridge.options['com.docker.network.bridge.enable_icc'] === 'false') cfg.icc = false;
  const mtu = Number(bridge.options['com.docker.network.driver.mtu'] ?? 1500);
  if (Number.isInteger(mtu) && mtu >= 68 && mtu <= 65535 && mtu !== 1500) cfg.mtu = mtu;
  if (!Object.keys(cfg).length) return;
  b.run('cat > /etc/docker/daemon.json', `${JSON.stringify(cfg, null, 4)}\n`);
  b.run('systemctl restart docker');
  b.notes.push(`the default bridge's settings (${Object.keys(cfg).join(', ')}) are set in /etc/docker/daemon.json`);
}

const firstGateway = (subnet: string) => {
  const p = parsePrefix(subnet, -1)!;
  return formatIp4(networkOf(p.addr, p.prefix) + 1);
};

/** Creates the dump's bridge networks, oldest first, each checked for the real subnet; others are noted and left out. */
export function createNetworks(b: Builder): void {
  for (const n of [...b.host.nets].sort(byTime)) {
    if (n.isDefaultBridge || n.driver === 'host' || n.driver === 'null') continue;
    if (n.driver !== 'bridge') {
      b.notes.push(`network ${n.name}: the ${n.driver} driver is not in the playground yet; it and its endpoints are left out`);
      continue;
    }
    const flags = [...(n.internal ? ['--internal'] : []), ...(n.attachable ? ['--attachable'] : [])];
    const opts = Object.entries(n.options).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
    const ipam = n.subnet ? ['--subnet', n.subnet, ...(n.gateway ? ['--gateway', n.gateway] : []), ...(n.ipRange ? ['--ip-range', n.ipRange] : [])] : [];
    // A network whose subnet came from the default pools is created the same way when the
    // playground's pools give the same subnet (checked below); otherwise its subnet is given.
    const fromPool = !n.subnet || (!n.ipRange && !b.forceSubnet.has(n.name) && (n.gateway === undefined || n.gateway === firstGateway(n.subnet)));
    const candidates = [
      ...(fromPool ? [{ words: [...flags, ...opts, n.name], pool: true, opts: true }] : []),
      ...(n.subnet ? [{ words: [...ipam, ...flags, ...opts, n.name], pool: false, opts: true }] : []),
      ...(opts.length ? [{ words: [...ipam, ...flags, n.name], pool: false, opts: false }] : []),
    ];
    let kept = false;
    for (const cand of candidates) {
      const c = shellLine(['docker', 'network', 'create', ...cand.words]);
      const r = b.try(c);
      const got = b.net(n.name, r.world);
      if (r.exitCode !== 0 || !got?.subnet) continue;
      if (cand.pool && n.subnet && `${formatIp4(got.subnet.addr)}/${got.subnet.prefix}` !== n.subnet) continue;
      b.keep(r, c);
      if (!cand.opts) b.notes.push(`network ${n.name}: the playground refused its driver options (${Object.keys(n.options).join(', ')}); left out`);
      if (b.forceSubnet.has(n.name)) b.notes.push(`network ${n.name}: created with its --subnet given, so that its containers can keep their addresses (--ip)`);
      kept = true;
      break;
    }
    if (!kept) {
      const why = b.try(shellLine(['docker', 'network', 'create', ...(candidates[0]?.words ?? [n.name])])).output.trim().split('\n')[0];
      b.notes.push(`network ${n.name}: could not be created in the playground (${why}); left out`);
    }
  }
}
