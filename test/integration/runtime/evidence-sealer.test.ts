// Every node seals the evidence chain in the background (migration 090): an entry written is linked
// within moments, with no verification asked for; with the database away for a while the node logs
// it once and goes on, sealing when it is back; and a node stopping seals what is left.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { EvidenceSealer } from '../../../src/runtime/evidence-sealer.js';
import { createTestPool } from '../../helpers/db.js';
import { keptLogger } from '../../helpers/kept-logger.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { relayedPool } from '../../helpers/relayed-pool.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const pool = createTestPool(3);
let test: TestNode | undefined;

const linked = async (id: string): Promise<boolean> =>
  ((await pool.query('SELECT 1 FROM evidence_chain WHERE evidence_id = $1', [id])).rowCount ?? 0) > 0;

afterAll(async () => {
  await test?.close();
  await pool.end();
});

describe('the evidence sealer', () => {
  beforeAll(async () => {
    test = await startTestNode({}, `evidence-sealer-${run}:`);
  }, 60_000);

  it('runs on every node: what is written is linked within moments, unasked', async () => {
    const entries = await Promise.all([0, 1, 2].map((n) => appendEvidence(pool, { kind: 'abandon', payload: { run, n } })));
    await expect.poll(async () => (await Promise.all(entries.map((entry) => linked(entry.id)))).every(Boolean), { timeout: 10_000 }).toBe(true);
  });

  it('goes on through the database away, logging it once, seals when it is back, and seals what is left at stop', async () => {
    const relayed = await relayedPool('evidence-sealer-test', 1);
    const kept = keptLogger();
    // Ticks far apart: this test drives them.
    const sealer = new EvidenceSealer({ db: relayed.pool, logger: kept.logger, everyMs: 60_000 });
    try {
      // The node's sealer would link the entries below before this one could: it is stopped.
      await test?.close();
      test = undefined;
      relayed.proxy.refuse(true);
      relayed.proxy.drop();
      const entry = await appendEvidence(pool, { kind: 'abandon', payload: { run, away: true } });
      for (let tick = 0; tick < 3; tick++) await sealer.seal();
      expect(await linked(entry.id)).toBe(false);
      expect(kept.records.map((record) => record.msg)).toEqual(['sealing the evidence chain failed; tried again at each tick']);
      relayed.proxy.refuse(false);
      await sealer.seal();
      expect(await linked(entry.id)).toBe(true);
      const last = await appendEvidence(pool, { kind: 'abandon', payload: { run, last: true } });
      sealer.start();
      await sealer.stop();
      expect(await linked(last.id)).toBe(true);
    } finally {
      await sealer.stop();
      await relayed.close();
    }
  }, 60_000);
});
