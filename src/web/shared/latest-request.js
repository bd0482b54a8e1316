// Latest request wins: a page that loads again on a pick or a filter (a campaign, a period, a
// search) often asks again before an earlier answer has come, and answers come in any order. An
// earlier answer, come late, must not be drawn over the one to the pick just made.

/** What `ask` gives instead of an answer, or a failure, that a later request has made moot. */
export const SUPERSEDED = Symbol('superseded');

/**
 * One thing a page loads (its results, its log, a lead): each `ask(request)` supersedes those
 * asked before it. `ask` resolves with `request()`'s answer, or rejects with its failure, when no
 * later one was asked meanwhile, and with SUPERSEDED otherwise: the caller draws nothing and says
 * nothing. `request` may make several calls; they count as one.
 */
export function latestRequest() {
  let asked = 0;
  let answered = 0;
  return {
    async ask(request) {
      const mine = ++asked;
      try {
        const answer = await request();
        return mine === asked ? answer : SUPERSEDED;
      } catch (error) {
        if (mine !== asked) return SUPERSEDED;
        throw error;
      } finally {
        answered = Math.max(answered, mine);
      }
    },
    /** The last request asked is still on its way: a timer's refresh waits for it rather than
     * supersede it (a slow server would otherwise never get an answer drawn). */
    get busy() {
      return answered < asked;
    },
  };
}
