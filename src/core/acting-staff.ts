// The staff member (a supervisor, a manager) who made an agent's move for them: a pause, a logout,
// a hang-up forced from the wallboard or the team page. Absent on the agent's own moves and the
// engine's. Kept with the move so the state log, the call's end and the screens say who it was.

export interface ActingStaff {
  /** Their own identity (the token they signed in with), not their name: two people may share one. */
  id: string;
  name: string;
  role: string;
}

/** The staff member as anyone else is told of them (screens, reports, webhooks): name and role.
 * Their identity stays on the server: it is derived from their token. */
export type StaffShown = Pick<ActingStaff, 'name' | 'role'>;

export function staffShown(by: ActingStaff): StaffShown;
export function staffShown(by: ActingStaff | null | undefined): StaffShown | null;
export function staffShown(by: ActingStaff | null | undefined): StaffShown | null {
  return by ? { name: by.name, role: by.role } : null;
}
