// Counts what the engine did, from the commands it emitted, for the demo's status line.

import type { Command } from '../core/commands.js';

export class DemoTally {
  dialled = 0;
  answered = 0;
  connected = 0;
  abandoned = 0;
  machines = 0;
  closed = 0;

  observe(commands: readonly Command[]): void {
    for (const command of commands) {
      if (command.type === 'originate') this.dialled += 1;
      else if (command.type === 'attempt_progress') this.progress(command.stage);
      else if (command.type === 'attempt_closed') {
        this.closed += 1;
        if (command.summary.abandoned) this.abandoned += 1;
      }
    }
  }

  private progress(stage: string): void {
    if (stage === 'answered') this.answered += 1;
    else if (stage === 'connected') this.connected += 1;
    else if (stage === 'machine') this.machines += 1;
  }
}
