// POST /channels/{id}/snoop: a Snoop channel on the target that enters the given app at once.

import { badRequest, conflict } from './ari-error.js';
import type { ChannelJson } from './ari-types.js';
import { channelJson, newSimChannel, type SimChannel } from './channel-registry.js';
import type { PbxContext } from './pbx-context.js';
import { enterStasis, splitAppArgs } from './stasis.js';

export interface SnoopParams {
  app?: string;
  appArgs?: string;
  spy?: string;
  whisper?: string;
  snoopId?: string;
}

const directions = new Set(['none', 'both', 'out', 'in']);

export function snoop(ctx: PbxContext, target: SimChannel, params: SnoopParams): ChannelJson {
  if (params.app === undefined || params.app === '') throw badRequest('Missing parameter app');
  for (const direction of [params.spy, params.whisper]) {
    if (direction !== undefined && !directions.has(direction)) throw badRequest('Invalid direction specified');
  }
  const id = params.snoopId ?? ctx.ids.nextUniqueId();
  if (ctx.channels.has(id)) throw conflict('Channel with given unique ID already exists');
  const channel = newSimChannel({
    id,
    name: `Snoop/${target.id}-${ctx.ids.nextSequence()}`,
    state: 'Up',
    caller: { name: '', number: '' },
    connected: { name: '', number: '' },
    dialplan: { context: 'default', exten: 's', priority: 1, app_name: '', app_data: '' },
    role: 'snoop',
    snoopTargetId: target.id,
    answeredAtWallMs: Date.now(),
  });
  ctx.channels.add(channel);
  const reply = channelJson(channel);
  enterStasis(ctx, channel, params.app, splitAppArgs(params.appArgs));
  return reply;
}
