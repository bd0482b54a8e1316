import { describe, expect, it } from 'vitest';
import { wrapUpEndsAtMs } from './wrap-up-end.js';

const wrapping = { status: 'wrap_up' as const, sinceMs: 1_000, pendingLogout: false, logoutAwaitsDisposition: false, owesDispositionFor: null };
const manual = { wrapUpMode: 'manual' as const, wrapUpMs: 30_000 };
const auto = { wrapUpMode: 'auto' as const, wrapUpMs: 15_000 };

describe('when a wrap-up ends by itself', () => {
  it('an automatic one after the wrap-up time; a manual one only before a logout asked during the call', () => {
    expect(wrapUpEndsAtMs(wrapping, auto)).toBe(16_000);
    expect(wrapUpEndsAtMs(wrapping, manual)).toBeNull();
    expect(wrapUpEndsAtMs({ ...wrapping, pendingLogout: true, owesDispositionFor: 'a1' }, manual)).toBe(31_000);
  });

  it('not while a logout waits for the disposition owed, nor outside a wrap-up', () => {
    expect(wrapUpEndsAtMs({ ...wrapping, pendingLogout: true, logoutAwaitsDisposition: true, owesDispositionFor: 'a1' }, manual)).toBeNull();
    expect(wrapUpEndsAtMs({ ...wrapping, pendingLogout: true, logoutAwaitsDisposition: true }, manual)).toBe(31_000);
    expect(wrapUpEndsAtMs({ ...wrapping, status: 'ready' }, auto)).toBeNull();
    expect(wrapUpEndsAtMs(wrapping, undefined)).toBeNull();
  });
});
