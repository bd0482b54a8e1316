// The database index a Redis URL gives, read as ioredis reads it: its path after the port first,
// `?db=` only when the path gives none. The start checks, the doctor and the node's address in the
// log read it here, so none of them names an index other than the one the node's connections select.

/** The index's text ('' when the URL gives none); the URL must parse. */
export function redisIndexText(url: string): string {
  const parsed = new URL(url);
  const fromPath = parsed.pathname.slice(1);
  return fromPath !== '' ? fromPath : parsed.searchParams.get('db') ?? '';
}
