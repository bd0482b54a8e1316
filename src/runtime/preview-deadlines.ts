// A preview campaign with a time limit keeps its agents moving: a lead previewed for longer than
// the limit is dialled for the agent (or skipped, as the campaign says), so a desktop left open
// on a lead neither holds the lead nor the agent. This node's previews are read every second; a
// dial the engine refuses (the agent no longer free), or one in a campaign not running (paused,
// stopped: no call starts there), skips the lead instead, so it goes back to the list rather than
// waiting out its lease. A preview the engine is dialling (its agent dialled it meanwhile) is
// never skipped: its call goes on.

import type { Logger } from 'pino';
import { rejectionIn, type Command } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { Input } from '../core/inputs.js';
import type { Pool } from '../adapters/pg/pool.js';
import { withDialFact } from '../adapters/pg/lead-dial-facts.js';
import { overduePreviews, previewSkipCauses, skipPreview, type OverduePreview } from '../adapters/pg/preview-attempts.js';

/** The engine as the sweep drives it (the runtime). */
export interface PreviewEngine {
  submit(input: Input): Command[];
  state(): EngineState;
  nowMs(): number;
  /** Runs `close` unless the engine is dialling the attempt, and lets no dial of it start meanwhile. */
  closeUndialledPreview<T>(attemptId: string, close: () => Promise<T | null>): Promise<T | null>;
}

export interface PreviewDeadlineDeps {
  pool: Pool;
  engine: PreviewEngine;
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
      if (this.dialling(preview)) continue;
      if (preview.action === 'dial' && await this.dial(preview)) continue;
      // Skipped for want of a dial (the campaign paused, the agent busy): no agent passed it over.
      await this.skip(preview, preview.action === 'skip');
    }
  }

  private dialling(preview: OverduePreview): boolean {
    return this.deps.engine.state().calls.has(preview.attemptId);
  }

  /** Dials the lead for its agent; false when it may not be dialled now (the agent busy or gone,
   * the campaign not running). */
  private async dial(preview: OverduePreview): Promise<boolean> {
    const lead = await withDialFact(this.deps.pool, { attemptId: preview.attemptId, leadId: preview.leadId, phone: preview.e164 });
    // Read after the wait, in the turn of the dial: the core itself does not refuse one in a paused campaign.
    const status = this.deps.engine.state().campaigns.get(preview.campaignId)?.status;
    if (status !== 'running') {
      this.deps.logger.info({ attemptId: preview.attemptId, campaignId: preview.campaignId, status }, 'preview time limit: campaign not running, not dialled');
      return false;
    }
    const refused = rejectionIn(this.deps.engine.submit({ type: 'preview_dial', agentId: preview.agentId, campaignId: preview.campaignId, lead }));
    if (refused) this.deps.logger.info({ attemptId: preview.attemptId, agentId: preview.agentId, code: refused.code }, 'preview time limit: dial refused');
    return refused === undefined;
  }

  /** Skips the lead, unless its agent has dialled it meanwhile (a refusal may mean just that);
   * `counted`: towards the skips that set a lead aside. */
  private async skip(preview: OverduePreview, counted: boolean): Promise<void> {
    const now = new Date(this.deps.engine.nowMs());
    const skipped = await this.deps.engine.closeUndialledPreview(preview.attemptId,
      () => skipPreview(this.deps.pool, { id: preview.attemptId, leadId: preview.leadId }, now, previewSkipCauses.timeLimit, counted));
    if (!skipped && this.dialling(preview)) this.deps.logger.info({ attemptId: preview.attemptId, agentId: preview.agentId }, 'preview time limit: dialled by its agent meanwhile, not skipped');
  }
}
