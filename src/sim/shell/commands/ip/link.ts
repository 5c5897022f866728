/**
 * `ip link` show/add/set/delete (ip/iplink.c). Errors and exit codes as iproute2 6.1 gives them.
 */
import { SimError } from '../../../net/errors';
import {
  createBridge,
  createVethPair,
  deleteLink,
  moveToNetns,
  releasePort,
  renameLink,
  setLinkDown,
  setLinkUp,
  setMaster,
  setMtu,
} from '../../../net/link';
import type { Iface, Netns } from '../../../net/types';
import { findIfaceByName, nsIfaces } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
import { invarg, parseLinkArgs, validIfname, type LinkOpts } from './link-parse';
import { openNetns } from './netns';
import { printLink } from './print';

const LINK_USAGE = `Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
		    [ txqueuelen PACKETS ]
		    [ address LLADDR ]
		    [ broadcast LLADDR ]
		    [ mtu MTU ] [index IDX ]
		    [ numtxqueues QUEUE_COUNT ]
		    [ numrxqueues QUEUE_COUNT ]
		    [ netns { PID | NETNSNAME | NETNSFILE } ]
		    type TYPE [ ARGS ]

	ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

	ip link set { DEVICE | dev DEVICE | group DEVGROUP }
			[ { up | down } ]
			[ type TYPE ARGS ]
		[ arp { on | off } ]
		[ name NEWNAME ]
		[ address LLADDR ]
		[ mtu MTU ]
		[ netns { PID | NETNSNAME | NETNSFILE } ]
		[ master DEVICE ][ nomaster ]

	ip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]

TYPE := { bridge | veth | ... }
`;

export function ipLink(c: IpCtx, args: string[]): number {
  const verb = args.shift() ?? 'show';
  if (matches(verb, 'show') || matches(verb, 'list') || verb === 'lst') return show(c, args);
  if (matches(verb, 'add')) return add(c, args);
  if (matches(verb, 'set') || matches(verb, 'change')) return set(c, args);
  if (matches(verb, 'delete')) return del(c, args);
  if (matches(verb, 'help')) {
    write(c.shell, LINK_USAGE);
    return 255;
  }
  throw new SimError(`Command "${verb}" is unknown, try "ip link help".`, 255);
}

function show(c: IpCtx, args: string[]): number {
  const w = c.shell.world;
  write(c.shell, listedLinks(c, args).map((i) => printLink(w, c.ns, i, c.oneline)).join(''));
  return 0;
}

/**
 * The links `ip link show` and `ip address show` list (one parser in iproute2,
 * ipaddr_list_flush_or_save): `[dev] NAME`, `up`, `master BR`; scope/label/to/type are accepted.
 */
export function listedLinks(c: IpCtx, args: string[]): Iface[] {
  const w = c.shell.world;
  let dev: string | undefined;
  let upOnly = false;
  let master: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') dev = args.shift();
    else if (a === 'up') upOnly = true;
    else if (a === 'master') master = args.shift();
    else if (a === 'type' || a === 'scope' || a === 'label' || a === 'to') args.shift();
    else dev = a;
  }
  let ifaces = nsIfaces(w, c.ns);
  if (dev !== undefined) {
    const i = findIfaceByName(w, c.ns, dev);
    if (!i) throw new SimError(`Device "${dev}" does not exist.`, 1);
    ifaces = [i];
  }
  if (upOnly) ifaces = ifaces.filter((i) => i.up);
  if (master !== undefined) {
    const m = findIfaceByName(w, c.ns, master);
    if (!m) throw new SimError(`Device "${master}" does not exist.`, 1);
    ifaces = ifaces.filter((i) => i.master === m.id);
  }
  return ifaces;
}

export function getDevice(c: IpCtx, ns: Netns, name: string): Iface {
  const i = findIfaceByName(c.shell.world, ns, name);
  if (!i) throw new SimError(`Cannot find device "${name}"`, 1);
  return i;
}

function resolveNetns(c: IpCtx, name: string): Netns {
  try {
    return openNetns(c.shell, name);
  } catch {
    throw invarg('Invalid "netns" value\n', name);
  }
}

