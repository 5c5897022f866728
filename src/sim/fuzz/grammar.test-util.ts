/**
 * fast-check arbitraries of shell lines and lab scripts, for the fuzz of the shell (issue 7):
 * real commands of every tool (commands.test-util.ts) with mutated flags, names, addresses and
 * quoting, joined by shell operators, plus raw strings of any code point. A script starts with
 * some setup lines (so later lines find containers, networks and namespaces to act on) and may
 * target other machines, which `lab host add` or a transcript prompt makes.
 */
import fc from 'fast-check';
import { commandArgv, SETUP } from './commands.test-util';
import { cidr, HOSTS, ipAddr, weirdName } from './pools.test-util';

/** One line of a lab script: the machine (hostname) whose shell runs it, and the line. */
export interface FuzzStep {
  host: string;
  line: string;
}

type Argv = string[];

/** An edit of an argv: tokens dropped, doubled, replaced, flags changed between `--f=v` and `--f v`. */
type Mutation =
  | { kind: 'drop' | 'dup' | 'truncate' | 'split-eq' | 'join-eq'; at: number }
  | { kind: 'insert' | 'replace'; at: number; token: string };

const unknownFlag = fc.constantFrom('--bogus', '-Z', '--name=', '-', '--', '---x', '-9', '--=x', '--help', '-h');
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop', 'dup', 'truncate', 'split-eq', 'join-eq'), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert', 'replace'), at: fc.nat(), token: fc.oneof(unknownFlag, weirdName, ipAddr, cidr) }),
) as fc.Arbitrary<Mutation>;

function mutate(argv: Argv, m: Mutation): Argv {
  if (argv.length < 2) return argv;
  const i = 1 + (m.at % (argv.length - 1));
  const a = [...argv];
  switch (m.kind) {
    case 'drop': a.splice(i, 1); break;
    case 'dup': a.splice(i, 0, a[i]!); break;
    case 'truncate': a.length = i; break;
    case 'insert': a.splice(i, 0, m.token); break;
    case 'replace': a[i] = m.token; break;
    case 'split-eq': {
      const t = a[i]!;
      const eq = t.indexOf('=');
      if (t.startsWith('-') && eq > 0) a.splice(i, 1, t.slice(0, eq), t.slice(eq + 1));
      break;
    }
    case 'join-eq':
      if (a[i]!.startsWith('-') && i + 1 < a.length) a.splice(i, 2, `${a[i]}=${a[i + 1]}`);
      break;
  }
  return a;
}

