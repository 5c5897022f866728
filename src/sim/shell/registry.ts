/**
 * The command registry: argv[0] -> tool. Tools live in commands/, one file per tool.
 */
import type { Command } from './context';
import { ipCommand } from './commands/ip';
import { pingCommand } from './commands/ping';
import { curlCommand } from './commands/curl';
import { wgetCommand } from './commands/wget';
import { telnetCommand } from './commands/telnet';
import { nslookupCommand } from './commands/nslookup';
import { catCommand } from './commands/cat';
import { brctlCommand } from './commands/brctl';
import { bridgeCommand } from './commands/bridge';
import { iptablesCommand } from './commands/iptables';
import { sysctlCommand } from './commands/sysctl';
import { dockerCommand } from './commands/docker';
import { arpCommand } from './commands/arp';
import { exitCommand } from './commands/exit';
import { pwdCommand } from './commands/pwd';
import { iptablesSaveCommand } from './commands/iptables-save';
import { serviceCommand, systemctlCommand } from './commands/systemctl';
import { ifconfigCommand } from './commands/nettools/ifconfig';
import { netstatCommand } from './commands/nettools/netstat';
import { routeCommand } from './commands/nettools/route';
import { labCommand } from './commands/lab';
import { hostnameCommand, lsCommand, echoCommand, trueCommand, falseCommand, grepCommand } from './commands/misc';

export const COMMANDS: Record<string, Command> = {
  ip: ipCommand,
  ping: pingCommand,
  curl: curlCommand,
  wget: wgetCommand,
  telnet: telnetCommand,
  nslookup: nslookupCommand,
  cat: catCommand,
  brctl: brctlCommand,
  bridge: bridgeCommand,
  iptables: iptablesCommand,
  sysctl: sysctlCommand,
  docker: dockerCommand,
  arp: arpCommand,
  exit: exitCommand,
  pwd: pwdCommand,
  'iptables-save': iptablesSaveCommand,
  systemctl: systemctlCommand,
  service: serviceCommand,
  ifconfig: ifconfigCommand,
  route: routeCommand,
  netstat: netstatCommand,
  hostname: hostnameCommand,
  ls: lsCommand,
  echo: echoCommand,
  true: trueCommand,
  false: falseCommand,
  grep: grepCommand,
  lab: labCommand,
};

export function findCommand(name: string): Command | undefined {
  const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  return Object.prototype.hasOwnProperty.call(COMMANDS, base) ? COMMANDS[base] : undefined;
}

/** Every tool the host's shell knows, in registry order (for completion). */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}
