// /ari/channels: list, originate, get, hang up, answer, continue, mute, play, snoop, variables, DTMF.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { continueInDialplan } from '../amd.js';
import { badRequest, conflict, notFound } from '../ari-error.js';
import { setState, setVariable } from '../channel-events.js';
import { talkDetectVariableSet } from '../talk-detect.js';
import { channelJson, type MuteDirection, type SimChannel } from '../channel-registry.js';
import { hangupCause } from '../causes.js';
import { pressDigit } from '../far-end.js';
import { hangupByApi } from '../hangup.js';
import { originate, type OriginateParams } from '../originate.js';
import type { PbxContext } from '../pbx-context.js';
import { startPlayback } from '../playback.js';
import { snoop } from '../snoop.js';
import { pathParam, readParams, type Params } from './request-params.js';

export function channelRoutes(app: FastifyInstance, ctx: PbxContext): void {
  const channelOf = (request: FastifyRequest): SimChannel => {
    const channel = ctx.channels.get(pathParam(request, 'channelId'));
    if (channel === undefined) throw notFound('Channel not found');
    return channel;
  };

  app.get('/ari/channels', async () => ctx.channels.list().map(channelJson));
  app.post('/ari/channels', async (request) => {
    await ctx.heldOriginates;
    return originate(ctx, originateParams(readParams(request)));
  });
  app.post('/ari/channels/:channelId', async (request) => {
    await ctx.heldOriginates;
    return originate(ctx, { ...originateParams(readParams(request)), channelId: pathParam(request, 'channelId') });
  });
  app.get('/ari/channels/:channelId', async (request) => channelJson(channelOf(request)));

  // As Asterisk, for the operations that go through the channel's Stasis control: 409 outside it.
  const inStasis = (request: FastifyRequest): SimChannel => {
    const channel = channelOf(request);
    if (channel.stasisApp === null) throw conflict('Channel not in Stasis application');
    return channel;
  };

  app.delete('/ari/channels/:channelId', async (request, reply) => {
    const channel = channelOf(request);
    const params = readParams(request);
    hangupByApi(ctx, channel, hangupCause(params.str('reason'), params.str('reason_code')));
    return reply.code(204).send();
  });

  app.post('/ari/channels/:channelId/answer', async (request, reply) => {
    setState(ctx, channelOf(request), 'Up');
    return reply.code(204).send();
  });

  app.post('/ari/channels/:channelId/continue', async (request, reply) => {
    continueInDialplan(ctx, channelOf(request), readParams(request).str('context'));
    return reply.code(204).send();
  });

  // As Asterisk: only a channel in a Stasis application; `both` is the default direction.
  const mute = async (request: FastifyRequest, reply: FastifyReply, muted: boolean) => {
    const channel = channelOf(request);
    const direction = readParams(request).str('direction') ?? 'both';
    if (!['both', 'in', 'out'].includes(direction)) throw badRequest(`Invalid direction ${direction}`);
    if (channel.stasisApp === null) throw conflict('Channel not in Stasis application');
    for (const d of direction === 'both' ? (['in', 'out'] as const) : [direction as MuteDirection]) {
      if (muted) channel.muted.add(d);
      else channel.muted.delete(d);
    }
    return reply.code(204).send();
  };
  app.post('/ari/channels/:channelId/mute', async (request, reply) => mute(request, reply, true));
  app.delete('/ari/channels/:channelId/mute', async (request, reply) => mute(request, reply, false));

  const play = async (request: FastifyRequest, playbackId: string | undefined) => {
    const channel = inStasis(request);
    const params = readParams(request);
    const media = params.list('media');
    if (media.length === 0) throw badRequest('Missing parameter media');
    return startPlayback(ctx, channel, media, playbackId ?? params.str('playbackId') ?? ctx.ids.uuid(), params.str('lang') ?? 'en');
  };
  app.post('/ari/channels/:channelId/play', async (request, reply) => reply.code(201).send(await play(request, undefined)));
  app.post('/ari/channels/:channelId/play/:playbackId', async (request, reply) =>
    reply.code(201).send(await play(request, pathParam(request, 'playbackId'))));

  const snoopRoute = async (request: FastifyRequest, snoopId: string | undefined) => {
    const params = readParams(request);
    return snoop(ctx, channelOf(request), {
      app: params.str('app'), appArgs: params.str('appArgs'), spy: params.str('spy'), whisper: params.str('whisper'),
      snoopId: snoopId ?? params.str('snoopId'),
    });
  };
  app.post('/ari/channels/:channelId/snoop', async (request) => snoopRoute(request, undefined));
  app.post('/ari/channels/:channelId/snoop/:snoopId', async (request) => snoopRoute(request, pathParam(request, 'snoopId')));

  // As Asterisk answers it: the variable's name is checked first, then the channel, in Stasis or
  // not, with its own wording; a variable never set is a 404 too.
  app.get('/ari/channels/:channelId/variable', async (request) => {
    const name = readParams(request).str('variable');
    if (name === undefined || name === '') throw badRequest('Variable name is required');
    const channel = ctx.channels.get(pathParam(request, 'channelId'));
    if (channel === undefined) throw notFound('Provided channel was not found');
    const value = channel.variables.get(name);
    if (value === undefined) throw notFound('Provided variable was not found');
    return { value };
  });

  app.post('/ari/channels/:channelId/variable', async (request, reply) => {
    const params = readParams(request);
    const name = params.str('variable');
    if (name === undefined || name === '') throw badRequest('Variable name is required');
    const channel = inStasis(request);
    const value = params.str('value') ?? '';
    // A dialplan function's setter (`TALK_DETECT(set)`) acts; it is no variable and raises no ChannelVarset.
    if (name.endsWith(')')) talkDetectVariableSet(ctx, channel, name, value);
    else setVariable(ctx, channel, name, value);
    return reply.code(204).send();
  });

  // The far end presses keys: lets tests drive ChannelDtmfReceived.
  app.post('/ari/channels/:channelId/dtmf', async (request, reply) => {
    const channel = channelOf(request);
    const digits = readParams(request).str('dtmf') ?? '';
    if (digits === '') throw badRequest('DTMF is required');
    for (const digit of digits) pressDigit(ctx, channel, digit);
    return reply.code(204).send();
  });
}

function originateParams(params: Params): OriginateParams {
  return {
    endpoint: params.str('endpoint'),
    app: params.str('app'),
    appArgs: params.str('appArgs'),
    callerId: params.str('callerId'),
    timeout: params.int('timeout'),
    channelId: params.str('channelId'),
    otherChannelId: params.str('otherChannelId'),
    context: params.str('context'),
    extension: params.str('extension'),
    priority: params.int('priority'),
    variables: params.variables,
  };
}
