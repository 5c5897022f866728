/**
 * Stacked links (drivers/net/macvlan.c, drivers/net/vxlan): a macvlan child on a lower device, and
 * a VXLAN device whose UDP socket stays in the namespace it was made in. The packet engine's side
 * is packet/stacked.ts.
 */
import { SimError } from './errors';
import { addLink, assertNameFree, assertValidIfname, VXLAN_DEFAULT_PORT, vxlanPort } from './link';
import { randomMac } from './rng';
import type { Iface, MacvlanMode, Netns, VxlanInfo, World } from './types';

/** The all-zero MAC of a vxlan device's default-destination fdb entries (broadcast, unknown unicast). */
export const ZERO_MAC = '00:00:00:00:00:00';

/**
 * `ip link add link PARENT name NAME type macvlan mode MODE`: a child of `parent` in the parent's
 * namespace, with the parent's MTU (macvlan_common_newlink).
 */
export function createMacvlan(world: World, ns: Netns, name: string, parent: Iface, mac: string, mode: MacvlanMode = 'bridge'): Iface {
  assertValidIfname(name);
  assertNameFree(world, ns, name);
  if (parent.kind === 'loopback') throw new SimError('RTNETLINK answers: Invalid argument');
  const i = addLink(world, ns, name, 'macvlan', mac || randomMac(world));
  i.mtu = parent.mtu;
  i.link = parent.id;
  i.macvlanMode = mode;
  return i;
}

/**
 * `ip link add NAME type vxlan id VNI dstport PORT ...`: its socket stays in `ns` (the underlay).
 * MTU: 1500, or the underlay device's minus the 50 bytes of VXLAN headroom (vxlan_config_apply).
 */
export function createVxlan(
  world: World,
  ns: Netns,
  name: string,
  opts: Omit<VxlanInfo, 'underlay' | 'fdb'>,
  mac?: string,
): Iface {
  assertValidIfname(name);
  assertNameFree(world, ns, name);
  // vxlan_vni_in_use: one device per VNI and UDP port in a namespace, wherever the device now is.
  const port = opts.port || VXLAN_DEFAULT_PORT;
  const taken = Object.values(world.ifaces).some((x) => x.vxlan && x.vxlan.underlay === ns.id && vxlanPort(x) === port && x.vxlan.vni === opts.vni);
  if (taken) throw new SimError('Error: A VXLAN device with the specified VNI already exists.', 2);
  const i = addLink(world, ns, name, 'vxlan', mac ?? randomMac(world));
  const dev = opts.dev ? world.ifaces[opts.dev] : undefined;
  if (dev) i.mtu = Math.min(1500, dev.mtu - 50);
  i.vxlan = { ...opts, underlay: ns.id, fdb: [] };
  return i;
}
