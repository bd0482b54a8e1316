// The engine's clock. The core reads one time for both its deadlines (an answered call bridged or
// given the safe-harbor message within 2 s, ring timeouts, wrap-up) and its calendar (calling
// windows, rests). Read straight from the system clock, a step of it (NTP correcting a clock a few
// seconds off) moved every deadline running: a step back of 3 s left an answered person in
// silence 5 s. This clock runs on the monotonic clock, which no step moves, and follows the system
// clock's steps by slewing towards them (as NTP itself slews), at most `slewRate` faster or slower
// than real time: a deadline is kept to within that fraction, and the calendar, as wrong as the
// system clock was before its step, comes right within minutes. A step too large to slew (a
// clock set by hand, a machine resumed from sleep) is followed at once: there the calendar's
// error would matter more than a deadline's.

export interface SteadyClockOptions {
  /** The system clock, in milliseconds since the epoch. */
  wallMs?: () => number;
  /** A clock no step moves, in milliseconds from any origin. */
  monotonicMs?: () => number;
  /** How much faster or slower than real time the clock may run while it catches a step up. */
  slewRate?: number;
  /** A step at least this large is followed at once. */
  followAtOnceMs?: number;
  /** Told of each step of the system clock found (the clock apart from it by more than
   * `noticeMs`), and whether it is slewed or followed at once. */
  onStep?: (step: { offsetMs: number; followed: 'slewed' | 'at_once' }) => void;
  /** An offset this small is no step (the two clocks' readings apart by a little). */
  noticeMs?: number;
}

export interface SteadyClock {
  /** Milliseconds since the epoch, never going back but for a step followed at once. */
  nowMs(): number;
  /** How far the system clock is ahead of this one (negative: behind), in milliseconds. */
  offsetMs(): number;
}

export const defaultSlewRate = 0.005;
export const defaultFollowAtOnceMs = 10_000;
const defaultNoticeMs = 500;

export function steadyClock(options: SteadyClockOptions = {}): SteadyClock {
  const wallMs = options.wallMs ?? Date.now;
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  const slewRate = options.slewRate ?? defaultSlewRate;
  const followAtOnceMs = options.followAtOnceMs ?? defaultFollowAtOnceMs;
  const noticeMs = options.noticeMs ?? defaultNoticeMs;
  let monotonic = monotonicMs();
  let now = wallMs();
  let offset = 0;
  let slewing = false;
  const read = (): number => {
    const at = monotonicMs();
    const elapsed = Math.max(0, at - monotonic);
    monotonic = at;
    now += elapsed;
    offset = wallMs() - now;
    if (Math.abs(offset) >= followAtOnceMs) {
      options.onStep?.({ offsetMs: offset, followed: 'at_once' });
      now += offset;
      offset = 0;
      slewing = false;
      return now;
    }
    if (!slewing && Math.abs(offset) > noticeMs) options.onStep?.({ offsetMs: offset, followed: 'slewed' });
    slewing = Math.abs(offset) > noticeMs;
    const catchUp = Math.max(-elapsed * slewRate, Math.min(elapsed * slewRate, offset));
    now += catchUp;
    offset -= catchUp;
    return now;
  };
  return {
    nowMs: () => Math.floor(read()),
    offsetMs: () => offset,
  };
}
