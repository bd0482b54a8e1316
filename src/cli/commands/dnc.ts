// `outpace dnc import <file>`: loads a file of numbers onto the global or a campaign DNC list;
// `outpace dnc removed <loadId>`: the numbers a national registry's full load took off it.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { campaignId, phoneRegion } from './option-parsers.js';
import { readableFile } from '../command-files.js';
import { isNationalRegistry, nationalRegistries, type NationalRegistry } from '../../core/compliance/national-registries.js';

interface DncImportFlags {
  campaign?: string;
  region?: string;
  name?: string;
  expires?: string;
  registry?: NationalRegistry;
  asOf?: string;
  full?: boolean;
}

function registryKind(value: string): NationalRegistry {
  if (!isNationalRegistry(value)) throw new Error(`--registry "${value}" is not a national registry: one of ${nationalRegistries.join(', ')}`);
  return value;
}

export function registerDncCommand(program: Command): void {
  const dnc = program.command('dnc').description('do-not-call lists');
  dnc
    .command('import <file>')
    .description('add every number of a file (one per line, or the phone column of a CSV with a header row) to a DNC list')
    .option('--campaign <id>', 'campaign list (default: the global list, every campaign)', campaignId)
    .option('--region <code>', "region national numbers are read in (default: the campaign's lists', else US)", phoneRegion)
    .option('--name <name>', 'name of the external list, kept as the reason (default: the file name)')
    .option('--expires <iso>', 'entries expire at this instant (e.g. 2030-07-01T00:00:00Z)')
    .option('--registry <kind>', `the file is a copy of a national registry (${nationalRegistries.join(', ')}), loaded onto the global list: campaigns scrubbed against it dial for 31 days (US) or 28 (UK) from its date`, registryKind)
    .option('--as-of <iso>', "with --registry: when the registry's data was downloaded (default: now)")
    .option('--full', "with --registry: the file is the whole registry; numbers its earlier loads put on the global list that it no longer holds come off (not those added by hand, at the person's request or by another registry)")
    .action(async (file: string, flags: DncImportFlags) => {
      const expiresAt = flags.expires ? new Date(flags.expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new Error(`--expires "${flags.expires}" is not a date-time`);
      const asOf = flags.asOf ? new Date(flags.asOf) : null;
      if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of "${flags.asOf}" is not a date-time`);
      if (asOf && !flags.registry) throw new Error('--as-of dates a national registry\'s data: give --registry too');
      if (flags.full && !flags.registry) throw new Error("--full replaces a national registry's numbers: give --registry too");
      if (flags.registry && flags.campaign) throw new Error(`a national registry (${flags.registry}) is loaded onto the global list, which every campaign is scrubbed against: leave --campaign out`);
      await readableFile(file, 'file of numbers');
      const [{ loadConfig }, { campaignNumberRegion, importDncList, registryRegion }, { openCheckedPool }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/pg/dnc-additions.js'), import('../reach-services.js'),
      ]);
      const config = loadConfig();
      const pool = await openCheckedPool(config, { redis: false }, { poolMax: 2, applicationName: 'outpace-dnc' });
      try {
        const region = flags.region?.toUpperCase() ?? (flags.registry ? registryRegion[flags.registry] : flags.campaign ? await campaignNumberRegion(pool, flags.campaign) : 'US');
        if (region === null) throw new Error(`campaign ${flags.campaign ?? ''}'s lists read numbers in several regions: say which this file's are in (--region)`);
        const result = await importDncList(pool, {
          source: createReadStream(file), campaignId: flags.campaign ?? null, region,
          listName: flags.name ?? basename(file), by: process.env.USER ?? 'cli', expiresAt,
          registry: flags.registry ?? null, ...(asOf ? { asOf } : {}), full: flags.full === true,
        });
        if (flags.registry) process.stdout.write(`loaded as ${flags.registry}, dated ${(asOf ?? new Date()).toISOString()}\n`);
        if (result.column !== null) process.stdout.write(`numbers read from column "${result.column}"\n`);
        if (result.otherNumbersColumn !== null) {
          process.stdout.write(`every number of column "${result.otherNumbersColumn}" read too: each lead of a leads download is blocked on all its numbers\n`);
        }
        process.stdout.write(`read ${result.read}, added ${result.added}, already listed ${result.alreadyListed}, invalid ${result.invalid}\n`);
        if (result.removed !== undefined) {
          process.stdout.write(`removed ${result.removed} no longer in ${flags.registry ?? ''}: on the global list from its earlier loads only\n`);
          if (result.removed > 0) process.stdout.write(`  which: outpace dnc removed ${result.loadId ?? ''}\n`);
        }
        if (result.footerRows > 0) {
          process.stdout.write(`  the last ${result.footerRows} lines are a report's footer (totals, confidentiality and copyright lines): skipped\n`);
        }
        for (const sample of result.invalidSamples.slice(0, 10)) process.stdout.write(`  line ${sample.line}: "${sample.text}" (${sample.reason})\n`);
      } finally {
        await pool.end();
      }
    });
  dnc
    .command('removed <loadId>')
    .description("the numbers a national registry's full load took off the global list, as CSV (the load's id is in its dnc_removed evidence entry, and said by the import)")
    .action(async (loadId: string) => {
      if (!/^\d+$/.test(loadId)) throw new Error(`"${loadId}" is not a registry load's id (a number)`);
      const [{ loadConfig }, { registryLoad }, { openCheckedPool }, { writeRegistryRemovalsCsv }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/pg/dnc-registry-loads.js'),
        import('../reach-services.js'), import('../../adapters/pg/registry-removals-csv.js'),
      ]);
      const config = loadConfig();
      const pool = await openCheckedPool(config, { redis: false }, { poolMax: 1, applicationName: 'outpace-dnc' });
      try {
        const load = await registryLoad(pool, loadId);
        if (!load) throw new Error(`registry load ${loadId} does not exist`);
        // Written as stdout takes it (a reader slower than the database holds the reading back); a
        // read that fails ends the output with its error, said as the command's.
        await writeRegistryRemovalsCsv(pool, load, process.stdout);
      } finally {
        await pool.end();
      }
    });
}
