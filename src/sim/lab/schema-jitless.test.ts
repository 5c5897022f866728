/**
 * The page's Content-Security-Policy (index.html) has no 'unsafe-eval': validating a lab must not
 * compile code. zod compiles object parsers with `new Function` unless told `jitless`, and even
 * probes for it; schema.ts sets `jitless` before its schemas are built. Here `Function` is watched
 * before zod loads (this file imports it only after the watch is set).
 */
import { afterAll, describe, expect, it } from 'vitest';

const realFunction = globalThis.Function;
const compiled: string[] = [];
globalThis.Function = new Proxy(realFunction, {
  construct(target, args: string[]) {
    compiled.push(args.join(', ').slice(0, 80));
    return Reflect.construct(target, args) as object;
  },
  apply(target, self, args: string[]) {
    compiled.push(args.join(', ').slice(0, 80));
    return Reflect.apply(target, self, args) as unknown;
  },
});
afterAll(() => {
  globalThis.Function = realFunction;
});

describe('lab validation under a CSP without eval', () => {
  it('parses labs and inspect dumps without compiling code', { timeout: 60_000 }, async () => {
    const { labFromJson } = await import('./schema');
    const { importInspect } = await import('./import-inspect');
    const lab = { v: 1, name: 'x', hosts: ['docker-node1'], log: [{ t: 't1', h: 'docker-node1', c: 'ip a' }], layout: { a: [1, 2] } };
    for (let k = 0; k < 3; k++) expect(labFromJson(JSON.stringify(lab))).toEqual({ ok: true, lab });
    expect(labFromJson('{"v":1,"hosts":[],"log":[]}').ok).toBe(false);
    importInspect('[{"Name":"bridge","Id":"x","Driver":"bridge","IPAM":{"Config":[{"Subnet":"172.17.0.0/16"}]},"Containers":{}}]');
    expect(compiled).toEqual([]);
  });
});
