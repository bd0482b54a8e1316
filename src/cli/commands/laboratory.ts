// `outpace laboratory [on|off]`: whether this database only ever dials a simulated PBX, where
// custom calling hours stand as set whatever a campaign's rules (round-the-clock simulations).

import { InvalidArgumentError, type Command } from 'commander';
import type { LaboratoryMarker } from '../../adapters/pg/laboratory-marker.js';

function describeMarker(marker: LaboratoryMarker): string {
  const since = `since ${marker.changedAt.toISOString()}, by ${marker.changedBy}`;
  return marker.laboratory
    ? `this database is a laboratory (${since}): custom calling hours stand as set under every campaign's rules. Never dial people from it.\n`
    : `this database is not a laboratory (${since}): campaigns under US or strict rules keep the US calling hours around custom ones.\n`;
}

export function registerLaboratoryCommand(program: Command): void {
  program
    .command('laboratory')
    .argument('[state]', 'on: the database only ever dials a simulated PBX; off: it dials people', (value: string) => {
      if (value !== 'on' && value !== 'off') throw new InvalidArgumentError('expected on or off');
      return value;
    })
    .description('show or set whether this database is a laboratory, whose custom calling hours have no legal bound (each change goes to the evidence log)')
    .action(async (state: 'on' | 'off' | undefined) => {
      const [{ loadConfig }, { markLaboratory, readLaboratoryMarker }, { openCheckedPool }] = await Promise.all([
        import('../../config/load-config.js'), import('../../adapters/pg/laboratory-marker.js'), import('../reach-services.js'),
      ]);
      const config = loadConfig();
      const pool = await openCheckedPool(config, { redis: false }, { poolMax: 2, applicationName: 'outpace-laboratory' });
      try {
        const marker = state === undefined ? await readLaboratoryMarker(pool)
          : await markLaboratory(pool, { laboratory: state === 'on', by: process.env.USER ?? 'cli' });
        process.stdout.write(describeMarker(marker));
      } finally {
        await pool.end();
      }
    });
}
