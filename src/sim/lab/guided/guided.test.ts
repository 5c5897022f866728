/**
 * Every guided lab, replayed headlessly: setup, then each step's solution in order (one shell per
 * machine, picked by the lines' prompts). A step's check is false before its solution and true
 * after, earlier steps stay true, the challenge turns true with its own solution only, no line
 * fails unless marked, and the wrong lines leave some check false.
 */
import { freeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { createLabWorld, replay, type LabEntry } from '../lab';
import { emptyWorld } from '../../net/world';
import { evaluate, findGuidedLab, GUIDED_LABS, guidedLabStart, linesToEntries, shellIdFor } from './index';
import type { CheckContext, GuidedLab, Text } from './types';

interface Run {
  world: ReturnType<typeof replay>['world'];
  log: CheckContext['log'];
}

function run(lab: GuidedLab, log: LabEntry[]): Run {
  const r = replay({ hosts: lab.hosts, log });
  expect(r.skipped).toEqual([]);
  return { world: r.world, log: log.map((entry, i) => ({ entry, output: r.results[i]!.output, exitCode: r.results[i]!.exitCode })) };
}

/** Lines of `lines` that exited other than as marked (0 unless listed in `fails`). */
function unexpectedExits(lab: GuidedLab, r: Run, from: number, fails: readonly string[] = []): string[] {
  const failing = new Set(linesToEntries(lab, fails).map((e) => `${e.h} ${e.c}`));
  return r.log.slice(from).flatMap((l) => {
    const meantToFail = failing.has(`${l.entry.h} ${l.entry.c}`);
    return (l.exitCode === 0) === meantToFail ? [`${l.entry.h}$ ${l.entry.c} -> exit ${l.exitCode}\n${l.output}`] : [];
  });
}

const CJK = /[\u4e00-\u9fff]/;

function texts(lab: GuidedLab): [string, Text][] {
  return [
    ['title', lab.title],
    ['summary', lab.summary],
    ...lab.steps.flatMap((s): [string, Text][] => [[`${s.id}.title`, s.title], [`${s.id}.text`, s.text]]),
    ['challenge', lab.challenge.text],
  ];
}

describe('the gallery', () => {
  it('has one lab per walkthrough (and the cross-host drivers), with unique URL-safe ids', () => {
    expect(GUIDED_LABS.map((l) => l.id)).toEqual([
      'veth-pair', 'docker0', 'link', 'user-bridge', 'subnets', 'ports', 'none-host', 'container-mode', 'daemon-json', 'two-vms', 'overlay', 'macvlan',
    ]);
    const ids = GUIDED_LABS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const l of GUIDED_LABS) expect(findGuidedLab(l.id)).toBe(l);
    expect(findGuidedLab('nope')).toBeUndefined();
  });

  it.each(GUIDED_LABS.map((l) => [l.id, l] as const))('%s: 3-6 steps with unique ids, seeds, both languages', (_, lab) => {
    expect(lab.steps.length).toBeGreaterThanOrEqual(3);
    expect(lab.steps.length).toBeLessThanOrEqual(6);
    const stepIds = lab.steps.map((s) => s.id);
    expect(new Set(stepIds).size).toBe(stepIds.length);
    for (const id of stepIds) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(lab.seeds.length).toBeGreaterThan(0);
    for (const s of lab.seeds) expect(s).toMatch(/^00[0-4]$/);
    for (const [where, t] of texts(lab)) {
      expect(t.en.trim(), `${lab.id} ${where} en`).not.toBe('');
      expect(t.zh.trim(), `${lab.id} ${where} zh`).not.toBe('');
      expect(CJK.test(t.en), `${lab.id} ${where} en has Chinese`).toBe(false);
      expect(CJK.test(t.zh), `${lab.id} ${where} zh is not Chinese`).toBe(true);
      // Inline code is marked with backticks in pairs.
      expect((t.en.match(/`/g) ?? []).length % 2, `${lab.id} ${where} en backticks`).toBe(0);
      expect((t.zh.match(/`/g) ?? []).length % 2, `${lab.id} ${where} zh backticks`).toBe(0);
    }
    for (const s of lab.steps) {
      expect(s.solution.length, `${lab.id} ${s.id}`).toBeGreaterThan(0);
      for (const f of s.fails ?? []) expect(s.solution, `${lab.id} ${s.id} marks a line it does not run`).toContain(f);
    }
    for (const f of lab.challenge.fails ?? []) expect(lab.challenge.solution).toContain(f);
    expect(lab.challenge.solution.length).toBeGreaterThan(0);
    expect(lab.wrong.length).toBeGreaterThan(0);
  });

  it.each(GUIDED_LABS.map((l) => [l.id, l] as const))('%s: every prompt names one of its machines', (_, lab) => {
    const all = [lab.setup ?? [], ...lab.steps.map((s) => s.solution), lab.challenge.solution, lab.wrong];
    for (const lines of all) for (const e of linesToEntries(lab, lines)) expect(lab.hosts).toContain(e.h);
  });
});

