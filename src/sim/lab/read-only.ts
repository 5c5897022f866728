/**
 * Which shell lines only read (ping, curl, `docker ps/inspect/network ls`, `ip a`, `ip route show`,
 * cat, `brctl show`, `iptables -L`, ...) and which change state, decided per tool and subcommand as
 * the real tools parse them. The docker-script export (export-docker.ts) keeps only the lines that
 * change state; any tool not known to be read-only counts as changing.
 */
import { parseFlags, type FlagSpec } from '../shell/commands/docker/flags';
import { RUN_FLAGS } from '../shell/commands/docker/run';
import { splitCommands, tokenize, type SimpleCommand } from '../shell/tokenize';

/** Command substitutions (`$(...)`, backquotes), which the export keeps only around read-only docker commands. */
export const SUBST = /\$\(([^()]*)\)|`([^`]*)`/g;

const READ_TOOLS = new Set([
  'ping', 'ping6', 'curl', 'wget', 'telnet', 'nslookup', 'dig', 'host', 'traceroute', 'tracepath', 'cat', 'ls', 'pwd',
  'echo', 'true', 'false', 'grep', 'env', 'printenv', 'ps', 'netstat', 'ss', 'iptables-save', 'exit', 'logout', 'cd',
  'clear', 'history', 'which', 'type', 'whoami', 'id', 'uname', 'date', 'uptime', 'free', 'df', 'tcpdump', 'head',
  'tail', 'wc', 'sleep', 'man', 'help',
]);
const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh']);
/** A path's last part (`/usr/bin/ip` -> `ip`). */
export const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** iproute2's objects in its own matching order (`ip n` is neigh, `ip r` route), with their write actions. */
const IP_OBJECTS: [string, string[]][] = [
  ['address', ['add', 'change', 'chg', 'replace', 'delete', 'flush', 'restore']],
  ['addrlabel', ['add', 'del', 'flush']],
  ['maddress', ['add', 'delete']],
  ['route', ['add', 'change', 'chg', 'replace', 'prepend', 'append', 'test', 'delete', 'flush', 'restore']],
  ['rule', ['add', 'delete', 'flush', 'restore']],
  ['neighbor', ['add', 'change', 'chg', 'replace', 'delete', 'flush']],
  ['neighbour', ['add', 'change', 'chg', 'replace', 'delete', 'flush']],
  ['ntable', ['change']],
  ['link', ['add', 'set', 'change', 'replace', 'delete']],
  ['tunnel', ['add', 'change', 'delete', 'prl', '6rd']],
  ['tuntap', ['add', 'delete']],
  ['monitor', []],
  ['netns', ['add', 'attach', 'set', 'delete']],
];
/** Read actions checked before the write ones of the same object (iproute2 order: `ip a s` is show, `ip link s` set). */
const IP_READ_FIRST: Record<string, string[]> = {
  address: ['list', 'show', 'lst'], route: ['list', 'show', 'lst', 'get'], neighbor: ['list', 'show', 'lst', 'get'],
  neighbour: ['list', 'show', 'lst', 'get'], rule: ['list', 'show', 'lst'], netns: ['list', 'show', 'lst'],
};
const IP_OPTS_WITH_VALUE = new Set(['-n', '-netns', '--netns', '-f', '-family', '-l', '-loops', '-rc', '-rcvbuf']);

function ipIsRead(argv: string[]): boolean {
  let i = 1;
  while (argv[i]?.startsWith('-')) {
    if (argv[i] === '-b' || argv[i] === '-batch') return false;
    i += IP_OPTS_WITH_VALUE.has(argv[i]!) ? 2 : 1;
  }
  const word = argv[i];
  if (word === undefined) return true;
  const obj = IP_OBJECTS.find(([o]) => o.startsWith(word));
  if (!obj) return true; // iproute2 refuses it: the line failed and is dropped anyway
  const action = argv[i + 1];
  if (action === undefined) return true;
  if (obj[0] === 'netns' && 'exec'.startsWith(action) && action.length > 0) return isReadOnly(argv.slice(i + 3));
  if (IP_READ_FIRST[obj[0]]?.some((a) => a.startsWith(action))) return true;
  return !obj[1].some((a) => a.startsWith(action));
}

const DOCKER_READ = new Set(['ps', 'inspect', 'images', 'logs', 'port', 'version', 'info', 'stats', 'top', 'events', 'history', 'wait', 'diff', 'search', 'help', '--help', '-v', '--version']);
const DOCKER_MGMT_READ: Record<string, string[]> = {
  network: ['ls', 'list', 'inspect', '--help'],
  container: ['ls', 'list', 'ps', 'inspect', 'logs', 'port', 'top', 'stats', 'diff', 'wait', '--help'],
  image: ['ls', 'list', 'inspect', 'history', '--help'],
  system: ['df', 'info', 'events', '--help'],
  volume: ['ls', 'list', 'inspect', '--help'],
  node: ['ls', 'list', 'inspect', 'ps', '--help'],
  // init, join, leave and `join-token --rotate` change the swarm; join-token alone only prints.
  swarm: ['--help'],
};
export const EXEC_FLAGS: FlagSpec[] = [
  { long: 'interactive', short: 'i', value: false }, { long: 'tty', short: 't', value: false }, { long: 'detach', short: 'd', value: false },
  { long: 'env', short: 'e', value: true }, { long: 'workdir', short: 'w', value: true }, { long: 'user', short: 'u', value: true },
  { long: 'privileged', value: false },
];

export function parseQuiet(cmd: string, argv: string[], specs: FlagSpec[]) {
  try {
    return parseFlags(cmd, argv, specs, false);
  } catch {
    return undefined;
  }
}

function dockerIsRead(argv: string[]): boolean {
  let [sub, ...rest] = argv.slice(1);
  if (sub === undefined) return true;
  if (sub === 'swarm' && rest[0] === 'join-token') return !rest.some((a) => a === '--rotate' || a.startsWith('--rotate='));
  if (sub in DOCKER_MGMT_READ) {
    const inner = rest[0];
    if (inner === undefined || DOCKER_MGMT_READ[sub]!.includes(inner)) return true;
    if (sub !== 'container' || !['run', 'create', 'exec'].includes(inner)) return false;
    sub = inner;
    rest = rest.slice(1);
  }
  if (DOCKER_READ.has(sub)) return true;
  if (sub === 'exec') {
    const p = parseQuiet('exec', rest, EXEC_FLAGS);
    const cmd = p?.args.slice(1) ?? [];
    if (cmd.length === 0) return true;
    if (SHELLS.has(base(cmd[0]!)) && cmd.length === 1) return true;
    if (SHELLS.has(base(cmd[0]!)) && cmd[1] === '-c') return isReadOnlyLine(cmd.slice(2).join(' '));
    return isReadOnly(cmd);
  }
  if (sub === 'run') {
    // A foreground `--rm` run is a probe (`docker run --rm busybox ip a`): nothing stays behind.
    const p = parseQuiet('run', rest, RUN_FLAGS);
    return !!p && flag(p.flags, 'rm') && !flag(p.flags, 'detach');
  }
  return false;
}

export const flag = (flags: Map<string, string[]>, long: string) => (flags.get(long) ?? []).at(-1) === 'true';

/** A simple command that changes nothing (`ip a`, `docker ps`, `ping x`, `iptables -nvL`...). */
export function isReadOnly(argv: string[]): boolean {
  const r = argv.findIndex((a) => a === '>' || a === '>>');
  if (r >= 0) return argv[r + 1] === '/dev/null' && isReadOnly(argv.filter((_, k) => k !== r && k !== r + 1));
  const name = argv[0];
  if (name === undefined) return true;
  const tool = base(name);
  const args = argv.slice(1);
  const words = args.filter((a) => !a.startsWith('-'));
  switch (tool) {
    case 'ip':
      return ipIsRead(argv);
    case 'docker':
      return dockerIsRead(argv);
    case 'hostname':
      return words.length === 0;
    case 'arp':
      return !args.some((a) => /^-[a-zA-Z]*[dsf]/.test(a) || ['--delete', '--set', '--file'].includes(a));
    case 'route':
      return !words.some((w) => ['add', 'del', 'delete'].includes(w));
    case 'ifconfig':
      return words.length <= 1;
    case 'brctl':
      return words[0] === undefined || words[0].startsWith('show');
    case 'bridge':
      return words[1] === undefined || ['show', 'list', 'lst'].some((a) => a.startsWith(words[1]!));
    case 'iptables':
      return !args.some((a) => /^-[a-zA-Z]*[ADEFINPRXZ]/.test(a) && !a.startsWith('--')) &&
        !args.some((a) => /^--(append|insert|delete|replace|new-chain|delete-chain|flush|policy|zero|rename-chain)$/.test(a));
    case 'sysctl':
      return !args.some((a) => a.includes('=') || /^-[a-zA-Z]*[wp]/.test(a) || ['--write', '--load', '--system'].includes(a));
    case 'systemctl':
    case 'service':
      return words.some((w) => ['status', 'is-active', 'is-enabled', 'show', 'list-units', 'cat'].includes(w));
    default:
      return READ_TOOLS.has(tool);
  }
}

/** A whole line is read-only when each of its commands is. Unparsable lines count as changing. */
export function isReadOnlyLine(line: string): boolean {
  const cmds = parseLine(line.replace(SUBST, 'x'));
  return !!cmds && cmds.every((c) => isReadOnly(c.argv));
}

export function parseLine(line: string): SimpleCommand[] | undefined {
  try {
    return splitCommands(tokenize(line));
  } catch {
    return undefined;
  }
}
