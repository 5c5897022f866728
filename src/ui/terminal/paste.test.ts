import { describe, expect, it } from 'vitest';
import { routeLine } from './paste';

describe('routeLine', () => {
  it.each([
    ['[root@docker-node2 ~]# ping -c 1 192.168.205.10', { host: 'docker-node2', command: 'ping -c 1 192.168.205.10' }],
    ['[vagrant@docker-node1 vagrant]$ ip a', { host: 'docker-node1', command: 'ip a' }],
    ['/ # ip a', { command: 'ip a' }],
    ['~]# docker ps', { command: 'docker ps' }],
    ['docker ps', undefined],
    ['# a comment', undefined],
    ['echo [root@x ~]# y', undefined],
  ])('%s', (line, want) => {
    expect(routeLine(line)).toEqual(want);
  });
});
