// /ari/recordings: stored recordings (list, get, file, delete) and live ones (get, pause, stop).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../ari-error.js';
import { finishBridgeRecording, setRecordingPaused } from '../bridge-recording.js';
import type { PbxContext } from '../pbx-context.js';
import { liveRecordingJson, storedRecordingJson, type LiveRecording, type StoredRecording } from '../recording-store.js';
import { silentWav } from '../wav-file.js';
import { pathParam } from './request-params.js';

export function recordingRoutes(app: FastifyInstance, ctx: PbxContext): void {
  const storedOf = (request: FastifyRequest): StoredRecording => {
    const recording = ctx.recordings.stored.get(pathParam(request, 'recordingName'));
    if (recording === undefined) throw notFound('Recording not found');
    return recording;
  };
  const liveOf = (request: FastifyRequest): LiveRecording => {
    const recording = ctx.recordings.live.get(pathParam(request, 'recordingName'));
    if (recording === undefined) throw notFound('Recording not found');
    return recording;
  };

  app.get('/ari/recordings/stored', async () => [...ctx.recordings.stored.values()].map(storedRecordingJson));
  app.get('/ari/recordings/stored/:recordingName', async (request) => storedRecordingJson(storedOf(request)));

  app.get('/ari/recordings/stored/:recordingName/file', async (request, reply) => {
    const recording = storedOf(request);
    return reply.header('Content-Type', 'audio/wav').send(silentWav(recording.durationSeconds));
  });

  app.delete('/ari/recordings/stored/:recordingName', async (request, reply) => {
    ctx.recordings.stored.delete(storedOf(request).name);
    return reply.code(204).send();
  });

  app.get('/ari/recordings/live/:recordingName', async (request) => liveRecordingJson(liveOf(request)));

  app.post('/ari/recordings/live/:recordingName/pause', async (request, reply) => {
    setRecordingPaused(liveOf(request), true);
    return reply.code(204).send();
  });
  app.delete('/ari/recordings/live/:recordingName/pause', async (request, reply) => {
    setRecordingPaused(liveOf(request), false);
    return reply.code(204).send();
  });

  app.post('/ari/recordings/live/:recordingName/stop', async (request, reply) => {
    const bridge = ctx.bridges.get(liveOf(request).bridgeId);
    if (bridge !== undefined) finishBridgeRecording(ctx, bridge);
    return reply.code(204).send();
  });
}
