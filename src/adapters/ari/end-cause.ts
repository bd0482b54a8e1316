// The cause to report when a customer channel ends. With Local channels the originated `;1` half
// can end with cause 0 ("Unknown") while the far `;2` half carries the real one (17 busy, 34
// congestion): then the far cause is reported and both texts are kept.

export interface HangupCause {
  cause: number;
  causeText: string;
}

export function resolveEndCause(own: HangupCause, peer: HangupCause | null): HangupCause {
  if (own.cause !== 0 || peer === null || peer.cause === 0) return own;
  return { cause: peer.cause, causeText: `${own.causeText || 'Unknown'} (peer: ${peer.causeText})` };
}
