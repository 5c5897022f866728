/**
 * Completion of `docker` (CLI 20.10), in the spirit of docker/cli's contrib/completion/bash:
 * subcommands, each subcommand's flags, flag values (networks after `--network`, containers after
 * `--link`) and positional names from the World (running containers for `exec`, stopped ones for
 * `start`, a network then a container for `network connect`). `docker exec C CMD ...` completes
 * CMD as the container's own shell would.
 */
import {
  containerNames,
  containerScope,
  findContainer,
  imageNames,
  networkNames,
  networksOf,
  type Completer,
  type ContainerFilter,
  type Scope,
} from './completion-sources';

type Names = (scope: Scope, positional: readonly string[]) => string[];

interface SubSpec {
  /** Every flag, long and short, as typed. */
  flags: readonly string[];
  /** Flags that take a value, and what completes the value (nothing when absent). */
  values?: Readonly<Record<string, Names | undefined>>;
  /** What each positional argument completes to; the last entry repeats when `repeat` is set. */
  args?: readonly Names[];
  repeat?: boolean;
  /** run/create/exec: the first positional argument ends the flags (pflag SetInterspersed(false)). */
  stopAtArg?: boolean;
  /** After the positional arguments (the container for exec): the command line of a shell there. */
  rest?: (scope: Scope, positional: readonly string[]) => Scope | undefined;
}

const none: Names = () => [];
const list = (...items: string[]): Names => () => items;
const ctrs = (filter: ContainerFilter): Names => (scope) => containerNames(scope, filter);
const networks: Names = (scope) => networkNames(scope);
const images: Names = (scope) => imageNames(scope);

/** Both spellings of each flag: `['-d', '--detach']` from `'d detach'`. */
function flags(...specs: string[]): string[] {
  return specs.flatMap((s) => s.split(' ').map((f) => (f.length === 1 ? `-${f}` : `--${f}`)));
}

/** Values keyed by every spelling of the flag. */
function values(entries: [string, Names | undefined][]): Record<string, Names | undefined> {
  const out: Record<string, Names | undefined> = {};
  for (const [spec, names] of entries) for (const f of flags(spec)) out[f] = names;
  return out;
}

const RUN: SubSpec = {
  flags: [
    '-it', ...flags('d detach', 'i interactive', 't tty', 'rm', 'name', 'network', 'net', 'ip', 'network-alias', 'h hostname',
      'domainname', 'p publish', 'P publish-all', 'expose', 'link', 'dns', 'dns-search', 'e env', 'mac-address', 'add-host',
      'entrypoint', 'privileged', 'v volume', 'w workdir', 'u user', 'restart', 'cap-add', 'l label', 'm memory'),
  ],
  values: values([
    ['network', networks], ['net', networks], ['link', ctrs('running')], ['restart', list('no', 'always', 'on-failure', 'unless-stopped')],
    ...['name', 'ip', 'network-alias', 'h hostname', 'domainname', 'p publish', 'expose', 'dns', 'dns-search', 'e env', 'mac-address',
      'add-host', 'entrypoint', 'v volume', 'w workdir', 'u user', 'cap-add', 'l label', 'm memory'].map((f): [string, undefined] => [f, undefined]),
  ]),
  args: [images, none],
  stopAtArg: true,
};

const EXEC: SubSpec = {
  flags: ['-it', ...flags('i interactive', 't tty', 'd detach', 'e env', 'w workdir', 'u user', 'privileged')],
  values: values([['e env', undefined], ['w workdir', undefined], ['u user', undefined]]),
  args: [ctrs('running')],
  stopAtArg: true,
  rest: (scope, positional) => containerScope(scope, positional[0] ?? ''),
};

const INSPECT: SubSpec = {
  flags: flags('f format', 'type', 's size'),
  values: values([['f format', undefined], ['type', list('container', 'image', 'network')]]),
  args: [(scope) => [...containerNames(scope), ...networkNames(scope), ...imageNames(scope)]],
  repeat: true,
};

const PS: SubSpec = {
  flags: flags('a all', 'q quiet', 'no-trunc', 'l latest', 's size', 'f filter', 'format', 'n last'),
  values: values([['f filter', undefined], ['format', undefined], ['n last', undefined]]),
};

const CONTAINER_SUBS: Record<string, SubSpec> = {
  run: RUN,
  create: RUN,
  exec: EXEC,
  ps: PS,
  inspect: INSPECT,
  start: { flags: flags('a attach', 'i interactive'), args: [ctrs('stopped')], repeat: true },
  stop: { flags: flags('t time'), values: values([['t time', undefined]]), args: [ctrs('running')], repeat: true },
  restart: { flags: flags('t time'), values: values([['t time', undefined]]), args: [ctrs('all')], repeat: true },
  rm: { flags: flags('f force', 'v volumes', 'l link'), args: [ctrs('all')], repeat: true },
  logs: { flags: flags('f follow', 'tail', 't timestamps'), values: values([['tail', undefined]]), args: [ctrs('all')] },
  port: { flags: [], args: [ctrs('all')] },
  wait: { flags: [], args: [ctrs('all')], repeat: true },
};

