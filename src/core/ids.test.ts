import { describe, expect, it } from 'vitest';
import { isAttemptChannelId } from './ids.js';

describe('isAttemptChannelId', () => {
  it('is an attempt id, whole: not a PBX channel id that starts with a UUID, nor the far half of a Local pair', () => {
    const attempt = '0b7c5a52-3f0e-4e0a-9d59-1f0f5b7f1a01';
    expect(isAttemptChannelId(attempt)).toBe(true);
    expect(isAttemptChannelId(attempt.toUpperCase())).toBe(true);
    expect(isAttemptChannelId(`${attempt}-1733500000.42`)).toBe(false);
    expect(isAttemptChannelId(`${attempt};2`)).toBe(false);
    expect(isAttemptChannelId('1733500000.42')).toBe(false);
    expect(isAttemptChannelId(`x${attempt}`)).toBe(false);
  });
});
