/** `docker restart` of a --rm container (a fuzz finding, issue 7: it leaked the address and namespace). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../../lab/default-world';
import { worldViolations } from '../../../lab/invariants';
import { execute } from '../../execute';

describe('docker restart of a --rm container', () => {
  it('brings it back up, as moby does (AutoRemove is off for the stop), and a later stop removes it', () => {
    let w = createDefaultWorld();
    w = execute(w, 'docker run -d --rm --name c2 busybox sleep 3600').world;
    const r = execute(w, 'docker restart c2');
    expect(r).toMatchObject({ exitCode: 0, output: 'c2\n' });
    expect(worldViolations(r.world)).toEqual([]);
    expect(execute(r.world, "docker ps --format '{{.Names}} {{.Status}}'").output).toBe('c2 Up 1 second\n');
    expect(execute(r.world, "docker inspect -f '{{.NetworkSettings.IPAddress}}' c2").output).toBe('172.17.0.2\n');
    const stopped = execute(r.world, 'docker stop c2').world;
    expect(execute(stopped, 'docker ps -aq').output).toBe('');
    expect(worldViolations(stopped)).toEqual([]);
  });
});
