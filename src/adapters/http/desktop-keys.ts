// The keys the agent desktop's buttons answer to. One list: the desktop is given it with what it
// loads (it labels its buttons and its keyboard card from it), and the disposition catalogue
// refuses these keys for codes, which could never be chosen by a key the desktop takes first.

import type { CampaignMode } from '../pg/campaign-repository.js';

export interface DesktopKey {
  /** One lower-case letter. */
  key: string;
  /** The id of the button on the agent desktop the key presses. */
  button: string;
  /** The message key of what the button does, in the desktop's language files. */
  label: string;
  /** The pacing modes whose campaigns have the button; every mode when absent. */
  modes?: readonly CampaignMode[];
}

export const desktopKeys: readonly DesktopKey[] = [
  { key: 'r', button: 'ready-btn', label: 'state.ready' },
  { key: 'p', button: 'pause-btn', label: 'state.pause' },
  { key: 'h', button: 'hangup-btn', label: 'state.hangup' },
  { key: 'o', button: 'hold-btn', label: 'state.hold' },
  { key: 'm', button: 'mute-btn', label: 'state.mute' },
  { key: 'x', button: 'transfer-btn', label: 'transfer.button' },
  { key: 'v', button: 'message-btn', label: 'state.leaveMessage' },
  { key: 'e', button: 'recording-btn', label: 'shortcuts.recording' },
  { key: 'q', button: 'recording-stop-btn', label: 'state.recordingStop' },
  { key: 'n', button: 'preview-next', label: 'preview.next', modes: ['preview'] },
  { key: 'd', button: 'preview-dial', label: 'preview.dial', modes: ['preview'] },
  { key: 's', button: 'preview-skip', label: 'preview.skip', modes: ['preview'] },
];

/** The keys an agent on a campaign of `mode` can use (no campaign yet: those of every mode), for
 * the desktop's keyboard card: a predictive campaign's agent is not shown the preview keys. */
export function desktopKeysFor(mode: CampaignMode | null): DesktopKey[] {
  return desktopKeys.filter((entry) => entry.modes === undefined || (mode !== null && entry.modes.includes(mode)));
}

/** The letters alone. */
export const desktopKeyLetters: readonly string[] = desktopKeys.map((entry) => entry.key);
