// Recordings the PBX has stored, over ARI's HTTP API with basic auth: a recording's file fetched
// for a supervisor, and a recording deleted once it is older than the retention.

import { AriError, toAriError } from './ari-errors.js';

export interface AriHttp {
  url: string;
  user: string;
  password: string;
}

export type RecordingFetcher = (name: string) => Promise<{ body: ReadableStream<Uint8Array>; contentType: string } | null>;
/** Deletes a stored recording; 'gone' when the PBX no longer had it. */
export type RecordingDeleter = (name: string) => Promise<'deleted' | 'gone'>;

function storedUrl(ari: AriHttp, name: string, suffix = ''): string {
  return `${ari.url.replace(/\/+$/, '')}/ari/recordings/stored/${encodeURIComponent(name)}${suffix}`;
}

const authorization = (ari: AriHttp): string => `Basic ${Buffer.from(`${ari.user}:${ari.password}`).toString('base64')}`;

/** GET /ari/recordings/stored/{name}/file; null when the PBX has no such recording. */
export function ariRecordingFetcher(ari: AriHttp, timeoutMs = 30_000): RecordingFetcher {
  return async (name) => {
    const response = await fetch(storedUrl(ari, name, '/file'), { headers: { authorization: authorization(ari) }, signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) return null;
    if (!response.ok || !response.body) throw await refusal(response, 'getStoredFile', `the PBX answered ${response.status} for the recording`);
    return { body: response.body, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
  };
}

/** DELETE /ari/recordings/stored/{name}. */
export function ariRecordingDeleter(ari: AriHttp, timeoutMs = 10_000): RecordingDeleter {
  return async (name) => {
    const response = await fetch(storedUrl(ari, name), { method: 'DELETE', headers: { authorization: authorization(ari) }, signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) return 'gone';
    if (!response.ok) throw await refusal(response, 'deleteStored', `the PBX answered ${response.status} deleting recording ${name}`);
    return 'deleted';
  };
}

/** A refusal by the PBX: one of the node's ARI user (401, 403) says what the operator is to check. */
async function refusal(response: Response, operation: string, otherwise: string): Promise<AriError> {
  if (response.status !== 401 && response.status !== 403) return new AriError('ARI_REQUEST_FAILED', operation, otherwise);
  return toAriError({ status: response.status, data: await response.text() }, operation);
}

/**
 * Deletes the recordings in order and answers those the PBX deleted (or no longer had), up to the
 * first it refuses: a PBX that refuses one is asked again later, not hammered now.
 */
export async function deleteStoredRecordings<T extends { name: string }>(
  recordings: readonly T[], deleter: RecordingDeleter, onRefused: (recording: T, error: unknown) => void,
): Promise<T[]> {
  const gone: T[] = [];
  for (const recording of recordings) {
    try {
      await deleter(recording.name);
    } catch (error) {
      onRefused(recording, error);
      break;
    }
    gone.push(recording);
  }
  return gone;
}
