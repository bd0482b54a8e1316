// The largest questions the planner answers, for its own checks and the API's: a module of its
// own so that checking a question does not load the simulator.

/** Team sizes the planner simulates, and searches up to for a deadline. */
export const maxPlanAgents = 1_000;
/** Dials per lead the planner takes. */
export const maxAttemptsPerLead = 50;
/** Days of the longest calendar the planner takes (dialHoursByDay, dialRangesByDay). */
export const maxCalendarDays = 366;
/** The furthest after the start a lead due later may fall due, in minutes: the longest calendar.
 * A campaign's lead due after it (a callback set for the year after next) is given as due then. */
export const maxDueLaterMinutes = maxCalendarDays * 1_440;
