import { describe, expect, it } from 'vitest';
import { ParseError, splitCommands, tokenize } from './tokenize';

const words = (line: string) => splitCommands(tokenize(line)).map((c) => c.argv);

describe('tokenize', () => {
  it.each([
    ['ip link add veth-test1 type veth', [['ip', 'link', 'add', 'veth-test1', 'type', 'veth']]],
    [`docker run -d busybox /bin/sh -c "while true; do sleep 3600;done"`, [['docker', 'run', '-d', 'busybox', '/bin/sh', '-c', 'while true; do sleep 3600;done']]],
    [`echo '{"bip": "192.168.1.1/24"}' > /etc/docker/daemon.json`, [['echo', '{"bip": "192.168.1.1/24"}', '>', '/etc/docker/daemon.json']]],
    ['a; b && c || d', [['a'], ['b'], ['c'], ['d']]],
    ['ip a | grep inet', [['ip', 'a'], ['grep', 'inet']]],
    ['echo a\\ b "c\\"d" e#f # comment', [['echo', 'a b', 'c"d', 'e#f']]],
    ['   ', []],
  ])('%s', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it('keeps how commands are joined', () => {
    expect(splitCommands(tokenize('a && b || c | d')).map((c) => c.join)).toEqual([';', '&&', '||', '|']);
  });

  it.each(['echo "unterminated', "echo 'x", '&& a', 'a &&'])('rejects %s', (line) => {
    expect(() => splitCommands(tokenize(line))).toThrow(ParseError);
  });
});
