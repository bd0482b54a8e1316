// An agent token acts only for its own agent; staff roles may act for any agent.

import { ApiError } from './api-error.js';
import type { Principal } from './principal.js';

export function assertActsAs(principal: Principal, agentId: string | null): void {
  if (principal.role !== 'agent') return;
  if (agentId === null || principal.agentId !== agentId) {
    throw new ApiError('forbidden', 'an agent may act only on their own calls and state');
  }
}
