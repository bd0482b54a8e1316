// Redis refusing a node's login on a connection (WRONGPASS, NOAUTH), at its start or on a reconnect
// once Redis's password (or user) was changed: the node reads REDIS_URL at its start only, so it
// goes on offering what it read, refused at every attempt, until it is restarted with the new one.
// The message says that; it holds Redis's own words, never the password nor a command's arguments
// (ioredis keeps the AUTH command, password and all, on the error it gives).

export class RedisCredentialsRefusedError extends Error {
  readonly code = 'REDIS_CREDENTIALS_REFUSED';

  /** `reason`: Redis's refusal; `address`: host:port/index, when known. */
  constructor(reason: string, address: string | null) {
    super(`Redis${address === null ? '' : ` at ${address}`} refused this node's login (${reason}): the node reads the password and user `
      + 'REDIS_URL (redis.url) gives at its start only; if they were changed in Redis, put the new ones in REDIS_URL and restart the node '
      + '(until then its work in Redis stops, and it keeps trying)');
    this.name = 'RedisCredentialsRefusedError';
  }
}
