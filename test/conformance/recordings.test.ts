// Each real Asterisk recording, replayed against the simulated PBX in digit mode: the same REST
// statuses and response shapes, and the same ordered dialer-relevant events.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { expectedFrom, observedFrom, responseShapeDiffs } from './expectations.js';
import { readRecording, recordingNames, recordingsDir, recordingsMissing } from './recording-file.js';
import { replay } from './replay.js';

/** Where the current test dialplan differs from the one a recording was made with. */
const dialplanDrift: Record<string, (fact: string) => string> = {
  // Made when number 9 was a silent machine (AMD ran out: NOTSURE); now it speaks a greeting.
  '08-amd-via-dialplan': (fact) => fact.replace('[amd,NOTSURE]', '[amd,MACHINE]'),
};

/** Recordings with their own test (many calls at once: the global order is not meaningful). */
const separate = new Set(['12-burst-40-originates']);

describe.skipIf(recordingsMissing)('simulated PBX against the Asterisk recordings', () => {
  let pbx: SimPbx;
  beforeEach(async () => {
    pbx = await startSimPbx({ outcomes: 'digit', timeScale: 0.05, amiPort: null });
  });
  afterEach(async () => {
    await pbx.close();
  });

  it('finds the recordings', () => {
    expect(recordingNames().length, `recordings in ${recordingsDir}`).toBeGreaterThan(10);
  });

  for (const name of recordingNames().filter((n) => !separate.has(n))) {
    it(name, async () => {
      const entries = readRecording(name);
      const rewrite = dialplanDrift[name];
      const result = await replay(pbx, entries, rewrite === undefined ? {} : { expectFact: rewrite });
      const expected = expectedFrom(entries, rewrite);
      const observed = observedFrom(result);
      expect(observed.rest, 'REST calls and statuses').toEqual(expected.rest);
      expect(responseShapeDiffs(result), 'response body shapes').toEqual([]);
      expect(observed.main, 'events of originated channels, in order').toEqual(expected.main);
      expect(observed.half2, 'events of the ;2 halves, in order').toEqual(expected.half2);
      expect(result.stalls, 'calls made before the events the recording saw first').toEqual([]);
    });
  }
});
