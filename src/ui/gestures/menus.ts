/**
 * The context menus of the graph: for each kind of node (or the empty canvas), the items a user
 * can pick, each with the Gesture (shell lines from commands.ts) it runs or the UI effect it has.
 * Pure over the World and node ids, like commands.ts.
 */
import type { HostId, IfaceId, NsId, ProbeEndpoint, World } from '../../sim';
import {
  dockerOf, dropCommands, execLine, hostOf, ipIn, networkName, PALETTE_IMAGES, runImageLine, targetOf, unplugCommand,
  type Gesture, type GestureTarget, type PaletteItem,
} from './commands';

/** What a menu item does besides running lines. */
export type MenuEffect =
  | { kind: 'inspect'; id: string }
  /** Click-to-probe with this node as the source (`source` is what it stands for). */
  | { kind: 'probe-from'; node: string; source: ProbeEndpoint }
  /** Opens a new terminal tab on `host` and runs `line` in it (`docker exec -it C sh`). */
  | { kind: 'exec'; host: HostId; line: string; at: string }
  | { kind: 'publish'; host: HostId; container: string; at: string };

export interface MenuItem {
  /** Stable action name: the item's `data-testid` is `ctx-<action>`. */
  action: string;
  label: string;
  run?: Gesture;
  effect?: MenuEffect;
  items?: MenuItem[];
  disabled?: boolean;
  /** Shown on hover and to screen readers: the command the item runs, or why it is disabled. */
  hint?: string;
  danger?: boolean;
}

const cmd = (action: string, label: string, g: Gesture, extra: Partial<MenuItem> = {}): MenuItem => ({
  action, label, run: g, hint: g.lines.join(' && '), ...extra,
});

function imageItems(world: World, host: HostId, at: string, network?: string): MenuItem[] {
  return PALETTE_IMAGES.map((image) =>
    cmd(`run-${image}`, image, { host, lines: [runImageLine(world, host, image, network)], at }));
}

function containerMenu(world: World, t: Extract<GestureTarget, { kind: 'container' }>): MenuItem[] {
  const { host, container: c, id } = t;
  const g = (lines: string[]): Gesture => ({ host, lines, at: id });
  const running = c.state === 'running';
  const d = dockerOf(world, host);
  const attached = new Set(c.endpoints.map((e) => e.network));
  const ownStack = !c.joins && c.networkMode !== 'host';
  const bridgeNets = Object.values(d?.networks ?? {}).filter((n) => n.driver === 'bridge');
  const connect = bridgeNets
    .filter((n) => !attached.has(n.id))
    .map((n) => cmd(`connect-${n.name}`, n.name, g([`docker network connect ${n.name} ${c.name}`])));
  const disconnect = c.endpoints.map((e) => {
    const name = networkName(world, host, e.network);
    return cmd(`disconnect-${name}`, name, g([`docker network disconnect ${name} ${c.name}`]));
  });
  return [
    running
      ? cmd('stop', 'Stop', g([`docker stop ${c.name}`]))
      : cmd('start', 'Start', g([`docker start ${c.name}`])),
    cmd('restart', 'Restart', g([`docker restart ${c.name}`])),
    running
      ? { action: 'exec', label: 'Exec a shell', effect: { kind: 'exec', host, line: execLine(c), at: id }, hint: execLine(c) }
      : { action: 'exec', label: 'Exec a shell', disabled: true, hint: `${c.name} is not running` },
    { action: 'publish', label: 'Publish a port…', effect: { kind: 'publish', host, container: c.id, at: id }, hint: 'Docker recreates the container with -p' },
    { action: 'connect', label: 'Connect to', items: connect, disabled: connect.length === 0 || !ownStack,
      hint: !ownStack ? `${c.name} shares another network stack` : connect.length === 0 ? 'already on every network' : 'docker network connect' },
    { action: 'disconnect', label: 'Disconnect from', items: disconnect, disabled: disconnect.length === 0,
      hint: disconnect.length === 0 ? 'on no network' : 'docker network disconnect' },
    { action: 'ping', label: 'Ping from here', effect: { kind: 'probe-from', node: id, source: { kind: 'container', host, container: c.id } }, disabled: !running,
      hint: running ? 'then click the target' : `${c.name} is not running` },
    { action: 'inspect', label: 'Inspect', effect: { kind: 'inspect', id } },
    cmd('remove', 'Remove', g([`docker rm -f ${c.name}`]), { danger: true }),
  ];
}

