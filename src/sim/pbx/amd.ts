// Answering machine detection as the test dialplan runs it: AMD() for the far end's modelled time,
// AMDSTATUS/AMDCAUSE set, then Stasis(app,amd,STATUS[,CAUSE]) - a second StasisStart.

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

export function runAmd(ctx: PbxContext, channel: SimChannel, flavour: AmdFlavour, app: string): void {
  const far = ctx.farEnds.get(channel.id);
  const result = far === undefined ? unknownFarEnd : flavour === 'continue' ? far.script.amdContinue : far.script.amdOriginate;
  const { context, params } = amdContexts[flavour];
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

/** POST /channels/{id}/continue: leave Stasis for a dialplan context. */
export function continueInDialplan(ctx: PbxContext, channel: SimChannel, context: string | undefined): void {
  const app = channel.stasisApp;
  if (app === null) throw conflict('Channel not in Stasis application');
  exitStasis(ctx, channel, false);
  if (context === 'dialer-amd-continue') runAmd(ctx, channel, 'continue', app);
  else if (context === 'dialer-amd') runAmd(ctx, channel, 'originate', app);
  else channelTimer(ctx, channel, 0, () => hangupByFarEnd(ctx, channel, Cause.normalClearing));
}
