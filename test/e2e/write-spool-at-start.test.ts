// A node stopped while writes of its calls waited in its spool (the database had stayed away) is
// started again under its id: what the spool kept is written before the node closes the calls its
// last run left open, so the call keeps the outcome and end it had (an abandon, with its evidence),
// not "engine restarted during the call"; the spool is then empty, and the gauge says so.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getAttempt } from '../../src/adapters/pg/attempt-repository.js';
import type { CloseAttemptInput } from '../../src/adapters/pg/attempt-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../src/adapters/pg/lead-selection.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { spoolFileOf, WriteSpool } from '../../src/runtime/write-spool.js';
import { createTestPool } from '../helpers/db.js';
import { seedCampaign } from '../helpers/fixtures.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';

describe("a node's spool at its start", () => {
  const pool = createTestPool(2);
  let node: TestNode | null = null;
  afterAll(async () => {
    await node?.close();
    await pool.end();
  });

  it('is written before the calls its last run left open are closed as interrupted', async () => {
    const nodeId = `spool-node-${Date.now()}`;
    const t0 = new Date(Date.now() - 60_000);
    // Open at any hour: the lease below is made at the real time of the run.
    const { campaign } = await seedCampaign(pool, { leads: 1, nextDialAt: new Date(t0.getTime() - 60_000), campaign: { settings: { callingWindow: roundTheClockWindow } } });
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId, now: t0, leaseMs: 600_000 });
    if (!leased) throw new Error('nothing leased');
    await pool.query("UPDATE attempts SET originated_at = $2, answered_at = $3, live_at = $3 WHERE id = $1", [leased.attemptId, t0, new Date(t0.getTime() + 8_000)]);

    // The last run's close of the call, an abandon with the safe-harbor message, kept in its spool.
    const dir = await mkdtemp(join(tmpdir(), 'outpace-spool-start-'));
    const endedAt = new Date(t0.getTime() + 12_000);
    const close: CloseAttemptInput = {
      attemptId: leased.attemptId, outcome: 'abandoned', endedAt, cause: 16, causeTxt: 'Normal Clearing', dialStatus: 'ANSWER',
      abandoned: true, safeHarborPlayed: true, recordingName: null, agentId: null, heldMs: 0, handovers: [], messageLeftAt: null, messagePlayed: null, thirdParty: null,
    };
    const { spool } = await WriteSpool.open(dir, nodeId);
    await spool.append({ write: 'attemptClose', args: [close] });

    node = await startTestNode({}, 'spool-start:', { nodeId, writeSpoolDir: dir });
    expect(await getAttempt(pool, leased.attemptId)).toMatchObject({ outcome: 'abandoned', abandoned: true, endedAt });
    const detail = await pool.query<{ cause_txt: string; safe_harbor_played: boolean }>('SELECT cause_txt, safe_harbor_played FROM attempts WHERE id = $1', [leased.attemptId]);
    expect(detail.rows[0]).toEqual({ cause_txt: 'Normal Clearing', safe_harbor_played: true });
    const evidence = await pool.query("SELECT 1 FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [leased.attemptId]);
    expect(evidence.rowCount).toBe(1);
    expect(await readFile(spoolFileOf(dir, nodeId), 'utf8')).toBe('');
    const metrics = await (await fetch(`${node.node.url}/metrics`)).text();
    expect(metrics).toMatch(/^outpace_db_writes_spooled 0$/m);
  });
});
