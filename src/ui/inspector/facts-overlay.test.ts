import { describe, expect, it } from 'vitest';
import { overlayWorld } from '../graph/multihost.test-util';
import { toElements } from '../graph/to-elements';
import { inspectorFacts } from './facts';

describe('inspector facts of the overlay work', () => {
  const world = overlayWorld(2);
  const els = toElements(world);
  const field = (facts: { fields: { label: string; value: string }[] }, label: string) => facts.fields.find((f) => f.label === label)?.value;

  it('an overlay network: name, subnet, VNI, each host\'s sandbox and VTEP, and its vxlan0 with the FDB', () => {
    const f = inspectorFacts(world, 'ovl:abcdef0123');
    expect(f.kind).toBe('overlay');
    expect(f.title).toBe('ov1');
    expect(f.subtitle).toBe('overlay network on 2 hosts (VXLAN)');
    expect(field(f, 'Subnet')).toBe('10.0.1.0/24');
    expect(field(f, 'VNI')).toBe('4096');
    expect(field(f, 'docker-node1')).toBe('sandbox 1-abcdef0123, VTEP 192.168.205.10');
    expect(field(f, 'docker-node2')).toBe('sandbox 1-abcdef0123, VTEP 192.168.205.11');
    const vx = f.sections.find((s) => s.slug === 'vxlan-docker-node1')!;
    expect(vx.output).toBe(
      'vxlan0: vxlan id 4096 dstport 4789 nolearning proxy l2miss l3miss\n'
      + '00:00:00:00:00:00 dev vxlan0 dst 192.168.205.11 self permanent\n'
      + '02:42:0a:00:01:03 dev vxlan0 dst 192.168.205.11 self permanent\n',
    );
  });

  it('a tunnel edge shows its vxlan device: VNI, dstport, VTEP, FDB and proxy ARP entries', () => {
    const tunnel = els.find((e) => e.data.kind === 'tunnel')!.data.id;
    const f = inspectorFacts(world, tunnel);
    expect(f.title).toBe('vxlan0');
    expect(f.subtitle).toBe('VXLAN device (VTEP)');
    expect(field(f, 'VNI')).toBe('4096');
    expect(field(f, 'dstport')).toBe('4789 (UDP)');
    expect(field(f, 'VTEP')).toBe('192.168.205.10 (eth1)');
    expect(field(f, 'FDB')).toContain('02:42:0a:00:01:03 dev vxlan0 dst 192.168.205.11 self permanent');
    expect(field(f, 'ARP (proxy)')).toBe('10.0.1.3 lladdr 02:42:0a:00:01:03');
  });

  it('a macvlan iface: its parent on the host and its mode', () => {
    const mv = els.find((e) => e.data.kind === 'macvlan' && e.group === 'nodes')!.data.id;
    const f = inspectorFacts(world, mv);
    expect(f.subtitle).toBe('macvlan (bridge mode)');
    expect(field(f, 'Parent')).toBe('eth1 on docker-node1 (UP)');
    expect(field(f, 'Mode')).toBe('macvlan bridge');
    expect(field(f, 'Addresses')).toBe('192.168.205.20/24');
  });
});
