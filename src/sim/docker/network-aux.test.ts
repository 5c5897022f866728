import { describe, expect, it } from 'vitest';
import { worldViolations } from '../lab/invariants';
import { runLabScript } from '../lab/lab';

describe('docker network create --aux-address', () => {
  it('an aux address the gateway took fails with the daemon error, and nothing is made', () => {
    const { world, steps } = runLabScript(
      'docker network create --subnet 10.1.0.0/24 --aux-address x=10.1.0.1 n2\n' +
        'docker network create --subnet 10.1.0.0/24 --gateway 10.1.0.9 --aux-address x=10.1.0.9 n3\n' +
        'docker network ls\n',
    );
    expect(steps.slice(0, 2).map((s) => [s.exitCode, s.output])).toEqual([
      [1, 'Error response from daemon: failed to allocate secondary ip address (x:10.1.0.1): Address already in use\n'],
      [1, 'Error response from daemon: failed to allocate secondary ip address (x:10.1.0.9): Address already in use\n'],
    ]);
    expect(steps[2]!.output.trim().split('\n')).toHaveLength(4);
    expect(worldViolations(world)).toEqual([]);
  });
});
