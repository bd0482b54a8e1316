// `outpace evidence verify`: seals what is pending, walks the evidence log's hash chain (migrations
// 085, 090) and says it holds, with how many entries and the last hash, or where it first breaks
// and why (exit code 1); and how many entries, if any, are awaiting their seal by another sealer.

import type { Command } from 'commander';
import { positiveWholeNumber } from './option-parsers.js';

export function registerEvidenceCommand(program: Command): void {
  const evidence = program.command('evidence').description('the compliance evidence log');
  evidence
    .command('verify')
    .description("check the evidence log's hash chain: every entry as written, none removed")
    .option('--batch <n>', 'links read at a time', positiveWholeNumber, 5000)
    .action(async (flags: { batch: number }) => {
      const [{ loadConfig }, { verifyEvidenceChain }, { openCheckedPool }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/pg/evidence-chain.js'), import('../reach-services.js'),
      ]);
      const config = loadConfig();
      const pool = await openCheckedPool(config, { redis: false }, { poolMax: 1, applicationName: 'outpace-evidence' });
      try {
        const result = await verifyEvidenceChain(pool, { batchSize: flags.batch });
        const awaiting = result.awaitingSeal > 0 ? `${result.awaitingSeal} ${result.awaitingSeal === 1 ? 'entry' : 'entries'} written moments ago awaiting their seal\n` : '';
        if (result.ok) {
          process.stdout.write(`evidence chain OK: ${result.entries} entries, last hash ${result.lastHash}\n${awaiting}`);
          return;
        }
        const { position, entryId, reason } = result.broken;
        const where = [position === null ? null : `position ${position}`, entryId === null ? null : `entry ${entryId}`].filter((part) => part !== null);
        process.stdout.write(`evidence chain BROKEN at ${where.join(', ')}: ${reason}\n`
          + `it held for ${result.entries} entries, up to hash ${result.lastHash}\n${awaiting}`);
        process.exitCode = 1;
      } finally {
        await pool.end();
      }
    });
}
