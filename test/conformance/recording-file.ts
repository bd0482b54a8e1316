// Reads the real Asterisk ARI recordings (kept beside the repository, never copied into it).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const recordingsDir = process.env.OUTPACE_ARI_RECORDINGS ?? path.resolve(repoRoot, '../shared/asterisk-ari-recordings');

/**
 * The recordings are not part of the repository, so a clone without them skips the conformance
 * tests; CI sets OUTPACE_REQUIRE_RECORDINGS=1, where a missing folder fails the run instead.
 */
export const recordingsMissing = !existsSync(recordingsDir) && process.env.OUTPACE_REQUIRE_RECORDINGS !== '1';

const jsonRecord = z.record(z.string(), z.unknown());

const restEntry = z.object({
  t: z.number(), dir: z.literal('rest'), method: z.string(), path: z.string(),
  query: z.record(z.string(), z.string()).nullish(), body: z.unknown().optional(), status: z.number(), response: z.unknown().optional(),
});
const eventEntry = z.object({ t: z.number(), dir: z.literal('event'), event: jsonRecord });
const otherEntry = z.object({ t: z.number(), dir: z.enum(['ws-open', 'ws-close', 'note']) }).loose();

export const recordingEntry = z.discriminatedUnion('dir', [restEntry, eventEntry, otherEntry]);
export type RecordingEntry = z.infer<typeof recordingEntry>;
export type RestEntry = z.infer<typeof restEntry>;
export type AriEvent = Record<string, unknown>;

export function recordingNames(): string[] {
  if (recordingsMissing) return [];
  return readdirSync(recordingsDir).filter((f) => f.endsWith('.jsonl')).map((f) => f.replace(/\.jsonl$/, '')).sort();
}

export function readRecording(name: string): RecordingEntry[] {
  const text = readFileSync(path.join(recordingsDir, `${name}.jsonl`), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => recordingEntry.parse(JSON.parse(line)));
}
