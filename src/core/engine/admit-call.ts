// A call enters the engine's state: kept by its attempt, and its lead marked in a call, so that
// neither the lead nor its number is dialled or put through twice at once.

import type { Call } from '../call.js';
import type { EngineState } from '../engine-state.js';

export function admitCall(state: EngineState, call: Call): void {
  state.calls.set(call.attemptId, call);
  state.leadsInFlight.add(call.leadId);
}
