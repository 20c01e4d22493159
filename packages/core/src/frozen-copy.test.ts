import { describe, expect, it } from 'vitest';
import { frozenCopy } from './frozen-copy';

describe('frozenCopy', () => {
  it('is a deep copy, frozen all the way down, that later changes to the original do not reach', () => {
    const original = { a: { b: [1, { c: 2 }] } };
    const copy = frozenCopy(original);
    expect(copy).toEqual(original);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen(copy.a.b)).toBe(true);
    expect(Object.isFrozen(copy.a.b[1])).toBe(true);
    (original.a.b[1] as { c: number }).c = 3;
    expect(copy.a.b[1]).toEqual({ c: 2 });
    expect(Object.isFrozen(original)).toBe(false);
  });
});
