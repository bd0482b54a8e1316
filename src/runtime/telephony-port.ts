// The telephony operations the runtime uses; the ARI adapter provides them.

import type { Command } from '../core/commands.js';

export type TelephonyCommand = Extract<Command, {
  type: 'originate' | 'start_amd' | 'bridge_call' | 'play_media' | 'hangup_call' | 'dial_agent' | 'hangup_agent' | 'start_recording' | 'set_recording_paused';
}>;

export const telephonyCommandTypes: ReadonlySet<Command['type']> = new Set([
  'originate', 'start_amd', 'bridge_call', 'play_media', 'hangup_call', 'dial_agent', 'hangup_agent', 'start_recording',
  'set_recording_paused',
]);

export function isTelephonyCommand(command: Command): command is TelephonyCommand {
  return telephonyCommandTypes.has(command.type);
}

export interface TelephonyPort {
  /** Carries out the command; only `set_recording_paused` rejects when the PBX refuses (the agent
   * must know their recording is not paused), the others log and report through events. */
  execute(command: TelephonyCommand): Promise<void>;
  recordingName(attemptId: string): string;
}

export type PreDialVerdict = { allowed: true } | { allowed: false; rule: string; reason: string };

/** The last compliance check before a number is dialled (DNC, calling window, caps). */
export type PreDialCheck = (command: Extract<Command, { type: 'originate' }>, nowMs: number) => Promise<PreDialVerdict>;
