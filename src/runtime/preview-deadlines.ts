// A preview campaign with a time limit keeps its agents moving: a lead previewed for longer than
// the limit is dialled for the agent (or skipped, as the campaign says), so a desktop left open
// on a lead neither holds the lead nor the agent. This node's previews are read every second; a
// dial the engine refuses (the agent no longer free) skips the lead instead, so it goes back to
// the list rather than waiting out its lease.

import type { Logger } from 'pino';
import { rejectionIn, type Command } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { Input } from '../core/inputs.js';
import type { Pool } from '../adapters/pg/pool.js';
import { withListOverride } from '../adapters/pg/list-overrides-of-leads.js';
import { overduePreviews, previewSkipCauses, skipPreview, type OverduePreview } from '../adapters/pg/preview-attempts.js';

export interface PreviewDeadlineDeps {
  pool: Pool;
  engine: { submit(input: Input): Command[]; state(): EngineState; nowMs(): number };
  nodeId: string;
  logger: Logger;
  /** How often previews are looked at; a limit is kept to within this. */
  everyMs?: number;
}

export class PreviewDeadlines {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly deps: PreviewDeadlineDeps) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.deps.everyMs ?? 1_000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Dials or skips every preview past its limit; one sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.act()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'acting on overdue previews failed'))
      .finally(() => { this.sweeping = null; });
    return this.sweeping;
  }

  private async act(): Promise<void> {
    // Every node runs this each second: one driving no preview campaign has none to read (a lead
    // left from one stopped since waits out its lease, as without a limit).
    const drivesPreviews = [...this.deps.engine.state().campaigns.values()].some((campaign) => campaign.settings.mode === 'preview');
    if (!drivesPreviews) return;
    const overdue = await overduePreviews(this.deps.pool, { nodeId: this.deps.nodeId, now: new Date(this.deps.engine.nowMs()) });
    for (const preview of overdue) {
      // Dialled already (its progress not written yet): nothing to do.
      if (this.deps.engine.state().calls.has(preview.attemptId)) continue;
      if (preview.action === 'dial' && await this.dial(preview)) continue;
      await skipPreview(this.deps.pool, { id: preview.attemptId, leadId: preview.leadId }, new Date(this.deps.engine.nowMs()), previewSkipCauses.timeLimit);
    }
  }

  /** Dials the lead for its agent; false when the engine refuses (the agent is busy or gone). */
  private async dial(preview: OverduePreview): Promise<boolean> {
    const lead = await withListOverride(this.deps.pool, { attemptId: preview.attemptId, leadId: preview.leadId, phone: preview.e164 });
    const out = this.deps.engine.submit({ type: 'preview_dial', agentId: preview.agentId, campaignId: preview.campaignId, lead });
    const refused = rejectionIn(out);
    if (refused) this.deps.logger.info({ attemptId: preview.attemptId, agentId: preview.agentId }, 'preview time limit: dial refused, lead skipped');
    return refused === undefined;
  }
}
