// Entering and leaving a Stasis application. Entry fails while the app has no WebSocket, as
// Asterisk's Stasis() does when the app is not active; the channel then hangs up.

import { emitChannelEvent, setVariable } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import { Cause } from './causes.js';
import { hangupByFarEnd } from './hangup.js';
import type { PbxContext } from './pbx-context.js';

/** Puts the channel in `app` with `args`; false (and the channel hangs up) if the app is not active. */
export function enterStasis(ctx: PbxContext, channel: SimChannel, app: string, args: string[]): boolean {
  channel.dialplan = { ...channel.dialplan, app_name: 'Stasis', app_data: [app, ...args].join(',') };
  if (!ctx.bus.isActive(app)) {
    ctx.counters.stasisFailed++;
    channel.variables.set('STASISSTATUS', 'FAILED');
    hangupByFarEnd(ctx, channel, Cause.normalClearing);
    return false;
  }
  setVariable(ctx, channel, 'STASISSTATUS', '');
  channel.stasisApp = app;
  emitChannelEvent(ctx, channel, 'StasisStart', { args });
  return true;
}

/** StasisEnd; when the channel is hanging up, Asterisk also reports STASISSTATUS=SUCCESS. */
export function exitStasis(ctx: PbxContext, channel: SimChannel, hangingUp: boolean): void {
  if (channel.stasisApp === null) return;
  emitChannelEvent(ctx, channel, 'StasisEnd');
  channel.stasisApp = null;
  if (hangingUp) setVariable(ctx, channel, 'STASISSTATUS', 'SUCCESS');
}

/** Splits appArgs as Asterisk does: on commas, keeping empty strings out when nothing was given. */
export function splitAppArgs(appArgs: string | undefined): string[] {
  return appArgs === undefined || appArgs === '' ? [] : appArgs.split(',');
}
