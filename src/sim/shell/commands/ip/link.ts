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
} from '../../../net/link';
import type { Iface, Netns } from '../../../net/types';
import { findIfaceByName, nsIfaces } from '../../../net/world';
import { write } from '../../context';
import type { IpCtx } from './index';
import { matches } from './index';
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
  let dev: string | undefined;
  let upOnly = false;
  let master: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') dev = args.shift();
    else if (a === 'up') upOnly = true;
    else if (a === 'master') master = args.shift();
    else if (a === 'type') args.shift();
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
  write(c.shell, ifaces.map((i) => printLink(w, c.ns, i)).join(''));
  return 0;
}

export function getDevice(c: IpCtx, ns: Netns, name: string): Iface {
  const i = findIfaceByName(c.shell.world, ns, name);
  if (!i) throw new SimError(`Cannot find device "${name}"`, 1);
  return i;
}

function add(c: IpCtx, args: string[]): number {
  let name: string | undefined;
  let type: string | undefined;
  let netns: Netns = c.ns;
  let peerName: string | undefined;
  let peerNs: Netns | undefined;
  let address: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'type') {
      type = args.shift();
      if (type === 'veth') {
        if (args[0] === 'peer') {
          args.shift();
          while (args.length) {
            const p = args.shift()!;
            if (p === 'name') peerName = args.shift();
            else if (p === 'netns') peerNs = openNetns(c.shell, args.shift() ?? '');
            else if (peerName === undefined) peerName = p;
          }
        }
      }
    } else if (a === 'name') name = args.shift();
    else if (a === 'netns') netns = openNetns(c.shell, args.shift() ?? '');
    else if (matches(a, 'address') && a.length > 0) address = args.shift();
    else if (a === 'mtu' || a === 'txqueuelen' || a === 'qlen') args.shift();
    else if (name === undefined) name = a;
    else throw new SimError(`Error: either "dev" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (type === undefined) throw new SimError('Not enough information: "type" argument is required', 1);
  if (name === undefined) throw new SimError('Not enough information: "dev" argument is required.', 1);
  const w = c.shell.world;
  if (type === 'veth') {
    // The kernel names an unnamed peer vethN with the lowest free N.
    const target = peerNs ?? netns;
    let pn = peerName;
    if (pn === undefined) {
      let n = 0;
      while (findIfaceByName(w, target, `veth${n}`) || (target === netns && name === `veth${n}`)) n++;
      pn = `veth${n}`;
    }
    const { a } = createVethPair(w, netns, name, pn, target);
    if (address) a.mac = address.toLowerCase();
    return 0;
  }
  if (type === 'bridge') {
    const br = createBridge(w, netns, name);
    if (address) {
      br.mac = address.toLowerCase();
      br.macFixed = true;
    }
    return 0;
  }
  throw new SimError('Error: Unknown device type.', 2);
}

function set(c: IpCtx, args: string[]): number {
  const w = c.shell.world;
  let dev: Iface | undefined;
  const take = (a: string) => {
    if (!dev) dev = getDevice(c, c.ns, a);
    else throw new SimError(`Error: either "dev" is duplicate, or "${a}" is a garbage.`, 1);
  };
  const ops: (() => void)[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') take(args.shift() ?? '');
    else if (a === 'up') ops.push(() => setLinkUp(w, dev!));
    else if (a === 'down') ops.push(() => setLinkDown(w, dev!));
    else if (a === 'netns') {
      const target = args.shift() ?? '';
      let ns: Netns;
      try {
        ns = openNetns(c.shell, target);
      } catch {
        throw new SimError(`Error: argument "${target}" is wrong: Invalid "netns" value\n`, 255);
      }
      ops.push(() => moveToNetns(w, dev!, ns));
    } else if (a === 'master') {
      const m = args.shift() ?? '';
      const br = findIfaceByName(w, c.ns, m);
      if (!br) throw new SimError(`Error: argument "${m}" is wrong: Device does not exist\n`, 255);
      ops.push(() => setMaster(w, dev!, br));
    } else if (a === 'nomaster') ops.push(() => releasePort(w, dev!));
    else if (a === 'name') {
      const n = args.shift() ?? '';
      ops.push(() => renameLink(w, dev!, n));
    } else if (a === 'mtu') {
      const v = Number(args.shift());
      ops.push(() => {
        dev!.mtu = v;
      });
    } else if (matches(a, 'address') && a.length > 1) {
      const mac = (args.shift() ?? '').toLowerCase();
      ops.push(() => {
        dev!.mac = mac;
        if (dev!.kind === 'bridge') dev!.macFixed = true;
      });
    } else take(a);
  }
  if (!dev) throw new SimError('Not enough information: "dev" argument is required.', 1);
  for (const op of ops) op();
  return 0;
}

function del(c: IpCtx, args: string[]): number {
  let name: string | undefined;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'dev') name = args.shift();
    else if (a === 'type') args.shift();
    else name = a;
  }
  if (name === undefined) throw new SimError('Not enough information: "dev" argument is required.', 1);
  deleteLink(c.shell.world, getDevice(c, c.ns, name));
  return 0;
}