describe('linesToEntries and guidedLabStart', () => {
  const twoVms = findGuidedLab('two-vms')!;

  it('gives each machine its own shell and carries a prompt to the next lines', () => {
    const entries = linesToEntries(twoVms, ['hostname', '[vagrant@docker-node2 ~]$ docker ps', 'ip a', '[root@docker-node1 vagrant]# ip a']);
    expect(entries.map((e) => [e.t, e.h, e.c])).toEqual([
      ['t1', 'docker-node1', 'hostname'],
      ['t2', 'docker-node2', 'docker ps'],
      ['t2', 'docker-node2', 'ip a'],
      ['t1', 'docker-node1', 'ip a'],
    ]);
    expect(shellIdFor(twoVms, 'docker-node2')).toBe('t2');
  });

  it('turns a here-document into the entry\'s stdin', () => {
    const entries = linesToEntries(twoVms, ['cat > /etc/docker/daemon.json <<EOF', '{ "bip": "10.1.0.1/24" }', 'EOF', 'systemctl restart docker']);
    expect(entries).toEqual([
      { t: 't1', h: 'docker-node1', c: 'cat > /etc/docker/daemon.json', i: '{ "bip": "10.1.0.1/24" }\n' },
      { t: 't1', h: 'docker-node1', c: 'systemctl restart docker' },
    ]);
  });

  it('starts a lab named after the guided lab, with its machines and its setup in the log', () => {
    const link = findGuidedLab('link')!;
    const start = guidedLabStart(link);
    expect(link.title.en).toContain('`');
    expect(start).toEqual({ v: 1, name: link.title.en.replace(/`/g, ''), hosts: ['docker-node1'], log: linesToEntries(link, link.setup!) });
    expect(start.log.length).toBe(link.setup!.length);
    expect(guidedLabStart(twoVms)).toEqual({ v: 1, name: 'Two Vagrant VMs', hosts: ['docker-node1', 'docker-node2'], log: [] });
  });
});

describe('evaluate', () => {
  const lab = findGuidedLab('veth-pair')!;

  it('counts a check that throws as not done', () => {
    const broken: GuidedLab = {
      ...lab,
      steps: [{ ...lab.steps[0]!, check: () => { throw new Error('boom'); } }, lab.steps[1]!],
      challenge: { ...lab.challenge, check: () => { throw new Error('boom'); } },
    };
    expect(evaluate(broken, createLabWorld(), [])).toEqual({ steps: [false, false], challenge: false });
  });

  it.each(GUIDED_LABS.map((l) => [l.id, l] as const))('%s: checks hold on nothing in an empty or foreign World', (_, l) => {
    const none = { steps: l.steps.map(() => false), challenge: false };
    expect(evaluate(l, emptyWorld(), [])).toEqual(none);
    expect(evaluate(l, createLabWorld(['docker-node3']), [])).toEqual(none);
    // Called directly (without evaluate's guard) they do not throw either.
    for (const c of [...l.steps.map((s) => s.check), l.challenge.check]) expect(() => c({ world: emptyWorld(), log: [] })).not.toThrow();
  });
});

describe.each(GUIDED_LABS.map((l) => [l.id, l] as const))('%s', (_, lab) => {
  it('replays its solution: each check turns true with its own step, the challenge with its answer', () => {
    const log: LabEntry[] = [...guidedLabStart(lab).log];
    let r = run(lab, log);
    expect(unexpectedExits(lab, r, 0)).toEqual([]);
    expect(evaluate(lab, r.world, r.log)).toEqual({ steps: lab.steps.map(() => false), challenge: false });

    lab.steps.forEach((step, i) => {
      const before = evaluate(lab, r.world, r.log);
      expect(before.steps[i], `${step.id} is done before its solution`).toBe(false);
      const from = log.length;
      log.push(...linesToEntries(lab, step.solution));
      r = run(lab, log);
      expect(unexpectedExits(lab, r, from, step.fails)).toEqual([]);
      const after = evaluate(lab, r.world, r.log);
      expect(after.steps.slice(0, i + 1), `after ${step.id}`).toEqual(lab.steps.slice(0, i + 1).map(() => true));
      expect(after.challenge, `the challenge is done after ${step.id}`).toBe(false);
    });

    const from = log.length;
    log.push(...linesToEntries(lab, lab.challenge.solution));
    r = run(lab, log);
    expect(unexpectedExits(lab, r, from, lab.challenge.fails)).toEqual([]);
    expect(evaluate(lab, r.world, r.log)).toEqual({ steps: lab.steps.map(() => true), challenge: true });
  });

  it('the wrong lines leave at least one check false (and get some right)', () => {
    const r = run(lab, [...guidedLabStart(lab).log, ...linesToEntries(lab, lab.wrong)]);
    const e = evaluate(lab, r.world, r.log);
    const checks = [...e.steps, e.challenge];
    expect(checks).toContain(false);
    expect(checks).toContain(true);
  });

  it('evaluates all its checks on the finished World in a few ms, changing nothing', () => {
    const log = [...guidedLabStart(lab).log, ...linesToEntries(lab, [...lab.steps.flatMap((s) => s.solution), ...lab.challenge.solution])];
    const r = run(lab, log);
    const snapshot = JSON.stringify(r.world);
    const expected = { steps: lab.steps.map(() => true), challenge: true };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Cold: a World no check has seen (probes are memoised per World), as after a new line.
    const cold: number[] = [];
    for (let k = 0; k < 5; k++) {
      const w = freeze(structuredClone(r.world), true);
      const t0 = performance.now();
      expect(evaluate(lab, w, r.log)).toEqual(expected);
      cold.push(performance.now() - t0);
    }
    // Warm: the same World again (the UI re-rendering).
    const warm: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      expect(evaluate(lab, r.world, r.log)).toEqual(expected);
      warm.push(performance.now() - t0);
    }
    expect(JSON.stringify(r.world)).toBe(snapshot);
    // Generous bounds so a loaded machine does not flake; typical figures are in the report.
    expect(median(cold)).toBeLessThan(60);
    expect(median(warm)).toBeLessThan(5);
    if (process.env.GUIDED_TIMING) console.info(`${lab.id}: cold ${median(cold).toFixed(2)} ms, warm ${median(warm).toFixed(3)} ms`);
  });
});
