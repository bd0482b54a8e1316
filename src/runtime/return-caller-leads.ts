// The leads this node made for people calling back whom the campaign never called, while their
// calls are with the line: when no agent takes a caller, the attempt of their call is removed and,
// once no other call of theirs is on it, so is the lead made for them (return-caller-lead.ts says
// when the database lets it go): a lead is made for a call put through, not for one that heard the
// message (but for one who waited on hold their time for an agent: a missed call, kept with it). A second call from the number meanwhile finds the same lead, and the last one to end
// settles it, unless the evidence of another names it by then; a lead found (not made here) is
// never removed.

import type { Logger } from 'pino';
import type { InboundAttemptInput } from '../adapters/pg/inbound-attempts.js';
import type { Pool } from '../adapters/pg/pool.js';
import { dropReturnCallerAttempt, returnCallerAttempt } from '../adapters/pg/return-caller-lead.js';
import { dropWithheldCallerAttempt, withheldCallerAttempt } from '../adapters/pg/withheld-caller-lead.js';

/** A caller's lead and the attempt of their call, until the call is settled one way or the other. */
export interface CallerLead {
  leadId: string;
  /** Made for this call. */
  created: boolean;
  attemptId: string;
  /** No agent took them: the attempt is removed, and the lead made for them when no call is left
   * on it. Resolves true when the lead was removed (never rejects); once only. */
  drop(): Promise<boolean>;
  /** An agent took them, or the call ended with its attempt kept: the lead stays. */
  keep(): void;
  /** What drop() gave (false until it is asked). */
  readonly removed: Promise<boolean>;
}

export class ReturnCallerLeads {
  /** Leads made here for callers, by how many of their calls are not settled yet. */
  private readonly open = new Map<string, number>();

  constructor(private readonly pool: Pool, private readonly logger: Logger) {}

  /** The lead for the caller and the attempt of their call on it (see return-caller-lead.ts). */
  async attemptFor(input: Omit<InboundAttemptInput, 'leadId'>): Promise<CallerLead> {
    const found = await returnCallerAttempt(this.pool, input);
    const calls = this.open.get(found.leadId);
    if (found.created) this.open.set(found.leadId, 1);
    else if (calls !== undefined) this.open.set(found.leadId, calls + 1);
    const tracked = found.created || calls !== undefined;
    let settled = false;
    let removed = Promise.resolve(false);
    const settle = (): boolean => {
      if (settled || !tracked) return false;
      const left = (this.open.get(found.leadId) ?? 1) - 1;
      this.open.set(found.leadId, left);
      return left === 0;
    };
    return {
      ...found,
      get removed() { return removed; },
      drop: () => {
        if (settled) return removed;
        const last = settle();
        settled = true;
        removed = dropReturnCallerAttempt(this.pool, { campaignId: input.campaignId, e164: input.e164, leadId: found.leadId, attemptId: found.attemptId, removeLead: last })
          .catch((error: unknown) => {
            this.logger.error({ attemptId: found.attemptId, leadId: found.leadId, err: error }, 'the attempt of a return call no agent took, or the lead made for it, could not be removed');
            return false;
          })
          .finally(() => this.forgetIfDone(found.leadId));
        return removed;
      },
      keep: () => {
        settle();
        settled = true;
        this.forgetIfDone(found.leadId);
      },
    };
  }

  /** A lead of no number for a caller who withheld theirs, made for this call alone, and the attempt
   * of the call on it (withheld-caller-lead.ts): dropped, both go unless something holds the lead. */
  async withheldAttemptFor(input: Omit<InboundAttemptInput, 'leadId' | 'e164'>): Promise<CallerLead> {
    const found = await withheldCallerAttempt(this.pool, input);
    let removed = Promise.resolve(false);
    let settled = false;
    return {
      ...found, created: true,
      get removed() { return removed; },
      drop: () => {
        if (settled) return removed;
        settled = true;
        removed = dropWithheldCallerAttempt(this.pool, found).catch((error: unknown) => {
          this.logger.error({ attemptId: found.attemptId, leadId: found.leadId, err: error }, 'the attempt of a withheld return call no agent took, or the lead made for it, could not be removed');
          return false;
        });
        return removed;
      },
      keep: () => { settled = true; },
    };
  }

  /** A lead with no call left on it is no longer this node's to settle: a call found on it later keeps it. */
  private forgetIfDone(leadId: string): void {
    if (this.open.get(leadId) === 0) this.open.delete(leadId);
  }
}
