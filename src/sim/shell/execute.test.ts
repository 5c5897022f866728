/**
 * execute's read path: a command first runs on the frozen World itself and is replayed in an immer
 * draft only when it writes or throws. The replay must leave no trace of the first attempt.
 */
import { isDraft } from 'immer';
import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../lab/default-world';
import { SimError } from '../net/errors';
import type { World } from '../net/types';
import type { Command } from './context';
import { execute } from './execute';
import { COMMANDS } from './registry';

const added: string[] = [];
function addCommand(name: string, cmd: Command): void {
  COMMANDS[name] = cmd;
  added.push(name);
}
afterEach(() => {
  for (const n of added.splice(0)) delete COMMANDS[n];
});

function world(): World {
  return execute(createDefaultWorld(), 'true').world;
}

describe('execute: reads without a draft', () => {
  it('runs a read on the plain World, with the clock already advanced', () => {
    const w = world();
    const seen: { draft: boolean; clock: number }[] = [];
    addCommand('zread', (ctx) => {
      seen.push({ draft: isDraft(ctx.world), clock: ctx.world.clock });
      ctx.out.push('read\n');
      return 3;
    });
    const r = execute(w, 'zread');
    expect(seen).toEqual([{ draft: false, clock: w.clock + 1000 }]);
    expect(r).toMatchObject({ output: 'read\n', exitCode: 3 });
    expect(r.world.clock).toBe(w.clock + 1000);
    expect(Object.isFrozen(r.world)).toBe(true);
    for (const k of Object.keys(w) as (keyof World)[]) if (k !== 'clock') expect(r.world[k]).toBe(w[k]);
  });

  it('replays a command that writes in a draft, keeping only the replay\'s output, traces and signal', () => {
    const w = world();
    const drafts: boolean[] = [];
    addCommand('zwrite', (ctx) => {
      drafts.push(isDraft(ctx.world));
      ctx.out.push(`hostname was ${ctx.world.hosts[ctx.place.host]!.hostname}\n`);
      ctx.traces.push({ steps: [], verdict: 'delivered' } as never);
      ctx.signal!.leave = true;
      ctx.world.hosts[ctx.place.host]!.hostname = 'changed';
      return 0;
    });
    const r = execute(w, 'zwrite');
    expect(drafts).toEqual([false, true]);
    expect(r.output).toBe(`hostname was ${w.hosts[w.hostOrder[0]!]!.hostname}\n`);
    expect(r.traces).toHaveLength(1);
    expect(r.leave).toBe(true);
    expect(r.world.hosts[w.hostOrder[0]!]!.hostname).toBe('changed');
    expect(w.hosts[w.hostOrder[0]!]!.hostname).not.toBe('changed');
  });

  it('replays a command that throws, so a SimError still leaves the World as it was', () => {
    const w = world();
    let runs = 0;
    addCommand('zfail', (ctx) => {
      runs += 1;
      ctx.out.push('partial\n');
      throw new SimError('zfail: no', 4);
    });
    const r = execute(w, 'echo a; zfail; echo b');
    expect(runs).toBe(2);
    expect(r.output).toBe('a\npartial\nzfail: no\nb\n');
    expect(r.exitCode).toBe(0);
    // echo a and echo b advance the clock; the failed command does not.
    expect(r.world.clock).toBe(w.clock + 2000);
  });

  it('keeps the earlier output of a pipeline and a line when a later command is replayed', () => {
    const w = world();
    addCommand('zwrite2', (ctx) => {
      ctx.out.push(`${ctx.stdin.trim()}!\n`);
      ctx.world.hosts[ctx.place.host]!.hostname = 'piped';
      return 0;
    });
    const r = execute(w, 'echo one; echo two | zwrite2');
    expect(r.output).toBe('one\ntwo!\n');
    expect(r.world.hosts[w.hostOrder[0]!]!.hostname).toBe('piped');
  });

  it('never changes a World built by hand (unfrozen) in place', () => {
    const w = createDefaultWorld();
    const before = JSON.stringify(w);
    const r = execute(w, 'ip link add zz0 type veth peer name zz1');
    expect(r.exitCode).toBe(0);
    expect(JSON.stringify(w)).toBe(before);
    expect(execute(r.world, 'ip link show zz0').exitCode).toBe(0);
  });

  it('still applies writes that a command wraps in a catch-all (route del turns any failure into ESRCH)', () => {
    let w = world();
    w = execute(w, 'ip netns add zr').world;
    for (const l of ['ip -n zr link add va type veth peer name vb', 'ip -n zr link set va up', 'ip -n zr link set vb up', 'ip -n zr addr add 10.1.0.1/24 dev va']) {
      const r = execute(w, l);
      expect(r.output).toBe('');
      w = r.world;
    }
    expect(execute(w, 'ip -n zr route').output).toBe('10.1.0.0/24 dev va proto kernel scope link src 10.1.0.1 \n');
    const del = execute(w, 'ip netns exec zr route del -net 10.1.0.0 netmask 255.255.255.0');
    expect(del).toMatchObject({ output: '', exitCode: 0 });
    expect(execute(del.world, 'ip -n zr route').output).toBe('');
  });
});
