// What `outpace import <file>` does (import.ts defines its options): loads a CSV of leads into a
// campaign list, with a progress bar and a summary (read, imported, duplicates, invalid,
// DNC-matched); the error report goes to a CSV. Loaded only when the command runs.

import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config/load-config.js';
import { importEncodingNamed, unknownEncodingMessage, type ImportEncoding } from '../../adapters/pg/lead-import-encoding.js';
import { parseMappingFile, parseMappingFlags, type LeadImportMapping } from '../../adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList, listImportErrors } from '../../adapters/pg/lead-import-repository.js';
import { runLeadImport, type ImportProgress } from '../../adapters/pg/lead-import.js';
import type { Pool } from '../../adapters/pg/pool.js';
import { openCheckedPool } from '../reach-services.js';
import { readableFile, writableFilePath } from '../command-files.js';
import { spreadsheetCsvOf } from '../../adapters/http/spreadsheet-csv.js';

export interface ImportFlags {
  campaign: string;
  list: string;
  region?: string;
  map?: string;
  mapping?: string;
  encoding: string;
  errors?: string;
  /** false with --no-bom. */
  bom: boolean;
  progress: boolean;
}

async function mappingFrom(flags: ImportFlags): Promise<LeadImportMapping> {
  if ((flags.map === undefined) === (flags.mapping === undefined)) throw new Error('give exactly one of --map and --mapping');
  if (flags.map !== undefined) return parseMappingFlags(flags.map);
  const file = flags.mapping ?? '';
  await readableFile(file, 'mapping file');
  return parseMappingFile(await readFile(file, 'utf8'));
}

function encodingFrom(flags: ImportFlags): ImportEncoding {
  const encoding = importEncodingNamed(flags.encoding);
  if (encoding === null) throw new Error(`--encoding: ${unknownEncodingMessage(flags.encoding)}`);
  return encoding;
}

function progressBar(totalBytes: number, enabled: boolean): { update: (p: ImportProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    format: '{phase} |{bar}| {percentage}% | {rowsRead} rows read, {invalid} invalid',
    hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  bar.start(totalBytes, 0, { phase: 'reading', rowsRead: 0, invalid: 0 });
  let loading = false;
  return {
    update: (p) => {
      if (p.phase === 'loading' && !loading) {
        loading = true;
        bar.setTotal(Math.max(1, p.rowsRead));
      }
      bar.update(loading ? p.rowsLoaded : p.bytesRead, { phase: p.phase, rowsRead: p.rowsRead, invalid: p.invalid });
    },
    stop: () => bar.stop(),
  };
}

/** Writes the import's error report (row, column, reason) as CSV, after a UTF-8 byte order mark
 * unless `bom` is false; the number of entries. The report is for the person who ran the import
 * to open in a spreadsheet, as the pages' download of it is: without the mark Excel reads it in
 * its machine's code page and garbles the accented column names and values quoted in it. */
async function writeErrorReport(pool: Pool, importId: string, path: string, bom: boolean): Promise<number> {
  const problems = await listImportErrors(pool, importId);
  await pipeline(spreadsheetCsvOf(problems.map((p) => [String(p.rowNumber), p.column ?? '', p.reason]), { header: true, columns: ['row', 'column', 'reason'], bom }), createWriteStream(path));
  return problems.length;
}

export async function runImport(file: string, flags: ImportFlags): Promise<void> {
  const mapping = await mappingFrom(flags);
  const encoding = encodingFrom(flags);
  const size = await readableFile(file, 'leads file');
  // Before the import: a report that could not be written would be known only after it.
  if (flags.errors) await writableFilePath(flags.errors, 'error report');
  const config = loadConfig();
  // One connection reads and records the import, two load chunks at once (runLeadImport's default).
  const pool = await openCheckedPool(config, { redis: false }, { poolMax: 3, applicationName: 'outpace-import' });
  try {
    // Refused when --region names another region than the existing list's (as the upload API does).
    const list = await ensureList(pool, { campaignId: flags.campaign, name: flags.list, defaultRegion: flags.region?.toUpperCase() });
    const record = await createLeadImport(pool, { campaignId: flags.campaign, listId: list.id, fileName: basename(file), mapping });
    const bar = progressBar(size, flags.progress && process.stderr.isTTY);
    const started = performance.now();
    let readAs: ImportProgress['readAs'] = null;
    const onProgress = (p: ImportProgress): void => {
      readAs = p.readAs;
      bar.update(p);
    };
    const counts = await runLeadImport(pool, { importId: record.id, campaignId: flags.campaign, listId: list.id, input: createReadStream(file), mapping, encoding, onProgress })
      .finally(() => bar.stop())
      .catch(async (error: unknown) => {
        // A failed import keeps the row problems found before it failed: the report still helps.
        if (flags.errors) await writeErrorReport(pool, record.id, flags.errors, flags.bom).catch(() => undefined);
        throw error;
      });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `import ${record.id} into list "${flags.list}" (${list.created ? 'new' : 'existing'}, numbers without a country code read as ${list.defaultRegion}):\n` +
      `  read ${counts.rowsRead}, imported ${counts.imported}, duplicates ${counts.duplicates}, invalid ${counts.invalid}, DNC-matched ${counts.dncMatched}\n` +
      `  ${seconds.toFixed(1)} s, ${Math.round(counts.rowsRead / Math.max(seconds, 0.001))} rows/s\n`,
    );
    if (counts.consentChanged > 0) {
      process.stdout.write(`  consent to prerecorded messages changed for ${counts.consentChanged} lead${counts.consentChanged === 1 ? '' : 's'} already in the campaign, as the file gives it\n`);
    }
    if (counts.footerRows > 0) {
      process.stdout.write(`  the last ${counts.footerRows} rows are a report's footer (totals, confidentiality and copyright lines): skipped\n`);
    }
    if (encoding === 'utf-8' && readAs === 'windows-1252') {
      process.stdout.write('  the file is not UTF-8: read as Windows-1252 (the error report names the row it showed on); check that accented names came out right\n');
    }
    if (flags.errors) {
      const entries = await writeErrorReport(pool, record.id, flags.errors, flags.bom);
      process.stdout.write(`  error report: ${entries} entries in ${flags.errors}\n`);
    } else if (counts.invalid > 0) {
      process.stdout.write('  rejected rows are listed with --errors <file>\n');
    }
  } finally {
    await pool.end();
  }
}
