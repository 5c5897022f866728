/**
 * Click-to-probe in the core, on labs built with real commands: the line a gesture stands for,
 * then that line run through `execute`, and the explanation of the real trace (or output). For
 * each kind of failure the suggested fix is run too, and the probe is tried again: a fix must
 * change the outcome.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../lab/session.test-util';
import { parseIp4 } from '../net/ip4';
import type { World } from '../net/types';
import { execute, type ExecResult } from '../shell/execute';
import {
  describePlace, explainOutput, explainResult, explainTrace, frameHeaders, joinTraces, probeCommand, stepSummaries, stepSummary,
  type Explanation, type ProbeEndpoint, type ProbeRequest,
} from './explain';
import type { Trace, TraceStep } from './trace';

const hostId = (w: World) => w.hostOrder[0]!;

function ctr(w: World, name: string): ProbeEndpoint {
  const d = w.hosts[hostId(w)]!.docker!;
  const c = Object.values(d.containers).find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return { kind: 'container', host: hostId(w), container: c.id };
}
const netns = (w: World, name: string): ProbeEndpoint => ({ kind: 'netns', host: hostId(w), ns: w.hosts[hostId(w)]!.netns[name]! });
const theHost = (w: World): ProbeEndpoint => ({ kind: 'host', host: hostId(w) });
const addr = (text: string): ProbeEndpoint => ({ kind: 'address', ip: parseIp4(text)! });
const baidu: ProbeEndpoint = { kind: 'internet', name: 'www.baidu.com' };
const ping = (source: ProbeEndpoint, target: ProbeEndpoint): ProbeRequest => ({ tool: 'ping', source, target });
const curl = (source: ProbeEndpoint, target: ProbeEndpoint, port = 80): ProbeRequest => ({ tool: 'curl', port, source, target });

interface Probed {
  line: string;
  run: ExecResult;
  why: Explanation;
  trace: Trace;
  world: World;
}

/** The gesture: its line, run on the host, explained. */
function probe(w: World, req: ProbeRequest): Probed {
  const p = probeCommand(w, req);
  if (!p.ok) throw new Error(p.error);
  const run = execute(w, p.line, { host: p.host });
  return { line: p.line, run, why: explainResult(w, req, run), trace: joinTraces(run.traces), world: run.world };
}

/** Runs the suggested fix (it must succeed), then the same gesture again. */
function afterFix(w: World, req: ProbeRequest, why: Explanation): Probed {
  const cmd = why.fix?.command;
  if (cmd === undefined) throw new Error(`no fix command: ${why.headline}`);
  const f = execute(w, cmd);
  expect(f.exitCode, `${cmd}\n${f.output}`).toBe(0);
  return probe(f.world, req);
}

const decisive = (p: Probed): TraceStep => {
  expect(p.why.decisive).toBeDefined();
  return p.trace.steps[p.why.decisive!]!;
};

const DOCKER = [
  'docker network create net1',
  'docker run -d --name c1 busybox sleep 1d',
  'docker run -d --name web -p 8080:80 nginx',
  'docker run -d --name c2 --network net1 busybox sleep 1d',
  'docker run -d --name c3 --network net1 nginx',
];

/** ns1 (10.9.0.2) wired to the host (veth-b 10.9.0.1), no default route yet. */
const NS = [
  'ip netns add ns1',
  'ip link add veth-a type veth peer name veth-b',
  'ip link set veth-a netns ns1',
  'ip netns exec ns1 ip addr add 10.9.0.2/24 dev veth-a',
  'ip netns exec ns1 ip link set veth-a up',
  'ip addr add 10.9.0.1/24 dev veth-b',
  'ip link set veth-b up',
];

/** n1 (10.5.0.1) and n2 (10.5.0.2) on a user bridge br0. */
const BR0 = [
  'ip link add br0 type bridge',
  'ip link set br0 up',
  'ip netns add n1',
  'ip netns add n2',
  'ip link add v1 type veth peer name p1',
  'ip link add v2 type veth peer name p2',
  'ip link set v1 netns n1',
  'ip link set v2 netns n2',
  'ip link set p1 master br0',
  'ip link set p2 master br0',
  'ip link set p1 up',
  'ip link set p2 up',
  'ip -n n1 addr add 10.5.0.1/24 dev v1',
  'ip -n n2 addr add 10.5.0.2/24 dev v2',
  'ip -n n1 link set v1 up',
  'ip -n n2 link set v2 up',
];

