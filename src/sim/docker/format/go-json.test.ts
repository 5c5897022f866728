import { describe, expect, it } from 'vitest';
import { goJson, goJsonString } from './go-json';
import { NIL_MAP, NIL_SLICE, goMap, goStruct, goTime } from './go-value';

describe('goJson', () => {
  it('indents like json.MarshalIndent with 4 spaces, empty collections inline', () => {
    const v = { Name: 'x', Empty: {}, List: [], Nil: null, NilSlice: NIL_SLICE, NilMap: NIL_MAP, N: 16, B: false, Arr: ['a', 'b'] };
    expect(goJson(v)).toBe(
      '{\n    "Name": "x",\n    "Empty": {},\n    "List": [],\n    "Nil": null,\n    "NilSlice": null,\n    "NilMap": null,\n' +
        '    "N": 16,\n    "B": false,\n    "Arr": [\n        "a",\n        "b"\n    ]\n}',
    );
  });

  it('prints an empty top-level array as []', () => {
    expect(goJson([])).toBe('[]');
  });

  it('sorts Go map keys but keeps struct field order', () => {
    const v = { Z: 1, A: goMap({ b: 1, a: 2, B: 3 }) };
    expect(goJson(v, '')).toBe('{"Z":1,"A":{"B":3,"a":2,"b":1}}');
  });

  it('drops empty omitempty fields from JSON only', () => {
    expect(goJson(goStruct({ A: '', B: '', C: NIL_SLICE, D: 0 }, { omitEmpty: ['B', 'C', 'D'] }), '')).toBe('{"A":""}');
  });

  it.each([
    ['<a & b>', '"\\u003ca \\u0026 b\\u003e"'],
    ['line\u2028sep\u2029', '"line\\u2028sep\\u2029"'],
    ['tab\there\nnl "q" \\', '"tab\\there\\nnl \\"q\\" \\\\"'],
    ['\u0001\b\f\u007f', '"\\u0001\\u0008\\u000c\u007f"'],
    ['daemon off;…', '"daemon off;…"'],
  ])('escapes %j as Go does', (input, out) => {
    expect(goJsonString(input)).toBe(out);
  });

  it('leaves <>& alone without HTML escaping (docker\'s {{json}})', () => {
    expect(goJsonString('<x>&', false)).toBe('"<x>&"');
  });

  it('prints time.Time as RFC3339Nano', () => {
    expect(goJson({ T: goTime(Date.UTC(2026, 10, 22, 12, 4, 26, 486), 892630) }, '')).toBe('{"T":"2026-11-22T12:04:26.48689263Z"}');
  });
});
