// Answering machine detection as the test dialplan runs it: AMD() for the far end's modelled time,
// AMDSTATUS/AMDCAUSE set, then Stasis(${OUTPACE_APP},amd,STATUS[,CAUSE]) - a second StasisStart,
// in the app the channel names (else the dialplan's), not necessarily the one it left.

import { conflict } from './ari-error.js';
import { channelTimer, emitDialplanStep, setVariable } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import { Cause } from './causes.js';
import type { AmdResult } from './far-end-script.js';
import { hangupByFarEnd } from './hangup.js';
import type { PbxContext } from './pbx-context.js';
import { enterStasis, exitStasis } from './stasis.js';

/** `originate`: the dialer-amd context (default AMD, args amd,STATUS); `continue`: dialer-amd-continue. */
export type AmdFlavour = 'originate' | 'continue';

const amdContexts: Record<AmdFlavour, { context: string; params: string }> = {
  originate: { context: 'dialer-amd', params: '' },
  continue: { context: 'dialer-amd-continue', params: '2000,2000,800,3500,120,50,4,256' },
};

const unknownFarEnd: AmdResult = { status: 'NOTSURE', cause: 'TOOLONG-5000', ms: 5000 };

export function runAmd(ctx: PbxContext, channel: SimChannel, flavour: AmdFlavour): void {
  const far = ctx.farEnds.get(channel.id);
  const result = far === undefined ? unknownFarEnd : flavour === 'continue' ? far.script.amdContinue : far.script.amdOriginate;
  const { context } = amdContexts[flavour];
  const params = amdParams(channel, flavour);
  const app = dialplanAppOf(ctx, channel);
  channel.dialplan = { context, exten: 's', priority: 1, app_name: 'AMD', app_data: params };
  emitDialplanStep(ctx, channel, 'AMD', params);
  channelTimer(ctx, channel, result.ms, () => {
    setVariable(ctx, channel, 'AMDSTATUS', result.status);
    setVariable(ctx, channel, 'AMDCAUSE', result.cause);
    const args = flavour === 'continue' ? ['amd', result.status, result.cause] : ['amd', result.status];
    emitDialplanStep(ctx, channel, 'Stasis', [app, ...args].join(','));
    enterStasis(ctx, channel, app, args);
  });
}

/** The app the dialplan's Stasis() names: the channel's OUTPACE_APP, else the dialplan's global
 * (the app the PBX was started for), as `${OUTPACE_APP}` reads in Asterisk. */
function dialplanAppOf(ctx: PbxContext, channel: SimChannel): string {
  return channel.variables.get('OUTPACE_APP') ?? ctx.dialplanApp;
}

/** AMD()'s arguments as the dialplan gives them: the after-greeting silence the call carries. */
function amdParams(channel: SimChannel, flavour: AmdFlavour): string {
  const { params } = amdContexts[flavour];
  const afterGreeting = channel.variables.get('AMD_AFTER_GREETING_MS');
  if (flavour !== 'continue' || afterGreeting === undefined) return params;
  return params.split(',').map((value, i) => (i === 2 ? afterGreeting : value)).join(',');
}

/** POST /channels/{id}/continue: leave Stasis for a dialplan context. */
export function continueInDialplan(ctx: PbxContext, channel: SimChannel, context: string | undefined): void {
  if (channel.stasisApp === null) throw conflict('Channel not in Stasis application');
  exitStasis(ctx, channel, false);
  if (context === 'dialer-amd-continue') runAmd(ctx, channel, 'continue');
  else if (context === 'dialer-amd') runAmd(ctx, channel, 'originate');
  else channelTimer(ctx, channel, 0, () => hangupByFarEnd(ctx, channel, Cause.normalClearing));
}
