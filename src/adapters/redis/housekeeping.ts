// Housekeeping: a BullMQ job scheduler runs the clean-up every hour on whichever node takes the
// job, so a cluster prunes once and a node that is down misses nothing. The clean-up deletes
// pacing decisions older than their retention (the engine keeps one for every launch, tens of
// thousands a day for a busy campaign, and their use, explaining the dialling, is recent), and,
// when a recording retention is set, deletes from the PBX the recordings of calls older than it:
// what is kept of people's voices is kept no longer than the call centre needs it. Recordings of a
// person whose data was erased that the PBX refused to delete at the erasure are asked for again
// every run, whatever the retention, until they are gone. The CRM webhook bodies delivered longer
// ago than their retention go too, and those of deliveries failed for good whose last try is as
// old (see webhook-retention.ts), and so do the lead import error reports older than theirs
// (import-report-retention.ts). When a lead retention is set, finished leads unchanged for longer
// have their personal data erased (lead-retention.ts), and their recordings go as an erased lead's.

import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { deleteStoredRecordings, type RecordingDeleter } from '../ari/stored-recordings.js';
import { prunePacingDecisions } from '../pg/pacing-decision-repository.js';
import type { Pool } from '../pg/pool.js';
import { markRecordingsPurged, recordingsOfErasedLeads, recordingsOlderThan, type ErasedLeadRecording } from '../pg/recording-retention.js';
import { pruneImportErrorReports } from '../pg/import-report-retention.js';
import { eraseLeadsPastRetention } from '../pg/lead-retention.js';
import { pruneDeliveredWebhooks, pruneFailedWebhookBodies } from '../pg/webhook-retention.js';
import { RedisErrorWatch } from './redis-error-watch.js';

export const HOUSEKEEPING_QUEUE = 'outpace-housekeeping';
export const PRUNE_SCHEDULER_ID = 'prune-pacing-decisions';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Recordings deleted per round trip to the database. */
const RECORDING_BATCH = 200;
/** Leads erased per transaction at the end of their retention. */
const LEAD_BATCH = 500;

export interface HousekeepingOptions {
  connection: ConnectionOptions;
  pool: Pool;
  logger: Logger;
  /** Pacing decisions are kept this many days. */
  decisionRetentionDays: number;
  /** Recordings are kept this many days after their call; 0 keeps them. */
  recordingRetentionDays: number;
  /** CRM webhook bodies are kept this many days after their delivery, or their last try for one failed for good. */
  webhookRetentionDays: number;
  /** Lead import error reports are kept this many days after their import finished. */
  importErrorRetentionDays: number;
  /** Finished leads are kept this many days after their last change or call; 0 (the default) keeps them. */
  leadRetentionDays?: number;
  /** Deletes a recording from the PBX. */
  deleteRecording: RecordingDeleter;
  prefix?: string;
  /** How often the clean-up runs. */
  everyMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
  /** Where the queue's and worker's connection errors go; the logger's own watch when not given. */
  redisErrors?: RedisErrorWatch;
}

export interface Housekeeping {
  /** Prunes the pacing decisions now; returns how many were deleted. */
  pruneNow(): Promise<number>;
  /** Deletes the CRM webhook bodies delivered, or failed for good, before the retention now; returns how many went. */
  pruneWebhooksNow(): Promise<number>;
  /** Deletes the lead import error reports of imports finished before the retention now; returns how many rows went. */
  pruneImportErrorsNow(): Promise<number>;
  /** Erases the finished leads past the retention now; returns how many. */
  eraseLeadsNow(): Promise<number>;
  /** Deletes the recordings past the retention now; returns how many went. */
  purgeRecordingsNow(): Promise<number>;
  /** Deletes the recordings of erased leads the PBX kept at the erasure; returns how many went. */
  purgeErasedRecordingsNow(): Promise<number>;
  close(): Promise<void>;
}

