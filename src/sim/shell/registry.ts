/**
 * The command registry: argv[0] -> tool. Tools live in commands/, one file per tool.
 */
import type { Command } from './context';
import { ipCommand } from './commands/ip';
import { pingCommand } from './commands/ping';
import { brctlCommand } from './commands/brctl';
import { bridgeCommand } from './commands/bridge';
import { iptablesCommand } from './commands/iptables';
import { sysctlCommand } from './commands/sysctl';
import { dockerCommand } from './commands/docker';
import { iptablesSaveCommand } from './commands/iptables-save';
import { serviceCommand, systemctlCommand } from './commands/systemctl';
import { hostnameCommand, lsCommand, echoCommand, trueCommand, falseCommand, grepCommand } from './commands/misc';

export const COMMANDS: Record<string, Command> = {
  ip: ipCommand,
  ping: pingCommand,
  brctl: brctlCommand,
  bridge: bridgeCommand,
  iptables: iptablesCommand,
  sysctl: sysctlCommand,
  docker: dockerCommand,
  'iptables-save': iptablesSaveCommand,
  systemctl: systemctlCommand,
  service: serviceCommand,
  hostname: hostnameCommand,
  ls: lsCommand,
  echo: echoCommand,
  true: trueCommand,
  false: falseCommand,
  grep: grepCommand,
};

export function findCommand(name: string): Command | undefined {
  const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  return Object.prototype.hasOwnProperty.call(COMMANDS, base) ? COMMANDS[base] : undefined;
}
