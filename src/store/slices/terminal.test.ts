import { beforeAll, describe, expect, it } from 'vitest';
import { loadShell } from '../shell';
import { selectTranscript, usePlayground } from '../index';

beforeAll(async () => {
  await loadShell();
});

describe('terminal slice', () => {
  it('keeps one transcript per tab; selectTranscript reads the active one', () => {
    const s = usePlayground.getState();
    s.appendTranscript('one$ ');
    const t2 = s.openTerminal();
    usePlayground.getState().appendTranscript('two$ ', t2);
    expect(selectTranscript(usePlayground.getState())).toBe('two$ ');
    usePlayground.getState().setActiveTerminal('t1');
    expect(selectTranscript(usePlayground.getState())).toBe('one$ ');
    usePlayground.getState().clearTranscript(t2);
    expect(usePlayground.getState().transcripts[t2]).toBe('');
    usePlayground.getState().forgetTerminal(t2);
    expect(t2 in usePlayground.getState().transcripts).toBe(false);
  });

  it('echoes gesture entries of a tab once, typed ones never, and other tabs not', () => {
    const s = usePlayground.getState();
    const t3 = s.openTerminal();
    s.appendTranscript('[root@docker-node1 ~]# ', t3);
    expect(usePlayground.getState().echoGestures(t3)).toEqual([]);
    s.runCommand('ip netns add typed', { terminal: t3 });
    s.runCommand('ip netns add g1', { terminal: t3, origin: 'gesture' });
    s.runCommand('ip netns add other', { terminal: 't1', origin: 'gesture' });
    s.runCommand('ip netns add g1', { terminal: t3, origin: 'gesture' });
    const echoed = usePlayground.getState().echoGestures(t3);
    expect(echoed.map((e) => e.command)).toEqual(['ip netns add g1', 'ip netns add g1']);
    expect(usePlayground.getState().transcripts[t3]).toBe(
      '[root@docker-node1 ~]# ip netns add g1\n[root@docker-node1 ~]# ip netns add g1\n' +
        'Cannot create namespace file "/var/run/netns/g1": File exists\n[root@docker-node1 ~]# ',
    );
    expect(usePlayground.getState().echoGestures(t3)).toEqual([]);
    expect(usePlayground.getState().echoGestures('t1').map((e) => e.command)).toEqual(['ip netns add other']);
  });
});
