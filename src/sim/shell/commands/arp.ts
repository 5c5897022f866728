/**
 * `arp`: the neighbour table. BusyBox in busybox images (`? (IP) at MAC [ether]  on IFACE`, the
 * `arp -a` layout whatever the flags); net-tools on the host and other images (a table, with -a the
 * BSD layout). Entries the kernel still holds as FAILED print as `<incomplete>`.
 */
import { formatIp4 } from '../../net/ip4';
import { userlandOf, write, type Command } from '../context';

export const arpCommand: Command = (ctx, argv) => {
  const ns = ctx.world.netns[ctx.place.ns]!;
  const args = argv.slice(1);
  const rows = ns.neigh
    .filter((n) => n.state !== 'PERMANENT' || n.mac)
    .map((n) => ({ ip: formatIp4(n.ip), mac: n.state === 'FAILED' ? undefined : n.mac, dev: ctx.world.ifaces[n.dev]?.name ?? '?' }));
  if (userlandOf(ctx) === 'busybox' || args.includes('-a')) {
    for (const r of rows) write(ctx, `? (${r.ip}) at ${r.mac ? `${r.mac} [ether]` : '<incomplete>'}  on ${r.dev}\n`);
    return 0;
  }
  if (rows.length === 0) return 0;
  let out = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';
  for (const r of rows) {
    out += r.mac
      ? `${r.ip.padEnd(25)}ether   ${r.mac.padEnd(20)}C                     ${r.dev}\n`
      : `${r.ip.padEnd(25)}        (incomplete)                              ${r.dev}\n`;
  }
  write(ctx, out);
  return 0;
};
