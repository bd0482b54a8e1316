// A login that finds no session of the agent's on another node claims the agent for a few seconds:
// two nodes asked at the same moment would otherwise both find none, and both ring the phone. The
// claim outlasts the moment the session is written, after which that session is what refuses; a
// login that fails gives it back, so the node the agent is sent on to is not held off.

import type { Redis } from 'ioredis';

/** How long a login's claim on the agent holds off another node's. */
export const agentLoginClaimMs = 5_000;

export function agentLoginClaimKey(agentId: string): string {
  return `agent-login:${agentId}`;
}

// Taken when free or already this node's (a second login here is this node's engine to decide).
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

/** Null once `nodeId` holds the claim on the agent's login; otherwise the node that holds it. */
export async function claimAgentLogin(redis: Redis, agentId: string, nodeId: string, ms = agentLoginClaimMs): Promise<string | null> {
  const holder = await redis.eval(CLAIM, 1, agentLoginClaimKey(agentId), nodeId, String(ms));
  return typeof holder === 'string' ? holder : null;
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Gives back `nodeId`'s claim on the agent's login (one another node holds is left alone). */
export async function releaseAgentLogin(redis: Redis, agentId: string, nodeId: string): Promise<void> {
  await redis.eval(RELEASE, 1, agentLoginClaimKey(agentId), nodeId);
}
