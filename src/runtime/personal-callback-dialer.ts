// Dials personal callbacks for their agents. It keeps the due personal callbacks of the agents
// logged in on this node (loaded from Postgres when a callback timer fires, when an agent logs in
// or goes ready, and periodically) and tells the core which agents have one. The core holds such an
// agent when ready and asks for the dial; this leases that lead for the agent (attempt row first)
// and submits it as `preview_dial` with `callback`, so the call is pre-assigned to the agent: no
// AMD, bridged on answer, and it passes the same pre-dial check as every originate.

import type { Logger } from 'pino';
import { rejectionIn, type Command } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { Input } from '../core/inputs.js';
import {
  leaseCallbackLead, listDuePersonalCallbacks, releaseCallbackLease, type DuePersonalCallback,
} from '../adapters/pg/callback-lease.js';
import type { Pool } from '../adapters/pg/pool.js';

export interface PersonalCallbackEngine {
  submit(input: Input): Command[];
  state(): EngineState;
  nowMs(): number;
}

export interface PersonalCallbackDialerDeps {
  pool: Pool;
  engine: PersonalCallbackEngine;
  nodeId: string;
  /** A leased lead stays ours this long without its attempt closing (crash safety). */
  leaseMs: number;
  logger: Logger;
  /** How often the due callbacks are read again; timers and agent moves trigger reads too. */
  refreshEveryMs?: number;
}

/** A callback that could not be dialled (caps, lead busy, another node's dial) is tried again
 * after this; one outside its calling window waits for the window instead. */
const NOT_DIALABLE_RETRY_MS = 30_000;

export class PersonalCallbackDialer {
  private due = new Map<string, DuePersonalCallback[]>();
  private readonly notBefore = new Map<string, number>();
  private readonly dialing = new Set<string>();
  private loading: Promise<void> | null = null;
  private loadAgain = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: PersonalCallbackDialerDeps) {}

  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), this.deps.refreshEveryMs ?? 5_000);
    void this.refresh();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the due callbacks again; calls while a read runs are folded into one more read. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.loadAgain = true;
      return this.loading;
    }
    this.loading = this.load()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'reading due personal callbacks failed'))
      .finally(() => {
        this.loading = null;
        if (this.loadAgain) {
          this.loadAgain = false;
          void this.refresh();
        }
      });
    return this.loading;
  }

  /** A command sink: agents logging in or going ready, and the core asking for a callback dial. */
  onCommands(commands: readonly Command[]): void {
    let agentMoved = false;
    for (const command of commands) {
      if (command.type === 'dial_callback') void this.dial(command.agentId, command.campaignId);
      else if (command.type === 'agent_state_changed' && (command.from === 'logged_out' || command.to === 'ready')) agentMoved = true;
    }
    if (agentMoved) void this.refresh();
  }

  private async load(): Promise<void> {
    const agents = [...this.deps.engine.state().agents.values()].filter((a) => a.status !== 'logged_out');
    const nowMs = this.deps.engine.nowMs();
    const rows = await listDuePersonalCallbacks(this.deps.pool, { agentIds: agents.map((a) => a.id), now: new Date(nowMs) });
    const due = new Map<string, DuePersonalCallback[]>();
    for (const row of rows) {
      // Outside the calling window in the lead's zone: not announced (the agent is not held for
      // it) until the window opens.
      if (row.windowOpensAt !== null) this.notBefore.set(row.id, Math.max(this.notBefore.get(row.id) ?? 0, row.windowOpensAt.getTime()));
      if ((this.notBefore.get(row.id) ?? 0) > nowMs) continue;
      const list = due.get(row.agentId) ?? [];
      list.push(row);
      due.set(row.agentId, list);
    }
    const open = new Set(rows.map((r) => r.id));
    for (const id of this.notBefore.keys()) if (!open.has(id)) this.notBefore.delete(id);
    this.due = due;
    this.announce();
  }

  /** Tells the core which logged-in agents have a callback due in the campaign they work. */
  private announce(): void {
    for (const agent of this.deps.engine.state().agents.values()) {
      if (agent.status === 'logged_out' || this.dialing.has(agent.id)) continue;
      const has = this.callbacksOf(agent.id, agent.campaignId).length > 0;
      if (has !== agent.callbackDue) this.deps.engine.submit({ type: 'callback_due', agentId: agent.id, due: has });
    }
  }

  private callbacksOf(agentId: string, campaignId: string): DuePersonalCallback[] {
    return (this.due.get(agentId) ?? []).filter((c) => c.campaignId === campaignId);
  }

  /** The core holds the agent: lease their oldest dialable callback and dial it, or release them. */
  private async dial(agentId: string, campaignId: string): Promise<void> {
    if (this.dialing.has(agentId)) return;
    this.dialing.add(agentId);
    try {
      for (const callback of this.callbacksOf(agentId, campaignId)) {
        const now = new Date(this.deps.engine.nowMs());
        const lead = await leaseCallbackLead(this.deps.pool, {
          callbackId: callback.id, agentId, nodeId: this.deps.nodeId, now, leaseMs: this.deps.leaseMs,
        });
        // Dialled, or waiting (for the window, a cap, another node's dial): either way not asked
        // again until the pre-dial check has closed it or a while has passed.
        this.forget(agentId, callback.id);
        this.notBefore.set(callback.id, now.getTime() + NOT_DIALABLE_RETRY_MS);
        if (!lead) continue;
        const out = this.deps.engine.submit({ type: 'preview_dial', agentId, campaignId, lead, callback: true });
        if (rejectionIn(out)) {
          await releaseCallbackLease(this.deps.pool, { attemptId: lead.attemptId, leadId: lead.leadId, now: new Date(this.deps.engine.nowMs()) });
        }
        return;
      }
      this.deps.engine.submit({ type: 'callback_due', agentId, due: false });
    } catch (error) {
      this.deps.logger.error({ err: error, agentId }, 'dialling a personal callback failed');
      this.deps.engine.submit({ type: 'callback_due', agentId, due: false });
    } finally {
      this.dialing.delete(agentId);
    }
  }

  private forget(agentId: string, callbackId: string): void {
    const list = this.due.get(agentId);
    if (list) this.due.set(agentId, list.filter((c) => c.id !== callbackId));
  }
}
