// The stages a lead climbs, in order: raw lead, valid contact, appointment, opportunity. A lead that
// reaches a later stage has passed the earlier ones, even when one disposition took it past them
// (a first call that books an appointment): targets on an earlier stage count it too.

export const stageLadder = ['raw_lead', 'valid_contact', 'appointment', 'opportunity'] as const;
export type LadderStage = (typeof stageLadder)[number];

/** A stage's place on the ladder; 0 (a raw lead's) for none recorded and for one off the ladder
 * (rejected): such a lead holds no stage past the first. */
function rung(stage: string | null): number {
  const index = stageLadder.indexOf(stage as LadderStage);
  return index < 0 ? 0 : index;
}

/** The stages a disposition moving a lead from `before` to `after` reaches: each one above the
 * stage it held, up to the one it moved to. A move down the ladder, to the same stage, or off it
 * (rejected) reaches none. */
export function stagesReached(before: string | null, after: string | null): LadderStage[] {
  if (!stageLadder.includes(after as LadderStage)) return [];
  return stageLadder.slice(rung(before) + 1, rung(after) + 1);
}
