/** grep's POSIX regexes: GNU semantics on the usual patterns, linear time on the evil ones (issue 7). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimError } from '../net/errors';
import { compilePosix } from './regex';

const ere = (p: string, line: string, ignoreCase = false) => compilePosix(p, { extended: true, ignoreCase }).test(line);
const bre = (p: string, line: string) => compilePosix(p, { extended: false, ignoreCase: false }).test(line);

describe('compilePosix', () => {
  it.each([
    ['eth0', '2: eth0: <BROADCAST>', true], ['inet ', '    inet6 fe80::1/64', false], ['^ *inet', '    inet 10.0.0.1/24', true],
    ['^inet', '    inet 10.0.0.1/24', false], ['up$', 'state up', true], ['a.c', 'abc', true], ['[0-9]+\\.[0-9]+', 'v 1.25', true],
    ['(eth|veth)[0-9]', 'veth3@if4', true], ['docker0|br-', 'br-1234', true], ['x{2,3}', 'axxb', true], ['x{3}', 'axxb', false],
    ['[^a-z]', 'abc', false], ['[[:digit:]]', 'a1', true], ['\\bb\\b', 'a b c', true], ['\\bb\\b', 'abc', false], ['', 'anything', true],
    ['a)', 'a)', true], ['a{x', 'a{x', true], ['10\\.0', '10x0', false],
  ])('ERE %j on %j: %s', (p, line, want) => expect(ere(p, line)).toBe(want));

  it('BRE: + ? ( ) | { } are ordinary characters unless escaped', () => {
    expect(bre('a+', 'a+')).toBe(true);
    expect(bre('a+', 'aa')).toBe(false);
    expect(bre('\\(ab\\)*c', 'ababc')).toBe(true);
    expect(bre('a\\|b', 'b')).toBe(true);
    expect(bre('*a', '*a')).toBe(true);
    expect(bre('a^b$c', 'a^b$c')).toBe(true);
  });

  it('folds case with -i', () => {
    expect(ere('ETH[0-9]', 'eth1', true)).toBe(true);
    expect(ere('ETH[0-9]', 'eth1')).toBe(false);
    expect(ere('[A-C]x', 'bX', true)).toBe(true);
    expect(ere('[[:upper:]]', 'b', true)).toBe(true);
  });

  it("gives grep's messages for bad patterns", () => {
    expect(() => ere('(a', 'a')).toThrow('grep: Unmatched ( or \\(');
    expect(() => ere('[a', 'a')).toThrow('grep: Unmatched [, [^, [:, [., or [=');
    expect(() => ere('[[:nope:]]', 'a')).toThrow('grep: Invalid character class name');
    expect(() => ere('a\\', 'a')).toThrow('grep: Trailing backslash');
    expect(() => ere('(a{255}){255}', 'a')).toThrow('grep: Regular expression too big');
    expect(() => ere('a{40000}', 'a')).toThrow('grep: Regular expression too big');
    expect(() => bre('a\\{2', 'a')).toThrow('grep: Unmatched \\{');
    expect(() => bre('a\\{3,2\\}', 'a')).toThrow('grep: Invalid content of \\{\\}');
    expect(() => bre('a\\)', 'a')).toThrow('grep: Unmatched ) or \\)');
    expect(() => bre('\\(a', 'a')).toThrow('grep: Unmatched ( or \\(');
    expect(() => ere('[z-a]', 'a')).toThrow('grep: Invalid range end');
    expect(() => ere('[[:alpha:]', 'a')).toThrow('grep: Unmatched [, [^, [:, [., or [=');
    expect(() => ere('a\\1', 'aa')).toThrow('grep: Invalid back reference');
    expect(() => ere('(a)\\1', 'aa')).toThrow('grep: back-references are not supported by the playground');
  });

  it.each([
    // RE2 reads these differently from POSIX; the translation must keep grep's meaning.
    ['ERE a*? is a* then optional, not lazy', () => ere('^a*?$', 'aaa'), true],
    ['ERE a** is a*', () => ere('^a**$', 'aaa'), true],
    ['ERE leading * is ignored (GNU)', () => ere('*a', 'a'), true],
    ['ERE * after ^ is ignored (GNU)', () => ere('^*a', 'a'), true],
    ['ERE a|*b', () => ere('x|*b', 'b'), true],
    ['BRE * after ^ is literal', () => bre('^*a', '*a'), true],
    ['BRE \\(*a\\) has a literal *', () => bre('\\(*a\\)', '*a'), true],
    ['backslash is literal in brackets', () => ere('[\\]', 'a\\b'), true],
    ['backslash in brackets is not an escape', () => ere('[\\d]', '5'), false],
    [']- first in brackets', () => ere('[]-]', 'a-b'), true],
    ['RE2 metacharacters taken literally in BRE', () => bre('a{1}(x)|+?', 'a{1}(x)|+?'), true],
    ['[[:alpha:]] is Unicode', () => ere('^[[:alpha:]]+$', 'héllo'), true],
    ['[[:space:][:digit:]]', () => ere('^[[:space:][:digit:]]+$', ' 1 2'), true],
    ['[[.-.]] collating symbol', () => ere('a[[.-.]]b', 'a-b'), true],
    ['\\< start of word', () => ere('\\<eth', 'veth0 eth1'), true],
    ['\\< not inside a word', () => ere('\\<eth', 'veth0'), false],
    ['\\> end of word', () => ere('eth\\>', 'veth0'), false],
    ['\\> end of word at end', () => ere('eth\\>', 'a veth'), true],
    ['\\w\\+ in BRE', () => bre('^\\w\\+$', 'br_0'), true],
    ['\\s and \\S', () => ere('\\S\\s\\S', 'a b'), true],
    ['a{,2} is a{0,2}', () => ere('^ba{,2}c$', 'bc'), true],
    ['ERE { after ^ is ignored (GNU)', () => ere('^{1}$', '1}'), true],
    ['astral range', () => ere('[😀-😂]', 'x😁'), true],
  ] as const)('%s', (_name, run, want) => expect(run()).toBe(want));

  it('matches the patterns that make backtracking engines explode, in linear time', () => {
    const line = `${'a'.repeat(5000)}!`;
    const t0 = performance.now();
    for (const p of ['(a*)*b', '^(a+)+$', '(a|a)*b', '(.*a){20}x', '.*.*.*.*.*.*.*.*.*.*x', '(a|aa)+$']) expect(ere(p, line)).toBe(false);
    expect(ere('(a*)*!', line)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('compilePosix on any pattern', () => {
  const unit = fc.constantFrom(...'\\()[]{}|*+?^$.-:=,0123abAB!é😀 '.match(/./gu)!, '[:alpha:]', '[:nope:]', '[.a.]', '\\<', '\\b');
  it.each([true, false])('either compiles or throws a grep message with exit 2 (extended: %s)', (extended) => {
    fc.assert(fc.property(fc.string({ unit, maxLength: 12 }), fc.boolean(), (p, ignoreCase) => {
      let re;
      try {
        re = compilePosix(p, { extended, ignoreCase });
      } catch (e) {
        expect(e).toBeInstanceOf(SimError);
        expect((e as SimError).exitCode).toBe(2);
        expect((e as SimError).message).toMatch(/^grep: /);
        expect((e as SimError).message).not.toMatch(/Invalid regular expression \(/);
        return;
      }
      expect(typeof re.test('ab(a)[x]{1}|*+?^$.é😀')).toBe('boolean');
    }), { numRuns: 3000, seed: 7 });
  });
});

describe('grep in a pipeline', () => {
  it("does not hang on `grep -E '(a*)*b'` (it took minutes with JavaScript's RegExp)", async () => {
    const { execute } = await import('./execute');
    const { createDefaultWorld } = await import('../lab/default-world');
    const t0 = performance.now();
    const r = execute(createDefaultWorld(), `echo ${'a'.repeat(40)} | grep -E '(a*)*b'`);
    expect(r).toMatchObject({ exitCode: 1, output: '' });
    expect(execute(createDefaultWorld(), "ip a | grep -E 'inet (10|192)\\.'").output).toBe(
      '    inet 10.0.2.15/24 brd 10.0.2.255 scope global noprefixroute dynamic eth0\n    inet 192.168.205.10/24 brd 192.168.205.255 scope global noprefixroute eth1\n');
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("runs grep -E '(a*)*b' over a 5,000-character line in well under a second", async () => {
    const { execute } = await import('./execute');
    const { createDefaultWorld } = await import('../lab/default-world');
    const world = createDefaultWorld();
    const t0 = performance.now();
    expect(execute(world, `echo ${'a'.repeat(5000)} | grep -E '(a*)*b'`)).toMatchObject({ exitCode: 1, output: '' });
    expect(execute(world, `echo ${'a'.repeat(5000)}b | grep -E '(a*)*b'`).exitCode).toBe(0);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
