/**
 * Drops by an iptables rule, explained by what the rule is for: Docker's isolation between bridge
 * networks (DOCKER-ISOLATION-STAGE-1 hands traffic leaving a bridge to STAGE-2, which drops it at
 * any other Docker bridge), an `--internal` network's two STAGE-1 DROPs, the FORWARD DROP that
 * icc=false appends, FORWARD's DROP policy (Docker sets it; br_netfilter sends bridged frames
 * through FORWARD), and any other rule by table, chain and number (libnetwork setup_ip_tables.go).
 */
import { formatIp4 } from '../net/ip4';
import type { Explanation } from './explain';
import { ruleOf } from './headers';
import { networkByBridgeName, networkOfAddress, networkWords, nsLabel, nsPrefix, placeName } from './places';
import { arrivalIface, explanation, fixCmd, generic, hostOf, inNs, type Ctx } from './why-ctx';

const CHAIN_ROLE: Record<string, string> = {
  INPUT: 'INPUT filters what is addressed to this namespace itself',
  OUTPUT: 'OUTPUT filters what this namespace sends',
  FORWARD: 'FORWARD filters what this namespace routes (and, with br_netfilter, what its bridges switch)',
  'DOCKER-USER': 'DOCKER-USER is where your own rules go: Docker jumps to it first from FORWARD',
};

/** Docker's isolation between bridge networks. */
function isolation(c: Ctx, i: number, bridgeOut: string, text: string, num: number): Explanation {
  const s = c.steps[i]!;
  const host = hostOf(c, s.ns);
  const dstNet = networkByBridgeName(host, bridgeOut);
  const srcNet = networkOfAddress(host, s.frame.src);
  const dn = dstNet?.name ?? bridgeOut;
  const sn = srcNet?.name ?? 'another network';
  const snWords = srcNet ? networkWords(srcNet) : sn;
  const dnWords = dstNet ? networkWords(dstNet) : dn;
  const details = [
    `${c.srcName} is on ${snWords}${srcNet?.bridgeName ? ` (${srcNet.bridgeName})` : ''}; ${c.dstLabel} is on ${dnWords} (${bridgeOut}).`,
    `${placeName(c.world, s.ns)} routes between the two bridges, but in FORWARD the DOCKER-ISOLATION-STAGE-1 rule sends traffic leaving ${srcNet?.bridgeName ?? 'one bridge'} for another bridge to DOCKER-ISOLATION-STAGE-2, whose rule ${num} drops it: ${text}.`,
  ];
  let fix: Explanation['fix'];
  if (c.srcCtr) fix = { text: `Connect ${c.srcName} to ${dn} to fix it`, command: `docker network connect ${dn} ${c.srcName}` };
  else if (srcNet && c.dstName !== formatIp4(c.dst)) fix = { text: `Connect ${c.dstName} to ${sn} to fix it`, command: `docker network connect ${sn} ${c.dstName}` };
  const headline = `${c.srcName} and ${c.dstName} are on different bridge networks; Docker's DOCKER-ISOLATION-STAGE-2 rule drops traffic between them.`;
  return explanation(false, headline, details, fix, i);
}

/** A `--internal` network's two STAGE-1 DROPs: nothing leaves it, nothing enters it. */
function internal(c: Ctx, i: number, bridge: string, leaving: boolean, text: string, num: number): Explanation {
  const host = hostOf(c, c.steps[i]!.ns);
  const net = networkByBridgeName(host, bridge)?.name ?? bridge;
  const details = [
    `${net} was created with --internal: Docker installs DOCKER-ISOLATION-STAGE-1 rules that drop everything leaving or entering its subnet; only containers on ${net} can talk to each other.`,
    `Rule ${num} of DOCKER-ISOLATION-STAGE-1 dropped it: ${text}.`,
  ];
  if (leaving) {
    const fix = c.srcCtr ? { text: `To reach ${c.dstName}, also connect ${c.srcName} to a network that is not internal`, command: `docker network connect bridge ${c.srcName}` } : undefined;
    return explanation(false, `${c.srcName} is on ${net}, an --internal network: Docker drops everything that leaves it, so ${c.dstLabel} is out of reach.`, details, fix, i);
  }
  const fix = c.srcCtr ? { text: `Connect ${c.srcName} to ${net} to reach ${c.dstName}`, command: `docker network connect ${net} ${c.srcName}` } : undefined;
  return explanation(false, `${c.dstLabel} is on ${net}, an --internal network: Docker drops everything that enters it from outside.`, details, fix, i);
}

