// The dispositions being prepared for calls (code, lead stage, callback time and whose, notes),
// kept in this browser until each is sent, so that a reload (or the browser closed) mid-call loses
// none of it. One draft per call: a call cut off waits under "To disposition" with what was typed
// during it while the agent takes the next call and types that one's. All of an agent's drafts are
// under the signed-in agent's own key: signing out forgets them, so the next agent on the same
// browser finds nothing of them.

import { dateToZonedLocal, isKnownZone } from '/web/shared/zoned-time.js';

const PREFIX = 'outpace.dispositionDraft.';
/** Where an earlier version kept the notes alone, whoever was signed in: read once, then gone. */
const LEGACY_KEY = 'outpace.dispositionDraft';
/** The most drafts kept for one agent: the least recently changed go first (a call given its
 * disposition elsewhere, by a supervisor say, leaves its draft behind until then). */
const MAX_DRAFTS = 50;

function parse(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    // Unreadable: nothing kept.
    return null;
  }
}

/** The agent's drafts by call. An earlier version kept one draft, the object itself. */
function readAll(agentId) {
  const kept = parse(PREFIX + agentId);
  if (typeof kept?.attemptId === 'string') return { [kept.attemptId]: kept };
  return kept?.drafts && typeof kept.drafts === 'object' ? kept.drafts : {};
}

function writeAll(agentId, drafts) {
  const newestFirst = Object.values(drafts).sort((a, b) => (b.savedAt ?? 0) - (a.savedAt ?? 0)).slice(0, MAX_DRAFTS);
  if (newestFirst.length === 0) localStorage.removeItem(PREFIX + agentId);
  else localStorage.setItem(PREFIX + agentId, JSON.stringify({ drafts: Object.fromEntries(newestFirst.map((d) => [d.attemptId, d])) }));
}

/** The agent's draft for the call, or null. A call's pop is only ever the agent's own, so the
 * earlier version's notes of that call are theirs too. */
export function readDraft(agentId, attemptId) {
  const own = readAll(agentId)[attemptId];
  if (own) return own;
  const legacy = parse(LEGACY_KEY);
  return legacy?.attemptId === attemptId ? legacy : null;
}

/** Keeps `draft` ({ attemptId, code, stage, callbackAt, owner, notes }) beside the agent's drafts
 * of other calls, or forgets it when the agent has chosen and typed nothing. */
export function keepDraft(agentId, draft) {
  localStorage.removeItem(LEGACY_KEY);
  const drafts = readAll(agentId);
  const empty = !draft.code && !draft.stage && !draft.notes.trim();
  if (empty) delete drafts[draft.attemptId];
  else drafts[draft.attemptId] = { ...draft, savedAt: Date.now() };
  writeAll(agentId, drafts);
}

/** The call's disposition is on its way: its draft has done its work, the others stay. */
export function forgetDraft(agentId, attemptId) {
  const drafts = readAll(agentId);
  delete drafts[attemptId];
  writeAll(agentId, drafts);
  if (parse(LEGACY_KEY)?.attemptId === attemptId) localStorage.removeItem(LEGACY_KEY);
}

/** The agent signed out: nothing of theirs stays. */
export function forgetDrafts(agentId) {
  localStorage.removeItem(PREFIX + agentId);
  localStorage.removeItem(LEGACY_KEY);
}

/** The draft a disposition queued as `body` (the API's) stands for: what the form showed when it
 * was given, to be put right (the server refused it). */
export function draftOfSubmission(attemptId, body) {
  const callback = body.callback ?? null;
  const zone = callback?.timezone && isKnownZone(callback.timezone) ? callback.timezone : 'UTC';
  return {
    attemptId, code: body.code ?? null, stage: body.stage ?? null, notes: body.notes ?? '',
    callbackAt: callback ? dateToZonedLocal(new Date(callback.at), zone) : '',
    owner: callback?.personal === false ? 'anyone' : 'me',
  };
}
