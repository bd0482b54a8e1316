// `outpace import <file>`: loads a CSV of leads into a campaign list, with a progress bar and a
// summary (read, imported, duplicates, invalid, DNC-matched); the error report goes to a CSV. What
// it does is in import-run.ts, loaded only when it runs: `outpace --help` reads none of it.

import type { Command } from 'commander';
import { campaignId, phoneRegion } from './option-parsers.js';
import type { ImportFlags } from './import-run.js';

export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('import a CSV of leads into a campaign list (importing the same file again adds nobody)')
    .requiredOption('--campaign <id>', 'campaign id', campaignId)
    .requiredOption('--list <name>', 'list name (created when new)')
    .option('--region <code>', 'region of numbers without a country code (ISO 3166, e.g. US, GB, CN): a new list\'s (US if not given); an existing list\'s must match', phoneRegion)
    .option('--map <pairs>', 'column mapping: phone=Phone,phone2=Mobile,first_name=First,last_name=Last,external_id=Id,timezone=TZ,postal_code=Zip,grade=Grade,priority=Prio,field.plan=Plan')
    .option('--mapping <file>', 'mapping file (YAML or JSON), instead of --map')
    .option('--encoding <name>', 'the file\'s encoding: utf-8 (a file that is not is read as windows-1252, with a note in the report) or windows-1252 (latin1)', 'utf-8')
    .option('--errors <file>', 'write the error report (row, column, reason) to this CSV file, UTF-8 with a byte order mark so that Excel shows accented names right, as the pages\' download of it')
    .option('--no-bom', 'write the --errors file without the byte order mark (for a script or CRM that reads the header as plain UTF-8)')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, flags: ImportFlags) => {
      const { runImport } = await import('./import-run.js');
      await runImport(file, flags);
    });
}