function icc(c: Ctx, i: number, bridge: string, text: string, num: number, chain: string): Explanation {
  const host = hostOf(c, c.steps[i]!.ns);
  const net = networkByBridgeName(host, bridge);
  const name = net?.name ?? bridge;
  const why = net?.predefined
    ? `/etc/docker/daemon.json sets "icc": false, so Docker drops traffic between containers on the default bridge.`
    : `${name} was created with -o com.docker.network.bridge.enable_icc=false: Docker drops traffic between its containers.`;
  return explanation(
    false,
    `${c.srcName} and ${c.dstName} are both on ${name}, but inter-container communication is off there (icc=false): rule ${num} of ${chain} drops it.`,
    [why, `The rule: ${text}.`, 'Published ports still work: that traffic goes through the host (DNAT), not straight across the bridge.'],
    { text: `Allow it ahead of Docker's rules (DOCKER-USER is checked first)`, command: `iptables -I DOCKER-USER -i ${bridge} -o ${bridge} -j ACCEPT` },
    i,
  );
}

function forwardPolicy(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const out = s.iface !== undefined ? c.world.ifaces[s.iface] : undefined;
  const inn = arrivalIface(c, i);
  const where = placeName(c.world, s.ns);
  const host = hostOf(c, s.ns);
  const setBy = host?.docker?.running && host.rootNs === s.ns ? ' (Docker sets it when it starts)' : '';
  if (out && inn && out.id === inn.id && out.kind === 'bridge') {
    return explanation(
      false,
      `${where} drops frames switched across ${out.name}: FORWARD's policy is DROP${setBy}, and with br_netfilter bridged IPv4 goes through FORWARD too.`,
      [`${out.name} is not a Docker network, so none of Docker's ACCEPT rules match it.`],
      fixCmd(`Accept traffic across ${out.name}`, inNs(c, s.ns, `iptables -A FORWARD -i ${out.name} -o ${out.name} -j ACCEPT`)),
      i,
    );
  }
  const a = inn?.name ?? '?';
  const b = out?.name ?? '?';
  return explanation(
    false,
    `${where} does not forward from ${a} to ${b}: FORWARD's policy is DROP${setBy} and no rule accepts this traffic.`,
    [`Docker only accepts forwarding for its own networks; ${a} is not one of them.`],
    fixCmd(`Accept forwarding between ${a} and ${b} (both ways)`, inNs(c, s.ns, `iptables -A FORWARD -i ${a} -o ${b} -j ACCEPT && ${nsPrefix(c.world, s.ns) ?? ''}iptables -A FORWARD -i ${b} -o ${a} -j ACCEPT`)),
    i,
  );
}

export function iptablesDrop(c: Ctx, i: number): Explanation {
  const s = c.steps[i]!;
  const r = ruleOf(c.world, s);
  const label = nsLabel(c.world, s.ns);
  if (!r) return generic(c, i);
  const m = r.rule?.match;
  const num = r.num ?? 0;
  if (r.rule && m && r.rule.target === 'DROP') {
    if (r.chain === 'DOCKER-ISOLATION-STAGE-2' && m.out && !m.out.neg) return isolation(c, i, m.out.name, r.text, num);
    if (r.chain === 'DOCKER-ISOLATION-STAGE-1' && (m.src?.neg || m.dst?.neg) && (m.in || m.out)) {
      return internal(c, i, (m.in ?? m.out)!.name, m.in !== undefined, r.text, num);
    }
    if (m.in && m.out && !m.in.neg && !m.out.neg && m.in.name === m.out.name) {
      const net = networkByBridgeName(hostOf(c, s.ns), m.in.name);
      if (net && !net.icc) return icc(c, i, m.in.name, r.text, num, r.chain);
    }
  }
  if (r.num === undefined && r.chain === 'FORWARD') return forwardPolicy(c, i);
  const reply = c.requestEnd >= 0 && i > c.requestEnd;
  const details = [
    r.num === undefined ? `${r.chain}'s policy is DROP and no rule accepted the packet.` : `The rule: ${r.text}.`,
    ...(CHAIN_ROLE[r.chain] ? [`${CHAIN_ROLE[r.chain]}.`] : []),
    ...(reply ? [`The request reached ${c.dstLabel}; it is the answer that was dropped.`] : []),
    ...(c.trace.outcome.kind === 'send-error' ? [`The sending namespace's own OUTPUT chain refused it: the sender got "Operation not permitted".`] : []),
  ];
  const cmd = r.num === undefined ? `iptables -P ${r.chain} ACCEPT` : `iptables -D ${r.chain} ${r.num}`;
  const what = r.num === undefined ? `the policy of ${r.chain}` : `rule ${r.num} of ${r.chain}`;
  return explanation(
    false,
    `${label}'s firewall drops it: ${what} (filter table) says DROP.`,
    details,
    fixCmd(r.num === undefined ? `Accept by default in ${r.chain}` : `Delete the rule`, inNs(c, s.ns, cmd)),
    i,
  );
}

