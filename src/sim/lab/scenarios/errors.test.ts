/**
 * The error table: every error text of shared/docker-facts.md §2.1, §7.2 and §8 (8.0–8.4), 20.10
 * column only, reproduced with the commands given there and compared byte for byte, CLI wrapping
 * included (`docker: ….`, `See 'docker run --help'.`, the id line of a `-d` start failure), with
 * the exit status. Each case runs on the same starting world (SETUP), so cases do not interact.
 *
 * Ids are the only thing masked, and by what they are: `<ID:c3>` is the id of the setup's c3,
 * `<NET:net1>` a network's, `<NEWID>` a container the case itself created, `<HEX64>` any other
 * 64-hex (an endpoint id).
 */
import { describe, expect, it } from 'vitest';
import type { World } from '../../net/types';
import { runScript } from '../script';

const SETUP = `
docker network create net1
docker network create net2
docker network create --subnet 10.50.0.0/16 snet
docker run -d --name c1 busybox sleep 3600
docker run -d --name c2 --network net1 busybox sleep 3600
docker run -d --name c3 --network net1 busybox sleep 3600
docker run -d --name nonec --network none busybox sleep 3600
docker run -d --name hostc --network host busybox sleep 3600
docker run -d --name cmode --network container:c2 busybox sleep 3600
docker run -d --name stopped busybox sleep 3600
docker stop stopped
docker run -d --name web -p 8080:80 nginx
docker run -d --name h80 --network host busybox httpd -f -p 80
`;

interface Case {
  /** Section of the facts file. */
  at: string;
  cmd: string;
  out: string;
  exit: number;
  /** What the failure leaves: a `Created` container (start-time failure) or nothing (create-time). */
  leaves?: 'created' | 'nothing';
}

const HELP = "See 'docker run --help'.\n";
const run = (what: string) => `docker: Error response from daemon: ${what}.\n`;
const conflict = (what: string) => `${run(`conflicting options: ${what}`)}${HELP}`;
const daemon = (what: string) => `Error response from daemon: ${what}\n`;

