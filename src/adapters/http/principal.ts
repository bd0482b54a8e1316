// Who is calling: resolved from the bearer token before any route runs.

import type { Role } from '../../config/schema.js';

export interface Principal {
  /** The token's own identity (`config:` and a digest of it, or `token:` and its row): who this is
   * apart from the name, which two tokens may share. */
  id: string;
  role: Role;
  name: string;
  /** Set for agent tokens: an agent may act only as this agent. */
  agentId: string | null;
}

/** Staff roles from most to least powerful; agents are a separate line, not below viewers. */
export const allRoles: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent', 'viewer'];
export const managers: readonly Role[] = ['admin', 'manager'];
export const supervisors: readonly Role[] = ['admin', 'manager', 'supervisor'];
export const staff: readonly Role[] = ['admin', 'manager', 'supervisor', 'viewer'];
export const agentsAndSupervisors: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent'];
/** The agent on the call alone: what only they can know to do (the customer asked to be recorded,
 * is reading out card details), and what the evidence log then says the agent did. */
export const agentsOnly: readonly Role[] = ['agent'];
