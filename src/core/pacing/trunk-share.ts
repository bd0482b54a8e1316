// A trunk several nodes drive is split evenly between the nodes present: each takes the whole
// calls a second the limit divides into, and the first nodes by id one more each for what is left,
// so the shares add up to the trunk's limit and never more. A node takes the smaller of its share
// and a limit of its own.

/** The node's share of the trunk's calls a second among `members` (itself included); 0 when it is
 * not among them (not yet seen by the others). */
export function trunkShareOf(limit: number, members: readonly string[], nodeId: string): number {
  const ranked = [...new Set(members)].sort();
  const rank = ranked.indexOf(nodeId);
  if (rank < 0) return 0;
  return Math.floor(limit / ranked.length) + (rank < limit % ranked.length ? 1 : 0);
}

/** The node's calls-a-second limit: the smaller of its own (0: none) and its trunk share (null:
 * none); null when neither limits it. */
export function nodeDialRateOf(nodeLimit: number, trunkShare: number | null): number | null {
  const limits = [...(nodeLimit > 0 ? [nodeLimit] : []), ...(trunkShare === null ? [] : [trunkShare])];
  return limits.length === 0 ? null : Math.min(...limits);
}
