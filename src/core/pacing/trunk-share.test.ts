import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeDialRateOf, trunkShareOf } from './trunk-share.js';

describe("a trunk's calls a second split between nodes", () => {
  it('gives every node present its share, the shares adding up to the limit exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), (limit, members) => {
      const shares = members.map((node) => trunkShareOf(limit, members, node));
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(limit);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }));
  });

  it('gives the remainder to the first nodes by id, and nothing to a node the others do not see', () => {
    expect(['b', 'a', 'c'].map((node) => trunkShareOf(10, ['c', 'a', 'b'], node))).toEqual([3, 4, 3]);
    expect(trunkShareOf(10, ['a', 'b'], 'c')).toBe(0);
    expect(trunkShareOf(2, ['a', 'b', 'c'], 'c')).toBe(0);
  });

  it("takes the smaller of the node's own limit and its share, or none when neither is set", () => {
    expect(nodeDialRateOf(0, null)).toBeNull();
    expect(nodeDialRateOf(5, null)).toBe(5);
    expect(nodeDialRateOf(0, 7)).toBe(7);
    expect(nodeDialRateOf(5, 7)).toBe(5);
    expect(nodeDialRateOf(5, 0)).toBe(0);
  });
});
