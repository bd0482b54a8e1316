// `outpace migrate`: brings the database schema up to date.

import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { migrate, unshippedMigrationsWarning } from '../../adapters/pg/migrate.js';
import { reachServices } from '../reach-services.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (safe to run on every start and from several nodes)')
    .action(async () => {
      const config = loadConfig();
      await reachServices(config, { redis: false });
      const result = await migrate(config.database.url);
      process.stdout.write(`migrations applied: ${result.applied.length === 0 ? 'none' : result.applied.join(', ')}\n`);
      if (result.unshipped.length > 0) process.stderr.write(`outpace: warning: ${unshippedMigrationsWarning(result.unshipped)}\n`);
    });
}
