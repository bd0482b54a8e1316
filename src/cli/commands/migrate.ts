// `outpace migrate`: brings the database schema up to date.

import type { Command } from 'commander';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (safe to run on every start and from several nodes)')
    .action(async () => {
      const [{ loadConfig }, { migrate, unshippedMigrationsWarning }, { reachServices }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/pg/migrate.js'), import('../reach-services.js'),
      ]);
      const config = loadConfig();
      const result = await reachServices(config, { redis: false, migrates: true }, (database) => migrate(database));
      process.stdout.write(`migrations applied: ${result.applied.length === 0 ? 'none' : result.applied.join(', ')}\n`);
      if (result.unshipped.length > 0) process.stderr.write(`outpace: warning: ${unshippedMigrationsWarning(result.unshipped)}\n`);
    });
}
