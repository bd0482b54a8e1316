// An AriRest for the adapter's unit tests: the operations a test gives, every other one rejecting,
// so that a request the test did not expect fails rather than passes unseen.

import type { AriRest } from './ari-port.js';

export function fakeAriRest(given: Partial<AriRest>): AriRest {
  const unexpected = (operation: string) => (): Promise<never> => Promise.reject(new Error(`unexpected ARI request: ${operation}`));
  return {
    originate: unexpected('originate'), hangup: unexpected('hangup'), answer: unexpected('answer'), continueInDialplan: unexpected('continueInDialplan'),
    play: unexpected('play'), playbackExists: unexpected('playbackExists'), snoop: unexpected('snoop'),
    createBridge: unexpected('createBridge'), getBridge: unexpected('getBridge'), addToBridge: unexpected('addToBridge'),
    removeFromBridge: unexpected('removeFromBridge'), destroyBridge: unexpected('destroyBridge'), startBridgeMoh: unexpected('startBridgeMoh'),
    recordBridge: unexpected('recordBridge'), stopRecording: unexpected('stopRecording'), liveRecordingState: unexpected('liveRecordingState'),
    setRecordingPaused: unexpected('setRecordingPaused'), muteIncoming: unexpected('muteIncoming'), muteOutgoing: unexpected('muteOutgoing'),
    setChannelVariable: unexpected('setChannelVariable'), channelVariable: unexpected('channelVariable'), listChannels: unexpected('listChannels'), getApplication: unexpected('getApplication'),
    ...given,
  };
}
