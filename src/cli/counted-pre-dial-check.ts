// The last compliance check before each originate (DNC, calling window, caps, rest after an
// abandon or a machine's answer, a caller ID to present, a national registry's copy fresh enough), with every block counted by rule for
// the compliance dashboard.

import type { Metrics } from '../adapters/metrics/metrics.js';
import type { ComplianceRule } from '../adapters/metrics/metrics.js';
import { countComplianceBlock } from '../adapters/metrics/runtime-setters.js';
import { preDialCheck } from '../adapters/pg/pre-dial-check.js';
import type { Pool } from '../adapters/pg/pool.js';
import type { PreDialCheck } from '../runtime/telephony-port.js';

/** Rules of the eligibility check as the metric names them; others are not compliance blocks. */
export const metricRule: Readonly<Record<string, ComplianceRule>> = {
  dnc: 'dnc',
  calling_window: 'calling_window',
  max_attempts_lead: 'max_attempts',
  max_attempts_day: 'max_attempts',
  max_attempts_phone: 'max_attempts',
  number_day_cap: 'max_attempts',
  abandon_rest: 'abandon_redial_hold',
  machine_rest: 'machine_redial_hold',
  number_in_call: 'number_in_call',
  caller_id: 'caller_id',
  // A registry the campaign is scrubbed against, its copy too old (or never loaded).
  national_registry: 'national_registry',
};

export function countedPreDialCheck(pool: Pool, metrics: Metrics): PreDialCheck {
  return async (command, nowMs) => {
    const verdict = await preDialCheck(pool, {
      attemptId: command.attemptId, campaignId: command.campaignId, leadId: command.leadId, phone: command.phone, callerId: command.callerId, nowMs,
    });
    if (!verdict.allowed) {
      const rule = metricRule[verdict.rule];
      if (rule) countComplianceBlock(metrics, command.campaignId, rule);
    }
    return verdict;
  };
}