/** bash quoting of one word, in one of the styles people type. */
function quote(word: string, style: number): string {
  if (/^[\w@%+=:,./-]+$/.test(word) && style < 2) return word;
  if (style % 3 === 1 && !/["\\$`!]/.test(word)) return `"${word}"`;
  if (style % 3 === 2) return word.replace(/[^\w@%+=:,./-]/g, (c) => `\\${c}`);
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const argvLine: fc.Arbitrary<string> = fc
  .tuple(commandArgv, fc.oneof({ arbitrary: fc.constant<Mutation[]>([]), weight: 3 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 2 }), fc.nat(5))
  .map(([argv, ms, style]) => ms.reduce(mutate, argv).map((w) => quote(w, style)).join(' '));

/** Shell syntax around a line: operators, redirections, substitutions, broken quotes and escapes. */
type Wrap = { kind: 'op'; op: string; other: string } | { kind: 'sub' | 'insert'; text: string; at: number } | { kind: 'redirect'; text: string };
const wrap: fc.Arbitrary<Wrap> = fc.oneof(
  fc.record({ kind: fc.constant('op' as const), op: fc.constantFrom(' && ', ' || ', '; ', ' | ', ' &', ' & ', '&&', ';;', ' |& '), other: argvLine }),
  fc.record({ kind: fc.constant('sub' as const), at: fc.nat(), text: fc.constantFrom('$(docker ps -aq)', '`docker ps -q`', '$(ip -br a)', '$(echo c1)', '$(', '$()', '`', '$((1+1))', '$(echo $(echo x))', '${HOME}', '$?') }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom("'", '"', '\\', '\\\\', '#', '*', '?', '[', '{', '}', '(', ')', '<', '<<', '~', '!', '\t', ' \\ ', "'\\''", '"\'"', '$') }),
  fc.record({ kind: fc.constant('redirect' as const), text: fc.constantFrom(' > /tmp/out', ' >> /tmp/out', ' >', ' 2>&1', ' > /proc/sys/net/ipv4/ip_forward', ' < /etc/hosts', ' > /', ' >/nosuch/f', ' | grep eth0', ' | grep -c .', " | grep -E '(.*)*x$'", ' | grep -v "^ *(a|a)*$"') }),
);

function applyWrap(line: string, w: Wrap): string {
  switch (w.kind) {
    case 'op': return `${line}${w.op}${w.other}`;
    case 'redirect': return line + w.text;
    case 'sub':
    case 'insert': {
      const at = w.at % (line.length + 1);
      return line.slice(0, at) + (w.kind === 'sub' ? ` ${w.text} ` : w.text) + line.slice(at);
    }
  }
}

const shellLine: fc.Arbitrary<string> = fc.tuple(argvLine, fc.array(wrap, { maxLength: 2 })).map(([l, ws]) => ws.reduce(applyWrap, l));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Anything at all: any code point, control characters, NUL, lone surrogates, very long lines. */
const rawLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(' ', '"', "'", '\\', '$', '(', ')', '`', '|', '&', ';', '<', '>', '\u0000', '\n', '\r'), loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 40 }),
  fc.tuple(fc.constantFrom('ip ', 'docker ', 'iptables ', 'ping ', 'echo ', 'ip link add ', 'docker run --name '), fc.string({ unit: 'binary', maxLength: 30 })).map(([a, b]) => a + b),
  fc.constantFrom(
    `echo ${'x'.repeat(100_000)}`, `${'a '.repeat(20_000)}`, `ip ${'link '.repeat(5_000)}`, '"'.repeat(10_001), '$('.repeat(2_000), '`'.repeat(2_001),
    `docker run -d --name ${'n'.repeat(5_000)} busybox`, `ip link add ${'v'.repeat(5_000)} type veth`, `ping -c 99999999 -i 0 10.0.0.2`,
    `ip addr add ${'1'.repeat(1_000)}.0.0.1/24 dev eth1`, `iptables -A INPUT ${'-p tcp '.repeat(2_000)} -j DROP`, `${'\\'.repeat(10_000)}`,
    `docker run -d -p 1-65535:1-65535 busybox`, `curl -s http://${'a.'.repeat(3_000)}com/`, ';'.repeat(1_000), '&& '.repeat(1_000),
    `echo ${'$(echo x)'.repeat(200)}`, `docker exec c1 sh -c "${'ip a; '.repeat(500)}"`,
  ),
);

/** One command line: a real command with mutated flags, names, addresses, quoting, or raw bytes. */
export const fuzzLine: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: argvLine, weight: 14 },
  { arbitrary: shellLine, weight: 4 },
  { arbitrary: rawLine, weight: 1 },
);

const host: fc.Arbitrary<string> = fc.oneof({ arbitrary: fc.constant(HOSTS[0]), weight: 8 }, { arbitrary: fc.constantFrom(...HOSTS.slice(1)), weight: 2 });

/** Options of fuzzScript: how many generated lines at most after the setup prefix. */
export interface ScriptShape {
  maxLines?: number;
}

/**
 * A lab script: the first lines of SETUP (a prefix, so that a harness can cache the World it
 * builds), then generated steps, on several machines.
 */
export function scriptOf(shape: ScriptShape = {}): fc.Arbitrary<FuzzStep[]> {
  return fc
    .tuple(fc.nat({ max: SETUP.length }), fc.array(fc.record({ host, line: fuzzLine }), { minLength: 1, maxLength: shape.maxLines ?? 40, size: 'max' }))
    .map(([n, steps]) => [...SETUP.slice(0, n).map((line) => ({ host: HOSTS[0], line })), ...steps]);
}

/** A lab script: a sequence of steps (it may add machines with `lab host add`). */
export const fuzzScript: fc.Arbitrary<FuzzStep[]> = scriptOf();
