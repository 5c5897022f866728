/**
 * A hand-built lab for the interface tools' tests, independent of the Docker daemon code: the
 * seeds' CentOS 7 VM (lo, eth0 10.0.2.15/24 via NetworkManager, docker0 172.17.0.1/16) with one
 * busybox container `test1` on docker0 (eth0 172.17.0.2/16), built the way libnetwork does it
 * (veth pair in the host, one end moved and renamed eth0).
 */
import { addAddress, addRoute } from '../../../net/addr';
import { SimError } from '../../../net/errors';
import { broadcastOf } from '../../../net/ip4';
import { cable, createBridge, createEther, createVethPair, moveToNetns, renameLink, setLinkUp, setMaster } from '../../../net/link';
import type { Netns, World } from '../../../net/types';
import { createHost, createNetns, emptyWorld, findIfaceByName } from '../../../net/world';
import { imageByKey } from '../../../docker/images';
import type { Container, DockerState } from '../../../docker/types';
import type { Place, ShellCtx } from '../../context';
import { runArgv } from '../../execute';
import { splitCommands, tokenize } from '../../tokenize';

export interface Lab {
  world: World;
  host: Place;
  container: Place;
  root: Netns;
  cns: Netns;
}

export const CONTAINER_ID = 'cd55bae5acce0f5b1e1cfa0e8a3a27b3fbcbe0e4e14c2b1bd6a9e4b1a39c6d21';

export function buildLab(imageKey = 'busybox:latest'): Lab {
  const world = emptyWorld();
  const host = createHost(world, 'docker-node1');
  host.files['/etc/hosts'] = '127.0.0.1\tdocker-node1\tdocker-node1\n127.0.0.1   localhost localhost.localdomain\n';
  const root = world.netns[host.rootNs]!;
  root.ipForward = true;
  setLinkUp(world, findIfaceByName(world, root, 'lo')!);
  const nat = createNetns(world, host.id, 'gateway', 'nat');
  const eth0 = createEther(world, root, 'eth0', '52:54:00:8a:fe:e6', 'pfifo_fast');
  const natPort = createEther(world, nat, 'eth0', '52:54:00:12:35:02', 'pfifo_fast');
  cable(world, eth0, natPort);
  setLinkUp(world, natPort);
  setLinkUp(world, eth0);
  addAddress(world, eth0, 0x0a00020f, 24, { brd: 0x0a0002ff, flags: ['noprefixroute', 'dynamic'], lft: 65001 });
  addRoute(world, root, { dst: 0x0a000200, prefix: 24, dev: eth0.id, proto: 'kernel', scope: 'link', src: 0x0a00020f, metric: 100 });
  addRoute(world, root, { dst: 0, prefix: 0, via: 0x0a000202, dev: eth0.id, proto: 'dhcp', scope: 'global', metric: 100 });
  const docker0 = createBridge(world, root, 'docker0', '02:42:ea:f9:f4:57');
  setLinkUp(world, docker0);
  addAddress(world, docker0, 0xac110001, 16, { brd: broadcastOf(0xac110001, 16) });

  const cns = createNetns(world, host.id, 'container', 'test1');
  cns.ipv6Disabled = true;
  setLinkUp(world, findIfaceByName(world, cns, 'lo')!);
  root.nextIfindex = 11;
  const { a: veth, b: inner } = createVethPair(world, root, 'vethd4e4e89', 'vethtmp');
  veth.txqlen = 0;
  inner.txqlen = 0;
  moveToNetns(world, inner, cns);
  renameLink(world, inner, 'eth0');
  inner.mac = '02:42:ac:11:00:02';
  setMaster(world, veth, docker0);
  setLinkUp(world, veth);
  setLinkUp(world, inner);
  addAddress(world, inner, 0xac110002, 16, { brd: broadcastOf(0xac110002, 16) });
  addRoute(world, cns, { dst: 0, prefix: 0, via: 0xac110001, dev: inner.id, proto: 'boot', scope: 'global' });

  const container = {
    id: CONTAINER_ID,
    name: 'test1',
    image: 'busybox',
    imageKey,
    img: imageByKey(imageKey),
    hostname: 'cd55bae5acce',
    ns: cns.id,
    files: {
      '/etc/hostname': 'cd55bae5acce\n',
      '/etc/hosts': '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.17.0.2\tcd55bae5acce\n',
    },
  } as unknown as Container;
  host.docker = { containers: { [CONTAINER_ID]: container }, containerOrder: [CONTAINER_ID] } as unknown as DockerState;
  return {
    world,
    root,
    cns,
    host: { host: host.id, ns: root.id },
    container: { host: host.id, ns: cns.id, container: CONTAINER_ID },
  };
}

/** One simple command through the registry, as execute() runs it (a SimError prints and sets the code). */
export function run(world: World, place: Place, line: string): { output: string; exitCode: number } {
  const argv = splitCommands(tokenize(line))[0]!.argv;
  const out: string[] = [];
  const ctx: ShellCtx = { world, place, out, stdin: '', traces: [] };
  let exitCode: number;
  try {
    exitCode = runArgv(ctx, argv);
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
    out.push(`${e.message}\n`);
    exitCode = e.exitCode;
  }
  return { output: out.join(''), exitCode };
}
