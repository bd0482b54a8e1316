// Ids the PBX makes up itself: Local/Snoop channel sequence numbers and Asterisk-style uniqueids.

import { randomUUID } from 'node:crypto';

export class IdSource {
  private sequence = 0;
  private unique = 0;
  private readonly epochSeconds = Math.floor(Date.now() / 1000);

  /** The 8-hex-digit suffix of a channel name, e.g. `00000052`. */
  nextSequence(): string {
    this.sequence++;
    return this.sequence.toString(16).padStart(8, '0');
  }

  /** A uniqueid like `1795434470.167`, used for channels we did not get an id for. */
  nextUniqueId(): string {
    this.unique++;
    return `${this.epochSeconds}.${this.unique}`;
  }

  uuid(): string {
    return randomUUID();
  }
}
