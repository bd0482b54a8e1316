// Replays a recording's REST calls against the simulated PBX. Before each call it waits until the
// PBX has produced the dialer-relevant events the recording saw before that call (the recorder
// acted on events, so this keeps the same causal order), then compares what came back.

import WebSocket from 'ws';
import type { SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { eventFact } from './event-facts.js';
import type { AriEvent, RecordingEntry, RestEntry } from './recording-file.js';

export interface RestOutcome {
  entry: RestEntry;
  status: number;
  body: unknown;
}

export interface ReplayResult {
  rest: RestOutcome[];
  events: AriEvent[];
  /** Calls made after giving up waiting for the events the recording had seen by then. */
  stalls: string[];
}

export interface ReplayOptions {
  /** Rewrites a recorded fact into what the current test dialplan produces. */
  expectFact?: (fact: string) => string;
  /** Sends consecutive originates at once (the burst recording). */
  parallelOriginates?: boolean;
  /** How long to wait for expected events before moving on anyway. */
  waitMs?: number;
  /** From the first call it accepts on, the test acts itself (e.g. hangs up what is left). */
  tail?: { from: (entry: RestEntry) => boolean; run: (url: string) => Promise<void> };
  /** Quiet time after the last call, to catch events that should not come. */
  settleMs?: number;
}

const credentials = 'dialer:dialer';

export async function replay(pbx: SimPbx, entries: RecordingEntry[], options: ReplayOptions = {}): Promise<ReplayResult> {
  const events: AriEvent[] = [];
  const rest: RestOutcome[] = [];
  const idMap = new Map<string, string>();
  const expectFact = options.expectFact ?? ((fact: string) => fact);
  const waitMs = options.waitMs ?? 2000;
  let socket = await openEvents(pbx.url, events);
  // Facts the recording saw, with their time: a call waits for those seen before it was made.
  // Events caused by a call can arrive before its response, so those of the last ms are not awaited.
  const seen: { t: number; fact: string }[] = [];
  const stalls: string[] = [];
  let firstCall = true;
  const sent: RestEntry[] = [];

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry === undefined) continue;
    if (entry.dir === 'event') {
      const fact = eventFact(entry.event);
      if (fact !== null) seen.push({ t: entry.t, fact: expectFact(fact.text) });
    } else if (entry.dir === 'ws-close') {
      await waitForFacts(events, seen.filter((s) => s.t < entry.t - 1).map((s) => s.fact), waitMs);
      await closeEvents(socket);
    } else if (entry.dir === 'ws-open') {
      socket = await openEvents(pbx.url, events);
    } else if (entry.dir === 'rest') {
      if (sent.includes(entry)) continue;
      if (options.tail?.from(entry) === true) {
        await waitForFacts(events, seen.filter((s) => s.t < entry.t - 1).map((s) => s.fact), waitMs);
        await options.tail.run(pbx.url);
        collectRest(entries.slice(i + 1), seen, expectFact);
        break;
      }
      const awaited = firstCall ? [] : seen.filter((s) => s.t < entry.t - 1).map((s) => s.fact);
      firstCall = false;
      if (!(await waitForFacts(events, awaited, waitMs))) stalls.push(`${entry.method} ${entry.path} at ${entry.t} ms`);
      const batch = options.parallelOriginates ? originateBatch(entries, i) : [];
      if (batch.length > 1) {
        rest.push(...(await Promise.all(batch.map((e) => call(pbx.url, e, idMap)))));
        sent.push(...batch);
      } else {
        rest.push(await call(pbx.url, entry, idMap));
      }
    }
  }
  await waitForFacts(events, seen.map((s) => s.fact), waitMs);
  await sleep(options.settleMs ?? 150);
  await closeEvents(socket);
  return { rest, events, stalls };
}

/** The facts still to come after a tail took over (the replay waits for them at the end). */
function collectRest(entries: RecordingEntry[], seen: { t: number; fact: string }[], expectFact: (f: string) => string): void {
  for (const entry of entries) {
    const fact = entry.dir === 'event' ? eventFact(entry.event) : null;
    if (fact !== null) seen.push({ t: entry.t, fact: expectFact(fact.text) });
  }
}

/** The run of POST /channels starting at `start` (other entries in between are events). */
function originateBatch(entries: RecordingEntry[], start: number): RestEntry[] {
  const batch: RestEntry[] = [];
  for (let i = start; i < entries.length; i++) {
    const entry = entries[i];
    if (entry === undefined || entry.dir !== 'rest') continue;
    if (entry.method !== 'POST' || entry.path !== '/channels') break;
    batch.push(entry);
  }
  return batch;
}

async function call(url: string, entry: RestEntry, idMap: Map<string, string>): Promise<RestOutcome> {
  const swap = (text: string): string => [...idMap].reduce((acc, [from, to]) => acc.split(from).join(to), text);
  const query = new URLSearchParams(Object.entries(entry.query ?? {}).map(([k, v]) => [k, swap(v)]));
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  const hasBody = entry.body !== undefined && entry.body !== null;
  const response = await fetch(`${url}/ari${swap(entry.path)}${qs}`, {
    method: entry.method,
    headers: { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}`, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
    ...(hasBody ? { body: JSON.stringify(entry.body) } : {}),
  });
  const text = await response.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  rememberId(entry.response, body, idMap);
  return { entry, status: response.status, body };
}

/** Ids the PBX chose (bridges, snoop channels) replace the recorded ones in later calls. */
function rememberId(recorded: unknown, actual: unknown, idMap: Map<string, string>): void {
  const idOf = (value: unknown): string | undefined =>
    typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' ? value.id : undefined;
  const from = idOf(recorded);
  const to = idOf(actual);
  if (from !== undefined && to !== undefined && from !== to) idMap.set(from, to);
}

/** Waits until every expected fact has happened; false on timeout. */
async function waitForFacts(events: AriEvent[], expected: string[], waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (!containsAll(events, expected)) {
    if (Date.now() >= deadline) return false;
    await sleep(5);
  }
  return true;
}

function containsAll(events: AriEvent[], expected: string[]): boolean {
  const have = new Map<string, number>();
  for (const event of events) {
    const fact = eventFact(event);
    if (fact !== null) have.set(fact.text, (have.get(fact.text) ?? 0) + 1);
  }
  for (const fact of expected) {
    const n = have.get(fact) ?? 0;
    if (n === 0) return false;
    have.set(fact, n - 1);
  }
  return true;
}

function openEvents(url: string, sink: AriEvent[]): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ari/events?app=dialer&api_key=${credentials}`);
  socket.on('message', (data) => {
    const parsed: unknown = JSON.parse(String(data));
    if (typeof parsed === 'object' && parsed !== null) sink.push(parsed as AriEvent);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closeEvents(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