/** What iplink_parse resolves while parsing, in its order: netns, master, the lower link. */
function resolveRefs(c: IpCtx, o: LinkOpts): { netns?: Netns; master?: Iface } {
  const netns = o.netns !== undefined ? resolveNetns(c, o.netns) : undefined;
  let master: Iface | undefined;
  if (o.master !== undefined) {
    master = findIfaceByName(c.shell.world, c.ns, o.master);
    if (!master) throw invarg('Device does not exist\n', o.master);
  }
  if (o.link !== undefined) getDevice(c, c.ns, o.link);
  return { ...(netns ? { netns } : {}), ...(master ? { master } : {}) };
}

const VETH_USAGE = 'Usage: ip link <options> type veth [peer <options>]\nTo get <options> type \'ip link add help\'';

function add(c: IpCtx, args: string[]): number {
  const o = parseLinkArgs(args);
  const refs = resolveRefs(c, o);
  const name = o.name ?? o.dev;
  if (o.type !== undefined && o.type !== 'veth' && o.type !== 'bridge' && o.typeArgs.length) {
    throw new SimError(`Garbage instead of arguments "${o.typeArgs.join(' ')} ...". Try "ip link help".`, 1);
  }
  if (o.type === undefined) throw new SimError('Not enough information: "type" argument is required', 1);
  if (name === undefined) throw new SimError('Not enough information: "dev" argument is required.', 255);
  if (!validIfname(name)) throw new SimError('Error: Attribute failed policy validation.', 2);
  const w = c.shell.world;
  const netns = refs.netns ?? c.ns;
  let created: Iface;
  if (o.type === 'veth') {
    if (o.typeArgs.length && o.typeArgs[0] !== 'peer') throw new SimError(VETH_USAGE, 1);
    const peer = parseLinkArgs(o.typeArgs.slice(1));
    const peerNs = peer.netns !== undefined ? resolveNetns(c, peer.netns) : netns;
    let peerName = peer.name ?? peer.dev;
    if (peerName === undefined) {
      // The kernel names an unnamed peer vethN with the lowest free N.
      let n = 0;
      while (findIfaceByName(w, peerNs, `veth${n}`) || (peerNs === netns && name === `veth${n}`)) n++;
      peerName = `veth${n}`;
    }
    const { a, b } = createVethPair(w, netns, name, peerName, peerNs);
    if (peer.address) b.mac = peer.address;
    created = a;
  } else if (o.type === 'bridge') {
    created = createBridge(w, netns, name);
  } else {
    throw new SimError('Error: Unknown device type.', 2);
  }
  applyCommon(c, created, o, refs.master);
  return 0;
}

/** do_setlink's order: address, mtu, name, master, then the up/down flags. */
function applyCommon(c: IpCtx, dev: Iface, o: LinkOpts, master: Iface | undefined): void {
  const w = c.shell.world;
  if (o.address !== undefined) {
    dev.mac = o.address;
    if (dev.kind === 'bridge') dev.macFixed = true;
  }
  if (o.mtu !== undefined) setMtu(w, dev, o.mtu);
  if (o.txqlen !== undefined && dev.txqlen !== undefined) dev.txqlen = o.txqlen;
  if (o.name !== undefined && o.name !== dev.name) renameLink(w, dev, o.name);
  if (master) setMaster(w, dev, master);
  if (o.nomaster) releasePort(w, dev);
  if (o.up === true) setLinkUp(w, dev);
  if (o.up === false) setLinkDown(w, dev);
}

function set(c: IpCtx, args: string[]): number {
  const o = parseLinkArgs(args);
  const refs = resolveRefs(c, o);
  if (o.dev === undefined) throw new SimError('Not enough information: "dev" argument is required.', 255);
  const dev = getDevice(c, c.ns, o.dev);
  if (refs.netns) {
    moveToNetns(c.shell.world, dev, refs.netns);
    // The rest applies in the new namespace, as the kernel does after dev_change_net_namespace.
    applyCommon(c, dev, o, undefined);
    return 0;
  }
  applyCommon(c, dev, o, refs.master);
  return 0;
}

function del(c: IpCtx, args: string[]): number {
  const o = parseLinkArgs(args);
  if (o.dev === undefined) throw new SimError('Not enough information: "dev" argument is required.', 255);
  deleteLink(c.shell.world, getDevice(c, c.ns, o.dev));
  return 0;
}
