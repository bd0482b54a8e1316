// The disposition being prepared for a call (code, lead stage, callback time and whose, notes),
// kept in this browser until it is sent, so that a reload (or the browser closed) mid-call loses
// none of it. One call at a time, under the signed-in agent's own key: signing out forgets it, so
// the next agent on the same browser finds nothing of it.

const PREFIX = 'outpace.dispositionDraft.';
/** Where an earlier version kept the notes alone, whoever was signed in: read once, then gone. */
const LEGACY_KEY = 'outpace.dispositionDraft';

/** The agent's draft for the call, or null. A call's pop is only ever the agent's own, so the
 * earlier version's notes of that call are theirs too. */
export function readDraft(agentId, attemptId) {
  for (const key of [PREFIX + agentId, LEGACY_KEY]) {
    try {
      const draft = JSON.parse(localStorage.getItem(key) ?? 'null');
      if (draft?.attemptId === attemptId) return draft;
    } catch {
      // Unreadable: nothing kept.
    }
  }
  return null;
}

/** Keeps `draft` ({ attemptId, code, stage, callbackAt, owner, notes }), or forgets it when the
 * agent has chosen and typed nothing. */
export function keepDraft(agentId, draft) {
  localStorage.removeItem(LEGACY_KEY);
  const empty = !draft.code && !draft.stage && !draft.notes.trim();
  if (empty) localStorage.removeItem(PREFIX + agentId);
  else localStorage.setItem(PREFIX + agentId, JSON.stringify(draft));
}

/** The agent signed out (or sent the disposition): nothing of theirs stays. */
export function forgetDraft(agentId) {
  localStorage.removeItem(PREFIX + agentId);
  localStorage.removeItem(LEGACY_KEY);
}
