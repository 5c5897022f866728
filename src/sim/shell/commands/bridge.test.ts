/**
 * `bridge link` / `bridge fdb` filters, against what iproute2 6.1 on Linux 6.18 printed for two
 * bridges br8 and br9 with one veth port each (p8, p9) in a scratch namespace: `fdb show br BR`
 * keeps BR's entries, `fdb show dev X` X's without the `dev` column, `link show dev X` port X only.
 * The kernel's `33:33:…`/`01:00:5e:…` `self permanent` multicast lines are not simulated.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../lab/script';
import type { World } from '../../net/types';
import { execute } from '../execute';

const lab = `
ip netns add n8
ip netns add n9
ip link add br8 type bridge
ip link add br9 type bridge
ip link add p8 type veth peer name q8
ip link add p9 type veth peer name q9
ip link set q8 netns n8
ip link set q9 netns n9
ip link set p8 master br8
ip link set p9 master br9
ip link set br8 up
ip link set br9 up
ip link set p8 up
ip link set p9 up
ip -n n8 link set q8 up
ip -n n9 link set q9 up
ip addr add 10.8.0.1/24 dev br8
ip addr add 10.9.0.1/24 dev br9
ip -n n8 addr add 10.8.0.2/24 dev q8
ip -n n9 addr add 10.9.0.2/24 dev q9
ip netns exec n8 ping -c1 10.8.0.1
ip netns exec n9 ping -c1 10.9.0.1
`;

function macOf(world: World, cmd: string): string {
  return /link\/ether (\S+)/.exec(execute(world, cmd).output)![1]!;
}

describe('bridge fdb show / bridge link show filters', () => {
  const { world } = runScript(lab);
  const run = (cmd: string) => execute(world, cmd);
  const p8 = macOf(world, 'ip link show p8');
  const p9 = macOf(world, 'ip link show p9');
  const q8 = macOf(world, 'ip -n n8 link show q8');
  const q9 = macOf(world, 'ip -n n9 link show q9');
  const br8Lines = `${q8} dev p8 master br8 \n${p8} dev p8 master br8 permanent\n`;
  const br9Lines = `${q9} dev p9 master br9 \n${p9} dev p9 master br9 permanent\n`;
  const p8Line = '8: p8@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br8 state forwarding priority 32 cost 2 \n';

  it('lists every bridge without a filter', () => {
    expect(run('bridge fdb show').output).toBe(br8Lines + br9Lines);
    expect(run('bridge fdb').output).toBe(br8Lines + br9Lines);
  });

  it.each([
    ['bridge fdb show br br8', br8Lines],
    ['bridge fdb show br br9', br9Lines],
    ['bridge fdb list br br9', br9Lines],
    ['bridge fdb s br br8', br8Lines],
    // Other words are skipped, as fdb_show() does.
    ['bridge fdb show foo br br8', br8Lines],
    // A port is not a bridge: nothing is mastered by it.
    ['bridge fdb show br p8', ''],
    ['bridge fdb show dev p8', `${q8} master br8 \n${p8} master br8 permanent\n`],
    ['bridge fdb show brport p9', `${q9} master br9 \n${p9} master br9 permanent\n`],
    ['bridge fdb show br br8 dev p8', `${q8} master br8 \n${p8} master br8 permanent\n`],
    ['bridge fdb show br br8 dev p9', ''],
    // The bridge itself and unbridged links have only the unsimulated self entries.
    ['bridge fdb show dev br8', ''],
    ['bridge fdb show dynamic', `${q8} dev p8 master br8 \n${q9} dev p9 master br9 \n`],
  ])('%s', (cmd, want) => {
    const r = run(cmd);
    expect(r.output).toBe(want);
    expect(r.exitCode).toBe(0);
  });

  it('shows only the port asked for with bridge link show dev', () => {
    const all = run('bridge link show').output;
    const p9Line = run('bridge link show dev p9').output;
    expect(p9Line).toMatch(/^\d+: p9@if\d+: .* master br9 state forwarding priority 32 cost 2 \n$/);
    expect(run('bridge link show dev p8').output).toBe(p8Line);
    expect(all).toBe(p8Line + p9Line);
    expect(run('bridge link show dev br8').output).toBe('');
    // brlink_show() skips a bare name: the whole list.
    expect(run('bridge link show p8').output).toBe(all);
  });

  it.each([
    ['bridge fdb show br nosuch', 'Cannot find bridge device "nosuch"\n'],
    ['bridge fdb show dev nosuch', 'Cannot find device "nosuch"\n'],
    ['bridge link show dev nosuch', 'Cannot find device "nosuch"\n'],
    ['bridge fdb show br', 'Command line is not complete. Try option "help"\n'],
    ['bridge fdb show dev', 'Command line is not complete. Try option "help"\n'],
    ['bridge link show dev', 'Command line is not complete. Try option "help"\n'],
    ['bridge link foo', 'Command "foo" is unknown, try "bridge link help".\n'],
    ['bridge fdb foo', 'Command "foo" is unknown, try "bridge fdb help".\n'],
  ])('%s fails as iproute2 does', (cmd, want) => {
    const r = run(cmd);
    expect(r.output).toBe(want);
    expect(r.exitCode).toBe(255);
  });
});
