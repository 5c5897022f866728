/**
 * Completion of the kernel tools, after iproute2's and bridge-utils' bash completions: `ip`
 * objects and verbs (accepting iproute2's unique prefixes, `ip l s`), interface names after `dev`
 * and in `ip link set`, namespaces after `-n` and `netns`, bridges after `master`; `ip netns exec
 * NS CMD ...` completes CMD as a shell in NS would. `brctl`, `bridge`, `iptables` (tables, chains
 * of the table, targets) and `iptables-save` too.
 */
import {
  bridgeNames,
  chainNames,
  ifaceNames,
  ifaces,
  netnsNames,
  netnsScope,
  type Completer,
  type Scope,
} from './completion-sources';

/** iproute2's matches(): a non-empty prefix of the keyword. */
const matches = (arg: string, keyword: string): boolean => arg.length > 0 && keyword.startsWith(arg);

const IP_OPTIONS = ['-4', '-6', '-s', '-d', '-r', '-c', '-o', '-n', '-netns', '-f', '-family', '-Version', '-help'];
const OBJECTS = ['address', 'route', 'neighbor', 'link', 'netns'];
const VERBS: Record<string, string[]> = {
  address: ['add', 'delete', 'flush', 'show', 'list', 'replace', 'help'],
  route: ['add', 'delete', 'show', 'list', 'get', 'replace', 'help'],
  neighbor: ['show', 'list', 'flush', 'help'],
  link: ['add', 'delete', 'set', 'change', 'show', 'list', 'help'],
  netns: ['add', 'delete', 'list', 'exec', 'identify', 'help'],
};
const LINK_SET = ['up', 'down', 'name', 'address', 'mtu', 'netns', 'master', 'nomaster', 'txqueuelen', 'alias'];
const LINK_ADD = ['name', 'type', 'link', 'address', 'mtu', 'netns', 'master', 'txqueuelen'];

/** The object a word names, by iproute2's table order (`a` is address, `l` link, `n` neighbor). */
const objectOf = (w: string): string | undefined =>
  w === 'neighbour' ? 'neighbor' : ['address', 'route', 'neighbor', 'link', 'netns'].find((o) => matches(w, o));

/** Completes `ip ...`; `words` starts with `ip`. */
export const completeIp = (scope: Scope, words: readonly string[], word: string, recurse: Completer): string[] => {
  let i = 1;
  let ns = scope.ns;
  while (i < words.length && words[i]!.startsWith('-')) {
    const opt = words[i++]!.replace(/^--/, '-');
    const takesValue = opt === '-n' || (opt.length > 2 && matches(opt, '-netns')) || opt === '-f' || matches(opt, '-family');
    if (!takesValue) continue;
    const isNetns = !(opt === '-f' || matches(opt, '-family'));
    if (i === words.length) return isNetns ? netnsNames(scope) : ['inet', 'inet6', 'link'];
    if (isNetns) ns = netnsScope(scope, words[i]!)?.ns ?? ns;
    i++;
  }
  if (i === words.length) return word.startsWith('-') ? IP_OPTIONS : OBJECTS;
  const object = objectOf(words[i]!);
  if (!object) return [];
  const verbs = VERBS[object]!;
  if (i + 1 === words.length) return verbs;
  const verb = verbs.find((v) => matches(words[i + 1]!, v)) ?? '';
  const args = words.slice(i + 2);
  const prev = args[args.length - 1];
  const devs = () => ifaceNames(scope, ns);

  if (object === 'netns') {
    if (verb === 'exec') {
      if (args.length === 0) return netnsNames(scope);
      const inner = netnsScope(scope, args[0]!);
      return inner ? recurse(inner, args.slice(1), word) : [];
    }
    return ['delete', 'identify'].includes(verb) && args.length === 0 ? netnsNames(scope) : [];
  }
  if (prev === 'dev' || prev === 'link') return devs();
  if (prev === 'netns') return netnsNames(scope);
  if (prev === 'master') return bridgeNames(scope, ns);
  if (prev === 'type') return object === 'link' && verb === 'add' ? ['veth', 'bridge'] : ['veth', 'bridge', 'ether', 'loopback'];
  if (prev === 'peer') return ['name'];
  if (object === 'link') {
    if (verb === 'set' || verb === 'change') return args.length === 0 ? ['dev', ...devs()] : LINK_SET;
    if (verb === 'delete') return args.length === 0 ? ['dev', ...devs()] : ['type'];
    if (verb === 'add') return LINK_ADD;
    if (verb === 'show' || verb === 'list') return ['dev', 'up', 'master', 'type', ...(args.length === 0 ? devs() : [])];
    return [];
  }
  if (object === 'address') {
    if (verb === 'show' || verb === 'list' || verb === 'flush') return args.length === 0 ? ['dev', 'up', ...devs()] : ['up', 'scope', 'label'];
    return args.length === 0 ? [] : ['dev', 'brd', 'broadcast', 'scope', 'label'];
  }
  if (object === 'route') {
    if (verb === 'add' || verb === 'delete' || verb === 'replace') return args.length === 0 ? ['default'] : ['via', 'dev', 'src', 'metric', 'proto', 'scope'];
    if (verb === 'show' || verb === 'list') return ['dev', 'via', 'default'];
    return args.length === 0 ? [] : ['from', 'dev'];
  }
  return ['dev'];
};

