// What a recording says the dialer sees, and the same view of a replay, in comparable form.

import { factsOf } from './event-facts.js';
import { shapeDiff } from './json-shape.js';
import type { RecordingEntry } from './recording-file.js';
import type { ReplayResult } from './replay.js';

const staticSegments = new Set([
  'channels', 'bridges', 'playbacks', 'recordings', 'stored', 'live', 'applications', 'asterisk', 'info', 'addChannel',
  'removeChannel', 'record', 'moh', 'play', 'snoop', 'variable', 'continue', 'answer', 'dtmf', 'file', 'stop',
]);

/** `/bridges/5fa2.../addChannel` -> `/bridges/{id}/addChannel`. */
export function pathTemplate(path: string): string {
  return path.split('/').map((s) => (s === '' || staticSegments.has(s) ? s : '{id}')).join('/');
}

export interface Expectation {
  rest: string[];
  main: string[];
  half2: string[];
}

export function expectedFrom(entries: RecordingEntry[], rewrite: (fact: string) => string = (f) => f): Expectation {
  const rest = entries.flatMap((e) => (e.dir === 'rest' ? [`${e.method} ${pathTemplate(e.path)} -> ${e.status}`] : []));
  const events = entries.flatMap((e) => (e.dir === 'event' ? [e.event] : []));
  const { main, half2 } = factsOf(events);
  return { rest, main: main.map(rewrite), half2: half2.map(rewrite) };
}

export function observedFrom(result: ReplayResult): Expectation {
  const rest = result.rest.map((r) => `${r.entry.method} ${pathTemplate(r.entry.path)} -> ${r.status}`);
  return { rest, ...factsOf(result.events) };
}

/** Shape differences of each response body against the recorded one. */
export function responseShapeDiffs(result: ReplayResult): string[] {
  return result.rest.flatMap((r, i) =>
    shapeDiff(r.entry.response, r.body).map((d) => `#${i} ${r.entry.method} ${pathTemplate(r.entry.path)} ${d}`));
}
