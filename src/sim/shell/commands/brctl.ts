/**
 * bridge-utils 1.7 `brctl`: show/addbr/delbr/addif/delif. Bridges and ports are listed in
 * alphabetical order (brctl scandirs /sys/class/net with alphasort).
 */
import { SimError } from '../../net/errors';
import { BRIDGE_IN_BRIDGE, bridgePorts, createBridge, deleteLink, releasePort, setMaster } from '../../net/link';
import type { Iface } from '../../net/types';
import { findIfaceByName, nsIfaces } from '../../net/world';
import type { ShellCtx } from '../context';
import { write } from '../context';

const USAGE = `Usage: brctl [commands]
commands:
	addbr     	<bridge>		add bridge
	delbr     	<bridge>		delete bridge
	addif     	<bridge> <device>	add interface to bridge
	delif     	<bridge> <device>	delete interface from bridge
	show      	[ <bridge> ]		show a list of bridges
`;

export function bridgeId(br: Iface): string {
  return `8000.${br.mac.replace(/:/g, '')}`;
}

export function brctlCommand(ctx: ShellCtx, argv: string[]): number {
  const w = ctx.world;
  const ns = w.netns[ctx.place.ns]!;
  const [, verb, a, b] = argv;
  const byName = (n: string) => findIfaceByName(w, ns, n);
  switch (verb) {
    case undefined:
      write(ctx, USAGE);
      return 1;
    case 'show': {
      let bridges = nsIfaces(w, ns).filter((i) => i.kind === 'bridge');
      if (a !== undefined) {
        const br = byName(a);
        if (!br || br.kind !== 'bridge') {
          write(ctx, 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n');
          throw new SimError(`bridge ${a} does not exist!`, 1);
        }
        bridges = [br];
      }
      bridges.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      let s = 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n';
      for (const br of bridges) {
        const ports = bridgePorts(w, br).map((p) => p.name).sort();
        s += `${br.name}\t\t${bridgeId(br)}\tno\t\t${ports[0] ?? ''}\n`;
        for (const p of ports.slice(1)) s += `\t\t\t\t\t\t\t${p}\n`;
      }
      write(ctx, s);
      return 0;
    }
    case 'addbr':
      if (a === undefined) throw new SimError('Incorrect number of arguments for command', 1);
      if (byName(a)) throw new SimError(`device ${a} already exists; can't create bridge with the same name`, 1);
      createBridge(w, ns, a);
      return 0;
    case 'delbr': {
      if (a === undefined) throw new SimError('Incorrect number of arguments for command', 1);
      const br = byName(a);
      if (!br) throw new SimError(`bridge ${a} doesn't exist; can't delete it`, 1);
      if (br.kind !== 'bridge') throw new SimError(`device ${a} is not a bridge; can't delete it`, 1);
      if (br.up) throw new SimError(`bridge ${a} is still up; can't delete it`, 1);
      deleteLink(w, br);
      return 0;
    }
    case 'addif':
    case 'delif': {
      if (a === undefined || b === undefined) throw new SimError('Incorrect number of arguments for command', 1);
      const br = byName(a);
      if (!br || br.kind !== 'bridge') throw new SimError(`bridge ${a} does not exist!`, 1);
      const port = byName(b);
      if (!port) throw new SimError(`interface ${b} does not exist!`, 1);
      if (verb === 'addif') {
        if (port.master && port.master !== br.id) {
          throw new SimError(`device ${b} is already a member of a bridge; can't enslave it to bridge ${a}.`, 1);
        }
        if (port.master === br.id) throw new SimError(`device ${b} is already a member of a bridge; can't enslave it to bridge ${a}.`, 1);
        try {
          setMaster(w, port, br);
        } catch (e) {
          // br_cmd_addif words -ELOOP itself and prints any other errno as strerror (lo: -EINVAL).
          if (e instanceof SimError && e.message === BRIDGE_IN_BRIDGE) {
            throw new SimError(`device ${b} is a bridge device itself; can't enslave a bridge device to a bridge device.`, 1);
          }
          if (e instanceof SimError) throw new SimError(`can't add ${b} to bridge ${a}: ${e.message.replace(/^RTNETLINK answers: /, '')}`, 1);
          throw e;
        }
      } else {
        if (port.master !== br.id) throw new SimError(`device ${b} is not a slave of ${a}`, 1);
        releasePort(w, port);
      }
      return 0;
    }
    default:
      throw new SimError(`never heard of command [${verb}]\n${USAGE.trimEnd()}`, 1);
  }
}