export async function startHousekeeping(options: HousekeepingOptions): Promise<Housekeeping> {
  const now = options.now ?? (() => new Date());
  const queueOptions = { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) };
  const pruneNow = async (): Promise<number> => {
    const before = new Date(now().getTime() - options.decisionRetentionDays * DAY_MS);
    const deleted = await prunePacingDecisions(options.pool, before);
    if (deleted > 0) options.logger.info({ deleted, before }, 'pruned old pacing decisions');
    return deleted;
  };
  const pruneWebhooksNow = async (): Promise<number> => {
    const before = new Date(now().getTime() - options.webhookRetentionDays * DAY_MS);
    const deleted = await pruneDeliveredWebhooks(options.pool, before);
    if (deleted > 0) options.logger.info({ deleted, before }, 'deleted CRM webhook bodies delivered before the retention');
    const failed = await pruneFailedWebhookBodies(options.pool, { before, at: now() });
    if (failed > 0) options.logger.info({ deleted: failed, before }, 'deleted the bodies of CRM webhooks failed for good before the retention');
    return deleted + failed;
  };
  const pruneImportErrorsNow = async (): Promise<number> => {
    const before = new Date(now().getTime() - options.importErrorRetentionDays * DAY_MS);
    const pruned = await pruneImportErrorReports(options.pool, { before, at: now() });
    if (pruned.imports > 0) options.logger.info({ imports: pruned.imports, rows: pruned.rows, before }, 'deleted lead import error reports past the retention');
    return pruned.rows;
  };
  const eraseLeadsNow = async (): Promise<number> => {
    const retentionDays = options.leadRetentionDays ?? 0;
    if (retentionDays <= 0) return 0;
    const at = now();
    const before = new Date(at.getTime() - retentionDays * DAY_MS);
    let erased = 0;
    for (;;) {
      const batch = await eraseLeadsPastRetention(options.pool, { before, now: at, retentionDays, limit: LEAD_BATCH });
      erased += batch;
      if (batch < LEAD_BATCH) break;
    }
    if (erased > 0) options.logger.info({ erased, before }, 'erased the personal data of finished leads past the retention');
    return erased;
  };
  const purgeRecordingsNow = async (): Promise<number> => {
    if (options.recordingRetentionDays <= 0) return 0;
    const at = now();
    const before = new Date(at.getTime() - options.recordingRetentionDays * DAY_MS);
    let purged = 0;
    for (;;) {
      const batch = await recordingsOlderThan(options.pool, before, RECORDING_BATCH);
      const gone = await deleteStoredRecordings(batch, options.deleteRecording, (recording, error) =>
        options.logger.warn({ err: error, recording: recording.name }, 'the PBX did not delete a recording past the retention; trying again next run'));
      await markRecordingsPurged(options.pool, gone, { at, why: { callsEndedBefore: before.toISOString(), retentionDays: options.recordingRetentionDays } });
      purged += gone.length;
      // A PBX that refused one is asked again at the next run, not in a loop now.
      if (batch.length < RECORDING_BATCH || gone.length < batch.length) break;
    }
    if (purged > 0) options.logger.info({ purged, before }, 'deleted recordings past the retention');
    return purged;
  };
  const purgeErasedRecordingsNow = async (): Promise<number> => {
    const at = now();
    const batch = await recordingsOfErasedLeads(options.pool, RECORDING_BATCH);
    const gone = await deleteStoredRecordings(batch, options.deleteRecording, (recording, error) =>
      options.logger.warn({ err: error, recording: recording.name, leadId: recording.leadId }, 'the PBX still keeps a recording of an erased lead; trying again next run'));
    for (const [leadId, recordings] of byLead(gone)) await markRecordingsPurged(options.pool, recordings, { at, why: { erasedLead: leadId } });
    if (gone.length > 0) options.logger.info({ purged: gone.length }, 'deleted recordings of erased leads the PBX had kept');
    return gone.length;
  };
  const errors = options.redisErrors ?? new RedisErrorWatch(options.logger);
  const queue = errors.watch(new Queue(HOUSEKEEPING_QUEUE, queueOptions), 'housekeeping queue');
  // Every node upserts the same scheduler: one schedule, whichever node starts first or last.
  await queue.upsertJobScheduler(PRUNE_SCHEDULER_ID, { every: options.everyMs ?? HOUR_MS }, {
    name: 'prune', data: { version: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 },
  });
  const worker = new Worker(HOUSEKEEPING_QUEUE, async () => ({
    deleted: await pruneNow(), webhooksDeleted: await pruneWebhooksNow(), importErrorsDeleted: await pruneImportErrorsNow(),
    // Leads first: the recordings of those erased go in the same run.
    leadsErased: await eraseLeadsNow(), recordingsDeleted: await purgeRecordingsNow(), erasedRecordingsDeleted: await purgeErasedRecordingsNow(),
  }), queueOptions);
  worker.on('failed', (_job, error) => options.logger.warn({ err: error }, 'housekeeping failed'));
  errors.watch(worker, 'housekeeping worker');
  return {
    pruneNow,
    pruneWebhooksNow,
    pruneImportErrorsNow,
    eraseLeadsNow,
    purgeRecordingsNow,
    purgeErasedRecordingsNow,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

/** The recordings grouped by their lead, each group recorded as that lead's erasure finished. */
function byLead(recordings: readonly ErasedLeadRecording[]): Map<string, ErasedLeadRecording[]> {
  const groups = new Map<string, ErasedLeadRecording[]>();
  for (const recording of recordings) {
    const ofLead = groups.get(recording.leadId) ?? [];
    ofLead.push(recording);
    groups.set(recording.leadId, ofLead);
  }
  return groups;
}