const IMAGE_SUBS: Record<string, SubSpec> = {
  images: { flags: flags('a all', 'q quiet', 'no-trunc'), args: [images] },
  pull: { flags: flags('q quiet', 'a all-tags'), args: [images] },
  rmi: { flags: flags('f force', 'no-prune'), args: [images], repeat: true },
  build: { flags: flags('t tag', 'f file', 'q quiet', 'no-cache', 'rm'), values: values([['t tag', undefined], ['f file', undefined]]) },
};

/** The containers on network `positional[0]` (disconnect), or not on it (connect). */
const onNetwork = (on: boolean): Names => (scope, positional) =>
  containerNames(scope).filter((name) => {
    const c = findContainer(scope, name);
    return c !== undefined && networksOf(scope, c).includes(positional[0] ?? '') === on;
  });

const NETWORK_SUBS: Record<string, SubSpec> = {
  connect: {
    flags: flags('ip', 'ip6', 'alias', 'link'),
    values: values([['ip', undefined], ['ip6', undefined], ['alias', undefined], ['link', ctrs('running')]]),
    args: [networks, onNetwork(false)],
  },
  disconnect: { flags: flags('f force'), args: [networks, onNetwork(true)] },
  create: {
    flags: flags('d driver', 'subnet', 'gateway', 'ip-range', 'internal', 'o opt', 'label', 'attachable', 'ipv6', 'aux-address'),
    values: values([
      ['d driver', list('bridge', 'host', 'null')],
      ...['subnet', 'gateway', 'ip-range', 'o opt', 'label', 'aux-address'].map((f): [string, undefined] => [f, undefined]),
    ]),
  },
  inspect: { flags: flags('f format', 'v verbose'), values: values([['f format', undefined]]), args: [networks], repeat: true },
  ls: { flags: flags('q quiet', 'no-trunc', 'f filter', 'format'), values: values([['f filter', undefined], ['format', undefined]]) },
  rm: { flags: flags('f force'), args: [(scope) => networkNames(scope).filter((n) => !['bridge', 'host', 'none'].includes(n))], repeat: true },
  prune: { flags: flags('f force', 'filter'), values: values([['filter', undefined]]) },
};

/** `docker SUB`, as `docker help` lists them. */
const TOP: Record<string, SubSpec | Record<string, SubSpec>> = {
  ...CONTAINER_SUBS,
  ...IMAGE_SUBS,
  version: { flags: [] },
  network: NETWORK_SUBS,
  container: { ...CONTAINER_SUBS, ls: PS, list: PS },
  image: { ls: IMAGE_SUBS.images!, rm: IMAGE_SUBS.rmi!, pull: IMAGE_SUBS.pull!, build: IMAGE_SUBS.build!, inspect: { ...INSPECT, args: [images] } },
};

const isSpec = (x: SubSpec | Record<string, SubSpec>): x is SubSpec => Array.isArray((x as SubSpec).flags);

/** Whether flag `a` (`--name`, `-p`, a group `-dp`) takes the next word as its value; the flag's key. */
function valueFlag(spec: SubSpec, a: string): string | undefined {
  if (a.includes('=')) return undefined;
  const key = a.startsWith('--') ? a : `-${a.slice(-1)}`;
  return spec.values && key in spec.values ? key : undefined;
}

function completeSub(scope: Scope, spec: SubSpec, args: readonly string[], word: string, recurse: Completer): string[] {
  const positional: string[] = [];
  let flagsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (flagsDone && spec.rest) {
      const inner = spec.rest(scope, positional);
      return inner ? recurse(inner, args.slice(i), word) : [];
    }
    if (!flagsDone && a === '--') flagsDone = true;
    else if (!flagsDone && a.startsWith('-') && a.length > 1) {
      const key = valueFlag(spec, a);
      if (key === undefined) continue;
      if (i === args.length - 1) return spec.values?.[key]?.(scope, positional) ?? [];
      i++;
    } else {
      positional.push(a);
      if (spec.stopAtArg) flagsDone = true;
    }
  }
  if (!flagsDone && word.startsWith('-')) {
    const eq = word.indexOf('=');
    if (eq > 0) {
      const names = spec.values?.[word.slice(0, eq)]?.(scope, positional) ?? [];
      return names.map((n) => `${word.slice(0, eq + 1)}${n}`);
    }
    return [...spec.flags];
  }
  if (spec.rest && positional.length >= (spec.args?.length ?? 0)) {
    const inner = spec.rest(scope, positional);
    return inner ? recurse(inner, [], word) : [];
  }
  const argSpecs = spec.args ?? [];
  const names = argSpecs[positional.length] ?? (spec.repeat ? argSpecs[argSpecs.length - 1] : undefined);
  return names ? names(scope, positional).filter((n) => !spec.repeat || !positional.includes(n)) : [];
}

/** Completes `docker ARGS WORD`; `words` starts with `docker`. */
export const completeDocker = (scope: Scope, words: readonly string[], word: string, recurse: Completer): string[] => {
  let table: Record<string, SubSpec | Record<string, SubSpec>> = TOP;
  for (let i = 1; i <= words.length; i++) {
    if (i === words.length) return word.startsWith('-') && table === TOP ? ['--help', '--version'] : Object.keys(table);
    const entry = table[words[i]!];
    if (!entry) return [];
    if (isSpec(entry)) return completeSub(scope, entry, words.slice(i + 1), word, recurse);
    table = entry;
  }
  return [];
};
