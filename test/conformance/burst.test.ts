// Recording 12: forty originates at once. Events of many calls interleave differently on every
// run, so each call is compared on its own: what it ended as, and how.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { eventFact } from './event-facts.js';
import { pathTemplate } from './expectations.js';
import { readRecording, type AriEvent, recordingsMissing } from './recording-file.js';
import { replay } from './replay.js';

const name = '12-burst-40-originates';

/** Per call (keyed by the channel id the dialer chose): its relevant facts in order. */
function perCall(events: AriEvent[]): Record<string, string[]> {
  const calls: Record<string, string[]> = {};
  for (const event of events) {
    const fact = eventFact(event);
    const holder = event.channel ?? event.peer;
    const id = typeof holder === 'object' && holder !== null && 'id' in holder ? String(holder.id) : '';
    if (fact === null || id === '') continue;
    // DTMF is left out: the person behind ...4 pressed no key when this was recorded. Hang-up
    // requests depend on which half of a pair the parallel DELETEs reached first. Under load
    // Asterisk sends the first Dial ("") before or after the Ringing state change, sometimes twice.
    if (/^(ChannelDtmfReceived|ChannelHangupRequest|Dial \S+ "")/.test(fact.text)) continue;
    const stem = id.replace(/;2$/, '');
    (calls[stem] ??= []).push(`${fact.stream === 'half2' ? '  ' : ''}${fact.text}`);
  }
  // The two halves interleave freely: compare each half's own order.
  for (const [stem, facts] of Object.entries(calls)) {
    calls[stem] = [...facts.filter((f) => !f.startsWith('  ')), ...facts.filter((f) => f.startsWith('  ')).map((f) => f.trim())];
  }
  return calls;
}

async function ariFetch(url: string, method: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/ari${path}`, {
    method, headers: { Authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` },
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

describe.skipIf(recordingsMissing)('simulated PBX against the burst recording', () => {
  let pbx: SimPbx;
  beforeEach(async () => {
    pbx = await startSimPbx({ outcomes: 'digit', timeScale: 0.05, amiPort: null });
  });
  afterEach(async () => {
    await pbx.close();
  });

  it('handles 40 parallel originates like Asterisk, call by call', async () => {
    const entries = readRecording(name);
    const started = Date.now();
    const tailStatuses: number[] = [];
    // As the recorder did: list what is left and hang all of it up at once (both halves of each
    // pair are listed, so one of the two DELETEs finds the channel gone).
    const hangUpEverything = async (url: string): Promise<void> => {
      const listed = await ariFetch(url, 'GET', '/channels');
      tailStatuses.push(listed.status);
      const ids = Array.isArray(listed.body) ? listed.body.map((c: { id: string }) => c.id) : [];
      const ordered = [...ids.filter((id) => !id.endsWith(';2')), ...ids.filter((id) => id.endsWith(';2'))];
      for (const r of await Promise.all(ordered.map((id) => ariFetch(url, 'DELETE', `/channels/${encodeURIComponent(id)}`)))) {
        tailStatuses.push(r.status);
      }
    };
    const result = await replay(pbx, entries, {
      parallelOriginates: true,
      tail: { from: (e) => e.method === 'GET', run: hangUpEverything },
    });
    const originates = result.rest.filter((r) => r.entry.method === 'POST');
    expect(originates).toHaveLength(40);
    expect(originates.every((r) => r.status === 200)).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);

    const statuses = (rest: { method: string; path: string; status: number }[]) =>
      rest.map((r) => `${r.method} ${pathTemplate(r.path)} -> ${r.status}`).sort();
    const recordedRest = entries.flatMap((e) => (e.dir === 'rest' ? [e] : []));
    const tail = recordedRest.filter((e) => e.method !== 'POST').map((e) => e.status).sort();
    expect(statuses(result.rest.map((r) => ({ ...r.entry, status: r.status })))).toEqual(statuses(recordedRest.filter((e) => e.method === 'POST')));
    // Which DELETE of a pair still finds its channel depends on timing (Asterisk's too): every
    // listed channel gets a DELETE, each pair at least one 204, and the rest are 404.
    const count = (list: number[], status: number) => list.filter((s) => s === status).length;
    expect(tailStatuses.length, 'GET /channels, then a DELETE per listed channel').toBe(tail.length);
    expect(count(tailStatuses, 200)).toBe(count(tail, 200));
    expect(count(tailStatuses, 204) + count(tailStatuses, 404)).toBe(count(tail, 204) + count(tail, 404));
    expect(count(tailStatuses, 204)).toBeGreaterThanOrEqual((tailStatuses.length - 1) / 2);

    const recordedEvents = entries.flatMap((e) => (e.dir === 'event' ? [e.event] : []));
    expect(perCall(result.events)).toEqual(perCall(recordedEvents));
    expect(pbx.channels()).toEqual([]);
  });
});
