import cytoscape, { type Core, type SingularElementReturnValue } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { installCySpeedups } from './cy-speedups';

type WithCache = { _private: { styleCache: unknown } };

/** A host box holding two namespace boxes with an interface each, a veth between them, a bridge port. */
function graph(): Core {
  return cytoscape({
    headless: true,
    elements: [
      { data: { id: 'host' } },
      { data: { id: 'a', parent: 'host' } },
      { data: { id: 'b', parent: 'host' } },
      { data: { id: 'a0', parent: 'a' } },
      { data: { id: 'b0', parent: 'b' } },
      { data: { id: 'br', parent: 'host' } },
      { data: { id: 'v', parent: 'host' } },
      { data: { id: 'lone' } },
      { data: { id: 'pair', source: 'a0', target: 'v' } },
      { data: { id: 'port', source: 'v', target: 'br' } },
      { data: { id: 'other', source: 'lone', target: 'b0' } },
      { data: { id: 'tohost', source: 'lone', target: 'host' } },
    ],
  });
}

/** Ids whose style cache `dirty` clears, starting from every element's cache set. */
function cleared(cy: Core, dirty: (ele: SingularElementReturnValue) => void, id: string): string[] {
  cy.elements().forEach((e) => {
    (e as unknown as WithCache)._private.styleCache = {};
  });
  dirty(cy.getElementById(id));
  return cy.elements().filter((e) => (e as unknown as WithCache)._private.styleCache === null).map((e) => e.id()).sort();
}

describe('installCySpeedups', () => {
  it('clears exactly the caches Cytoscape clears: the element, its descendants, its parents, and their edges', () => {
    const ids = ['host', 'a', 'a0', 'b0', 'v', 'br', 'lone', 'pair'];
    const cy = graph();
    const dirty = (e: SingularElementReturnValue) => {
      (e as unknown as { dirtyStyleCache(): void }).dirtyStyleCache();
    };
    const before = ids.map((id) => cleared(cy, dirty, id));
    installCySpeedups(cy);
    const after = ids.map((id) => cleared(cy, dirty, id));
    expect(after).toEqual(before);
    // A leaf in a box: itself, its box, the host, and the edges of each.
    expect(before[2]).toEqual(['a', 'a0', 'host', 'pair', 'tohost']);
    // Installing twice keeps the first replacement.
    installCySpeedups(graph());
    expect(ids.map((id) => cleared(cy, dirty, id))).toEqual(before);
  });
});
