// Compares two JSON values by shape only (key sets and value types, never values). Differences
// come back as readable lines, e.g. `.dialplan.priority: expected number, got string`. An empty
// list matches any list, since how many bridges a long-running PBX holds is not a shape.

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function shapeDiff(expected: unknown, actual: unknown, at = ''): string[] {
  const want = typeName(expected);
  const got = typeName(actual);
  if (want !== got) return [`${at || '(body)'}: expected ${want}, got ${got}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDiff(expected[0], actual[0], `${at}[0]`);
  }
  if (want !== 'object') return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const diffs: string[] = [];
  for (const key of Object.keys(e)) {
    if (!(key in a)) diffs.push(`${at}.${key}: missing`);
    else diffs.push(...shapeDiff(e[key], a[key], `${at}.${key}`));
  }
  for (const key of Object.keys(a)) if (!(key in e)) diffs.push(`${at}.${key}: unexpected`);
  return diffs;
}
