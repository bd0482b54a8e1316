// How the return-call line hands a caller's channel to the customer calls and tells them where the
// caller's hold is: the one binding of the line's InboundChannels to CustomerCalls.

import type { CustomerCalls } from './customer-calls.js';
import type { InboundChannels } from './return-calls.js';

export function inboundChannelsOf(calls: CustomerCalls): InboundChannels {
  return {
    take: (attemptId, campaignId, channelId) => { calls.takeInbound(attemptId, campaignId, channelId); },
    forget: (attemptId) => calls.forget(attemptId),
    holding: (attemptId, settled) => { const call = calls.get(attemptId); if (call?.inbound) call.inbound.holdSettled = settled; },
    onHold: (attemptId) => { const call = calls.get(attemptId); if (call?.inbound) call.inbound.onHold = true; },
  };
}
