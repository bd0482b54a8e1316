// Asterisk's timestamp format: %FT%T.%q%z, e.g. 2026-11-23T12:00:02.123+0000 (UTC, no colon).

export function ariTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}