describe('probeCommand: the line a gesture stands for', () => {
  const w = lab([
    ...DOCKER, ...NS,
    'docker run -d --name tc tomcat:7',
    'docker run -d --name rd redis',
    'docker run -d --name joined --network container:c1 busybox sleep 1d',
    'docker run -d --name none1 --network none busybox sleep 1d',
    'docker run -d --name gone busybox sleep 1d',
    'docker stop gone',
  ]);
  const line = (req: ProbeRequest) => {
    const p = probeCommand(w, req);
    return p.ok ? p.line : `error: ${p.error}`;
  };

  it('names a container where Docker DNS answers (a shared user-defined network), else uses its address', () => {
    expect(line(ping(ctr(w, 'c2'), ctr(w, 'c3')))).toBe('docker exec c2 ping -c 1 -W 1 c3');
    expect(line(ping(ctr(w, 'c1'), ctr(w, 'web')))).toBe('docker exec c1 ping -c 1 -W 1 172.17.0.3');
    expect(line(ping(ctr(w, 'c1'), ctr(w, 'c3')))).toBe('docker exec c1 ping -c 1 -W 1 172.18.0.3');
  });

  it("uses the image's own HTTP client: wget in BusyBox, curl where the image has it", () => {
    expect(line(curl(ctr(w, 'c1'), ctr(w, 'web'), 8080))).toBe('docker exec c1 wget -q -O - -T 2 http://172.17.0.3:8080/');
    expect(line(curl(ctr(w, 'c3'), ctr(w, 'c2')))).toBe('docker exec c3 curl -sS -m 2 http://c2:80/');
    expect(line(ping(ctr(w, 'tc'), ctr(w, 'c1')))).toBe('docker exec tc ping -c 1 -W 1 172.17.0.2');
  });

  it('refuses a tool the image lacks, saying so', () => {
    expect(line(ping(ctr(w, 'web'), ctr(w, 'c1')))).toBe(
      'error: web (nginx) has no ping: the nginx image does not ship it; probe it with curl instead, or ping from a busybox container.',
    );
    expect(line(curl(ctr(w, 'rd'), ctr(w, 'web')))).toMatch(/^error: rd \(redis\) has neither curl nor wget/);
  });

  it('runs in a namespace with ip netns exec, and on the host as is', () => {
    expect(line(ping(netns(w, 'ns1'), theHost(w)))).toBe('ip netns exec ns1 ping -c 1 -W 1 10.9.0.1');
    expect(line(curl(netns(w, 'ns1'), ctr(w, 'web'), 80))).toBe('ip netns exec ns1 curl -sS -m 2 http://172.17.0.3:80/');
    expect(line(ping(theHost(w), netns(w, 'ns1')))).toBe('ping -c 1 -W 1 10.9.0.2');
    expect(line(ping(theHost(w), baidu))).toBe('ping -c 1 -W 1 www.baidu.com');
    expect(line(ping(theHost(w), addr('172.18.0.1')))).toBe('ping -c 1 -W 1 172.18.0.1');
  });

  it('reaches the host at the gateway a container sees, and the same namespace at localhost', () => {
    expect(line(curl(ctr(w, 'c1'), theHost(w), 8080))).toBe('docker exec c1 wget -q -O - -T 2 http://172.17.0.1:8080/');
    expect(line(ping(ctr(w, 'c2'), theHost(w)))).toBe('docker exec c2 ping -c 1 -W 1 172.18.0.1');
    expect(line(ping(theHost(w), theHost(w)))).toBe('ping -c 1 -W 1 127.0.0.1');
    expect(line(ping(ctr(w, 'c1'), ctr(w, 'joined')))).toBe('docker exec c1 ping -c 1 -W 1 127.0.0.1');
    expect(line(ping(ctr(w, 'c2'), ctr(w, 'joined')))).toBe('docker exec c2 ping -c 1 -W 1 172.17.0.2');
  });

  it('keeps the line for a stopped source (docker prints the truth) but not for an address-less target', () => {
    expect(line(ping(ctr(w, 'gone'), ctr(w, 'c1')))).toBe('docker exec gone ping -c 1 -W 1 172.17.0.2');
    expect(line(ping(ctr(w, 'c1'), ctr(w, 'gone')))).toBe('error: gone is not running, so it has no address: start it first (docker start gone).');
    expect(line(ping(ctr(w, 'c1'), ctr(w, 'none1')))).toBe('error: none1 has no network address (--network none): only its own lo.');
    expect(line(ping(addr('10.0.0.1'), ctr(w, 'c1')))).toMatch(/^error: A probe starts from/);
  });
});

