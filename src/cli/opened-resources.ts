// What a node's start has opened so far (connections, queues, timers, the HTTP app), so that a
// start failing part way (its ARI application held by another node, a dependency refusing) closes
// them again: a caller that goes on in the same process (the demo, a supervisor retrying, the
// tests) is left no connections reconnecting for ever nor workers taking jobs.

import type { Logger } from 'pino';

interface Opened {
  what: string;
  close: () => unknown;
}

export class OpenedResources {
  private readonly opened: Opened[] = [];

  constructor(private readonly logger: Logger) {}

  /** `close()` undoes what was just opened, named `what` in the log if it fails. */
  add(what: string, close: () => unknown): void {
    this.opened.push({ what, close });
  }

  /** Closes everything added, the last first, each whatever the others do: a failure is logged,
   * as the start's own error is the one the caller must see. */
  async closeAll(): Promise<void> {
    for (const { what, close } of this.opened.splice(0).reverse()) {
      try {
        await close();
      } catch (error: unknown) {
        this.logger.warn({ err: error }, `closing ${what} after the failed start failed`);
      }
    }
  }
}
