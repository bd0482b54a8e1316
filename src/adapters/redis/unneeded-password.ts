// A Redis URL giving a password alone (redis://:secret@host) for a Redis that asks for none: ioredis
// sends AUTH on every connection and, refused, prints "[WARN] Redis server does not require a
// password, but a password was supplied" to the console itself, once per connection and reconnect,
// outside the node's log. Asked once at the start, the node says it in its log and connects without.

import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisIndexText } from '../../config/redis-index.js';

/** Redis's refusal of AUTH for want of a password to check (before Redis 6, and since). */
const noPasswordSet = /no password is set|without any password configured/i;

export function isNoPasswordSet(error: unknown): boolean {
  return error instanceof Error && noPasswordSet.test(error.message);
}

/** The password of a URL that gives one without a user name; null otherwise. */
export function passwordOnly(url: string): string | null {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  return parsed && parsed.password !== '' && parsed.username === '' ? decodeURIComponent(parsed.password) : null;
}

export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** The database index a URL gives (redis://host/3, else ?db=3, as ioredis reads it), or null. */
export function indexOf(url: string): number | null {
  const index = redisIndexText(url);
  return /^\d+$/.test(index) ? Number(index) : null;
}

/** A connection to the URL's Redis without its password, which gives up at once. Its index is
 * left for the caller to select once authenticated: selected on connecting, before AUTH, a Redis
 * that does ask for the password refuses it (NOAUTH). */
export function connectionWithoutPassword(url: string, timeoutMs: number): Redis {
  const parsed = new URL(withoutPassword(url));
  parsed.pathname = '';
  parsed.searchParams.delete('db');
  return new Redis(parsed.toString(), {
    lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, enableReadyCheck: false,
  });
}

/** Redis's answers to URLs' passwords alone (true: Redis asks for none), had by a start's check
 * (reachRedis) and taken by the node's start (redisUrlToUse), so that a start asks Redis once.
 * One per start, given to both: a check given none (the doctor's) keeps no answer for a later
 * start to take unasked, and a node started without one asks Redis itself. */
export class PasswordAnswers {
  private readonly answers = new Map<string, boolean>();

  remember(url: string, asksForNone: boolean): void {
    this.answers.set(url, asksForNone);
  }

  /** The answer had for `url`, taken: asked again, it is asked of Redis. */
  take(url: string): boolean | undefined {
    const answer = this.answers.get(url);
    this.answers.delete(url);
    return answer;
  }
}

/** AUTH with a URL's password alone: true when Redis refuses it for want of a password to check;
 * any other refusal is thrown. */
export async function asksForNoPassword(redis: Redis, password: string): Promise<boolean> {
  try {
    await redis.call('AUTH', password);
    return false;
  } catch (error) {
    if (isNoPasswordSet(error)) return true;
    throw error;
  }
}

/** Whether the URL's Redis asks for no password, asked on a connection of its own; no answer, or
 * another one, counts as asking for it: the node's connections then say what is wrong. */
async function askRedis(url: string, password: string, timeoutMs: number): Promise<boolean> {
  const redis = connectionWithoutPassword(url, timeoutMs);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await asksForNoPassword(redis, password);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** `url`, or without its password when Redis asks for none (said once in `logger`), by the answer
 * the start's check had (`answers`), or else asked now. */
export async function redisUrlToUse(url: string, logger: Logger, options: { answers?: PasswordAnswers; timeoutMs?: number } = {}): Promise<string> {
  const password = passwordOnly(url);
  if (password === null) return url;
  const asksForNone = options.answers?.take(url) ?? await askRedis(url, password, options.timeoutMs ?? 10_000);
  if (!asksForNone) return url;
  logger.warn('Redis asks for no password, but redis.url (REDIS_URL) gives one: connecting without it; '
    + 'take it out of the URL, or give Redis a password (requirepass) and restart the node');
  return withoutPassword(url);
}
