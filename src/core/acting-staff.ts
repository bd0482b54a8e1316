// The staff member (a supervisor, a manager) who made an agent's move for them: a pause, a logout,
// a hang-up forced from the wallboard or the team page. Absent on the agent's own moves and the
// engine's. Kept with the move so the state log, the call's end and the screens say who it was.

export interface ActingStaff {
  /** Their own identity (the token they signed in with), not their name: two people may share one. */
  id: string;
  name: string;
  role: string;
}
