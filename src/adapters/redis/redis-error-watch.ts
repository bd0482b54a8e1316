// Logs the node's Redis connection errors through its logger, where ioredis printed each one to the
// console ("[ioredis] Unhandled error event", address included) at every reconnect attempt, and
// keeps what went wrong last, so that /ready can tell credentials refused from unreachable.
// One watch serves all of a node's connections: a dead Redis makes one warning, not one per
// client and attempt; a connection ready again makes the next error worth saying again.

import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { networkReason } from '../service-unreachable-error.js';
import { redisAddressOf } from './redis-address.js';
import { RedisCredentialsRefusedError } from './redis-credentials-refused-error.js';

/** What went wrong with a Redis connection, in the words /ready uses. */
export type RedisProblem = 'credentials refused' | 'unreachable' | 'error';

/** Redis refusing a login: no password given (NOAUTH), a wrong user or password (WRONGPASS, or
 * "invalid password" before Redis 6). */
const refusedLogin = /^(NOAUTH|WRONGPASS)\b|invalid password|invalid username-password/i;

export function redisProblemOf(error: unknown): RedisProblem {
  if (!(error instanceof Error)) return 'error';
  if (refusedLogin.test(error.message)) return 'credentials refused';
  return networkReason(error) === null ? 'error' : 'unreachable';
}

export class RedisErrorWatch {
  private readonly said = new Set<string>();
  private last: RedisProblem | null = null;

  private readonly address: string | null;

  /** `url`: the Redis URL the connections use, for its address (never its password) in the log. */
  constructor(private readonly logger: Logger, url?: string) {
    this.address = url === undefined ? null : redisAddressOf(url);
  }

  /** Listens to `client`'s errors (an ioredis client, a BullMQ queue or worker) and its recovery. */
  watch<T extends EventEmitter>(client: T, name: string): T {
    client.on('error', (error: unknown) => this.failed(error, name));
    client.on('ready', () => this.recovered());
    return client;
  }

  /** What went wrong since a connection was last ready, or null. */
  problem(): RedisProblem | null {
    return this.last;
  }

  private failed(error: unknown, name: string): void {
    const problem = redisProblemOf(error);
    this.last = problem;
    // Errors of no connection (a command refused, a script failing) are told apart by their
    // message; a reconnect's repeat of one already said is not said again.
    const message = error instanceof Error ? error.message : String(error);
    const key = problem === 'error' ? `error: ${message}` : problem;
    if (this.said.has(key)) return;
    this.said.add(key);
    // Only the message: ioredis puts the AUTH command's arguments, the password among them, on
    // the error it gives for a refused login; Redis's own messages name no password.
    const code = (error as { code?: unknown }).code;
    this.logger.warn({ client: name, problem, reason: message, ...(typeof code === 'string' ? { code } : {}) }, `${this.described(problem, name, message)}; said once until a connection to Redis is ready again`);
  }

  private described(problem: RedisProblem, name: string, message: string): string {
    if (problem === 'credentials refused') return new RedisCredentialsRefusedError(message, this.address).message;
    return problem === 'error' ? `${name} error (${message})` : `Redis ${problem} (${message})`;
  }

  private recovered(): void {
    if (this.last !== null) this.logger.info('Redis connection ready again');
    this.last = null;
    this.said.clear();
  }
}
