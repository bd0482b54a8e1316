// Turns a refusal from the engine into the API's error.

import type { Command } from '../../core/commands.js';
import { ApiError } from './api-error.js';

export function throwIfRejected(commands: readonly Command[]): void {
  const rejection = commands.find((c) => c.type === 'input_rejected');
  if (rejection && rejection.type === 'input_rejected') {
    const code = rejection.code === 'unknown_agent' || rejection.code === 'unknown_campaign' || rejection.code === 'unknown_call'
      ? 'not_found' : 'rejected_by_engine';
    throw new ApiError(code, rejection.message, { engineCode: rejection.code });
  }
}
