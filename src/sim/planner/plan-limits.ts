// The largest questions the planner answers, for its own checks and the API's: a module of its
// own so that checking a question does not load the simulator.

/** Leads a plan takes at most: the planner simulates each one, and a larger list would keep a
 * node's planner (or the terminal) busy for hours. */
export const maxPlanLeads = 10_000_000;
/** Why a larger list is refused, said the same by the API and `outpace plan`. */
export const planLeadsWhy = `must be at most ${maxPlanLeads}: the planner simulates every lead (plan a larger list in parts)`;

/** Team sizes the planner simulates, and searches up to for a deadline. */
export const maxPlanAgents = 1_000;
/** Dials per lead the planner takes. */
export const maxAttemptsPerLead = 50;
/** Days of the longest calendar the planner takes (dialHoursByDay, dialRangesByDay). */
export const maxCalendarDays = 366;
/** The furthest after the start a lead due later may fall due, in minutes: the longest calendar.
 * A campaign's lead due after it (a callback set for the year after next) is given as due then. */
export const maxDueLaterMinutes = maxCalendarDays * 1_440;

/** Why the share of dials a person answers must be more than 0 and less than 1, said where a
 * question is refused for it. */
export const liveRateWhy = {
  none: 'a list no one answers is never worked through (give the share of dials a person answers, e.g. 0.2)',
  all: 'some dials always meet a machine, a busy line or no answer (give the share a person answers, e.g. 0.2)',
} as const;
