/**
 * A rule as iptables-save / `iptables -S` writes it:
 * `-s 10.1.0.0/24 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT`.
 */
import { formatCidr } from './ip4';
import type { IptRule } from './types';

export function ruleSpec(rule: IptRule): string {
  const m = rule.match;
  const parts: string[] = [];
  const neg = (n: boolean) => (n ? '! ' : '');
  if (m.src) parts.push(`${neg(m.src.neg)}-s ${formatCidr(m.src.addr, m.src.prefix)}`);
  if (m.dst) parts.push(`${neg(m.dst.neg)}-d ${formatCidr(m.dst.addr, m.dst.prefix)}`);
  if (m.in) parts.push(`${neg(m.in.neg)}-i ${m.in.name}`);
  if (m.out) parts.push(`${neg(m.out.neg)}-o ${m.out.name}`);
  if (m.proto) parts.push(`${neg(m.proto.neg)}-p ${m.proto.value}`);
  const ports = (p: { neg: boolean; lo: number; hi: number }, flag: string) =>
    `${neg(p.neg)}--${flag} ${p.lo === p.hi ? p.lo : `${p.lo}:${p.hi}`}`;
  const modules = m.modules.length ? m.modules : implicitModules(rule);
  for (const mod of modules) {
    if ((mod === 'tcp' || mod === 'udp') && (m.dport || m.sport)) {
      const opts = [m.sport ? ports(m.sport, 'sport') : '', m.dport ? ports(m.dport, 'dport') : ''].filter(Boolean);
      parts.push(`-m ${mod} ${opts.join(' ')}`);
    } else if (mod === 'addrtype' && m.dstTypeLocal) {
      parts.push(`-m addrtype ${neg(m.dstTypeLocal.neg)}--dst-type LOCAL`);
    } else if (mod === 'conntrack' && m.ctstate) {
      parts.push(`-m conntrack ${neg(m.ctstate.neg)}--ctstate ${m.ctstate.states.join(',')}`);
    } else if (mod !== 'tcp' && mod !== 'udp' && mod !== 'addrtype' && mod !== 'conntrack') {
      parts.push(`-m ${mod}`);
    }
  }
  parts.push(`-j ${rule.target}`);
  if (rule.toDestination) parts.push(`--to-destination ${rule.toDestination}`);
  if (rule.toSource) parts.push(`--to-source ${rule.toSource}`);
  return parts.join(' ');
}

function implicitModules(rule: IptRule): string[] {
  const m = rule.match;
  const out: string[] = [];
  if ((m.dport || m.sport) && m.proto) out.push(m.proto.value);
  if (m.dstTypeLocal) out.push('addrtype');
  if (m.ctstate) out.push('conntrack');
  return out;
}
