// The return-call line's decisions wired to what they read and write: the campaigns and calls of
// the database, the core's choice of campaign and message, the opt-out through the same durable
// write as the safe-harbor message's key, and the evidence of every return call.

import type { Logger } from 'pino';
import type { ReturnCallHandler, ReturnCallPlan } from '../adapters/ari/ari-telephony.js';
import type { Pool } from '../adapters/pg/pool.js';
import { readReturnCallFacts, recordReturnCall } from '../adapters/pg/return-call-facts.js';
import { callerE164, decideReturnCall } from '../core/compliance/return-call.js';

/** The reason a return call's opt-out is kept under, beside the safe-harbor message's. */
export const returnCallOptOutSource = 'return_call_opt_out';

export interface ReturnCallLineDeps {
  pool: Pool;
  /** The node's caller ID, presented by campaigns without their own. */
  defaultCallerId: string;
  /** Puts the number on the global list with its evidence (the engine store's opt-out write). */
  addOptOut: (campaignId: string, e164: string, source: string) => Promise<void>;
  /** Each return call once over, by campaign and whether the person opted out. */
  onEnded?: (campaignId: string, optedOut: boolean) => void;
  nowMs: () => number;
  logger: Logger;
}

export function returnCallLine(deps: ReturnCallLineDeps): ReturnCallHandler {
  return async (call) => {
    const caller = callerE164(call.caller);
    const facts = await readReturnCallFacts(deps.pool, caller, deps.defaultCallerId);
    const decision = decideReturnCall({ dialled: call.dialled, caller, ...facts });
    if (decision.kind === 'not_presented') return null;
    const { campaignId, leadIds } = decision;
    deps.logger.info({ channelId: call.channelId, campaignId, leadIds }, 'a return call to a number the campaign presents: its message is played');
    const plan: ReturnCallPlan = {
      media: decision.media,
      optOutDigit: decision.optOutDigit,
      optOut: async () => {
        if (caller !== null) await deps.addOptOut(campaignId, caller, returnCallOptOutSource);
      },
      ended: (optedOut) => {
        deps.onEnded?.(campaignId, optedOut);
        recordReturnCall(deps.pool, { campaignId, e164: caller, callerId: call.dialled, leadIds, optedOut, at: new Date(deps.nowMs()) })
          .catch((error: unknown) => deps.logger.error({ campaignId, err: error }, 'the evidence of a return call could not be written'));
      },
    };
    return plan;
  };
}
