// A call under way to a number: an attempt on it dialled and not ended, whose lead's lease still
// holds (a call keeps its lead's lease renewed; an attempt a crashed node left open lapses with
// the lease). Selection, the pre-dial check and the explainer read it alike, so a line two leads
// share (a household's) is not rung for one while it is in a call for the other, on any node or
// campaign. Only a dialled attempt counts: two leased together, neither dialled yet, would
// otherwise each refuse the other at the last check, and the number would never be rung.
// A person calling back (an inbound attempt) is in a call from the moment their attempt is
// written: it has no originate time and its lead no lease of the call's, so it counts while it is
// open (its node closes it when the call ends, on its restart, or the node taking its campaigns
// over does), and the number is looked at again a minute on.

/** How long an open inbound call holds the number back before the number is looked at again. */
const inboundRecheck = "interval '1 minute'";

/** SQL: the latest lease of a call under way to `e164`, or NULL; `now` and `excludeAttempt` are
 * SQL expressions (parameters), the latter the caller's own attempt. */
export const numberInCallUntil = (e164: string, now: string, excludeAttempt = 'NULL'): string => `
  (SELECT max(CASE WHEN oa.direction = 'inbound' THEN greatest(ol.leased_until, ${now}::timestamptz + ${inboundRecheck}) ELSE ol.leased_until END)
   FROM attempts oa JOIN leads ol ON ol.id = oa.lead_id
   WHERE oa.e164 = ${e164} AND oa.ended_at IS NULL
     AND oa.created_at > ${now}::timestamptz - interval '1 day'
     AND oa.id IS DISTINCT FROM ${excludeAttempt}::uuid
     AND ((oa.originated_at IS NOT NULL AND ol.leased_until > ${now}::timestamptz) OR oa.direction = 'inbound'))`;
