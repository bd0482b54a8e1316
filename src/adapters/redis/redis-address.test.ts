import { describe, expect, it } from 'vitest';
import { redisAddressOf } from './redis-address.js';

describe("a Redis URL's address", () => {
  it('names the index the connections select: the one after the port, ?db= only when it gives none', () => {
    expect(redisAddressOf('redis://:secret@redis:6379/3?db=5')).toBe('redis:6379/3');
    expect(redisAddressOf('redis://redis:6379/?db=5')).toBe('redis:6379/5');
    expect(redisAddressOf('redis://redis:6379?db=5')).toBe('redis:6379/5');
    expect(redisAddressOf('redis://redis')).toBe('redis:6379/0');
  });
});
