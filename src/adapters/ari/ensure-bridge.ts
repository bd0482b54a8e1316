// Making a bridge that may exist already. Asterisk refuses to create a bridge under an id in use
// when a type is given (500, "Supplying a bridge type when updating a bridge is not allowed"):
// one found to exist is taken as made.

import { toAriError } from './ari-errors.js';
import type { AriRest } from './ari-port.js';

export async function ensureBridge(rest: (operation: string) => AriRest, bridgeId: string, type: 'mixing' | 'holding', name: string): Promise<void> {
  try {
    await rest('createBridge').createBridge(bridgeId, type, name);
  } catch (error) {
    try {
      await rest('getBridge').getBridge(bridgeId);
    } catch {
      throw toAriError(error, 'createBridge');
    }
  }
}
