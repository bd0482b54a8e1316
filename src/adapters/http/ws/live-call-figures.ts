// A campaign's live calls as the wallboard groups them. Every call state falls in one group, so
// the card's figures add up to the calls `outpace_calls` counts: a customer hearing the
// safe-harbor message, a machine getting its message or a call handed off to a third party is on
// the wallboard too.

import type { CallStatus } from '../../../core/call.js';

export interface LiveCallFigures {
  ringing: number;
  waiting: number;
  connected: number;
  onMessage: number;
  hangingUp: number;
  calls: Record<CallStatus, number>;
}

const groupOf: Record<CallStatus, keyof Omit<LiveCallFigures, 'calls'>> = {
  dialing: 'ringing', ringing: 'ringing', amd: 'ringing',
  waiting_agent: 'waiting',
  connecting: 'connected', connected: 'connected', handed_off: 'connected',
  safe_harbor: 'onMessage', machine_message: 'onMessage',
  hanging_up: 'hangingUp',
};

export function liveCallFigures(calls: Readonly<Record<CallStatus, number>>): LiveCallFigures {
  const figures: LiveCallFigures = { ringing: 0, waiting: 0, connected: 0, onMessage: 0, hangingUp: 0, calls: { ...calls } };
  for (const [status, count] of Object.entries(calls) as Array<[CallStatus, number]>) figures[groupOf[status]] += count;
  return figures;
}
