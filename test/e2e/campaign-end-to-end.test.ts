// A whole campaign through the real engine, the simulated PBX (ARI over HTTP and WebSocket) and
// bot agents working through the HTTP API, checked afterwards in Postgres: every lead dialled,
// never twice at once, every attempt closed with an outcome, every conversation dispositioned,
// every abandon given the safe-harbor message (or hung up by the customer inside the limit).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log/logger.js';
import { callOutcomes } from '../../src/core/call-outcome.js';
import { parseSavedPacingModel } from '../../src/core/pacing/saved-pacing-model.js';
import { runDemo, type DemoRun } from '../../src/demo/run-demo.js';
import { createTestPool, truncateTables } from '../helpers/db.js';
import { testConfig } from '../helpers/test-config.js';
import type pg from 'pg';

interface AttemptRow {
  id: string;
  lead_id: string;
  outcome: string | null;
  created_at: Date;
  ended_at: Date | null;
  live_at: Date | null;
  connected_at: Date | null;
  abandoned: boolean;
  safe_harbor_played: boolean;
  agent_id: string | null;
}

const LEADS = 200;

/** What the printed watch line lets whoever runs the demo do while it runs. */
interface Watched {
  role: unknown;
  pages: number[];
}

/** Signs in with the token the watch line names and opens each page it lists. */
async function followWatchLine(line: string): Promise<Watched> {
  const token = /signed in with (\S+):/.exec(line)?.[1];
  const pages = [...line.matchAll(/(http:\/\/\S+\/)/g)].map((m) => m[1] ?? '');
  const session = await fetch(new URL('/api/session', pages[0]), { headers: { authorization: `Bearer ${token}` } });
  const role = ((await session.json()) as { role?: unknown }).role;
  return { role, pages: await Promise.all(pages.map(async (page) => {
    const response = await fetch(page);
    // Read to its end: a page left unread holds its connection, and the node's close waits for it.
    await response.arrayBuffer();
    return response.status;
  })) };
}

