// Wires the engine to its metrics: every command the core emits, the engine state each second
// (gauges and the pacing page's history), PBX health, and list counts every few seconds (with the
// overdue callbacks of campaigns no node drives, from one node: idle-campaign-overdue.ts).

import type { Pool } from '../adapters/pg/pool.js';
import { countDueCallbacks } from '../adapters/pg/callback-counts.js';
import { countOverdueCallbacks } from '../adapters/pg/callback-follow-up.js';
import { leadsRemaining } from '../adapters/pg/campaign-stats.js';
import { observeCommands, startStateSampler, createPacingHistory, type Metrics, type PacingHistory } from '../adapters/metrics/index.js';
import { setFollowUpCounts, setLeadCounts } from '../adapters/metrics/runtime-setters.js';
import { countUndispositionedCalls } from '../adapters/pg/undispositioned-calls.js';
import type { PbxProbe } from '../adapters/ami/pbx-probe.js';
import type { EngineRuntime } from '../runtime/engine-runtime.js';
import { PbxHealthMonitor, type LinkStatus } from '../runtime/pbx-health.js';
import { IdleCampaignOverdue } from './idle-campaign-overdue.js';

export interface Observability {
  metrics: Metrics;
  history: PacingHistory;
  pbxHealth: PbxHealthMonitor;
  stop(): void;
}

const LEAD_COUNTS_EVERY_MS = 10_000;

export function startObservability(metrics: Metrics, runtime: EngineRuntime, pool: Pool, link: () => LinkStatus, probe: PbxProbe | null): Observability {
  const history = createPacingHistory();
  const regimeOf = (campaignId: string) => runtime.state().campaigns.get(campaignId)?.settings.regime;
  runtime.observe((commands, nowMs) => observeCommands(metrics, commands, nowMs, regimeOf));
  const sampler = startStateSampler({ metrics, history, state: () => runtime.state(), now: () => runtime.nowMs() });
  const pbxHealth = new PbxHealthMonitor({ link, probe, metrics, submit: (input) => { runtime.submit(input); } });
  pbxHealth.start();
  const idleOverdue = new IdleCampaignOverdue({ runtime, pool, metrics });
  const sampleCounts = (): void => {
    void sampleLeadCounts(runtime, pool, metrics);
    void sampleFollowUpCounts(runtime, pool, metrics);
    void idleOverdue.sample();
  };
  const leadTimer = setInterval(sampleCounts, LEAD_COUNTS_EVERY_MS);
  leadTimer.unref();
  sampleCounts();
  return {
    metrics, history, pbxHealth,
    stop: () => {
      sampler.stop();
      pbxHealth.stop();
      clearInterval(leadTimer);
    },
  };
}

/** Still in the engine once the counts are in: one that left meanwhile has had its gauges removed
 * (observe-state.ts), and must not get them back. */
const stillHere = (runtime: EngineRuntime, campaignId: string): boolean => runtime.state().campaigns.has(campaignId);

async function sampleLeadCounts(runtime: EngineRuntime, pool: Pool, metrics: Metrics): Promise<void> {
  for (const campaignId of [...runtime.state().campaigns.keys()]) {
    const counts = await leadsRemaining(pool, campaignId, new Date(runtime.nowMs())).catch(() => null);
    if (counts && stillHere(runtime, campaignId)) setLeadCounts(metrics, campaignId, { remaining: counts.workable, due: counts.dueNow });
  }
}

async function sampleFollowUpCounts(runtime: EngineRuntime, pool: Pool, metrics: Metrics): Promise<void> {
  const now = new Date(runtime.nowMs());
  const campaignIds = [...runtime.state().campaigns.keys()];
  const counts = await Promise.all([
    countDueCallbacks(pool, now), countOverdueCallbacks(pool, now), countUndispositionedCalls(pool, campaignIds, now),
  ]).catch(() => null);
  if (!counts) return;
  const [due, overdue, undispositioned] = counts;
  for (const campaignId of campaignIds.filter((id) => stillHere(runtime, id))) {
    setFollowUpCounts(metrics, campaignId, {
      callbacksDue: due.get(campaignId) ?? 0, callbacksOverdue: overdue.get(campaignId) ?? 0, undispositioned: undispositioned.get(campaignId) ?? 0,
    });
  }
}