/** `brctl addif BR IF` (a device on no bridge), `delif BR PORT`, `delbr BR`, `show [BR]`. */
export const completeBrctl = (scope: Scope, words: readonly string[]): string[] => {
  const verb = words[1];
  if (verb === undefined) return ['addbr', 'delbr', 'addif', 'delif', 'show'];
  const n = words.length - 2;
  if (['delbr', 'show', 'addif', 'delif'].includes(verb) && n === 0) return bridgeNames(scope);
  if ((verb === 'addif' || verb === 'delif') && n === 1) {
    // addif: the devices on no bridge yet; delif: the bridge's ports.
    const br = ifaces(scope).find((i) => i.kind === 'bridge' && i.name === words[2]);
    const ports = ifaces(scope).filter((i) => i.kind !== 'bridge' && i.kind !== 'loopback');
    return (verb === 'addif' ? ports.filter((i) => !i.master) : ports.filter((i) => br && i.master === br.id)).map((i) => i.name);
  }
  return [];
};

/** `bridge link show`, `bridge fdb show [br BR | dev DEV]`. */
export const completeBridge = (scope: Scope, words: readonly string[]): string[] => {
  if (words.length === 1) return ['link', 'fdb'];
  if (words.length === 2) return ['show'];
  const prev = words[words.length - 1];
  if (prev === 'br') return bridgeNames(scope);
  if (prev === 'dev') return ifaceNames(scope);
  return ['br', 'dev'];
};

const IPT_CHAIN_OPTS = ['-L', '-S', '-A', '-I', '-D', '-R', '-F', '-Z', '-X', '-P', '-E', '-C', '--list', '--append', '--insert', '--delete', '--flush', '--policy'];
const IPT_OPTIONS = [
  ...IPT_CHAIN_OPTS, '-N', '-t', '-n', '-v', '-x', '-j', '-p', '-s', '-d', '-i', '-o', '-m',
  '--table', '--numeric', '--verbose', '--line-numbers', '--jump', '--protocol', '--source', '--destination',
  '--in-interface', '--out-interface', '--match', '--dport', '--sport', '--to-destination', '--to-source', '--ctstate',
];
const TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'MASQUERADE', 'DNAT', 'SNAT', 'LOG'];

/** `iptables [-t TABLE] -L CHAIN ...`: tables, the chains of the chosen table, targets, interfaces. */
export const completeIptables = (scope: Scope, words: readonly string[], word: string): string[] => {
  const t = words.findIndex((w) => w === '-t' || w === '--table');
  const table = t >= 0 ? (words[t + 1] ?? 'filter') : 'filter';
  const prev = words[words.length - 1];
  if (prev === '-t' || prev === '--table') return ['filter', 'nat'];
  if (words.length > 1 && prev !== undefined && IPT_CHAIN_OPTS.includes(prev)) return chainNames(scope, table);
  if (prev === '-j' || prev === '--jump') return [...TARGETS, ...chainNames(scope, table)];
  if (prev === '-p' || prev === '--protocol') return ['tcp', 'udp', 'icmp', 'all'];
  if (prev === '-i' || prev === '-o' || prev === '--in-interface' || prev === '--out-interface') return ifaceNames(scope);
  if (prev === '-m' || prev === '--match') return ['conntrack', 'addrtype', 'state', 'tcp', 'udp', 'comment'];
  if (words[words.length - 2] === '-P' || words[words.length - 2] === '--policy') return ['ACCEPT', 'DROP'];
  return word.startsWith('-') ? IPT_OPTIONS : [];
};

export const completeIptablesSave = (_scope: Scope, words: readonly string[]): string[] => {
  const prev = words[words.length - 1];
  return prev === '-t' || prev === '--table' ? ['filter', 'nat'] : ['-t', '-c', '--table', '--counters'];
};
