// Checks at a command's start that Redis answers, so that one the node cannot reach stops it with
// Redis's address (host:port/index, as the doctor names one reached) and what to check
// (ServiceUnreachableError), rather than leaving it retrying the connection for ever with
// "[ioredis] Unhandled error event" on its output.

import { Redis } from 'ioredis';
import { AnsweredWithoutTlsError, networkReason, ServiceUnreachableError } from '../service-unreachable-error.js';
import { answersWithoutTls } from './plain-redis-probe.js';
import { redisAddressOf } from './redis-address.js';
import { asksForNoPassword, connectionWithoutPassword, indexOf, passwordOnly, type PasswordAnswers } from './unneeded-password.js';

/** `answers`: where a start keeps Redis's answer to a password alone for the node's start to take
 * (the same options redisUrlToUse takes). */
export async function reachRedis(url: string, options: { answers?: PasswordAnswers; timeoutMs?: number } = {}): Promise<void> {
  const { answers, timeoutMs = 10_000 } = options;
  // A password alone is sent here rather than by ioredis, which prints a warning of its own when
  // Redis asks for none (the node says that in its log; see unneeded-password.ts).
  const password = passwordOnly(url);
  const redis = password === null
    ? new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
    : connectionWithoutPassword(url, timeoutMs);
  // The connection's own error says why (refused, no such host); connect() only that it closed.
  let connectionError: unknown = null;
  redis.on('error', (error: unknown) => { connectionError = error; });
  try {
    await redis.connect();
    const asksForNone = password === null ? null : await authenticated(redis, password, indexOf(url));
    await redis.ping();
    // A refused handshake (an index the server does not have, a password it does not take) does
    // not fail connect(): the connection stays on index 0 and every later client logs the refusal.
    // Its reply comes before the ping's, so by now it has been said.
    if (connectionError !== null) throw connectionError;
    // The node's start takes the answer rather than asking again (redisUrlToUse).
    if (asksForNone !== null) answers?.remember(url, asksForNone);
  } catch (error) {
    const cause = connectionError ?? error;
    throw new ServiceUnreachableError('redis', redisAddressOf(url), await tlsUnansweredByPlainRedis(url, cause, timeoutMs) ? new AnsweredWithoutTlsError() : cause);
  } finally {
    redis.disconnect();
  }
}

/** AUTH with the password (refused for want of one to check: fine), then the URL's index; true
 * when Redis asks for no password. */
async function authenticated(redis: Redis, password: string, index: number | null): Promise<boolean> {
  const asksForNone = await asksForNoPassword(redis, password);
  if (index !== null) await redis.select(index);
  return asksForNone;
}

/** A rediss:// URL that met no answer, to a server that answers a plain PING: a Redis without TLS. */
async function tlsUnansweredByPlainRedis(url: string, cause: unknown, timeoutMs: number): Promise<boolean> {
  if (!url.startsWith('rediss:') || networkReason(cause) !== 'no answer in time') return false;
  const { hostname, port } = new URL(url);
  return answersWithoutTls(hostname || 'localhost', Number(port || 6379), Math.min(timeoutMs, 2_000));
}
