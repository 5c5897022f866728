/**
 * grep as GNU grep 3.8 prints it (checked against this machine's /bin/grep): files and standard
 * input, the common flags, and the option errors with exit 2.
 */
import { describe, expect, it } from 'vitest';
import { runLabScript } from '../../lab/lab';

const run = (lines: string) => runLabScript(lines).steps.map((s) => [s.output, s.exitCode]);

describe('grep', () => {
  it('reads files, names them when there are several, counts, numbers and answers quietly', () => {
    expect(run(`grep nameserver /etc/resolv.conf
grep -n -i NAMESERVER /etc/resolv.conf /etc/hosts
grep -c localhost /etc/hosts /nope
grep -q localhost /etc/hosts
grep -q nothing-like-this /etc/hosts
cat /etc/resolv.conf | grep -c -v nameserver
grep -w local /etc/hosts
grep -x 'nameserver 10.0.2.3' /etc/resolv.conf
grep -F '.2.3' /etc/resolv.conf
grep --color=auto -h nameserver /etc/resolv.conf /etc/resolv.conf`)).toEqual([
      ['nameserver 10.0.2.3\n', 0],
      ['/etc/resolv.conf:2:nameserver 10.0.2.3\n', 0],
      ['/etc/hosts:2\ngrep: /nope: No such file or directory\n', 2],
      ['', 0],
      ['', 1],
      ['1\n', 0],
      ['', 1],
      ['nameserver 10.0.2.3\n', 0],
      ['nameserver 10.0.2.3\n', 0],
      ['nameserver 10.0.2.3\nnameserver 10.0.2.3\n', 0],
    ]);
  });

  it('refuses bad options as GNU grep does, exit 2', () => {
    const usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    expect(run(`grep -Y x /etc/hosts
grep --frob x
grep -e
grep
grep x /etc`)).toEqual([
      [`grep: invalid option -- 'Y'\n${usage}`, 2],
      [`grep: unrecognized option '--frob'\n${usage}`, 2],
      [`grep: option requires an argument -- 'e'\n${usage}`, 2],
      [usage, 2],
      ['grep: /etc: Is a directory\n', 2],
    ]);
  });
});
