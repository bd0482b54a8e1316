// `outpace demo`: the real engine against the simulated PBX with bot agents.

import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../../config/schema.js';
import type { PacingMode } from '../../core/campaign-settings.js';
import { positiveNumber, wholeNumber } from './option-parsers.js';

function pacingMode(value: string): PacingMode {
  if (value === 'progressive' || value === 'power' || value === 'predictive') return value;
  throw new InvalidArgumentError('expected progressive, power or predictive');
}

/** The port the demo serves on: `--port`, or else the configuration's, as `serve` would. */
export function demoHttpPort(flag: number | undefined, config: Pick<Config, 'http'>): number {
  return flag ?? config.http.port;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the engine against the simulated PBX with bot agents, printing a status line a second')
    .option('--duration <seconds>', 'how long to dial', wholeNumber, 120)
    .option('--agents <n>', 'bot agents', wholeNumber, 10)
    .option('--leads <n>', 'synthetic leads', wholeNumber, 5000)
    // No default of its own: the configuration's (HTTP_PORT, http.port), as `serve` listens on.
    .option('--port <port>', 'HTTP port for the API and /metrics (default: HTTP_PORT, http.port)', wholeNumber)
    .option('--seed <n>', 'seed of the simulated traffic and bots', wholeNumber, 7)
    .option('--mode <mode>', 'pacing mode: progressive, power (dial level 1.5) or predictive', pacingMode, 'predictive' as PacingMode)
    .option('--amd', 'run answering-machine detection on answered calls', false)
    // Ten times faster than life: the pacing model takes over within the default two minutes.
    .option('--time-scale <x>', 'simulated PBX time scale (1 = real time, 0.1 = rings and talk ten times shorter)', positiveNumber, 0.1)
    .option('--until-done', 'stop early when the list is worked through', false)
    .action(async (flags: { duration: number; agents: number; leads: number; port?: number; seed: number; mode: PacingMode; amd: boolean; timeScale: number; untilDone: boolean }) => {
      // Quieter than a node by default, so the status lines are not lost among records; log.level
      // in the file OUTPACE_CONFIG names, or LOG_LEVEL, says otherwise.
      const [{ loadConfig }, { createLogger }, { runDemo }, { openCheckedPool }, { checkAndMigrateDemoDatabase }, { databaseAddressOf }, { PasswordAnswers }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/log/logger.js'), import('../../demo/run-demo.js'), import('../reach-services.js'),
        import('../../demo/demo-database.js'), import('../../adapters/pg/reach-database.js'), import('../../adapters/redis/unneeded-password.js'),
      ]);
      const config = loadConfig({ commandDefaults: { log: { level: 'warn' } } });
      const logger = createLogger({ level: config.log.level, destination: process.stderr as never });
      // The node's own pool: the start checks and the migrations on one of its connections, where
      // they opened one each before it.
      const redisPasswordAnswers = new PasswordAnswers();
      const pool = await openCheckedPool(config, { redis: true, migrates: true, redisPasswordAnswers }, { poolMax: config.database.poolMax }, (database) => checkAndMigrateDemoDatabase(database, databaseAddressOf(config.database.url)));
      const print = (line: string): void => { process.stdout.write(`${line}\n`); };
      // The first SIGINT or SIGTERM ends the run the way its duration would (campaign stopped,
      // calls drained, agents logged out, campaign lease released); a second one kills at once.
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals): void => {
        print(`${signal}: stopping the demo cleanly`);
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const run = await runDemo(config, logger, {
        durationS: flags.duration, agents: flags.agents, leads: flags.leads, port: demoHttpPort(flags.port, config), seed: flags.seed,
        mode: flags.mode, amd: flags.amd, timeScale: flags.timeScale, wrapMs: { min: 2_000, max: 8_000 },
        untilDone: flags.untilDone, print, signal: stop.signal, pool, redisPasswordAnswers,
      });
      const { summary } = run;
      print(`done: ${summary.attempts} attempts ${JSON.stringify(summary.byOutcome)}`);
      print(`dispositions: ${summary.dispositions} ${JSON.stringify(summary.byDisposition)}`);
      print(`distribution: ${summary.connectedInGroup} of ${summary.connected} calls put through went to a bot of the lead's industry (${summary.transferred} of them handed over by another bot); ${summary.held} put on hold; ${summary.leftWithThirdParty} left with the verification desk`);
      if (flags.amd) print(`machine messages: ${JSON.stringify(summary.machineMessages)} (by what started them)`);
      print(`abandoned: ${summary.abandoned} (safe-harbor played on ${summary.abandonedWithSafeHarbor}); invariant violations: ${run.invariantViolations}`);
      if (run.invariantViolations > 0) process.exitCode = 1;
    });
}
