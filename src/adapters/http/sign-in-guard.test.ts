import { describe, expect, it } from 'vitest';
import { clientKey, SignInGuard, signInWindowMs } from './sign-in-guard.js';

describe('sign-in guard', () => {
  it('refuses an address past its failures in a minute until that minute is over, others unaffected', () => {
    let now = 1_000_000;
    const guard = new SignInGuard(3, () => now);
    for (let i = 0; i < 2; i++) guard.noteFailure('198.51.100.7');
    expect(guard.waitMs('198.51.100.7')).toBe(0);
    now += 20_000;
    guard.noteFailure('198.51.100.7');
    expect(guard.waitMs('198.51.100.7')).toBe(signInWindowMs - 20_000);
    expect(guard.waitMs('198.51.100.8')).toBe(0);
    now += signInWindowMs - 20_000;
    expect(guard.waitMs('198.51.100.7')).toBe(0);
    guard.noteFailure('198.51.100.7');
    expect(guard.waitMs('198.51.100.7')).toBe(0);
  });

  it('counts an IPv6 client by its /64 and a mapped IPv4 address as IPv4', () => {
    expect(clientKey('2001:db8:aa:bb:1::2')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:0db8:00aa:00bb:ffff:1:2:3')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('192.0.2.1')).toBe('192.0.2.1');
    const guard = new SignInGuard(2, () => 0);
    guard.noteFailure('2001:db8:aa:bb::1');
    guard.noteFailure('2001:db8:aa:bb::2');
    expect(guard.waitMs('2001:db8:aa:bb:ffff::9')).toBe(60_000);
    expect(guard.waitMs('2001:db8:aa:bc::1')).toBe(0);
  });
});
