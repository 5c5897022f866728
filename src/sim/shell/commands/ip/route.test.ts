/**
 * `ip route show SELECTOR` against what iproute2 6.1 on Linux 6.18 printed for the same table,
 * built in a scratch namespace (`ip netns add zfix-1`, a veth pair d0/d1, the routes of `setup`),
 * one `ip -n zfix-1 route show SELECTOR; echo rc=$?` per row.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../../lab/default-world';
import type { World } from '../../../net/types';
import { execute } from '../../execute';

const setup = [
  'ip netns add zt',
  'ip -n zt link add d0 type veth peer name d1',
  'ip -n zt link set d0 up',
  'ip -n zt link set d1 up',
  'ip -n zt addr add 10.9.0.2/24 dev d0',
  'ip -n zt addr add 10.8.0.2/16 dev d1',
  'ip -n zt route add default via 10.9.0.1',
  'ip -n zt route add 10.7.0.0/24 via 10.8.0.1 dev d1 proto static metric 5',
  'ip -n zt route add 10.9.0.128/25 dev d1',
  'ip -n zt route add 10.10.0.5 via 10.9.0.1',
  'ip -n zt route add 10.11.0.0/16 dev d1 scope link src 10.8.0.2',
];

function build(lines: string[]): World {
  let world = createDefaultWorld();
  for (const l of lines) {
    const r = execute(world, l);
    expect(r.exitCode, `${l}: ${r.output}`).toBe(0);
    world = r.world;
  }
  return world;
}

const DEFAULT = 'default via 10.9.0.1 dev d0 \n';
const R7 = '10.7.0.0/24 via 10.8.0.1 dev d1 proto static metric 5 \n';
const R8 = '10.8.0.0/16 dev d1 proto kernel scope link src 10.8.0.2 \n';
const R9 = '10.9.0.0/24 dev d0 proto kernel scope link src 10.9.0.2 \n';
const R9H = '10.9.0.128/25 dev d1 scope link \n';
const R10 = '10.10.0.5 via 10.9.0.1 dev d0 \n';
const R11 = '10.11.0.0/16 dev d1 scope link src 10.8.0.2 \n';
const ALL = DEFAULT + R7 + R8 + R9 + R9H + R10 + R11;
const INSIDE_10 = R7 + R8 + R9 + R9H + R10 + R11;

const cases: [string, string, number?][] = [
  ['', ALL],
  // A bare prefix is exact.
  ['default', DEFAULT],
  ['to default', DEFAULT],
  ['10.9.0.0/24', R9],
  ['10.9.0.0/16', ''],
  ['10.9.0.0', ''],
  ['10.9.0.0/25', ''],
  ['10.9.0.130/25', R9H],
  ['10.10.0.5', R10],
  ['10.10.0.5/32', R10],
  ['0/0', DEFAULT],
  ['exact 10.9.0.0/24', R9],
  ['ex 10.9.0.0/24', R9],
  ['to exact 10.9.0.0/24', R9],
  ['exact 0/0', DEFAULT],
  ['default default', DEFAULT],
  // A later prefix replaces an earlier one.
  ['10.9.0.0/24 10.8.0.0/16', R8],
  // all/any select nothing in particular.
  ['all', ALL],
  ['any', ALL],
  ['match all', ALL],
  ['exact any', ALL],
  // root: the routes inside the prefix.
  ['root 10.0.0.0/8', INSIDE_10],
  ['ro 10.0.0.0/8', INSIDE_10],
  ['to root 10.0.0.0/8', INSIDE_10],
  ['root 10.9.0.0/24', R9 + R9H],
  ['root 10.9.0.1/24', R9 + R9H],
  ['root 10.9.0.5', ''],
  ['root 0/0', ALL],
  ['root default', ALL],
  // match: the routes that contain the prefix.
  ['match 10.9.0.5', DEFAULT + R9],
  ['ma 10.9.0.5', DEFAULT + R9],
  ['to match 10.9.0.5', DEFAULT + R9],
  ['match 10.9.0.200', DEFAULT + R9 + R9H],
  ['match 10.9.0.0/24', DEFAULT + R9],
  ['match 10.9.0.130/25', DEFAULT + R9 + R9H],
  ['match default', DEFAULT],
  ['match 0/0', DEFAULT],
  // root and match together: both must hold.
  ['root 10.0.0.0/8 match 10.9.0.5', R9],
  ['match 10.9.0.5 root 10.9.0.0/16', R9],
  ['default root 10.0.0.0/8', ''],
  // Other filters; what a filter pins is not printed.
  ['dev d1', '10.7.0.0/24 via 10.8.0.1 proto static metric 5 \n10.8.0.0/16 proto kernel scope link src 10.8.0.2 \n10.9.0.128/25 scope link \n10.11.0.0/16 scope link src 10.8.0.2 \n'],
  ['oif d1 root 10.9.0.0/16', '10.9.0.128/25 scope link \n'],
  ['default dev d1', ''],
  ['10.9.0.0/24 dev d0', '10.9.0.0/24 proto kernel scope link src 10.9.0.2 \n'],
  ['dev lo', ''],
  ['proto static', '10.7.0.0/24 via 10.8.0.1 dev d1 metric 5 \n'],
  ['p static', '10.7.0.0/24 via 10.8.0.1 dev d1 metric 5 \n'],
  ['proto 4', '10.7.0.0/24 via 10.8.0.1 dev d1 metric 5 \n'],
  ['proto kernel', '10.8.0.0/16 dev d1 scope link src 10.8.0.2 \n10.9.0.0/24 dev d0 scope link src 10.9.0.2 \n'],
  ['proto boot', DEFAULT + R9H + R10 + R11],
  ['proto dhcp', ''],
  ['proto zebra', ''],
  ['scope link', '10.8.0.0/16 dev d1 proto kernel src 10.8.0.2 \n10.9.0.0/24 dev d0 proto kernel src 10.9.0.2 \n10.9.0.128/25 dev d1 \n10.11.0.0/16 dev d1 src 10.8.0.2 \n'],
  ['s 253', '10.8.0.0/16 dev d1 proto kernel src 10.8.0.2 \n10.9.0.0/24 dev d0 proto kernel src 10.9.0.2 \n10.9.0.128/25 dev d1 \n10.11.0.0/16 dev d1 src 10.8.0.2 \n'],
  ['scope global', DEFAULT + R7 + R10],
  ['scope 0', DEFAULT + R7 + R10],
  ['scope host', ''],
  ['via 10.9.0.1', 'default dev d0 \n10.10.0.5 dev d0 \n'],
  ['via 10.9.0.0/24', DEFAULT + R10],
  ['via default', ALL],
  ['via 10.9.0.0/16 dev d1', ''],
  ['dev d0 via 10.9.0.1', 'default \n10.10.0.5 \n'],
  ['src 10.8.0.2', '10.8.0.0/16 dev d1 proto kernel scope link \n10.11.0.0/16 dev d1 scope link \n'],
  ['src 10.8.0.0/16', R8 + R11],
  ['metric 5', '10.7.0.0/24 via 10.8.0.1 dev d1 proto static \n'],
  ['metric 5 proto static', '10.7.0.0/24 via 10.8.0.1 dev d1 \n'],
  ['metric 0', DEFAULT + R8 + R9 + R9H + R10 + R11],
  ['proto kernel scope link dev d0', '10.9.0.0/24 src 10.9.0.2 \n'],
  ['type unicast', ALL],
  ['type local', ''],
  ['cached', ''],
  ['cached type unicast', ''],
  ['type local type unicast', ALL],
  ['table main default', DEFAULT],
  ['table 254', ALL],
  // Errors.
  ['foo', 'Error: any valid prefix is expected rather than "foo".\n', 1],
  ['match bogus', 'Error: any valid prefix is expected rather than "bogus".\n', 1],
  ['root 10.9.0.0/33', 'Error: any valid prefix is expected rather than "10.9.0.0/33".\n', 1],
  ['to to default', 'Error: any valid prefix is expected rather than "to".\n', 1],
  ['root', 'Command line is not complete. Try option "help"\n', 255],
  ['to', 'Command line is not complete. Try option "help"\n', 255],
  ['exact', 'Command line is not complete. Try option "help"\n', 255],
  ['dev', 'Command line is not complete. Try option "help"\n', 255],
  ['dev nosuch', 'Cannot find device "nosuch"\n', 1],
  ['m 10.9.0.5', 'Error: argument "10.9.0.5" is wrong: "metric" value is invalid\n\n', 255],
  ['metric foo', 'Error: argument "foo" is wrong: "metric" value is invalid\n\n', 255],
  ['proto foo', 'Error: argument "foo" is wrong: invalid "protocol"\n\n', 255],
  ['scope foo', 'Error: argument "foo" is wrong: invalid "scope"\n\n', 255],
  ['type foo', 'Error: argument "foo" is wrong: node type value is invalid\n\n', 255],
  ['table foo', 'Error: argument "foo" is wrong: table id value is invalid\n\n', 255],
  ['table 100', 'Error: ipv4: FIB table does not exist.\nDump terminated\n', 2],
  ['t default', 'Error: ipv4: FIB table does not exist.\nDump terminated\n', 2],
];

describe('ip route show SELECTOR, as the kernel filters it', () => {
  const world = build(setup);
  it.each(cases)('ip route show %s', (selector, want, code = 0) => {
    const r = execute(world, `ip -n zt route show ${selector}`.trimEnd());
    expect(r.output).toBe(want);
    expect(r.exitCode).toBe(code);
  });

  it('reads the same selector after list, and with the route object and verb abbreviated', () => {
    for (const cmd of ['ip -n zt route list root 10.9.0.0/24', 'ip -n zt r s root 10.9.0.0/24', 'ip -n zt ro l to root 10.9.0.0/24']) {
      expect(execute(world, cmd).output).toBe(R9 + R9H);
    }
  });

  it('filters in the namespace it runs in, so ip netns exec and ip -n agree', () => {
    expect(execute(world, 'ip netns exec zt ip route show match 10.9.0.5').output).toBe(DEFAULT + R9);
  });

  it('still flags linkdown when the device field is filtered away', () => {
    const w = build([...setup, 'ip -n zt link add e0 type veth peer name e1', 'ip -n zt link set e0 up', 'ip -n zt addr add 10.20.0.2/24 dev e0', 'ip -n zt route add 10.21.0.0/16 via 10.20.0.1']);
    const show = (s: string) => execute(w, `ip -n zt route show ${s}`).output;
    expect(show('dev e0')).toBe('10.20.0.0/24 proto kernel scope link src 10.20.0.2 linkdown \n10.21.0.0/16 via 10.20.0.1 linkdown \n');
    expect(show('root 10.20.0.0/16')).toBe('10.20.0.0/24 dev e0 proto kernel scope link src 10.20.0.2 linkdown \n');
    expect(show('via 10.20.0.1')).toBe('10.21.0.0/16 dev e0 linkdown \n');
    expect(show('ex 10.21.0.0/16 dev e0')).toBe('10.21.0.0/16 via 10.20.0.1 linkdown \n');
  });
});