function linkUpDown(world: World, t: { host: HostId; id: string; ns: NsId; iface: IfaceId; name: string }): MenuItem {
  const up = world.ifaces[t.iface]?.up ?? false;
  const line = `${ipIn(world, t.ns)} link set ${t.name} ${up ? 'down' : 'up'}`;
  return cmd(up ? 'set-down' : 'set-up', up ? 'Set down' : 'Set up', { host: t.host, lines: [line], at: t.id });
}

/**
 * The context menu of a graph node (or of the empty canvas: `id` of no element), as items with the
 * lines each runs. Container ifaces get no up/down item: inside a container that needs
 * `docker exec --privileged`, so the menu offers it only on the host and in named namespaces.
 */
export function contextMenu(world: World, id: string | null): MenuItem[] {
  const t = id === null ? ({ kind: 'none', id: '' } as const) : targetOf(world, id);
  const inspect = (nodeId: string): MenuItem => ({ action: 'inspect', label: 'Inspect', effect: { kind: 'inspect', id: nodeId } });
  switch (t.kind) {
    case 'container':
      return containerMenu(world, t);
    case 'network': {
      const g: Gesture = { host: t.host, lines: [`docker network rm ${t.network}`], at: t.id };
      return [
        { action: 'run-here', label: 'Run a container here', items: imageItems(world, t.host, t.id, t.network) },
        inspect(t.id),
        cmd('remove', 'Remove', g, { danger: true }),
      ];
    }
    case 'bridge':
      return [
        linkUpDown(world, t),
        inspect(t.id),
        cmd('remove', 'Delete', { host: t.host, lines: [`${ipIn(world, t.ns)} link del ${t.name}`], at: t.id }, { danger: true }),
      ];
    case 'netns': {
      const veth = dropCommands(world, { kind: 'veth' }, t);
      return [
        ...(veth ? [cmd('add-veth', `Add a veth to ${t.name}`, veth)] : []),
        { action: 'ping', label: 'Ping from here', effect: { kind: 'probe-from', node: t.id, source: { kind: 'netns', host: t.host, ns: t.ns } }, hint: 'then click the target' },
        inspect(t.id),
        cmd('remove', 'Delete', { host: t.host, lines: [`ip netns del ${t.name}`], at: t.id }, { danger: true }),
      ];
    }
    case 'iface': {
      const inContainer = world.netns[t.ns]?.kind === 'container';
      const unplug = unplugCommand(world, t.id);
      return [
        ...(inContainer ? [] : [linkUpDown(world, t)]),
        ...(unplug ? [cmd('unplug', 'Unplug', unplug)] : []),
        inspect(t.id),
      ];
    }
    case 'host':
    case 'none': {
      const host = hostOf(world, t);
      if (host === undefined) return [];
      const at = `host:${host}`;
      const g = (item: PaletteItem) => dropCommands(world, item, { kind: 'host', host, id: at })!;
      return [
        { action: 'new-container', label: 'New container', items: imageItems(world, host, at) },
        cmd('new-network', 'New network', g({ kind: 'network' })),
        cmd('new-netns', 'New namespace', g({ kind: 'netns' })),
        cmd('new-bridge', 'New bridge', g({ kind: 'bridge' })),
        { action: 'ping', label: 'Ping from here', effect: { kind: 'probe-from', node: at, source: { kind: 'host', host } }, hint: 'then click the target' },
        inspect(at),
      ];
    }
  }
}
