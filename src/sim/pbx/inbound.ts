// A call coming in from the public network, as a carrier's trunk brings one: a PJSIP channel,
// ringing (state Ring), with the caller's number, that the dialplan hands to the Stasis app with
// the args its context gives (the return-call context: `return,<dialled number>`). Asterisk sends
// the app nothing of it before its StasisStart. The caller stays on the line until the app hangs
// up, or the test hangs up for them; the keys they press come as ChannelDtmfReceived.

import type { CallerIdJson, ChannelJson } from './ari-types.js';
import { channelJson, newSimChannel } from './channel-registry.js';
import { Cause } from './causes.js';
import { pressDigit } from './far-end.js';
import { hangupByFarEnd } from './hangup.js';
import type { PbxContext } from './pbx-context.js';
import { enterStasis } from './stasis.js';

export interface InboundCall {
  /** The caller's number as the carrier presents it ('' for a withheld one). */
  from: string;
  /** The number dialled (the dialplan's extension). */
  to: string;
  /** The Stasis args the dialplan gives; default the return-call context's `return,<to>`. */
  args?: readonly string[];
  /** The dialplan context the call arrives in. */
  context?: string;
}

/** Places the call into the PBX's dialplan app; returns its channel (gone already if the app has no socket). */
export function placeInboundCall(ctx: PbxContext, call: InboundCall): ChannelJson {
  const caller: CallerIdJson = { name: '', number: call.from };
  const channel = newSimChannel({
    id: ctx.ids.nextUniqueId(),
    name: `PJSIP/carrier-${ctx.ids.nextSequence()}`,
    state: 'Ring',
    caller,
    connected: { name: '', number: '' },
    dialplan: { context: call.context ?? 'outpace-return-calls', exten: call.to, priority: 1, app_name: '', app_data: '' },
    role: 'inbound',
  });
  ctx.channels.add(channel);
  const json = channelJson(channel);
  enterStasis(ctx, channel, ctx.dialplanApp, [...(call.args ?? ['return', call.to])]);
  return json;
}

/** The caller presses keys; false when the call is gone. */
export function callerPresses(ctx: PbxContext, channelId: string, digits: string): boolean {
  const channel = ctx.channels.get(channelId);
  if (channel === undefined) return false;
  for (const digit of digits) pressDigit(ctx, channel, digit);
  return true;
}

/** The caller hangs up; false when the call is gone. */
export function callerHangsUp(ctx: PbxContext, channelId: string): boolean {
  const channel = ctx.channels.get(channelId);
  if (channel === undefined) return false;
  hangupByFarEnd(ctx, channel, Cause.normalClearing);
  return true;
}
