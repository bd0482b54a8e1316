// Failed sign-ins per client address: past the limit within a minute, the address is refused
// before its token is looked up until the minute it started is over. Each try costs a hash and a
// database look-up, and a token from the configuration may be short enough to guess at speed.
// Counted per node (each node refuses on its own count), per address; an IPv6 client is counted
// by its /64, the block one host is usually given.

import { isIPv6 } from 'node:net';

export const signInWindowMs = 60_000;
/** Addresses followed at once: past this, the longest-followed are forgotten first. */
const maxAddresses = 50_000;

interface Failures {
  sinceMs: number;
  count: number;
}

export class SignInGuard {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly maxFailuresPerMinute: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Milliseconds before the address may try a token again; 0 when it may now. */
  waitMs(address: string): number {
    const entry = this.current(clientKey(address));
    return entry && entry.count >= this.maxFailuresPerMinute ? entry.sinceMs + signInWindowMs - this.nowMs() : 0;
  }

  /** A token the address offered was refused. */
  noteFailure(address: string): void {
    const key = clientKey(address);
    const entry = this.current(key);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.failures.set(key, { sinceMs: this.nowMs(), count: 1 });
    if (this.failures.size > maxAddresses) this.forgetOldest();
  }

  private current(key: string): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && this.nowMs() - entry.sinceMs >= signInWindowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Map order is insertion order: the first entries are the oldest windows. */
  private forgetOldest(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= maxAddresses) return;
      this.failures.delete(key);
    }
  }
}

/** The address a client is counted by: IPv4 as it is (also when mapped into IPv6), IPv6 by /64. */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back] : front;
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`;
}
