// `outpace serve`: one engine node against the configured Asterisk, until SIGINT or SIGTERM.

import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run an engine node: pacing, ARI, the HTTP API and /metrics')
    .option('--no-migrate', 'do not apply pending migrations at start')
    .action(async (flags: { migrate: boolean }) => {
      const [{ loadConfig }, { createLogger }, { readLaboratoryMarker }, { loadMigrations, migrate, unshippedMigrations, unshippedMigrationsWarning }, { startOutpace }, { reachServices }, { PasswordAnswers }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/log/logger.js'), import('../../adapters/pg/laboratory-marker.js'),
        import('../../adapters/pg/migrate.js'), import('../start-outpace.js'), import('../reach-services.js'), import('../../adapters/redis/unneeded-password.js'),
      ]);
      const config = loadConfig();
      const logger = createLogger({ level: config.log.level });
      const redisPasswordAnswers = new PasswordAnswers();
      const unshipped = await reachServices(config, { redis: true, migrates: flags.migrate, redisPasswordAnswers }, async (database) => (flags.migrate
        ? (await migrate(database, { log: (m) => logger.info(m) })).unshipped
        : unshippedMigrations(database, await loadMigrations())));
      if (unshipped.length > 0) logger.warn({ migrations: unshipped }, unshippedMigrationsWarning(unshipped));
      const node = await startOutpace({ config, logger, redisPasswordAnswers });
      logger.info({ url: node.url, nodeId: node.nodeId }, 'outpace is serving');
      const marker = await readLaboratoryMarker(node.pool);
      if (marker.laboratory) {
        logger.warn({ since: marker.changedAt, by: marker.changedBy }, 'this database is a laboratory: custom calling hours stand as set under every campaign\'s rules; never dial people from it (`outpace laboratory off`)');
      }
      let stopping = false;
      const shutdown = (signal: string): void => {
        if (stopping) {
          logger.warn({ signal }, 'stopping now: hanging up the calls still in progress');
          void node.close();
          return;
        }
        stopping = true;
        logger.info({ signal, drainSeconds: config.engine.drainSeconds }, 'stopping: no new dials or logins, letting calls in progress finish (signal again to hang them up)');
        node.close().then(() => process.exit(0), (error: unknown) => {
          logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        });
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}
