import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../shell/tokenize';
import { IMPORT_LIMITS, importInspect } from './import-inspect';
import { shellQuote } from '../shell/quote';
import { replay, runLine, type Lab, type Replay } from './lab';

/** The real dump (Docker 20.10.24, recorded with shared/tools/real-docker.sh): `$ cmd` lines, then JSON. */
const FIXTURE = readFileSync(new URL('./__fixtures__/inspect-real-20.10.txt', import.meta.url), 'utf8');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fixture read here on its own terms: the JSON between the `$ docker …` lines. */
function parseFixture(text: string): { networks: Json[]; containers: Json[] } {
  const chunks = text.split(/^\$ .*$/m).map((c) => c.trim()).filter(Boolean);
  const [networks, containers] = chunks.map((c) => JSON.parse(c) as Json[]);
  return { networks: networks!, containers: containers! };
}

const real = parseFixture(FIXTURE);

function imported(text: string): { lab: Lab; report: string[]; rp: Replay } {
  const r = importInspect(text);
  if (!r.ok) throw new Error(r.error);
  return { lab: r.lab, report: r.report, rp: replay(r.lab) };
}

/** Runs a read-only line on the replayed World and parses its JSON output. */
function inspect(rp: Replay, cmd: string): Json[] {
  const shell = [...rp.shells.values()][0]!;
  const r = runLine(rp.world, shell, cmd);
  expect(r.exitCode, `${cmd}: ${r.output}`).toBe(0);
  return JSON.parse(r.output) as Json[];
}

const macOf = (ip: string) => `02:42:${ip.split('.').map((b) => Number(b).toString(16).padStart(2, '0')).join(':')}`;
const v4Ports = (ports: Json | null | undefined) =>
  Object.entries(ports ?? {}).flatMap(([k, list]) => ((list ?? []) as Json[]).filter((b) => b.HostIp !== '::').map((b) => `${b.HostIp}:${b.HostPort}->${k}`)).sort();

/** A container object of the fixture, deep-copied, with changes. */
function ctrLike(name: string, change: (c: Json) => void): Json {
  const c = structuredClone(real.containers.find((x) => x.Name === `/${name}`)!);
  change(c);
  return c;
}

const dump = (...arrays: Json[][]) => arrays.map((a) => JSON.stringify(a, null, 4)).join('\n');

