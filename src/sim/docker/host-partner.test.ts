/**
 * `--network container:X` partners that outlive X (found by the World checker on a generated lab,
 * `docker rm -f` of a host-mode X: the partner kept joining a removed container, `docker exec` into
 * it crashed and its listening sockets stayed in the host's namespace after it stopped).
 */
import { describe, expect, it } from 'vitest';
import { worldViolations } from '../lab/invariants';
import { runLabScript } from '../lab/lab';

const run = (script: string) => {
  const r = runLabScript(script);
  return { ...r, byCmd: (c: string) => r.steps.filter((s) => s.command === c) };
};

describe('a container: partner whose partner goes', () => {
  it('of a host-mode container: stays in the host namespace, and its sockets go when it stops', () => {
    const { world, steps } = run(`docker run -d --name box1 --net=host busybox sleep 3600
docker run -d --name box2 --network container:box1 busybox httpd -f -p 8080
docker rm -f box1
docker exec box2 ip -4 addr show eth1
netstat -lnt
docker stop box2
netstat -lnt
`);
    expect(steps[3]!.exitCode).toBe(0);
    expect(steps[3]!.output).toContain('inet 192.168.205.10/24');
    expect(steps[4]!.output).toContain(':8080');
    expect(steps[6]!.output).not.toContain(':8080');
    expect(worldViolations(world)).toEqual([]);
  });

  it('of a partner: shares the first container\'s namespace, as Docker resolves container:X to X\'s sandbox', () => {
    const { world, steps } = run(`docker run -d --name box1 busybox sleep 3600
docker run -d --name box2 --network container:box1 busybox sleep 3600
docker run -d --name box3 --network container:box2 busybox sleep 3600
docker stop box2
docker exec box3 ip -4 addr show eth0
`);
    expect(steps[4]!.exitCode).toBe(0);
    expect(steps[4]!.output).toContain('inet 172.17.0.2/16');
    expect(worldViolations(world)).toEqual([]);
  });
});
