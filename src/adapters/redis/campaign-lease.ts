// Campaign ownership lease: one engine node drives a campaign. The owner holds a Redis key with a
// TTL and renews it every few ticks; if the node dies the key lapses and another node acquires it.
// Renew and release check ownership atomically (Lua), so a node that lost the lease (paused
// process, network split) can never extend or delete the new owner's lease.

import type { Redis } from 'ioredis';

export interface CampaignLeaseRef {
  campaignId: string;
  nodeId: string;
}

export interface CampaignLeaseRequest extends CampaignLeaseRef {
  ttlMs: number;
}

export function campaignLeaseKey(campaignId: string): string {
  return `campaign-lease:${campaignId}`;
}

// Acquire: take a free lease, or refresh our own (a restarted owner keeps its campaigns).
const ACQUIRE = `
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if owner then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** True if this node now owns the campaign for ttlMs. */
export async function acquireCampaignLease(redis: Redis, request: CampaignLeaseRequest): Promise<boolean> {
  const result = await redis.eval(ACQUIRE, 1, campaignLeaseKey(request.campaignId), request.nodeId, String(request.ttlMs));
  return result === 1;
}

/** True if the lease was still ours and now lasts ttlMs more; false means stop driving the campaign. */
export async function renewCampaignLease(redis: Redis, request: CampaignLeaseRequest): Promise<boolean> {
  const result = await redis.eval(RENEW, 1, campaignLeaseKey(request.campaignId), request.nodeId, String(request.ttlMs));
  return result === 1;
}

/** The node that drives the campaign now, or null when none holds its lease. */
export async function campaignLeaseHolder(redis: Redis, campaignId: string): Promise<string | null> {
  return redis.get(campaignLeaseKey(campaignId));
}

/** Gives the campaign up (clean shutdown); true if we held it. */
export async function releaseCampaignLease(redis: Redis, ref: CampaignLeaseRef): Promise<boolean> {
  const result = await redis.eval(RELEASE, 1, campaignLeaseKey(ref.campaignId), ref.nodeId);
  return result === 1;
}
