import { describe, expect, it } from 'vitest';
import { isReadOnlyLine } from './read-only';

describe('read-only docker swarm verbs', () => {
  it.each([
    ['docker node ls', true],
    ['docker node inspect self', true],
    ['docker swarm join-token worker', true],
    ['docker swarm join-token -q manager', true],
    ['docker swarm join-token --rotate worker', false],
    ['docker swarm init --advertise-addr 192.168.205.10', false],
    ['docker swarm join --token T 192.168.205.10:2377', false],
    ['docker swarm leave --force', false],
    ['docker network inspect ingress', true],
    ['docker network create -d overlay --attachable ov', false],
  ])('%s -> %s', (line, ro) => {
    expect(isReadOnlyLine(line)).toBe(ro);
  });
});