describe('importInspect: the real 20.10 dump', () => {
  const { lab, report, rp } = imported(FIXTURE);

  it('gives a lab on docker-node1 whose every line replays without an error', () => {
    expect(lab.hosts).toEqual(['docker-node1']);
    expect(rp.skipped).toEqual([]);
    for (const [i, r] of rp.results.entries()) expect(r.exitCode, `${lab.log[i]!.c}\n${r.output}`).toBe(0);
  });

  it('rebuilds every bridge network with the same subnet, gateway, ip-range, internal flag and icc', () => {
    for (const n of real.networks.filter((x) => x.Driver === 'bridge')) {
      const [got] = inspect(rp, `docker network inspect ${n.Name}`);
      const want = n.IPAM.Config[0];
      const have = got!.IPAM.Config[0];
      expect(have.Subnet, n.Name).toBe(want.Subnet);
      if (want.Gateway) expect(have.Gateway, n.Name).toBe(want.Gateway);
      expect(have.IPRange, n.Name).toBe(want.IPRange);
      expect(got!.Internal, n.Name).toBe(n.Internal);
      const icc = 'com.docker.network.bridge.enable_icc';
      if (n.Options[icc]) expect(got!.Options[icc], n.Name).toBe(n.Options[icc]);
    }
  });

  it('rebuilds every container: state, networks, IPv4s, custom MACs, ports, links, mode, hostname, image and command', () => {
    expect(real.containers.length).toBeGreaterThan(10);
    const idToName = new Map(real.containers.map((c) => [c.Id as string, (c.Name as string).slice(1)]));
    for (const c of real.containers) {
      const [got] = inspect(rp, `docker inspect ${c.Name.slice(1)}`);
      const name = c.Name as string;
      expect(got!.State.Status, name).toBe(c.State.Status);
      expect(Object.keys(got!.NetworkSettings.Networks).sort(), name).toEqual(Object.keys(c.NetworkSettings.Networks).sort());
      for (const [net, ep] of Object.entries(c.NetworkSettings.Networks as Record<string, Json>)) {
        const have = got!.NetworkSettings.Networks[net];
        if (ep.IPAddress) expect(have.IPAddress, `${name} on ${net}`).toBe(ep.IPAddress);
        if (ep.IPAMConfig?.IPv4Address) expect(have.IPAMConfig?.IPv4Address, `${name} on ${net}`).toBe(ep.IPAMConfig.IPv4Address);
        if (ep.MacAddress && ep.MacAddress !== macOf(ep.IPAddress)) expect(have.MacAddress, `${name} on ${net}`).toBe(ep.MacAddress);
      }
      expect(v4Ports(got!.NetworkSettings.Ports), name).toEqual(v4Ports(c.NetworkSettings.Ports));
      expect(got!.HostConfig.PortBindings, name).toEqual(c.HostConfig.PortBindings);
      expect(got!.HostConfig.Links, name).toEqual(c.HostConfig.Links);
      const mode = c.HostConfig.NetworkMode as string;
      if (mode.startsWith('container:')) {
        const target = inspect(rp, `docker inspect ${got!.HostConfig.NetworkMode.slice('container:'.length)}`)[0]!;
        expect(target.Name, name).toBe(`/${idToName.get(mode.slice('container:'.length))}`);
      } else expect(got!.HostConfig.NetworkMode, name).toBe(mode);
      if (c.Config.Hostname !== c.Id.slice(0, 12) && !/^(host|container:)/.test(mode)) expect(got!.Config.Hostname, name).toBe(c.Config.Hostname);
      expect(got!.Config.Image, name).toBe(c.Config.Image);
      expect([...(got!.Config.Entrypoint ?? []), ...(got!.Config.Cmd ?? [])], name).toEqual([...(c.Config.Entrypoint ?? []), ...(c.Config.Cmd ?? [])]);
      expect([got!.Config.Tty, got!.Config.OpenStdin], name).toEqual([c.Config.Tty, c.Config.OpenStdin]);
    }
  });

  it('reports what it left out, and no address or port it could not reproduce', () => {
    expect(report.some((l) => /c4: volumes and bind mounts .* \/tmp:\/host-tmp/.test(l))).toBe(true);
    expect(report.some((l) => /restart policies .*test2: unless-stopped/.test(l))).toBe(true);
    expect(report.filter((l) => /could not be reproduced|published ports .* in the playground/.test(l))).toEqual([]);
    // The default bridge's gap (a container removed on the real host) is held by a filler, then freed.
    const filler = lab.log.findIndex((e) => /^docker run -d --name import-filler-\d+ busybox/.test(e.c));
    expect(filler).toBeGreaterThan(-1);
    expect(lab.log.some((e, i) => i > filler && /^docker rm -f import-filler-/.test(e.c))).toBe(true);
  });

  it('imports the same lab when the paste has prompts, tool lines and rc lines between the arrays', () => {
    const noisy = FIXTURE.replace(/^(\$ docker inspect.*)$/m, '[rc=0]\n[root@myhost ~]# $1\n')
      .replace(/^\$ docker network/m, 'Last login: today\n{ not json\n$ docker network') + '\n[rc=0]\n';
    expect(imported(noisy).lab.log).toEqual(lab.log);
  });

  it('imports the containers alone: their networks are inferred from the endpoints', () => {
    const only = imported(dump(real.containers));
    for (const c of real.containers.filter((x) => x.State.Running)) {
      const [got] = inspect(only.rp, `docker inspect ${c.Name.slice(1)}`);
      for (const [net, ep] of Object.entries(c.NetworkSettings.Networks as Record<string, Json>)) {
        if (ep.IPAddress) expect(got!.NetworkSettings.Networks[net].IPAddress, `${c.Name} on ${net}`).toBe(ep.IPAddress);
      }
    }
    expect(only.report.some((l) => /network net2 is known only from its containers/.test(l))).toBe(true);
  });

  it('imports the networks alone (facts §9.1 sample): containers from their endpoints, busybox standing in', () => {
    const sample = [{
      Name: 'net2', Id: '18de1675e1066d375981d628eab5a3f5e51b2d7fc7ce1a7970693ee6c9843156', Created: '2026-11-22T12:04:26.48689263Z',
      Scope: 'local', Driver: 'bridge', EnableIPv6: false, IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: '172.19.0.0/16', Gateway: '172.19.0.1' }] },
      Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
      Containers: { ef309edabb1fd87335a1f2b21c73f9b7d89cd950f70fe2bde2942d4aed0982ec: { Name: 'c4', EndpointID: '4201c4ee', MacAddress: '02:42:ac:13:00:02', IPv4Address: '172.19.0.2/16', IPv6Address: '' } },
      Options: {}, Labels: {},
    }];
    const net = imported(dump(sample));
    const [n] = inspect(net.rp, 'docker network inspect net2');
    expect(n!.IPAM.Config[0]).toMatchObject({ Subnet: '172.19.0.0/16', Gateway: '172.19.0.1' });
    const [c] = inspect(net.rp, 'docker inspect c4');
    expect(c!.State.Status).toBe('running');
    expect(c!.NetworkSettings.Networks.net2.IPAddress).toBe('172.19.0.2');
    expect(net.report.some((l) => /known only from `docker network inspect` \(c4\)/.test(l))).toBe(true);
  });
});

