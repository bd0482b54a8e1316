// What an agent's desktop would have said while none was open (a refusal of the PBX, a hold ended
// by its limit, a third party gone), kept in Redis so that the desktop opened next says it, on
// whichever node it opens and across a restart: a list per agent, its last few notices, gone an
// hour after the last one is kept or as soon as a desktop takes them.

import type { Redis } from 'ioredis';
import { multiReply } from './connection.js';

export interface MissedNotice {
  reason: string;
  detail?: string;
  /** When it happened, on the engine's clock. */
  atMs: number;
}

/** Notices kept for an agent: the last this many, for at most this long. */
export const missedNoticesKept = 20;
export const missedNoticesKeptMs = 60 * 60_000;

export function missedNoticesKey(agentId: string): string {
  return `missed-notices:${agentId}`;
}

export async function keepMissedNotice(redis: Redis, agentId: string, notice: MissedNotice): Promise<void> {
  const key = missedNoticesKey(agentId);
  await redis.multi().rpush(key, JSON.stringify(notice)).ltrim(key, -missedNoticesKept, -1).pexpire(key, missedNoticesKeptMs).exec();
}

/** The agent's notices, oldest first, no older than `sinceMs`; taken, so said once. */
export async function takeMissedNotices(redis: Redis, agentId: string, sinceMs: number): Promise<MissedNotice[]> {
  const key = missedNoticesKey(agentId);
  const replies = await redis.multi().lrange(key, 0, -1).del(key).exec();
  const notices = multiReply<string[]>(replies, 0, 'missed notices').map(parseNotice).filter((notice): notice is MissedNotice => notice !== null && notice.atMs >= sinceMs);
  return distinctNotices(notices);
}

/** Each notice once, in the order given: one kept twice (a write Redis ran though the node had
 * given up on it, then kept again) is said once. */
export function distinctNotices(notices: readonly MissedNotice[]): MissedNotice[] {
  const seen = new Set<string>();
  return notices.filter((notice) => {
    const key = JSON.stringify([notice.atMs, notice.reason, notice.detail ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A stored notice, or null for one this version cannot read. */
function parseNotice(raw: string): MissedNotice | null {
  try {
    const value = JSON.parse(raw) as Partial<MissedNotice>;
    if (typeof value.reason !== 'string' || typeof value.atMs !== 'number') return null;
    return { reason: value.reason, atMs: value.atMs, ...(typeof value.detail === 'string' ? { detail: value.detail } : {}) };
  } catch {
    return null;
  }
}
