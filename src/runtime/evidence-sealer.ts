// Seals the evidence log's chain in the background (migration 090): every node links what was
// committed since on a short interval, so no writer waits for the chain at its commit. Only one
// node's seal runs at a time (another returns at once). A database away for a while is logged once,
// and the next tick tries again; at stop, what is left is sealed. A pass with nothing to seal writes
// nothing (migration 099): an idle cluster makes no WAL for it.

import type { Logger } from 'pino';
import { sealEvidenceChain } from '../adapters/pg/evidence-chain.js';
import type { Queryable } from '../adapters/pg/pool.js';

export interface EvidenceSealerDeps {
  db: Queryable;
  logger: Logger;
  everyMs: number;
}

export class EvidenceSealer {
  private timer: NodeJS.Timeout | null = null;
  private sealing: Promise<void> | null = null;
  private failing = false;

  constructor(private readonly deps: EvidenceSealerDeps) {}

  start(): void {
    this.timer ??= setInterval(() => void this.seal(), this.deps.everyMs);
    this.timer.unref();
  }

  /** Stops the ticks and seals what is left (after a seal in progress). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sealing;
    await this.seal();
  }

  /** One seal at a time; a failure is logged, never thrown. */
  seal(): Promise<void> {
    this.sealing ??= this.sealPending().finally(() => { this.sealing = null; });
    return this.sealing;
  }

  private async sealPending(): Promise<void> {
    try {
      const sealed = await sealEvidenceChain(this.deps.db);
      if (this.failing) this.deps.logger.info({ sealed }, 'sealing the evidence chain works again');
      this.failing = false;
    } catch (error: unknown) {
      // Each tick would say the same while the database is away.
      if (!this.failing) this.deps.logger.warn({ err: error }, 'sealing the evidence chain failed; tried again at each tick');
      this.failing = true;
    }
  }
}
