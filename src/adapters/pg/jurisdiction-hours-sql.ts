// The SQL half of a lead's jurisdiction hours (src/core/compliance/jurisdiction-window.ts): the
// core lists the `code@zone` pairs whose hours are shut now, and a lead naming one of its
// jurisdictions in one of its zones waits.

/** SQL: lead `l`'s jurisdictions are open now in every zone it may be in (`defaultZone`: the
 * campaign's zone, for a lead with none; `shut`: a text[] of the pairs shut now). */
export const jurisdictionHoursOpen = (defaultZone: string, shut: string): string => `(l.jurisdictions IS NULL OR NOT EXISTS (
    SELECT 1 FROM unnest(l.jurisdictions) j CROSS JOIN unnest(coalesce(l.other_time_zones, '{}') || coalesce(l.timezone, ${defaultZone})) z
    WHERE j || '@' || z = ANY(${shut}::text[])))`;