describe('explainTrace: success', () => {
  const w = lab([...DOCKER, ...NS]);

  it('names the network and the hops, and decides at the delivery', () => {
    const p = probe(w, ping(ctr(w, 'c2'), ctr(w, 'c3')));
    expect(p.why).toMatchObject({ ok: true, headline: 'c2 reached c3 (172.18.0.3) over net1 in 1 hop.' });
    expect(decisive(p)).toMatchObject({ kind: 'deliver', frame: { icmp: 'echo-request' } });
    expect(describePlace(w, decisive(p))).toBe('c3 eth0');
  });

  it('mentions the MASQUERADE on the way to the internet', () => {
    const p = probe(w, ping(ctr(w, 'c1'), baidu));
    expect(p.why.headline).toBe('c1 reached www.baidu.com (203.0.113.10) over the default bridge network in 2 hops.');
    expect(p.why.details).toContainEqual(expect.stringMatching(/^docker-node1 masqueraded the source: 172\.17\.0\.2 -> 10\.0\.2\.15 \(nat POSTROUTING rule \d\); conntrack turned the answer back\.$/));
  });

  it('mentions the DNAT of a published port', () => {
    const p = probe(w, curl(theHost(w), addr('192.168.205.10'), 8080));
    expect(p.run.output).toContain('Welcome to nginx!');
    expect(p.why.headline).toBe('docker-node1 connected to docker-node1 (192.168.205.10) port 8080 over the default bridge network in 1 hop.');
    expect(p.why.details).toContain('docker-node1 rewrote the destination: 192.168.205.10:8080 -> 172.17.0.3:80 (nat DOCKER rule 3), the published port.');
    expect(p.why.details).toContain('nginx accepted it on port 80 in web.');
  });

  it('follows docker-proxy to the container it relays to', () => {
    const p = probe(w, curl(ctr(w, 'c1'), theHost(w), 8080));
    expect(p.run.traces).toHaveLength(2);
    expect(p.why.headline).toBe('c1 connected to docker-node1 (172.17.0.1) port 8080; docker-proxy relays it to web (172.17.0.3) port 80.');
    expect(decisive(p)).toMatchObject({ kind: 'deliver', frame: { dport: 80, tcpFlags: 'S' } });
  });

  it('says when the packet never left the namespace (localhost)', () => {
    const p = probe(w, ping(ctr(w, 'c1'), ctr(w, 'c1')));
    expect(p.line).toBe('docker exec c1 ping -c 1 -W 1 127.0.0.1');
    expect(p.why.headline).toBe('c1 reached itself (127.0.0.1) without leaving its own namespace (through lo).');
  });
});

describe('explainTrace: Docker networks', () => {
  const w = lab([
    ...DOCKER,
    'docker network create --internal inet',
    'docker run -d --name i1 --network inet busybox sleep 1d',
    'docker network create -o com.docker.network.bridge.enable_icc=false quiet',
    'docker run -d --name q1 --network quiet busybox sleep 1d',
    'docker run -d --name q2 --network quiet busybox sleep 1d',
  ]);

  it('isolation between bridge networks (DOCKER-ISOLATION-STAGE-2), fixed by docker network connect', () => {
    const req = ping(ctr(w, 'c1'), ctr(w, 'c3'));
    const p = probe(w, req);
    expect(p.why.ok).toBe(false);
    expect(p.why.headline).toBe("c1 and c3 are on different bridge networks; Docker's DOCKER-ISOLATION-STAGE-2 rule drops traffic between them.");
    expect(p.why.fix).toEqual({ text: 'Connect c1 to net1 to fix it', command: 'docker network connect net1 c1' });
    expect(decisive(p)).toMatchObject({ kind: 'drop', reason: 'iptables filter rule 2 of DOCKER-ISOLATION-STAGE-2: DROP' });
    const fixed = afterFix(w, req, p.why);
    expect(fixed.line).toBe('docker exec c1 ping -c 1 -W 1 c3');
    expect(fixed.why).toMatchObject({ ok: true, headline: 'c1 reached c3 (172.18.0.3) over net1 in 1 hop.' });
  });

  it('--internal: nothing leaves the network, nothing enters it', () => {
    const out = probe(w, ping(ctr(w, 'i1'), addr('203.0.113.10')));
    expect(out.why.headline).toBe('i1 is on inet, an --internal network: Docker drops everything that leaves it, so www.baidu.com (203.0.113.10) is out of reach.');
    expect(out.why.details[1]).toMatch(/^Rule \d of DOCKER-ISOLATION-STAGE-1 dropped it: -A DOCKER-ISOLATION-STAGE-1 ! -d 172\.19\.0\.0\/16 -i br-[0-9a-f]{12} -j DROP\.$/);
    expect(afterFix(w, ping(ctr(w, 'i1'), addr('203.0.113.10')), out.why).why.ok).toBe(true);

    const req = ping(ctr(w, 'c2'), ctr(w, 'i1'));
    const into = probe(w, req);
    expect(into.why.headline).toBe('i1 (172.19.0.2) is on inet, an --internal network: Docker drops everything that enters it from outside.');
    expect(into.why.fix?.command).toBe('docker network connect inet c2');
    expect(afterFix(w, req, into.why).why.ok).toBe(true);
  });

  it('icc=false: the DROP Docker appends to FORWARD', () => {
    const req = ping(ctr(w, 'q1'), ctr(w, 'q2'));
    const p = probe(w, req);
    expect(p.why.headline).toMatch(/^q1 and q2 are both on quiet, but inter-container communication is off there \(icc=false\): rule \d+ of FORWARD drops it\.$/);
    expect(p.why.details[0]).toBe('quiet was created with -o com.docker.network.bridge.enable_icc=false: Docker drops traffic between its containers.');
    expect(p.why.fix?.command).toMatch(/^iptables -I DOCKER-USER -i (br-[0-9a-f]{12}) -o \1 -j ACCEPT$/);
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
  });

  it('a container on --network none has no route', () => {
    const v = lab(['docker run -d --name lonely --network none busybox sleep 1d', 'docker run -d --name c1 busybox sleep 1d']);
    const p = probe(v, ping(ctr(v, 'lonely'), addr('172.17.0.3')));
    expect(p.run.output).toContain('ping: sendto: Network is unreachable');
    expect(p.why.headline).toBe('lonely runs with --network none: it has only lo, so it has no route to 172.17.0.3.');
  });
});

