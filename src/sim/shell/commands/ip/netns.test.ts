/** `ip netns` names are the host's own entries only (fuzz crashes, issue 7). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../../lab/default-world';
import { execute } from '../../execute';

describe('namespaces named like Object members', () => {
  it('`ip -n constructor` and `bridge -n constructor` are missing namespaces, not crashes', () => {
    const w = createDefaultWorld();
    const missing = 'Cannot open network namespace "constructor": No such file or directory\n';
    expect(execute(w, 'ip -n constructor link set veth0 up')).toMatchObject({ exitCode: 255, output: missing });
    expect(execute(w, 'bridge -n constructor fdb show')).toMatchObject({ exitCode: 255, output: missing });
    expect(execute(w, 'ip netns exec toString ip a')).toMatchObject({ exitCode: 255 });
    expect(execute(w, 'ip netns del valueOf').output).toBe('Cannot remove namespace file "/var/run/netns/valueOf": No such file or directory\n');
  });

  it('a namespace may be called constructor; __proto__ is refused with a clear message', () => {
    let w = createDefaultWorld();
    w = execute(w, 'ip netns add constructor').world;
    expect(execute(w, 'ip netns exec constructor ip link').output).toMatch(/^1: lo: <LOOPBACK> mtu 65536/);
    expect(execute(w, 'ip netns').output).toBe('constructor\n');
    const r = execute(w, 'ip netns add __proto__');
    expect(r).toMatchObject({ exitCode: 255, output: 'Invalid netns name "__proto__": reserved by the playground\n' });
    expect(r.world).toBe(w);
  });
});
