/** Starting a container: networks are the daemon's own entries only (a fuzz crash, issue 7). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../lab/default-world';
import { execute } from '../shell/execute';

describe('docker run --network NAME named like an Object member', () => {
  it.each(['toString', 'constructor', '__proto__'])('--net=%s is a missing network, as dockerd says', (name) => {
    const r = execute(createDefaultWorld(), `docker run -d --net=${name} busybox`);
    expect(r.exitCode).toBe(125);
    expect(r.output).toMatch(new RegExp(`^[0-9a-f]{64}\\ndocker: Error response from daemon: network ${name} not found\\.\\n$`));
  });
});
