// The staff member behind an action on an agent: a supervisor's or a manager's token acting for
// the agent is named with the move it makes (the state log, the call's end); the agent's own is not.

import { staffShown, type ActingStaff, type StaffShown } from '../../core/acting-staff.js';
import type { Agent } from '../../core/agent.js';
import type { Principal } from './principal.js';

/** The caller as the staff member acting for an agent, or undefined when the caller is the agent. */
export function staffActing(principal: Principal): ActingStaff | undefined {
  if (principal.role === 'agent') return undefined;
  return { id: principal.id, name: principal.name, role: principal.role };
}

/** Who of the staff paused the agent, and asked for the pause or logout to come; null: not staff. */
export interface StaffMoves {
  pausedBy: StaffShown | null;
  pendingPauseBy: StaffShown | null;
  pendingLogoutBy: StaffShown | null;
}

export function staffMovesOf(agent: Pick<Agent, 'pausedBy' | 'pendingPauseBy' | 'pendingLogoutBy'>): StaffMoves {
  return { pausedBy: staffShown(agent.pausedBy), pendingPauseBy: staffShown(agent.pendingPauseBy), pendingLogoutBy: staffShown(agent.pendingLogoutBy) };
}
