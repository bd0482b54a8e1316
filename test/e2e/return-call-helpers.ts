// What the return-call tests share: a person calling back a presented number on the simulated PBX,
// with the events of their channel kept, and the campaign's unanswered call they are returning.

import type { Queryable } from '../../src/adapters/pg/pool.js';
import type { SimPbx } from '../../src/sim/pbx/sim-pbx.js';

/** The fields of an ARI event the tests read. */
export interface PbxEvent {
  type: string;
  channel?: { id: string; state: string };
  bridge?: { id: string };
  playback?: { target_uri: string };
}

export interface ReturnCallUnderTest {
  channelId: string;
  /** The events of the caller's channel and its playbacks so far. */
  events: () => PbxEvent[];
  stop: () => void;
}

/** Places a call from `from` to `to`; its events are kept (its StasisStart comes before its id is known here). */
export function callBack(pbx: SimPbx, from: string, to: string): ReturnCallUnderTest {
  const seen: PbxEvent[] = [];
  const stop = pbx.onEvent((_app, raw) => { seen.push(raw as unknown as PbxEvent); });
  const { id } = pbx.placeInboundCall({ from, to });
  const events = () => seen.filter((e) => e.channel?.id === id || e.playback?.target_uri === `channel:${id}`);
  return { channelId: id, events, stop };
}

/** The campaign's call to the lead at `e164` an hour ago, unanswered: the number they call back from. */
export async function calledAnHourAgo(db: Queryable, campaignId: string, leadId: string, e164: string): Promise<void> {
  await db.query(`INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, status, outcome, created_at, originated_at, ended_at)
    VALUES ($1, $2, (SELECT id FROM lead_phones WHERE lead_id = $2), $3, 'ended', 'no_answer', now() - interval '1 hour', now() - interval '1 hour', now() - interval '59 minutes')`,
  [campaignId, leadId, e164]);
}
