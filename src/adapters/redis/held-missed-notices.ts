// Missed notices kept through a Redis outage: a notice Redis does not take is held in the node's
// memory, in order, and put into Redis when it answers again (tried every few seconds). A desktop
// opened on this node meanwhile is given the held ones with whatever Redis gives, so an agent is
// told even while Redis is away. A node that stops before Redis answers keeps what it holds in a
// file, which its next start holds again (without one they are lost, and that is logged). Nothing
// is sent while the client is not connected: ioredis would queue
// the command and run it on reconnecting, after the caller was told it failed, and a take run
// then would empty the list with no desktop to give it to.

import { readFile, rm, writeFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { distinctNotices, keepMissedNotice, missedNoticesKept, missedNoticesKeptMs, takeMissedNotices, type MissedNotice } from './missed-notices.js';

/** Redis is not connected: nothing was sent. */
export class RedisAwayError extends Error {
  constructor() {
    super('Redis is not connected');
    this.name = 'RedisAwayError';
  }
}

export interface HeldMissedNoticesOptions {
  /** How often held notices are offered to Redis again. */
  retryMs?: number;
  /** Where notices still held when the node stops are kept for its next start. */
  file?: string;
  /** The clock, for which restored notices are still worth saying (an hour, as Redis keeps them). */
  nowMs?: () => number;
}

export class HeldMissedNotices {
  /** Notices Redis has not taken yet, per agent, oldest first. */
  private readonly held = new Map<string, MissedNotice[]>();
  private retry: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly retryMs: number;

  constructor(private readonly redis: Redis, private readonly logger: Logger, private readonly options: HeldMissedNoticesOptions = {}) {
    this.retryMs = options.retryMs ?? 5_000;
  }

  /** Holds again what a previous run kept in its file when it stopped (those still under an hour
   * old), offered to Redis as any held notice; the file goes. */
  async restore(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    let kept: Record<string, MissedNotice[]>;
    try {
      kept = JSON.parse(await readFile(file, 'utf8')) as Record<string, MissedNotice[]>;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.error({ err: error, file }, 'missed notices a previous run kept could not be read; they are lost');
      return;
    }
    const since = (this.options.nowMs ?? Date.now)() - missedNoticesKeptMs;
    let restored = 0;
    for (const [agentId, notices] of Object.entries(kept)) {
      for (const notice of notices.filter((n) => n.atMs >= since)) {
        this.hold(agentId, notice);
        restored += 1;
      }
    }
    await rm(file, { force: true });
    if (restored > 0) this.logger.warn({ restored, file }, 'missed notices a previous run held are offered to Redis again');
  }

  /** Kept in Redis, or held until it answers; never fails. An agent with notices held gets this
   * one held behind them, so they reach Redis in the order they happened. */
  async keep(agentId: string, notice: MissedNotice): Promise<void> {
    if (!this.held.has(agentId)) {
      try {
        this.mustBeConnected();
        await keepMissedNotice(this.redis, agentId, notice);
        return;
      } catch (error: unknown) {
        this.logger.warn({ err: error, agentId, reason: notice.reason }, 'a notice for a closed desktop is held on this node until Redis answers');
      }
    }
    this.hold(agentId, notice);
  }

  /** The agent's notices, oldest first, no older than `sinceMs`: those held here and those in
   * Redis; taken, so said once. Fails only when Redis fails and nothing is held here. */
  async take(agentId: string, sinceMs: number): Promise<MissedNotice[]> {
    const here = this.held.get(agentId) ?? [];
    this.held.delete(agentId);
    let stored: MissedNotice[] = [];
    try {
      this.mustBeConnected();
      stored = await takeMissedNotices(this.redis, agentId, sinceMs);
    } catch (error: unknown) {
      if (here.length === 0) throw error;
      this.logger.warn({ err: error, agentId }, "Redis did not give the agent's missed notices; the desktop is given those held on this node");
    }
    const since = here.filter((notice) => notice.atMs >= sinceMs);
    return distinctNotices([...stored, ...since].sort((a, b) => a.atMs - b.atMs)).slice(-missedNoticesKept);
  }

  /** How many notices wait for Redis. */
  heldCount(): number {
    let count = 0;
    for (const notices of this.held.values()) count += notices.length;
    return count;
  }

  /** A last offer to Redis; what it does not take is kept in the file for the next start, or
   * logged as lost. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.flushing;
    await this.flush();
    const left = this.heldCount();
    if (left === 0) return;
    const file = this.options.file;
    const kept = file !== undefined && await writeFile(file, JSON.stringify(Object.fromEntries(this.held)), 'utf8').then(() => true, (error: unknown) => {
      this.logger.error({ err: error, file }, 'missed notices could not be kept for the next start');
      return false;
    });
    if (kept) this.logger.warn({ kept: left, agents: this.held.size, file }, 'missed notices held while Redis was away are kept for the next start: the node stopped before Redis answered');
    else this.logger.error({ lost: left, agents: this.held.size }, 'missed notices held while Redis was away are lost: the node stopped before Redis answered');
  }

  private mustBeConnected(): void {
    if (this.redis.status !== 'ready') throw new RedisAwayError();
  }

  private hold(agentId: string, notice: MissedNotice): void {
    const list = this.held.get(agentId) ?? [];
    list.push(notice);
    // The last ones only, as Redis keeps them.
    if (list.length > missedNoticesKept) list.splice(0, list.length - missedNoticesKept);
    this.held.set(agentId, list);
    this.tryAgainLater();
  }

  /** Another offer later; none once stopped (the last offer was the stop's). */
  private tryAgainLater(): void {
    if (this.stopped) return;
    this.retry ??= setTimeout(() => {
      this.retry = null;
      // After any offer still going: two at once would both send, and both let go of, the same first notice.
      this.flushing = this.flushing.then(() => this.flush());
    }, this.retryMs);
    this.retry.unref();
  }

  /** Offers each agent's held notices to Redis, oldest first, each let go once Redis has it; at
   * the first it refuses, tries again later. */
  private async flush(): Promise<void> {
    for (const [agentId, notices] of [...this.held]) {
      while (notices.length > 0) {
        const [first] = notices;
        if (!first) break;
        try {
          this.mustBeConnected();
          await keepMissedNotice(this.redis, agentId, first);
        } catch {
          this.tryAgainLater();
          return;
        }
        notices.shift();
      }
      if (this.held.get(agentId) === notices) this.held.delete(agentId);
    }
  }
}