describe('explainTrace: routes, links and neighbours', () => {
  it('no default route in a namespace: add one via the host', () => {
    const w = lab(NS);
    const p = probe(w, ping(netns(w, 'ns1'), addr('8.8.8.8')));
    expect(p.run.output).toBe('ping: connect: Network is unreachable\n');
    expect(p.why.headline).toBe('ns1 has no route to 8.8.8.8: no default route and no network that contains it.');
    expect(p.why.fix).toEqual({ text: 'Add a default route via 10.9.0.1', command: 'ip netns exec ns1 ip route add default via 10.9.0.1' });
    expect(decisive(p)).toMatchObject({ kind: 'drop', reason: 'no route to the destination network' });
  });

  it('to the internet from a namespace: each fix leads to the next obstacle, then it works', () => {
    let w = lab(NS);
    const req = ping(netns(w, 'ns1'), addr('203.0.113.10'));
    const seen: string[] = [];
    let p = probe(w, req);
    for (let i = 0; i < 5 && !p.why.ok; i++) {
      seen.push(p.why.headline);
      const f = execute(w, p.why.fix!.command!);
      expect(f.exitCode, f.output).toBe(0);
      w = f.world;
      p = probe(w, req);
    }
    expect(seen).toEqual([
      'ns1 has no route to 203.0.113.10: no default route and no network that contains it.',
      "docker-node1 does not forward from veth-b to eth0: FORWARD's policy is DROP (Docker sets it when it starts) and no rule accepts this traffic.",
      'www.baidu.com (203.0.113.10) answered, but the NAT gateway (internet) has no route back to 10.9.0.2: docker-node1 sent it out of eth0 without masquerading it.',
    ]);
    expect(p.why.headline).toBe('ns1 reached www.baidu.com (203.0.113.10) in 2 hops.');
    expect(p.why.details).toContain('Routed by docker-node1 (ip_forward=1), one hop per router.');
  });

  it('an address nobody has, beyond the default route', () => {
    const w = lab([...NS, 'ip netns exec ns1 ip route add default via 10.9.0.1', 'iptables -A FORWARD -i veth-b -o eth0 -j ACCEPT']);
    const p = probe(w, ping(netns(w, 'ns1'), addr('8.8.8.8')));
    expect(p.why.headline).toBe('Nobody has 8.8.8.8: it left by the default route to the internet, which does not route to it.');
  });

  it('ip_forward off on the router', () => {
    const w = lab([...NS, 'ip netns exec ns1 ip route add default via 10.9.0.1', 'sysctl -w net.ipv4.ip_forward=0']);
    const req = ping(netns(w, 'ns1'), addr('10.0.2.2'));
    const p = probe(w, req);
    expect(p.why.headline).toBe('host docker-node1 received a packet for 10.0.2.2 but does not forward: net.ipv4.ip_forward is 0.');
    expect(p.why.fix?.command).toBe('sysctl -w net.ipv4.ip_forward=1');
    expect(afterFix(w, req, p.why).why.headline).toMatch(/FORWARD's policy is DROP/);
  });

  it('the peer of a veth is down: ARP goes unanswered; the fix brings it up', () => {
    const w = lab([...NS, 'ip link set veth-b down']);
    const req = ping(netns(w, 'ns1'), theHost(w));
    const p = probe(w, req);
    expect(p.why.headline).toBe('veth-b (docker-node1) is down, so nothing reaches docker-node1 (10.9.0.1).');
    expect(p.why.fix?.command).toBe('ip link set veth-b up');
    expect(decisive(p)).toMatchObject({ kind: 'drop', reason: 'no ARP reply for 10.9.0.1 on veth-a' });
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
  });

  it('a link that is down took its route with it (the packet dies elsewhere)', () => {
    const w = lab([...NS, 'ip link set veth-b down']);
    const req = ping(theHost(w), netns(w, 'ns1'));
    const p = probe(w, req);
    // The host's route to 10.9.0.0/24 is gone: the ping leaves by the default route and dies at the NAT.
    expect(p.trace.steps.at(-1)).toMatchObject({ kind: 'drop', reason: 'not for this host and ip_forward=0' });
    expect(p.why.headline).toBe('veth-b is down on docker-node1, so its route to 10.9.0.0/24 is gone and 10.9.0.2 is out of reach.');
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
    const own = lab([...NS, 'ip netns exec ns1 ip link set veth-a down']);
    const q = probe(own, ping(netns(own, 'ns1'), theHost(own)));
    expect(q.why.fix?.command).toBe('ip netns exec ns1 ip link set veth-a up');
  });

  it('a bridge port down, a bridge down, a veth end on no bridge', () => {
    const open = 'iptables -A FORWARD -i br0 -o br0 -j ACCEPT';
    const port = lab([...BR0, open, 'ip link set p2 down']);
    const req = (w: World) => ping(netns(w, 'n1'), netns(w, 'n2'));
    const a = probe(port, req(port));
    expect(a.why.headline).toBe('p2 (docker-node1) is down, so nothing reaches n2 (10.5.0.2).');
    expect(afterFix(port, req(port), a.why).why).toMatchObject({ ok: true, headline: 'n1 reached n2 (10.5.0.2) over bridge br0 in 1 hop.' });
    const br = lab([...BR0, open, 'ip link set br0 down']);
    const b = probe(br, req(br));
    expect(b.why.headline).toBe('bridge br0 (docker-node1) is down, so nothing reaches n2 (10.5.0.2).');
    expect(afterFix(br, req(br), b.why).why.ok).toBe(true);
    const loose = lab([...BR0, open, 'ip link set p2 nomaster']);
    const c = probe(loose, req(loose));
    expect(c.why.headline).toBe('10.5.0.2 is on n2 (v2), but the other end of its veth, p2, is attached to no bridge: it is not a port of br0.');
    expect(c.why.fix?.command).toBe('ip link set p2 master br0');
    expect(afterFix(loose, req(loose), c.why).why.ok).toBe(true);
  });

  it("frames switched across a user bridge meet Docker's FORWARD policy (br_netfilter)", () => {
    const w = lab(BR0);
    const req = ping(netns(w, 'n1'), netns(w, 'n2'));
    const p = probe(w, req);
    expect(p.why.headline).toBe("docker-node1 drops frames switched across br0: FORWARD's policy is DROP (Docker sets it when it starts), and with br_netfilter bridged IPv4 goes through FORWARD too.");
    expect(p.why.fix?.command).toBe('iptables -A FORWARD -i br0 -o br0 -j ACCEPT');
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
  });

  it('nobody has the address: the ARP request goes unanswered', () => {
    const w = lab(DOCKER);
    const p = probe(w, ping(ctr(w, 'c1'), addr('172.17.0.99')));
    expect(p.why.headline).toBe('Nobody on the default bridge network has 172.17.0.99: the ARP request went unanswered (host unreachable).');
    expect(p.why.details).toContain('On the default bridge network: docker-node1 172.17.0.1 and web 172.17.0.3.');
  });

  it('two namespaces with the same address: ARP ignored, martian source', () => {
    const dup = lab([...BR0, 'iptables -A FORWARD -i br0 -o br0 -j ACCEPT', 'ip -n n2 addr add 10.5.0.1/24 dev v2']);
    const p = probe(dup, ping(netns(dup, 'n1'), addr('10.5.0.2')));
    expect(p.why.headline).toBe("n2 has 10.5.0.2 but also the sender's address 10.5.0.1, so it ignores the request.");
    const routed = lab([
      ...NS,
      'ip netns exec ns1 ip route add default via 10.9.0.1',
      'ip netns add ns2',
      'ip link add veth-c type veth peer name veth-d',
      'ip link set veth-c netns ns2',
      'ip netns exec ns2 ip addr add 10.8.0.2/24 dev veth-c',
      'ip netns exec ns2 ip addr add 10.9.0.2/32 dev veth-c',
      'ip netns exec ns2 ip link set veth-c up',
      'ip addr add 10.8.0.1/24 dev veth-d',
      'ip link set veth-d up',
      'iptables -A FORWARD -i veth-b -o veth-d -j ACCEPT',
    ]);
    const q = probe(routed, ping(netns(routed, 'ns1'), netns(routed, 'ns2')));
    expect(q.line).toBe('ip netns exec ns1 ping -c 1 -W 1 10.8.0.2');
    expect(q.why.headline).toBe("ns2 dropped it as a martian: its source 10.9.0.2 is one of ns2's own addresses.");
  });

  it("lo down: 127.0.0.1 is not local, with or without a default route", () => {
    const w = lab([...NS, 'ip netns exec ns1 ip route add default via 10.9.0.1']);
    const req = ping(netns(w, 'ns1'), addr('127.0.0.1'));
    const p = probe(w, req);
    expect(p.trace.steps.at(-1)?.reason).toBe('martian destination (127.0.0.0/8 from veth-b)');
    expect(p.why.headline).toBe("ns1's loopback interface lo is down, so 127.0.0.1 is not local to it.");
    expect(p.why.fix?.command).toBe('ip netns exec ns1 ip link set lo up');
    expect(afterFix(w, req, p.why).why.headline).toBe('ns1 reached itself (127.0.0.1) without leaving its own namespace (through lo).');
  });

  it('TTL exhausted (ping -t 1)', () => {
    const w = lab(DOCKER);
    const run = execute(w, 'docker exec c1 ping -c 1 -W 1 -t 1 www.baidu.com');
    const why = explainResult(w, ping(ctr(w, 'c1'), baidu), run);
    expect(why.headline).toBe('The packet\'s TTL ran out at docker-node1: it answered with ICMP "time exceeded".');
    expect(why.details).toEqual(['It was sent with TTL 1, and each router takes one off.']);
  });
});

describe('explainTrace: firewalls and ports', () => {
  it('a DROP rule is named by chain and number, and deleting it fixes it', () => {
    const w = lab([...DOCKER, 'iptables -I DOCKER-USER -s 172.17.0.2 -j DROP']);
    const req = ping(ctr(w, 'c1'), ctr(w, 'web'));
    const p = probe(w, req);
    expect(p.why.headline).toBe("host docker-node1's firewall drops it: rule 1 of DOCKER-USER (filter table) says DROP.");
    expect(p.why.details).toEqual(['The rule: -A DOCKER-USER -s 172.17.0.2/32 -j DROP.', 'DOCKER-USER is where your own rules go: Docker jumps to it first from FORWARD.']);
    expect(p.why.fix?.command).toBe('iptables -D DOCKER-USER 1');
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
  });

  it("the sender's own OUTPUT chain: Operation not permitted", () => {
    const w = lab([...NS, 'iptables -A OUTPUT -d 10.9.0.2 -j DROP']);
    const p = probe(w, ping(theHost(w), netns(w, 'ns1')));
    expect(p.run.output).toContain('ping: sendmsg: Operation not permitted');
    expect(p.why.headline).toBe("host docker-node1's firewall drops it: rule 1 of OUTPUT (filter table) says DROP.");
  });

  it('a drop inside a namespace gets its ip netns exec prefix', () => {
    const w = lab([...NS, 'ip netns exec ns1 ip link set lo up', 'ip netns exec ns1 iptables -A INPUT -p icmp -j DROP']);
    const req = ping(theHost(w), netns(w, 'ns1'));
    const p = probe(w, req);
    expect(p.why.headline).toBe("netns ns1's firewall drops it: rule 1 of INPUT (filter table) says DROP.");
    expect(p.why.fix?.command).toBe('ip netns exec ns1 iptables -D INPUT 1');
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
  });

  it('refused: the server listens on another port', () => {
    const w = lab(DOCKER);
    const p = probe(w, curl(ctr(w, 'c2'), ctr(w, 'c3'), 8080));
    expect(p.run.output).toBe("wget: can't connect to remote host (172.18.0.3): Connection refused\n");
    expect(p.why.headline).toBe('c3: nginx listens on 80, not 8080.');
    expect(decisive(p)).toMatchObject({ kind: 'deliver', frame: { tcpFlags: 'S', dport: 8080 } });
    expect(p.why.fix?.command).toBe('docker exec c2 wget -q -O - -T 2 http://c3:80/');
    expect(execute(w, p.why.fix!.command!).exitCode).toBe(0);
  });

  it('refused: the published port was used on the container', () => {
    const w = lab(DOCKER);
    const p = probe(w, curl(ctr(w, 'c1'), ctr(w, 'web'), 8080));
    expect(p.why.headline).toBe("8080 is published on the host, not on the container: web listens on 80; use 172.17.0.3:80 or the host's address:8080.");
    expect(p.why.fix?.command).toBe('docker exec c1 wget -q -O - -T 2 http://172.17.0.3:80/');
    expect(execute(w, p.why.fix!.command!).output).toContain('Welcome to nginx!');
  });

  it('refused: nothing listens on the host', () => {
    const w = lab(NS);
    const p = probe(w, curl(netns(w, 'ns1'), theHost(w), 8080));
    expect(p.why.headline).toBe('Nothing listens on port 8080 in docker-node1: the connection was refused.');
    expect(p.why.fix?.command).toBe('docker run -d -p 8080:80 nginx');
    expect(afterFix(w, curl(netns(w, 'ns1'), theHost(w), 8080), p.why).why.ok).toBe(true);
  });

  it("docker-proxy's own connection failing: the client sees a reset", () => {
    const w = lab([...DOCKER, 'iptables -I OUTPUT -d 172.17.0.3 -j DROP']);
    const req = curl(ctr(w, 'c1'), theHost(w), 8080);
    const p = probe(w, req);
    expect(p.run.output).toBe('wget: error getting response: Connection reset by peer\n');
    expect(p.why.headline).toBe('c1 reached docker-proxy on docker-node1 (172.17.0.1) port 8080, but the proxy could not connect to web (172.17.0.3) port 80, so it reset the connection.');
    expect(p.why.fix?.command).toBe('iptables -D OUTPUT 1');
    expect(p.trace.steps[p.why.decisive!]).toMatchObject({ kind: 'drop', reason: 'iptables filter rule 1 of OUTPUT: DROP' });
    expect(afterFix(w, req, p.why).why.ok).toBe(true);
  });
});

describe('explainOutput: when the tool stopped before any packet', () => {
  const w = lab([...DOCKER, 'docker run -d --name c4 busybox sleep 1d', 'docker network create --internal inet', 'docker run -d --name i1 --network inet busybox sleep 1d', 'docker run -d --name gone busybox sleep 1d', 'docker stop gone']);

  it('the default bridge has no DNS', () => {
    const req = ping(ctr(w, 'c1'), ctr(w, 'c4'));
    const run = execute(w, 'docker exec c1 ping -c 1 -W 1 c4');
    expect(run.traces).toEqual([]);
    const why = explainOutput(w, req, run.output, run.exitCode);
    expect(why.headline).toBe("ping: bad address 'c4': containers on the default bridge network cannot resolve each other by name; use a user-defined network or --link.");
    expect(why.fix?.command).toBe('docker network create net2 && docker network connect net2 c1 && docker network connect net2 c4');
    const fixed = execute(w, why.fix!.command!);
    expect(execute(fixed.world, 'docker exec c1 ping -c 1 -W 1 c4').exitCode).toBe(0);
    const toUser = explainResult(w, ping(ctr(w, 'c1'), ctr(w, 'c3')), execute(w, 'docker exec c1 wget -q -O - -T 2 http://c3:80/'));
    expect(toUser.headline).toBe("wget: bad address 'c3': containers on the default bridge network cannot resolve each other by name; use a user-defined network or --link.");
    expect(toUser.fix?.command).toBe('docker network connect net1 c1');
  });

  it('the host does not use Docker DNS', () => {
    const run = execute(w, 'ping -c 1 -W 1 c1');
    const why = explainOutput(w, ping(theHost(w), ctr(w, 'c1')), run.output, run.exitCode);
    expect(why.headline).toBe("docker-node1 does not use Docker's DNS: container names resolve only inside containers on user-defined networks.");
    expect(why.details).toContain('Use its address, 172.17.0.2.');
  });

  it('a DNS server out of reach: its probe explains why', () => {
    const p = probe(w, ping(ctr(w, 'i1'), baidu));
    expect(p.run.output).toBe("ping: bad address 'www.baidu.com'\n");
    expect(p.why.headline).toBe('i1 cannot reach its DNS server 10.0.2.3, so "www.baidu.com" did not resolve.');
    expect(p.why.details[1]).toMatch(/^i1 is on inet, an --internal network/);
    expect(p.why.fix?.command).toBe('docker network connect bridge i1');
  });

  it('a stopped container, a missing tool, an unknown container', () => {
    const p = probe(w, ping(ctr(w, 'gone'), ctr(w, 'c1')));
    expect(p.run.output).toMatch(/^Error response from daemon: Container [0-9a-f]{64} is not running\n$/);
    expect(p.why).toMatchObject({ ok: false, headline: 'gone is not running: docker exec needs a running container.', fix: { command: 'docker start gone' } });
    expect(afterFix(w, ping(ctr(w, 'gone'), ctr(w, 'c1')), p.why).why.ok).toBe(true);
    const tool = execute(w, 'docker exec web ping -c 1 c1');
    expect(explainOutput(w, ping(ctr(w, 'web'), ctr(w, 'c1')), tool.output, tool.exitCode).headline).toBe('web has no ping: the nginx image does not ship it.');
    const none = execute(w, 'docker exec nosuch ping -c 1 c1');
    expect(explainOutput(w, ping(theHost(w), ctr(w, 'c1')), none.output, none.exitCode).headline).toBe('There is no container called nosuch.');
  });
});

describe('frameHeaders, describePlace, stepSummary', () => {
  const w = lab(DOCKER);
  const p = probe(w, ping(ctr(w, 'c1'), ctr(w, 'web')));
  const steps = p.trace.steps;
  const find = (kind: string) => steps.find((s) => s.kind === kind)!;

  it('ARP request: Ethernet broadcast, opcode 1, zero target MAC', () => {
    expect(frameHeaders(w, find('arp-request')).slice(0, 2)).toEqual([
      { name: 'Ethernet II', fields: [['Destination', 'ff:ff:ff:ff:ff:ff'], ['Source', '02:42:ac:11:00:02'], ['Type', '0x0806 (ARP)']] },
      { name: 'ARP', fields: [['Opcode', '1 (request)'], ['Sender MAC', '02:42:ac:11:00:02'], ['Sender IP', '172.17.0.2'], ['Target MAC', '00:00:00:00:00:00'], ['Target IP', '172.17.0.3']] },
    ]);
    expect(stepSummary(w, find('arp-request'))).toBe('ARP who-has 172.17.0.3 tell 172.17.0.2');
    expect(stepSummary(w, find('arp-reply'))).toBe('ARP 172.17.0.3 is-at 02:42:ac:11:00:03');
  });

  it('an echo request on the wire: Ethernet, IPv4, ICMP, and the decision', () => {
    const tx = find('transmit');
    const layers = frameHeaders(w, tx);
    expect(layers.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'ICMP', 'Decision']);
    expect(layers[1]!.fields).toEqual([['Source', '172.17.0.2'], ['Destination', '172.17.0.3'], ['TTL', '64'], ['Protocol', '1 (ICMP)']]);
    expect(layers[2]!.fields).toEqual([['Type', '8 (echo request)'], ['Code', '0']]);
    expect(layers[3]!.fields).toContainEqual(['Namespace', 'container c1']);
    expect(stepSummary(w, tx)).toBe('ICMP echo request 172.17.0.2 > 172.17.0.3 ttl 64');
    expect(describePlace(w, tx)).toBe('c1 eth0');
  });

  it('crossings name both ends; bridge steps name the FDB entry', () => {
    const cross = find('veth-cross');
    expect(describePlace(w, cross)).toMatch(/^c1 eth0 → docker-node1 veth[0-9a-f]{7}$/);
    const fwd = find('bridge-forward');
    expect(describePlace(w, fwd)).toMatch(/^docker-node1 docker0 → docker-node1 veth[0-9a-f]{7}$/);
    expect(frameHeaders(w, fwd).at(-1)!.fields).toContainEqual(['FDB entry', `02:42:ac:11:00:03 on port ${w.ifaces[fwd.to!]!.name}`]);
  });

  it('a drop names the iptables rule with its chain', () => {
    const v = lab(DOCKER);
    const q = probe(v, ping(ctr(v, 'c1'), ctr(v, 'c3')));
    const drop = q.trace.steps[q.why.decisive!]!;
    const d = frameHeaders(v, drop).at(-1)!;
    expect(d.name).toBe('Decision');
    expect(d.fields).toContainEqual(['Event', 'dropped']);
    expect(d.fields.find(([k]) => k === 'iptables rule')?.[1]).toMatch(/^-A DOCKER-ISOLATION-STAGE-2 -o br-[0-9a-f]{12} -j DROP \(rule 1 of DOCKER-ISOLATION-STAGE-2\)$/);
  });

  it('NAT rows show the rewrite; TCP flags are named', () => {
    const dnat = probe(w, curl(theHost(w), addr('192.168.205.10'), 8080));
    const rows = stepSummaries(w, dnat.trace);
    expect(rows[0]).toBe('DNAT 192.168.205.10:8080 -> 172.17.0.3:80');
    expect(frameHeaders(w, dnat.trace.steps[0]!).at(-1)!.fields).toContainEqual(['NAT rule', '-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80 (rule 3 of DOCKER)']);
    const syn = frameHeaders(w, dnat.trace.steps.find((s) => s.kind === 'deliver')!);
    expect(syn.find((l) => l.name === 'TCP')!.fields).toEqual([['Source port', '40000'], ['Destination port', '80'], ['Flags', 'SYN (S)']]);
    const out = probe(w, ping(ctr(w, 'c1'), baidu));
    expect(stepSummaries(w, out.trace)).toContain('MASQUERADE 172.17.0.2 -> 10.0.2.15');
    expect(stepSummaries(w, out.trace)).toContain('conntrack: reply destination 10.0.2.15 -> 172.17.0.2');
  });

  it('explainTrace on a single trace agrees with explainResult', () => {
    expect(explainTrace(w, ping(ctr(w, 'c1'), ctr(w, 'web')), p.run.traces[0]!)).toEqual(p.why);
  });
});
