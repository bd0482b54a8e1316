// The telephony operations the runtime uses; the ARI adapter provides them.

import { telephonyCommandTypes, type Command, type TelephonyCommand } from '../core/commands.js';

export type { TelephonyCommand };

const telephonyTypes: ReadonlySet<Command['type']> = new Set(telephonyCommandTypes);

export function isTelephonyCommand(command: Command): command is TelephonyCommand {
  return telephonyTypes.has(command.type);
}

export interface TelephonyPort {
  /** Carries out the command; only `set_recording_paused`, `set_call_held`, `set_agent_muted` and
   * `start_recording` (the agent's or the campaign's) reject when the PBX refuses (the agent must
   * know their recording is not paused or not started, their customer not on hold, or that the
   * customer hears them; a call never recorded keeps no recording name), the others log and report
   * through events. `clearToDial`, given with an originate, runs when the dial's turn to go out
   * comes (the PBX is sent a bounded number at once, the rest wait): a dial it refuses is not
   * sent and not reported, since it reported itself. */
  execute(command: TelephonyCommand, clearToDial?: ClearToDial): Promise<void>;
  recordingName(attemptId: string): string;
}

/** The last word on a dial, just before it is sent: false when it must not go out. */
export type ClearToDial = () => Promise<boolean>;

export type PreDialVerdict = { allowed: true } | { allowed: false; rule: string; reason: string };

/** The last compliance check before a number is dialled (DNC, calling window, caps). */
export type PreDialCheck = (command: Extract<Command, { type: 'originate' }>, nowMs: number) => Promise<PreDialVerdict>;