const CASES: Case[] = [
  // §2.1 --ip rules: the checks run at start, so -d prints the id first and leaves the container Created.
  { at: '2.1', cmd: 'docker run -d --network bridge --ip 172.17.0.50 busybox sleep 1', out: `<NEWID>\n${run('user specified IP address is supported on user defined networks only')}`, exit: 125, leaves: 'created' },
  { at: '2.1', cmd: 'docker run -d --network net2 --ip 172.19.0.50 busybox sleep 1', out: `<NEWID>\n${run('user specified IP address is supported only when connecting to networks with user configured subnets')}`, exit: 125, leaves: 'created' },
  { at: '2.1', cmd: 'docker run -d --network snet --ip 10.60.0.5 busybox sleep 1', out: `<NEWID>\n${run("Invalid address 10.60.0.5: It does not belong to any of this network's subnets")}`, exit: 125, leaves: 'created' },
  { at: '2.1', cmd: 'docker run -d --network snet --ip 999.1.1.1 busybox sleep 1', out: `${run('invalid IPv4 address: 999.1.1.1')}${HELP}`, exit: 125, leaves: 'nothing' },
  { at: '2.1', cmd: 'docker run -d --network snet --ip 10.50.0.1 busybox sleep 1', out: `<NEWID>\n${run('Address already in use')}`, exit: 125, leaves: 'created' },
  { at: '2.1', cmd: 'docker run -d --network bridge --network-alias x busybox sleep 1', out: `docker: network-scoped aliases are only supported for user-defined networks.\n${HELP}`, exit: 125, leaves: 'nothing' },
  { at: '2.1', cmd: 'docker network connect --ip 10.50.0.1 snet c1', out: daemon('Address already in use'), exit: 1 },
  { at: '2.1', cmd: 'docker run -d --ip 172.17.0.50 busybox sleep 3600', out: '<NEWID>\n', exit: 0 },
  // §7.2 ports
  { at: '7.2', cmd: 'docker run -d --name dup -p 8080:80 nginx', out: `<NEWID>\n${run('driver failed programming external connectivity on endpoint dup (<HEX64>): Bind for 0.0.0.0:8080 failed: port is already allocated')}`, exit: 125, leaves: 'created' },
  { at: '7.2', cmd: 'docker run --name dup2 -p 8080:80 nginx', out: `${run('driver failed programming external connectivity on endpoint dup2 (<HEX64>): Bind for 0.0.0.0:8080 failed: port is already allocated')}ERRO[0000] error waiting for container: context canceled\n`, exit: 125, leaves: 'created' },
  { at: '7.2', cmd: 'docker run -d --name w4 -p 80:80 nginx', out: `<NEWID>\n${run('driver failed programming external connectivity on endpoint w4 (<HEX64>): Error starting userland proxy: listen tcp4 0.0.0.0:80: bind: address already in use')}`, exit: 125, leaves: 'created' },
  { at: '7.2', cmd: 'docker run -d --network host -p 80:80 busybox sleep 3600', out: 'WARNING: Published ports are discarded when using host network mode\n<NEWID>\n', exit: 0 },
  { at: '7.2', cmd: 'docker run -d --network none -p 80:80 busybox sleep 3600', out: '<NEWID>\n', exit: 0 },
  { at: '7.2', cmd: 'docker run -d --network container:c2 -p 80:80 busybox sleep 1', out: conflict('port publishing and the container type network mode'), exit: 125, leaves: 'nothing' },
  { at: '7.2', cmd: 'docker run -d --network container:c2 --expose 80 busybox sleep 1', out: conflict('port exposing and the container type network mode'), exit: 125, leaves: 'nothing' },
  // §8.0 exit statuses 127 (run) and 126 (exec) for a missing executable (texts of §13)
  { at: '8.0', cmd: 'docker run -d busybox curl', out: `<NEWID>\n${run('failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown')}`, exit: 127, leaves: 'created' },
  // A real 20.10 ends this line with CRLF (src/sim/docker/__golden__/real/10-restart.txt); the facts file shows LF.
  { at: '8.0', cmd: 'docker exec c1 curl', out: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\r\n', exit: 126 },
  // §8.1 --network combinations refused at create time
  { at: '8.1', cmd: 'docker run --network container:c2 -h myhost busybox', out: conflict('hostname and the network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container:c2 -p 80:80 busybox', out: conflict('port publishing and the container type network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container:c2 --dns 8.8.8.8 busybox', out: conflict('dns and the network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container:c2 --mac-address 02:42:ac:11:00:99 busybox', out: conflict('mac-address and the network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container:c2 --add-host a:1.2.3.4 busybox', out: conflict('custom host-to-IP mapping and the network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container:c2 --expose 80 busybox', out: conflict('port exposing and the container type network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network host --mac-address 02:42:ac:11:00:99 busybox', out: conflict('mac-address and the network mode'), exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container:c2 --link c1 busybox', out: `docker: links are only supported for user-defined networks.\n${HELP}`, exit: 125, leaves: 'nothing' },
  { at: '8.1', cmd: 'docker run --network container: busybox', out: `${run('Invalid network mode: invalid container format container:<name|id>')}${HELP}`, exit: 125, leaves: 'nothing' },
  // §8.1 failures at start: the id first, the container left Created
  { at: '8.1', cmd: 'docker run -d --network container:nosuch busybox sleep 1', out: `<NEWID>\n${run('No such container: nosuch')}`, exit: 125, leaves: 'created' },
  { at: '8.1', cmd: 'docker run -d --network container:stopped busybox sleep 1', out: `<NEWID>\n${run('cannot join network of a non running container: <ID:stopped>')}`, exit: 125, leaves: 'created' },
  { at: '8.1', cmd: 'docker run -d --name self --network container:self busybox sleep 1', out: `<NEWID>\n${run('cannot join own network')}`, exit: 125, leaves: 'created' },
  { at: '8.1', cmd: 'docker run -d --network nosuchnet busybox sleep 1', out: `<NEWID>\n${run('network nosuchnet not found')}`, exit: 125, leaves: 'created' },
  // §8.2 connect / disconnect
  { at: '8.2', cmd: 'docker network connect net1 c2', out: daemon('endpoint with name c2 already exists in network net1'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect host c1', out: daemon('container cannot be disconnected from host network or connected to host network'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect none c1', out: daemon('container cannot be connected to multiple networks with one of the networks in private (none) mode'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect net1 nonec', out: daemon('container cannot be connected to multiple networks with one of the networks in private (none) mode'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect net1 hostc', out: daemon('container sharing network namespace with another container or host cannot be connected to any other network'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect net1 cmode', out: daemon('container sharing network namespace with another container or host cannot be connected to any other network'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect nosuchnet c1', out: daemon('network nosuchnet not found'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect net1 nosuchctr', out: daemon('No such container: nosuchctr'), exit: 1 },
  { at: '8.2', cmd: 'docker network disconnect net2 c3', out: daemon('container <ID:c3> is not connected to network net2'), exit: 1 },
  { at: '8.2', cmd: 'docker network disconnect host hostc', out: daemon('container cannot be disconnected from host network or connected to host network'), exit: 1 },
  { at: '8.2', cmd: 'docker network disconnect net2 stopped', out: daemon('container <ID:stopped> is not connected to the network net2'), exit: 1 },
  { at: '8.2', cmd: 'docker network connect bridge c2', out: '', exit: 0 },
  // §8.3 create / rm / inspect
  { at: '8.3', cmd: 'docker network create --subnet 172.18.0.0/16 x1', out: daemon('Pool overlaps with other one on this address space'), exit: 1 },
  { at: '8.3', cmd: 'docker network create --subnet 10.10.0.0/16 --gateway 10.20.0.1 x2', out: 'no matching subnet for gateway 10.20.0.1\n', exit: 1 },
  { at: '8.3', cmd: 'docker network create --gateway 10.20.0.1 x2', out: 'every ip-range or gateway must have a corresponding subnet\n', exit: 1 },
  { at: '8.3', cmd: 'docker network create --subnet 10.10.0.0/33 x2', out: daemon('Invalid subnet 10.10.0.0/33 : invalid CIDR address: 10.10.0.0/33'), exit: 1 },
  { at: '8.3', cmd: 'docker network create net1', out: daemon('network with name net1 already exists'), exit: 1 },
  // facts §8.3 keeps the daemon's trailing space; the real 20.10 CLI trims it (__golden__/real/07-network-mgmt.txt).
  { at: '8.3', cmd: 'docker network create bridge', out: daemon('operation is not permitted on predefined bridge network'), exit: 1 },
  { at: '8.3', cmd: 'docker network create -d nosuch x3', out: daemon('plugin "nosuch" not found'), exit: 1 },
  { at: '8.3', cmd: 'docker network create -d overlay x3', out: daemon('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'), exit: 1 },
  { at: '8.3', cmd: 'docker network rm net1', out: daemon('error while removing network: network net1 id <NET:net1> has active endpoints'), exit: 1 },
  { at: '8.3', cmd: 'docker network rm bridge', out: daemon('bridge is a pre-defined network and cannot be removed'), exit: 1 },
  { at: '8.3', cmd: 'docker network rm host none', out: daemon('host is a pre-defined network and cannot be removed') + daemon('none is a pre-defined network and cannot be removed'), exit: 1 },
  { at: '8.3', cmd: 'docker network rm nosuchnet', out: 'Error: No such network: nosuchnet\n', exit: 1 },
  { at: '8.3', cmd: 'docker network inspect nosuchnet', out: '[]\nError: No such network: nosuchnet\n', exit: 1 },
  // §8.3 "other CLI validation texts", spelled as docker/cli 20.10 cli/command/network/create.go does
  { at: '8.3', cmd: 'docker network create --subnet 10.1.0.0/16 --subnet 10.1.1.0/24 x4', out: 'multiple overlapping subnet configuration is not supported\n', exit: 1 },
  { at: '8.3', cmd: 'docker network create --subnet 10.30.0.0/16 --subnet 10.31.0.0/16 --ip-range 10.30.1.0/24 --ip-range 10.30.2.0/24 x5', out: 'cannot configure multiple ranges (10.30.2.0/24, 10.30.1.0/24) on the same subnet (10.30.0.0/16)\n', exit: 1 },
  { at: '8.3', cmd: 'docker network create --subnet 10.30.0.0/16 --ip-range 10.40.0.0/24 x6', out: 'no matching subnet for range 10.40.0.0/24\n', exit: 1 },
  { at: '8.3', cmd: 'docker network create --subnet 10.30.0.0/16 --aux-address a=10.40.0.5 x7', out: 'no matching subnet for aux-address 10.40.0.5\n', exit: 1 },
  { at: '8.3', cmd: 'docker network create x8', out: '<NET:x8>\n', exit: 0 },
  { at: '8.3', cmd: 'docker network rm net2', out: 'net2\n', exit: 0 },
  // §8.4
  { at: '8.4', cmd: 'docker exec stopped ls', out: daemon('Container <ID:stopped> is not running'), exit: 1 },
  { at: '8.4', cmd: 'docker exec nosuch ls', out: 'Error: No such container: nosuch\n', exit: 1 },
];

function dockerOfWorld(world: World) {
  const host = world.hosts[world.hostOrder[0]!]!;
  return host.docker!;
}

/** Replaces the ids in an output by what they are (see the file comment). */
function nameIds(text: string, before: World, after: World): string {
  const old = dockerOfWorld(before);
  const now = dockerOfWorld(after);
  const names = new Map<string, string>();
  for (const c of Object.values(now.containers)) names.set(c.id, old.containers[c.id] ? `<ID:${c.name}>` : '<NEWID>');
  for (const n of Object.values({ ...old.networks, ...now.networks })) names.set(n.id, `<NET:${n.name}>`);
  return text.replace(/\b[0-9a-f]{64}\b/g, (id) => names.get(id) ?? '<HEX64>');
}

const setup = runScript(SETUP);

describe('error table (docker-facts §2.1, §7.2, §8.0–8.4, Docker 20.10)', () => {
  it('builds the starting world', () => {
    const failed = setup.steps.filter((s) => s.exitCode !== 0).map((s) => `${s.command} → ${s.exitCode}: ${s.output}`);
    expect(failed).toEqual([]);
  });

  for (const c of CASES) {
    it(`§${c.at} ${c.cmd}`, () => {
      const { world, steps } = runScript(c.cmd, setup.world);
      const step = steps[0]!;
      expect(nameIds(step.output, setup.world, world)).toBe(c.out);
      expect(step.exitCode, 'exit status').toBe(c.exit);
      if (c.leaves) {
        const before = Object.keys(dockerOfWorld(setup.world).containers);
        const added = Object.values(dockerOfWorld(world).containers).filter((x) => !before.includes(x.id));
        expect(added.map((x) => x.state), 'containers the failure leaves').toEqual(c.leaves === 'created' ? ['created'] : []);
      }
    });
  }
});
