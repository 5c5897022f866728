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
import { createMacvlan, createVxlan } from '../../../net/stacked-link';
import { parseIp4 } from '../../../net/ip4-parse';
import type { Iface, MacvlanMode, Netns, VxlanInfo } from '../../../net/types';
import { findIfaceByName, nsIfaces } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
import { incomplete, invarg, parseLinkArgs, validIfname, type LinkOpts } from './link-parse';
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
  write(c.shell, listedLinks(c, args).map((i) => printLink(w, c.ns, i, c.oneline, c.details)).join(''));
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
  if (o.type !== undefined && !['veth', 'bridge', 'vxlan', 'macvlan'].includes(o.type) && o.typeArgs.length) {
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
  } else if (o.type === 'vxlan') {
    created = createVxlan(w, netns, name, parseVxlan(c, o.typeArgs), o.address);
  } else if (o.type === 'macvlan') {
    const mode = parseMacvlan(o.typeArgs);
    const lower = o.link !== undefined ? getDevice(c, c.ns, o.link) : undefined;
    if (!lower || lower.kind === 'loopback') throw new SimError('RTNETLINK answers: Invalid argument', 2);
    created = createMacvlan(w, c.ns, name, lower, o.address ?? '', mode);
    if (netns !== c.ns) moveToNetns(w, created, netns);
  } else {
    throw new SimError('Error: Unknown device type.', 2);
  }
  applyCommon(c, created, o, refs.master);
  return 0;
}

const VXLAN_USAGE = `Usage: ... vxlan id VNI
		[ { group | remote } IP_ADDRESS ]
		[ local ADDR ]
		[ ttl TTL ]
		[ tos TOS ]
		[ df DF ]
		[ flowlabel LABEL ]
		[ dev PHYS_DEV ]
		[ dstport PORT ]
		[ srcport MIN MAX ]
		[ [no]learning ]
		[ [no]proxy ]
		[ [no]rsc ]
		[ [no]l2miss ]
		[ [no]l3miss ]
		[ ageing SECONDS ]
		[ maxaddress NUMBER ]
		[ [no]udpcsum ]
		[ [no]udp6zerocsumtx ]
		[ [no]udp6zerocsumrx ]
		[ [no]remcsumtx ] [ [no]remcsumrx ]
		[ [no]external ] [ gbp ] [ gpe ]
		[ [no]vnifilter ]

Where:	VNI	:= 0-16777215
	ADDR	:= { IP_ADDRESS | any }
	TOS	:= { NUMBER | inherit }
	TTL	:= { 1..255 | auto | inherit }
	DF	:= { unset | set | inherit }
	LABEL := 0-1048575
`;

const VXLAN_NO_PORT = `vxlan: destination port not specified
Will use Linux kernel default (non-standard value)
Use 'dstport 4789' to get the IANA assigned value
Use 'dstport 0' to get default and quiet this message
`;

/** iproute2's vxlan_parse_opt (ip/iplink_vxlan.c), for the options the playground models. */
function parseVxlan(c: IpCtx, argv: string[]): Omit<VxlanInfo, 'underlay' | 'fdb'> {
  const args = [...argv];
  const v: Omit<VxlanInfo, 'underlay' | 'fdb'> = { vni: -1, port: 0, learning: true, proxy: false, l2miss: false, l3miss: false };
  let portGiven = false;
  const next = () => {
    const x = args.shift();
    if (x === undefined) throw incomplete();
    return x;
  };
  const addr = (x: string, what: string) => {
    const ip = parseIp4(x);
    if (ip === undefined) throw invarg(`invalid ${what} address`, x);
    return ip;
  };
  while (args.length) {
    const a = args.shift()!;
    if (a === 'id' || a === 'vni') {
      const x = next();
      if (!/^\d+$/.test(x) || Number(x) >= 1 << 24) throw invarg('invalid id', x);
      v.vni = Number(x);
    } else if (a === 'dstport') {
      const x = next();
      if (!/^\d+$/.test(x) || Number(x) > 65535) throw invarg('dstport', x);
      v.port = Number(x);
      portGiven = true;
    } else if (a === 'remote' || a === 'group') v.remote = addr(next(), a);
    else if (a === 'local') {
      const x = next();
      if (x !== 'any') v.local = addr(x, 'local');
    } else if (a === 'dev') {
      const x = next();
      const d = findIfaceByName(c.shell.world, c.ns, x);
      if (!d) throw invarg('not a valid ifname', x);
      v.dev = d.id;
    } else if (a === 'learning' || a === 'nolearning') v.learning = a === 'learning';
    else if (a === 'proxy' || a === 'noproxy') v.proxy = a === 'proxy';
    else if (a === 'l2miss' || a === 'nol2miss') v.l2miss = a === 'l2miss';
    else if (a === 'l3miss' || a === 'nol3miss') v.l3miss = a === 'l3miss';
    else if (['ttl', 'hoplimit', 'tos', 'df', 'flowlabel', 'ageing', 'maxaddress'].includes(a)) next();
    else if (a === 'srcport') {
      next();
      next();
    } else if (/^(no)?(rsc|udpcsum|udp6zerocsumtx|udp6zerocsumrx|remcsumtx|remcsumrx)$/.test(a)) continue;
    else if (a === 'help') throw new SimError(VXLAN_USAGE, 255);
    else throw new SimError(`vxlan: unknown command "${a}"?\n${VXLAN_USAGE}`, 1);
  }
  if (v.vni < 0) throw new SimError('vxlan: missing virtual network identifier', 1);
  if (!portGiven) write(c.shell, VXLAN_NO_PORT);
  return v;
}

/** iproute2's macvlan_parse_opt: `mode M`; the kernel's default is vepa. */
function parseMacvlan(argv: string[]): MacvlanMode {
  const args = [...argv];
  let mode: MacvlanMode = 'vepa';
  while (args.length) {
    const a = args.shift()!;
    if (a === 'mode') {
      const m = args.shift();
      if (m === undefined) throw incomplete();
      if (m !== 'private' && m !== 'vepa' && m !== 'bridge' && m !== 'passthru') {
        throw new SimError(`Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${m}"`, 1);
      }
      mode = m;
    } else if (a === 'nopromisc' || a === 'nodst') continue;
    else throw new SimError(`macvlan: unknown command "${a}"?`, 1);
  }
  return mode;
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
