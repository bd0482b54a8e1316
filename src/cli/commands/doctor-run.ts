// What `outpace doctor` runs: the checks of doctor-checks.ts, doctor-sounds.ts and doctor-directories.ts, the
// services' at once (each waits a few seconds at most for an answer), printed in a fixed order,
// one line each.

import type { Writable } from 'node:stream';
import { campaignMedia } from '../../adapters/pg/campaign-media.js';
import { connectDatabase } from '../../adapters/pg/reach-database.js';
import type { Config } from '../../config/schema.js';
import type { PlayedMedia } from '../../core/campaign-sounds.js';
import { answerTimeoutMs, checkAmi, checkAri, checkConfig, checkDatabaseAndMigrations, checkNode, checkRedis, type Finding } from '../doctor-checks.js';
import { checkDirectories } from '../doctor-directories.js';
import { checkSounds } from '../doctor-sounds.js';

const marks: Readonly<Record<Finding['state'], string>> = { ok: '✓', failed: '✗', skipped: '-' };

/** Writes a line per check; true when none failed. */
export async function runDoctor(out: Writable): Promise<boolean> {
  const loaded = checkConfig();
  const findings: Finding[] = [loaded.finding, ...await serviceFindings(loaded.config), checkNode()];
  for (const finding of findings) out.write(`${marks[finding.state]} ${finding.name}: ${finding.line}\n`);
  return findings.every((finding) => finding.state !== 'failed');
}

async function serviceFindings(config: Config | null): Promise<Finding[]> {
  if (config === null) {
    const notChecked = (name: string): Finding => ({ name, state: 'skipped', line: 'not checked: the configuration did not load' });
    return ['database', 'migrations', 'redis', 'ARI', 'sounds', 'AMI', 'write spool', 'upload directory'].map(notChecked);
  }
  const media = mediaOfCampaigns(config.database.url);
  const [database, redis, ari, ami, directories] = await Promise.all([
    checkDatabaseAndMigrations(config.database.url), checkRedis(config.redis.url), checkAriAndSounds(config.ari, media), checkAmi(config.ami), checkDirectories(config.engine),
  ]);
  return [...database, redis, ...ari, ami, ...directories];
}

/** The sounds are asked of an ARI that answered. */
async function checkAriAndSounds(ari: Config['ari'], media: Promise<PlayedMedia[] | null>): Promise<Finding[]> {
  const reached = await checkAri(ari);
  if (reached.state !== 'ok') return [reached, { name: 'sounds', state: 'skipped', line: "not checked: the PBX's ARI was not reached" }];
  return [reached, await checkSounds(ari, answerTimeoutMs, await media)];
}

/** What the campaigns play, or null when the database is not reached or not migrated (its checks say so). */
async function mediaOfCampaigns(url: string): Promise<PlayedMedia[] | null> {
  try {
    const database = await connectDatabase(url, answerTimeoutMs);
    try {
      return await campaignMedia(database);
    } finally {
      await database.end().catch(() => undefined);
    }
  } catch {
    return null;
  }
}
