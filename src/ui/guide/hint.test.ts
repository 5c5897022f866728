import { describe, expect, it } from 'vitest';
import { GUIDED_LABS, linesToEntries } from '../../sim/lab/guided';
import { hintLines } from './hint';

describe('hintLines', () => {
  it('strips transcript prompts; a prompt picks the machine for the lines after it in its step', () => {
    const steps = [
      ['ip a', '[vagrant@docker-node2 ~]$ docker run -d --name c2 busybox sleep 1d', 'docker ps'],
      ['docker ps'],
      ['[root@docker-node1 ~]# ping -c 1 192.168.205.11'],
    ];
    expect(hintLines(steps, 'docker-node1')).toEqual([
      [
        { command: 'ip a', host: 'docker-node1' },
        { command: 'docker run -d --name c2 busybox sleep 1d', host: 'docker-node2' },
        { command: 'docker ps', host: 'docker-node2' },
      ],
      // A new step starts again on the first machine, as the reference solution does.
      [{ command: 'docker ps', host: 'docker-node1' }],
      [{ command: 'ping -c 1 192.168.205.11', host: 'docker-node1' }],
    ]);
  });

  it('gives a here-document body to its command as stdin, whether the lines are split or one string', () => {
    const split = ['cat > /etc/docker/daemon.json <<EOF', '{ "bip": "10.1.0.1/24" }', 'EOF', 'systemctl restart docker'];
    const joined = [split.slice(0, 3).join('\n'), split[3]!];
    for (const lines of [split, joined]) {
      expect(hintLines([lines], 'docker-node1')[0]).toEqual([
        { command: 'cat > /etc/docker/daemon.json', host: 'docker-node1', stdin: '{ "bip": "10.1.0.1/24" }\n' },
        { command: 'systemctl restart docker', host: 'docker-node1' },
      ]);
    }
  });

  it('marks lines copied from inside a container shell, which a host gesture cannot run', () => {
    const [lines] = hintLines([['docker exec -it c1 sh', '/ # ping -c 1 c2', 'exit']], 'docker-node1');
    expect(lines!.map((l) => [l.command, l.inShell === true])).toEqual([
      ['docker exec -it c1 sh', false],
      ['ping -c 1 c2', true],
      ['exit', false],
    ]);
  });

  it('skips comments and blank lines', () => {
    expect(hintLines([['# look first', '', 'brctl show']], 'docker-node1')).toEqual([[{ command: 'brctl show', host: 'docker-node1' }]]);
  });

  it('runs each line of every guided lab where its reference solution runs', () => {
    for (const lab of GUIDED_LABS) {
      const hints = hintLines(lab.steps.map((s) => s.solution), lab.hosts[0]!);
      lab.steps.forEach((step, i) => {
        const want = linesToEntries(lab, step.solution).map((e) => ({ command: e.c, host: e.h, ...(e.i !== undefined ? { stdin: e.i } : {}) }));
        const got = hints[i]!.map(({ inShell: _, ...l }) => l);
        expect(got, `${lab.id} / ${step.id}`).toEqual(want);
        expect(got.length, `${lab.id} / ${step.id} has a hint`).toBeGreaterThan(0);
      });
    }
  });
});
