// Channel variables a customer call carries for the dialplan (dialplan/extensions.conf). After AMD
// the call re-enters Stasis in the app OUTPACE_APP names: this node's, so that on a PBX several
// nodes share, each under its own app, the call comes back to the node that placed it (the
// dialplan's global names one app for all). AMD waits AMD_AFTER_GREETING_MS of silence after a
// greeting before it says HUMAN: the campaign's, which the engine backdates the 2 seconds by.

import type { TelephonyCommand } from '../../core/commands.js';

export function dialplanVariables(app: string, command: Extract<TelephonyCommand, { type: 'originate' }>): Record<string, string> {
  return { OUTPACE_APP: app, ...(command.amd ? { AMD_AFTER_GREETING_MS: String(command.amdAfterGreetingMs) } : {}) };
}