describe('importInspect: approximations', () => {
  const base = real.networks.find((n) => n.Name === 'net1')!;
  const net = (change: (n: Json) => void): Json => {
    const n = structuredClone(base);
    n.Containers = {};
    change(n);
    return n;
  };

  it('a pool network whose subnet the playground would not pick gets --subnet, and its containers --ip', () => {
    const late = net((n) => {
      n.Name = 'late';
      n.Id = 'c'.repeat(64);
      n.IPAM.Config = [{ Subnet: '172.25.0.0/16', Gateway: '172.25.0.1' }];
    });
    const c = ctrLike('c4', (x) => {
      x.Name = '/app';
      x.Config.MacAddress = '';
      x.Mounts = [];
      x.HostConfig.NetworkMode = 'late';
      x.NetworkSettings.Networks = { late: { ...x.NetworkSettings.Networks.net1, IPAddress: '172.25.0.7', MacAddress: '02:42:ac:19:00:07' } };
    });
    const { lab, report, rp } = imported(dump([late], [c]));
    expect(lab.log.map((e) => e.c)).toContain('docker network create --subnet 172.25.0.0/16 --gateway 172.25.0.1 late');
    expect(inspect(rp, 'docker inspect app')[0]!.NetworkSettings.Networks.late.IPAddress).toBe('172.25.0.7');
    expect(report.some((l) => /app: 172\.25\.0\.7 on late is given with --ip/.test(l))).toBe(true);
  });

  it("a default bridge on another subnet is set with daemon.json's bip and a daemon restart", () => {
    const bridge = structuredClone(real.networks.find((n) => n.Name === 'bridge')!);
    bridge.IPAM.Config = [{ Subnet: '192.168.200.0/24', Gateway: '192.168.200.1' }];
    bridge.Containers = {};
    const c = ctrLike('test3', (x) => {
      x.NetworkSettings.Networks.bridge.IPAddress = '192.168.200.2';
      x.NetworkSettings.Networks.bridge.MacAddress = '02:42:c0:a8:c8:02';
    });
    const { lab, rp } = imported(dump([bridge], [c]));
    expect(lab.log[0]).toMatchObject({ c: 'cat > /etc/docker/daemon.json' });
    expect(JSON.parse(lab.log[0]!.i!)).toEqual({ bip: '192.168.200.1/24' });
    expect(lab.log[1]!.c).toBe('systemctl restart docker');
    expect(inspect(rp, 'docker network inspect bridge')[0]!.IPAM.Config[0].Subnet).toBe('192.168.200.0/24');
    expect(inspect(rp, 'docker inspect test3')[0]!.NetworkSettings.Networks.bridge.IPAddress).toBe('192.168.200.2');
  });

  it('an image the playground does not know is built as a stand-in of the same name that stays up', () => {
    const c = ctrLike('b1', (x) => {
      x.Name = '/api';
      x.Mounts = [];
      x.Config.Image = 'ghcr.io/acme/api:1.4';
      x.Config.Entrypoint = null;
      x.Config.Cmd = ['python', 'app.py'];
      x.Config.ExposedPorts = { '8000/tcp': {} };
    });
    const backend = real.networks.find((n) => n.Name === 'backend')!;
    const { lab, report, rp } = imported(dump([backend], [c]));
    expect(lab.log.some((e) => e.c === 'docker build -t ghcr.io/acme/api:1.4 .')).toBe(true);
    const [got] = inspect(rp, 'docker inspect api');
    expect(got!.Config.Image).toBe('ghcr.io/acme/api:1.4');
    expect(got!.State.Status).toBe('running');
    expect(got!.NetworkSettings.Networks.backend.IPAddress).toBe('10.10.0.129');
    expect(report.some((l) => /image ghcr\.io\/acme\/api:1\.4 is not in the playground: a stand-in .* EXPOSE 8000\/tcp/.test(l))).toBe(true);
    expect(report.some((l) => /api: its command \(python app\.py\) does not run/.test(l))).toBe(true);
  });

  it('a stopped container holding the host port of a later one is stopped before that one runs', () => {
    const web = real.containers.find((x) => x.Name === '/web')!;
    const old = ctrLike('web', (x) => {
      x.Name = '/oldweb';
      x.Id = 'd'.repeat(64);
      x.Created = '2026-11-24T02:00:00Z';
      x.State = { ...x.State, Status: 'exited', Running: false, ExitCode: 0 };
      x.NetworkSettings.Ports = {};
      x.NetworkSettings.Networks = { net1: { ...x.NetworkSettings.Networks.net1, IPAddress: '', MacAddress: '' } };
    });
    const net1 = real.networks.find((n) => n.Name === 'net1')!;
    const { lab, report, rp } = imported(dump([net1], [web, old]));
    expect(report.filter((l) => /could not/.test(l))).toEqual([]);
    expect(inspect(rp, 'docker inspect oldweb')[0]!.State.Status).toBe('exited');
    const [got] = inspect(rp, 'docker inspect web');
    expect(v4Ports(got!.NetworkSettings.Ports)).toEqual(['0.0.0.0:8080->80/tcp']);
    expect(lab.log.findIndex((e) => e.c === 'docker stop oldweb')).toBeLessThan(lab.log.findIndex((e) => /--name web /.test(e.c)));
  });

  it('says which drivers and settings are not in the playground yet', () => {
    const ov = net((n) => {
      n.Name = 'ov';
      n.Id = 'a'.repeat(64);
      n.Driver = 'overlay';
      n.Scope = 'swarm';
    });
    const mv = net((n) => {
      n.Name = 'pub';
      n.Id = 'b'.repeat(64);
      n.Driver = 'macvlan';
      n.EnableIPv6 = true;
      n.IPAM.Config = [{ Subnet: '172.16.86.0/24', Gateway: '172.16.86.1' }, { Subnet: 'fd00::/64' }];
    });
    const c = ctrLike('b1', (x) => {
      x.Name = '/svc';
      x.Mounts = [];
      x.HostConfig.NetworkMode = 'ov';
      x.NetworkSettings.Networks = { ov: { ...x.NetworkSettings.Networks.backend, IPAddress: '10.0.1.5' } };
    });
    const { report, rp } = imported(dump([ov, mv], [c]));
    expect(report.some((l) => /network ov: the overlay driver is not in the playground yet/.test(l))).toBe(true);
    expect(report.some((l) => /network pub: the macvlan driver is not in the playground yet/.test(l))).toBe(true);
    expect(report.some((l) => /network pub: IPv6 is not in the playground yet/.test(l))).toBe(true);
    expect(report.some((l) => /svc: its network ov is not in the playground; it gets --network none/.test(l))).toBe(true);
    expect(inspect(rp, 'docker inspect svc')[0]!.HostConfig.NetworkMode).toBe('none');
  });
});

