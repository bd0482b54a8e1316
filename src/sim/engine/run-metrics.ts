// What a simulated run measured: agent time by state, talk with people, live answers and
// abandons per minute, answer-to-agent latency and the wait between calls. Productivity is
// measured after the warm-up; abandonment over the whole run, as a regulator would count it.

import { agentStatuses, type AgentStatus } from '../../core/agent.js';
import type { AttemptSummary } from '../../core/commands.js';
import type { PacingDecision } from '../../core/pacing/pacing-decision.js';

const MINUTE_MS = 60_000;

export class RunMetrics {
  readonly statusMs = Object.fromEntries(agentStatuses.map((s) => [s, 0])) as Record<AgentStatus, number>;
  personTalkMs = 0;
  dials = 0;
  dialsTotal = 0;
  readonly live: number[];
  readonly abandoned: number[];
  readonly machines: number[];
  readonly latenciesMs: number[] = [];
  readonly waitsMs: number[] = [];
  silentCalls = 0;
  /** Every live answer and abandon, drain included, for the ledger audit. */
  liveTotal = 0;
  abandonedTotal = 0;

  /** The pacer's own forecasts, summed over its decisions: expected lost live answers and
   * expected live answers. Their ratio, against the realised rate, is the forecast's calibration. */
  forecastLost = 0;
  forecastLive = 0;

  constructor(readonly windowStartMs: number, readonly windowEndMs: number) {
    const minutes = Math.ceil(windowEndMs / MINUTE_MS) + 1;
    this.live = new Array<number>(minutes).fill(0);
    this.abandoned = new Array<number>(minutes).fill(0);
    this.machines = new Array<number>(minutes).fill(0);
  }

  private overlap(startMs: number, endMs: number): number {
    return Math.max(0, Math.min(endMs, this.windowEndMs) - Math.max(startMs, this.windowStartMs));
  }

  onAgentTime(status: AgentStatus, endMs: number, durationMs: number): void {
    this.statusMs[status] += this.overlap(endMs - durationMs, endMs);
  }

  onReadyWait(durationMs: number, atMs: number): void {
    if (atMs >= this.windowStartMs && atMs < this.windowEndMs) this.waitsMs.push(durationMs);
  }

  onPersonTalk(startMs: number, endMs: number): void {
    this.personTalkMs += this.overlap(startMs, endMs);
  }

  onDial(atMs: number): void {
    if (atMs > this.windowEndMs) return;
    this.dialsTotal += 1;
    if (atMs >= this.windowStartMs) this.dials += 1;
  }

  onAttemptClosed(summary: AttemptSummary): void {
    if (summary.amdVerdict === 'machine') this.bump(this.machines, summary.answeredAtMs ?? summary.endedAtMs);
    if (summary.liveAtMs === null) return;
    this.liveTotal += 1;
    if (summary.abandoned) this.abandonedTotal += 1;
    this.bump(this.live, summary.liveAtMs);
    if (summary.abandoned) this.bump(this.abandoned, summary.liveAtMs);
    if (summary.connectedAtMs !== null) this.latenciesMs.push(summary.connectedAtMs - summary.liveAtMs);
  }

  onDecision(decision: PacingDecision): void {
    const forecast = decision.inputs.forecast;
    if (!forecast || decision.atMs > this.windowEndMs) return;
    this.forecastLost += forecast.predictedAbandonShare * forecast.expectedLiveAnswers;
    this.forecastLive += forecast.expectedLiveAnswers;
  }

  private bump(column: number[], atMs: number): void {
    if (atMs > this.windowEndMs) return;
    const minute = Math.floor(atMs / MINUTE_MS);
    column[minute] = (column[minute] ?? 0) + 1;
  }
}
