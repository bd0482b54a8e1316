// The life of an originated call up to answer or failure, following the far end's script. The
// event order of each outcome is the one the recordings show for Local channels (both halves);
// a single PJSIP/SIP channel gets the order Asterisk's dial engine gives a trunk call.

import { runAmd } from './amd.js';
import { channelTimer, emitChannelEvent, emitDial, emitDialplanStep, emitHangupRequest, setState } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import { Cause } from './causes.js';
import { farEndAnswered } from './far-end.js';
import type { DialOutcome, FarEndScript } from './far-end-script.js';
import { destroyChannel, hangupByFarEnd, markHangingUp } from './hangup.js';
import type { PbxContext } from './pbx-context.js';
import { enterStasis } from './stasis.js';

/** Where an answered call goes: a Stasis app, or a dialplan context. */
export type AfterAnswer =
  | { kind: 'app'; app: string; args: string[] }
  | { kind: 'dialplan'; context: string };

export interface DialPlan {
  originated: SimChannel;
  /** The `;2` half of a Local channel, or null for a single channel. */
  local: SimChannel | null;
  script: FarEndScript;
  after: AfterAnswer;
  ringTimeoutMs: number;
  announceCallerId: boolean;
}

export function startDial(ctx: PbxContext, plan: DialPlan): void {
  const { originated, local, script } = plan;
  if (!ctx.channels.has(originated.id) || originated.hangingUp) return;
  if (local !== null && plan.announceCallerId) {
    emitChannelEvent(ctx, local, 'ChannelCallerId', { caller_presentation: 0, caller_presentation_txt: 'Presentation Allowed, Not Screened' });
    emitChannelEvent(ctx, local, 'ChannelConnectedLine');
  }
  emitDial(ctx, originated, '', originated.dialstring);
  if (local !== null) for (const [app, data] of script.preRing) emitDialplanStep(ctx, local, app, data);
  if (script.rings) {
    setState(ctx, originated, 'Ringing');
    if (local !== null && script.ringStep !== null) emitDialplanStep(ctx, local, script.ringStep[0], script.ringStep[1]);
    emitDial(ctx, originated, 'RINGING', originated.dialstring);
  }
  scheduleOutcome(ctx, plan);
}

function scheduleOutcome(ctx: PbxContext, plan: DialPlan): void {
  const { originated, script, ringTimeoutMs } = plan;
  const timesOut = script.outcome === 'noAnswer' || script.signalMs >= ringTimeoutMs;
  if (timesOut) {
    if (Number.isFinite(ringTimeoutMs)) channelTimer(ctx, originated, ringTimeoutMs, () => ringTimeout(ctx, plan));
    return;
  }
  const act = (): void => signal(ctx, plan, script.outcome);
  if (script.signalMs <= 0) act();
  else channelTimer(ctx, originated, script.signalMs, act);
}

function signal(ctx: PbxContext, plan: DialPlan, outcome: DialOutcome): void {
  if (!ctx.channels.has(plan.originated.id) || plan.originated.hangingUp) return;
  switch (outcome) {
    case 'answer': return answer(ctx, plan);
    case 'busy': return busy(ctx, plan);
    case 'congestion': return congestion(ctx, plan);
    case 'invalid': return invalid(ctx, plan);
    case 'noAnswer': return ringTimeout(ctx, plan);
  }
}

function answer(ctx: PbxContext, plan: DialPlan): void {
  const { originated, local, script, after } = plan;
  ctx.counters.answered++;
  if (local !== null) {
    emitDialplanStep(ctx, local, 'Answer', '');
    setState(ctx, local, 'Up');
  }
  setState(ctx, originated, 'Up');
  emitDial(ctx, originated, 'ANSWER', originated.dialstring);
  originated.answeredAtWallMs = Date.now();
  const step = script.afterAnswer;
  if (local !== null && step !== null) channelTimer(ctx, local, 500, () => emitDialplanStep(ctx, local, step[0], step[1]));
  farEndAnswered(ctx, originated);
  if (after.kind === 'app') {
    enterStasis(ctx, originated, after.app, after.args);
  } else if (after.context === 'dialer-amd' || after.context === 'dialer-amd-continue') {
    runAmd(ctx, originated, after.context === 'dialer-amd' ? 'originate' : 'continue');
  } else {
    // No dialplan behind other contexts: the call ends as if the extension did not exist.
    channelTimer(ctx, originated, 0, () => hangupByFarEnd(ctx, originated, Cause.normalClearing));
  }
}

function busy(ctx: PbxContext, plan: DialPlan): void {
  const { originated, local } = plan;
  ctx.counters.busy++;
  markHangingUp(originated, local);
  if (local === null) {
    emitHangupRequest(ctx, originated, Cause.userBusy, false);
    emitDial(ctx, originated, 'BUSY', originated.dialstring);
    destroyChannel(ctx, originated, Cause.userBusy);
    return;
  }
  setState(ctx, local, 'Busy');
  emitDial(ctx, originated, 'BUSY', originated.dialstring);
  emitHangupRequest(ctx, local, Cause.unknown, false);
  emitHangupRequest(ctx, local, Cause.normalClearing, true);
  destroyChannel(ctx, local, Cause.userBusy);
  destroyChannel(ctx, originated, Cause.unknown);
}

function congestion(ctx: PbxContext, plan: DialPlan): void {
  const { originated, local } = plan;
  ctx.counters.congestion++;
  markHangingUp(originated, local);
  if (local === null) {
    emitHangupRequest(ctx, originated, Cause.congestion, false);
    emitDial(ctx, originated, 'CONGESTION', originated.dialstring);
    destroyChannel(ctx, originated, Cause.congestion);
    return;
  }
  emitDial(ctx, originated, 'CONGESTION', originated.dialstring);
  setState(ctx, local, 'Busy');
  emitHangupRequest(ctx, local, Cause.unknown, false);
  destroyChannel(ctx, originated, Cause.unknown);
  emitHangupRequest(ctx, local, Cause.normalClearing, true);
  destroyChannel(ctx, local, Cause.congestion);
}

/** An unallocated number: the cause says 1, the dial status only NOANSWER. */
function invalid(ctx: PbxContext, plan: DialPlan): void {
  const { originated, local } = plan;
  ctx.counters.invalid++;
  markHangingUp(originated, local);
  emitHangupRequest(ctx, originated, Cause.unallocated, false);
  emitDial(ctx, originated, 'NOANSWER', originated.dialstring);
  if (local !== null) {
    emitHangupRequest(ctx, local, Cause.normalClearing, true);
    destroyChannel(ctx, local, Cause.unallocated);
  }
  destroyChannel(ctx, originated, Cause.unallocated);
}

/** Our ring timeout: cause 19 and no final Dial event. */
function ringTimeout(ctx: PbxContext, plan: DialPlan): void {
  const { originated, local } = plan;
  if (!ctx.channels.has(originated.id) || originated.hangingUp) return;
  ctx.counters.noAnswer++;
  markHangingUp(originated, local);
  if (local === null) {
    destroyChannel(ctx, originated, Cause.noAnswer);
    return;
  }
  emitHangupRequest(ctx, local, Cause.noAnswer, false);
  destroyChannel(ctx, originated, Cause.noAnswer);
  emitHangupRequest(ctx, local, Cause.normalClearing, true);
  destroyChannel(ctx, local, Cause.noAnswer);
}
