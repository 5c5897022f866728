import { describe, expect, it } from 'vitest';
import defaultWorld from 'virtual:default-world';
import { createDefaultWorld } from '../sim';

describe('virtual:default-world', () => {
  it('is the World createDefaultWorld() builds, as plain JSON', () => {
    expect(defaultWorld).toEqual(createDefaultWorld());
    expect(JSON.parse(JSON.stringify(defaultWorld))).toEqual(defaultWorld);
  });
});
