// POST /channels and /channels/{id}: create the channel (both halves for Local) synchronously and
// reply with its Down snapshot; dialling then runs on its own, as in Asterisk's originate.

import { drawCallFate } from '../traffic/traffic-model.js';
import { badRequest, conflict } from './ari-error.js';
import type { CallerIdJson, ChannelJson } from './ari-types.js';
import { channelJson, newSimChannel, type SimChannel } from './channel-registry.js';
import { startDial, type AfterAnswer } from './dial-progress.js';
import { parseEndpoint, type DialTarget } from './dial-string.js';
import { agentPhoneScript, busyPhoneScript, deskScript, scriptFromDigit, scriptFromFate, unansweredPhoneScript, unreachablePhoneScript, type FarEndScript } from './far-end-script.js';
import type { AgentPhoneFault, PbxContext } from './pbx-context.js';
import { splitAppArgs } from './stasis.js';

export interface OriginateParams {
  endpoint?: string;
  app?: string;
  appArgs?: string;
  callerId?: string;
  timeout?: number;
  channelId?: string;
  otherChannelId?: string;
  context?: string;
  extension?: string;
  priority?: number;
  variables?: Record<string, string>;
}

export function originate(ctx: PbxContext, params: OriginateParams): ChannelJson {
  const target = parseEndpoint(params.endpoint);
  const after = afterAnswer(params);
  const id = params.channelId ?? ctx.ids.nextUniqueId();
  const otherId = params.otherChannelId ?? `${id};2`;
  if (ctx.channels.has(id) || (target.technology === 'Local' && ctx.channels.has(otherId))) {
    throw conflict('Channel with given unique ID already exists');
  }
  const ringTimeoutMs = ringTimeout(params.timeout);
  const caller = parseCallerId(params.callerId);
  const sequence = ctx.ids.nextSequence();
  const isLocal = target.technology === 'Local';
  const originated = newChannel(target, id, isLocal ? `${target.namePrefix}-${sequence};1` : `${target.namePrefix}-${sequence}`, caller, 1);
  originated.originatedBy = after.kind === 'app' ? after.app : null;
  for (const [name, value] of Object.entries(params.variables ?? {})) originated.variables.set(name, value);
  const local = isLocal ? newChannel(target, otherId, `${target.namePrefix}-${sequence};2`, caller, 2) : null;
  if (local !== null) {
    local.state = 'Ring';
    local.dialplan = { ...local.dialplan, app_name: '', app_data: '' };
    local.originatedBy = originated.originatedBy;
    local.peerId = originated.id;
    originated.peerId = local.id;
    ctx.channels.add(local);
  }
  ctx.channels.add(originated);
  const script = scriptFor(ctx, target, ringTimeoutMs);
  ctx.farEnds.set(originated.id, { script, channelId: originated.id, talkStarted: false, patience: null, optOut: null, greetingPlaying: false, talkDetect: null });
  ctx.counters.originated++;
  const reply = channelJson(originated);
  ctx.scheduler.after(0, () => startDial(ctx, {
    originated, local, script, after, ringTimeoutMs, announceCallerId: params.callerId !== undefined,
  }));
  return reply;
}

function afterAnswer(params: OriginateParams): AfterAnswer {
  if (params.app !== undefined && params.app !== '') {
    return { kind: 'app', app: params.app, args: splitAppArgs(params.appArgs) };
  }
  if (params.context === undefined && params.extension === undefined) {
    throw badRequest('Application or extension must be specified');
  }
  return { kind: 'dialplan', context: params.context ?? 'default' };
}

/** Originate's `timeout` in seconds: 0 or absent is 30 s, -1 is no limit. */
function ringTimeout(seconds: number | undefined): number {
  if (seconds === undefined || seconds === 0 || Number.isNaN(seconds)) return 30_000;
  if (seconds < 0) return Number.POSITIVE_INFINITY;
  return seconds * 1000;
}

/** `"Name" <number>`, `Name <number>` or a bare number. */
export function parseCallerId(callerId: string | undefined): CallerIdJson {
  if (callerId === undefined) return { name: '', number: '' };
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(callerId);
  if (match !== null) return { name: match[1] ?? '', number: match[2] ?? '' };
  return { name: '', number: callerId.trim() };
}

function scriptFor(ctx: PbxContext, target: DialTarget, ringTimeoutMs: number): FarEndScript {
  if (target.kind === 'agent') return agentScript(ctx.agentPhones.get(target.number));
  if (target.kind === 'unrouted') return scriptFromDigit('x');
  if (ctx.desks.has(target.number)) return deskScript();
  if (ctx.mode === 'digit') return scriptFromDigit(target.number);
  const limit = Number.isFinite(ringTimeoutMs) ? ringTimeoutMs : 600_000;
  return scriptFromFate(drawCallFate(ctx.model, ctx.fateRandom, limit));
}

function agentScript(fault: AgentPhoneFault | undefined): FarEndScript {
  switch (fault) {
    case 'rings': return unansweredPhoneScript();
    case 'busy': return busyPhoneScript();
    case 'unreachable': return unreachablePhoneScript();
    case undefined: return agentPhoneScript();
  }
}

function newChannel(target: DialTarget, id: string, name: string, caller: CallerIdJson, half: 1 | 2): SimChannel {
  return newSimChannel({
    id,
    name,
    state: 'Down',
    caller: { ...caller },
    connected: { ...caller },
    dialplan: { context: target.context || 'default', exten: target.number, priority: 1, app_name: 'AppDial2', app_data: '(Outgoing Line)' },
    role: target.kind === 'agent' ? 'agent' : 'customer',
    dialstring: target.dialstring,
    half,
  });
}
