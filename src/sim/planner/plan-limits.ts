// The largest questions the planner answers, for its own checks and the API's: a module of its
// own so that checking a question does not load the simulator.

/** Team sizes the planner simulates, and searches up to for a deadline. */
export const maxPlanAgents = 1_000;
/** Dials per lead the planner takes. */
export const maxAttemptsPerLead = 50;