describe('a 200-lead campaign end to end (engine + simulated PBX + bot agents)', () => {
  let pool: pg.Pool;
  let run: DemoRun;
  let attempts: AttemptRow[];
  let watched: Promise<Watched> | undefined;
  /** What the bots were refused: an agent at a desktop would have seen each as an error. */
  const botErrors: string[] = [];

  beforeAll(async () => {
    pool = createTestPool();
    // The demo's fictional numbers are the ones tests put on DNC lists: none left from another file.
    await truncateTables(pool, ['dnc_entries']);
    // The bots are busy nearly all the run, so the list takes as long as its talk: calls about 70
    // times shorter than life.
    run = await runDemo(testConfig({ keyPrefix: 'e2e:' }), createLogger({ level: 'error' }), {
      durationS: 240, agents: 6, leads: LEADS, port: 0, seed: 11, mode: 'power', amd: false, timeScale: 0.015,
      wrapMs: { min: 100, max: 400 }, untilDone: true,
      print: (line) => {
        if (line.startsWith('watch it')) watched ??= followWatchLine(line);
        if (line.startsWith('bot ')) botErrors.push(line);
      },
      // One dial per lead so the list runs dry and the campaign completes; a 1.5 ratio makes abandons likely.
      settings: { recycle: { maxAttempts: 1 } },
    });
    const result = await pool.query<AttemptRow>(
      'SELECT id, lead_id, outcome, created_at, ended_at, live_at, connected_at, abandoned, safe_harbor_played, agent_id FROM attempts WHERE campaign_id = $1 ORDER BY lead_id, created_at',
      [run.seed.campaign.id]);
    attempts = result.rows;
  }, 300_000);

  afterAll(async () => {
    await pool.end();
  });

  it('dials every lead of the list and closes every attempt with a known outcome', async () => {
    const leads = await pool.query<{ id: string; attempts: number; status: string }>(
      'SELECT id, attempts, status FROM leads WHERE campaign_id = $1', [run.seed.campaign.id]);
    expect(leads.rows).toHaveLength(LEADS);
    const dialled = new Set(attempts.map((a) => a.lead_id));
    expect(leads.rows.filter((l) => !dialled.has(l.id))).toEqual([]);
    for (const attempt of attempts) {
      expect(attempt.ended_at, `attempt ${attempt.id} closed`).not.toBeNull();
      expect(callOutcomes).toContain(attempt.outcome);
    }
    expect(leads.rows.every((l) => l.status !== 'new' && l.status !== 'retry')).toBe(true);
  });

  it('never has two calls to the same lead at once', () => {
    const byLead = new Map<string, AttemptRow[]>();
    for (const a of attempts) byLead.set(a.lead_id, [...(byLead.get(a.lead_id) ?? []), a]);
    for (const [leadId, rows] of byLead) {
      for (let i = 1; i < rows.length; i++) {
        const previous = rows[i - 1];
        const current = rows[i];
        if (!previous?.ended_at || !current) throw new Error(`lead ${leadId} has an open attempt`);
        expect(current.created_at.getTime(), `lead ${leadId}`).toBeGreaterThanOrEqual(previous.ended_at.getTime());
      }
    }
  });

  it('connects live calls within the 2-second rule and every conversation gets a disposition', async () => {
    const connected = attempts.filter((a) => a.outcome === 'connected');
    expect(connected.length).toBeGreaterThan(10);
    for (const a of connected) {
      expect(a.connected_at!.getTime() - a.live_at!.getTime(), `attempt ${a.id}`).toBeLessThanOrEqual(2_000);
      expect(a.agent_id).not.toBeNull();
    }
    const dispositions = await pool.query<{ attempt_id: string }>(
      'SELECT attempt_id FROM dispositions WHERE campaign_id = $1', [run.seed.campaign.id]);
    const dispositioned = new Set(dispositions.rows.map((d) => d.attempt_id));
    expect(connected.filter((a) => !dispositioned.has(a.id)).map((a) => a.id)).toEqual([]);
  });

  it('gives every abandoned call the safe-harbor message unless the caller hung up first, with evidence', async () => {
    const abandoned = attempts.filter((a) => a.abandoned);
    for (const a of abandoned) {
      const hungUpInsideLimit = a.live_at !== null && a.ended_at !== null && a.ended_at.getTime() - a.live_at.getTime() <= 2_000;
      expect(a.safe_harbor_played || hungUpInsideLimit, `attempt ${a.id}`).toBe(true);
    }
    // By this run's attempts too: campaign ids restart when other test files empty the tables,
    // and the evidence log is kept.
    const evidence = await pool.query<{ attempt_id: string }>(
      "SELECT attempt_id FROM evidence_log WHERE campaign_id = $1 AND kind = 'abandon' AND attempt_id = ANY($2::uuid[])",
      [run.seed.campaign.id, attempts.map((a) => a.id)]);
    expect(new Set(evidence.rows.map((e) => e.attempt_id))).toEqual(new Set(abandoned.map((a) => a.id)));
  });

  it('kept what the campaign learned for pacing, for the next node to take it on', async () => {
    const row = (await pool.query<{ model: unknown }>('SELECT model FROM campaign_pacing_models WHERE campaign_id = $1', [run.seed.campaign.id])).rows[0];
    const model = parseSavedPacingModel(row?.model);
    // Every dial that resolved was learned from; only ones the engine cut short at the end were not.
    expect(model?.stats.dials).toBeGreaterThan(attempts.length * 0.9);
    expect(model?.stats.dials).toBeLessThanOrEqual(attempts.length);
    expect(model?.stats.talkShape.samples).toBeGreaterThan(10);
  });

  it('prints where to watch the run, with a manager token the staff pages and the planner accept', async () => {
    expect(watched, 'a watch line was printed').toBeDefined();
    const { role, pages } = await watched!;
    expect(role).toBe('manager');
    expect(pages).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('kept every engine invariant, refused the bots nothing, and the summary matches the database', () => {
    expect(run.invariantViolations).toBe(0);
    expect(botErrors).toEqual([]);
    expect(run.summary.attempts).toBe(attempts.length);
    expect(run.summary.abandoned).toBe(attempts.filter((a) => a.abandoned).length);
  });
});
