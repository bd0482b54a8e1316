// Where a Redis URL points, as a person checks it: host, port and database index (two nodes on
// one Redis with different indexes share nothing), never the password the URL may hold.

import { addressOf } from '../service-unreachable-error.js';
import { indexOf } from './unneeded-password.js';

/** host:port/index of a Redis URL, index 0 when it gives none (redis://host/3 or ?db=3). */
export function redisAddressOf(url: string): string {
  const address = addressOf(url, 6379);
  return URL.canParse(url) ? `${address}/${indexOf(url) ?? 0}` : address;
}