describe('importInspect: hostile input', () => {
  it('refuses empty, non-JSON, non-Docker and oversized input with a clear message', () => {
    for (const text of ['', 'hello\n$ docker ps\n', '[1, 2, "x"]', '[{"RepoTags": ["busybox:latest"], "Id": "sha256:1"}]']) {
      const r = importInspect(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/docker (network )?inspect|network or container/);
    }
    const big = importInspect(' '.repeat(IMPORT_LIMITS.chars + 1));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error).toMatch(/at most/);
  });

  it('skips JSON nested too deeply without recursing into it', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const r = importInspect(deep);
    expect(r.ok).toBe(false);
    const withDump = importInspect(`${deep}\n${FIXTURE}`);
    expect(withDump.ok).toBe(true);
    if (withDump.ok) expect(withDump.report.some((l) => /nested deeper than 64 levels/.test(l))).toBe(true);
  });

  it('uses the complete objects of a cut paste', () => {
    const cut = FIXTURE.slice(0, FIXTURE.indexOf('"Name": "/web"') + 10);
    const { report, rp } = imported(cut);
    expect(report.some((l) => /never ends/.test(l))).toBe(true);
    // The containers listed before the cut (newest first in `docker ps -aq`) are there as they were;
    // web, cut off, is known only from the networks' endpoints: busybox stands in, at its address.
    expect(inspect(rp, 'docker inspect fresh')[0]!.State.Status).toBe('created');
    expect(inspect(rp, 'docker inspect c3')[0]!.Config.Cmd).toEqual(['sleep', '3600']);
    const [web] = inspect(rp, 'docker inspect web');
    expect(web!.Config.Image).toBe('busybox');
    expect(web!.NetworkSettings.Networks.net1.IPAddress).toBe('172.18.0.2');
    expect(report.some((l) => /known only from `docker network inspect` \(.*web/.test(l))).toBe(true);
    const sidecar = inspect(rp, 'docker inspect sidecar')[0]!.HostConfig.NetworkMode as string;
    expect(inspect(rp, `docker inspect ${sidecar.slice('container:'.length)}`)[0]!.Name).toBe('/web');
  });

  it('skips names Docker would reject, with a reason, and never types them', () => {
    const bad = ['<img src=x onerror=alert(1)>', 'a;rm -rf /', '$(reboot)', '__proto__', '-rm', 'x', 'a\nb'];
    const ctrs = bad.map((n, i) => ctrLike('test3', (x) => {
      x.Name = `/${n}`;
      x.Id = `${i}`.padStart(64, 'f');
    }));
    const nets = bad.map((n, i) => ({ ...structuredClone(real.networks.find((x) => x.Name === 'net1')!), Name: n, Id: `${i}`.padStart(64, 'e'), Containers: {} }));
    // A valid name with a hostile image reference and hostname: busybox stands in, the hostname is dropped.
    ctrs.push(ctrLike('test3', (x) => {
      x.Config.Image = 'busybox;reboot$(id)';
      x.Config.Hostname = '<b>h</b>';
    }));
    const { lab, report } = imported(dump(nets, ctrs));
    expect(report.filter((l) => /not a name Docker accepts, skipped/.test(l))).toHaveLength(bad.length * 2);
    expect(report.some((l) => /test3: image "busybox;reboot\$\(id\)" is not a name the playground can tag; busybox stands in/.test(l))).toBe(true);
    expect(lab.log.map((e) => e.c)).toContain('docker run -d --name test3 busybox sleep 3600');
    for (const e of lab.log) {
      const words = tokenize(e.c).map((t) => t.value);
      for (const n of bad) expect(words, e.c).not.toContain(n);
    }
    expect(lab.log.filter((e) => /reboot|onerror|rm -rf|<b>/.test(e.c))).toEqual([]);
  });

  it('keeps __proto__ keys from polluting anything', () => {
    const text = '[{"Name":"n1","Id":"1","Driver":"bridge","IPAM":{"Config":[{"Subnet":"10.9.0.0/24"}]},"Options":{"__proto__":{"polluted":"yes"}},'
      + '"Containers":{"__proto__":{"Name":"p","polluted":"yes"}},"__proto__":{"polluted":"yes"}}]';
    const r = importInspect(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.lab.log.map((e) => e.c)).toEqual(['docker network create --subnet 10.9.0.0/24 n1']);
  });

  it('reports objects that fail validation instead of crashing', () => {
    const broken = [{ Name: 'n', Id: 5, Driver: 'bridge', IPAM: {} }, ctrLike('test1', (x) => { x.Config.Cmd = 'not an array'; })];
    const r = importInspect(dump(broken as Json[]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/network 1 .*Id.*skipped.*container 2 .*Config\.Cmd/);
  });

  it('quotes every argument so the shell gives it back unchanged', () => {
    for (const s of ["it's", "'; rm -rf / #", '"$HOME"', 'a b', '', '>', '|', '&&', 'x\\y', 'daemon off;', '--entrypoint=']) {
      expect(tokenize(shellQuote(s)), s).toEqual([{ kind: 'word', value: s }]);
    }
  });

  it('types a command with shell metacharacters as one argument, and does not type command substitution', () => {
    const script = `echo 'it''s' "$HOME" > /tmp/x; ls | cat && sleep 3600 # done`;
    const tricky = ctrLike('test1', (x) => { x.Config.Cmd = ['sh', '-c', script]; });
    const subst = ctrLike('test3', (x) => { x.Config.Cmd = ['sh', '-c', 'echo $(reboot); sleep 3600']; });
    const { lab, report, rp } = imported(dump([tricky, subst]));
    const [got] = inspect(rp, 'docker inspect test1');
    expect(got!.Config.Cmd).toEqual(['sh', '-c', script]);
    expect(lab.log.filter((e) => e.c.includes('$('))).toEqual([]);
    expect(report.some((l) => /test3: its command \(sh -c echo \$\(reboot\); sleep 3600\) cannot be typed/.test(l))).toBe(true);
    expect(inspect(rp, 'docker inspect test3')[0]!.State.Status).toBe('running');
  });
});
