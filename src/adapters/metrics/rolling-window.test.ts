import { describe, expect, it } from 'vitest';
import type { AttemptSummary } from '../../core/commands.js';
import { createRollingWindows, recordFinished, rollingFigures, rollingWindowMs } from './rolling-window.js';

/** A dial the dialler sent that ended unanswered at `endedAtMs`. */
function unanswered(attemptId: string, endedAtMs: number): AttemptSummary {
  return {
    attemptId, campaignId: 'c1', leadId: `lead-${attemptId}`, phone: '+15550100001', outcome: 'no_answer',
    cause: 19, causeText: 'No answer', dialStatus: 'NOANSWER', agentId: null, previewAgentId: null, amdVerdict: null, amdDetail: '',
    abandoned: false, safeHarborPlayed: false, safeHarborAtMs: null, optedOut: false, originatedAtMs: endedAtMs - 20_000, dialSent: true,
    ringingAtMs: endedAtMs - 18_000, answeredAtMs: null, liveAtMs: null, connectedAtMs: null, endedAtMs, heldMs: 0, handovers: [],
    messageLeftAtMs: null, messagePlayed: null, messageWithheld: null, thirdParty: null, endedBy: null,
  };
}

describe('the rolling window of finished dials', () => {
  it("keeps the window's first, partial bucket when a dial falls in the bucket a full window later", () => {
    const windows = createRollingWindows();
    // 5 s into a 10-second bucket, then one a quarter hour and 1 s on, read 4 s after that.
    recordFinished(windows, unanswered('first', 5_000), 5_000);
    recordFinished(windows, unanswered('later', rollingWindowMs + 1_000), rollingWindowMs + 1_000);
    expect(rollingFigures(windows, 'c1', rollingWindowMs + 4_000)).toMatchObject({ finished: 2, connected: 0 });
    // Once the window has moved past the first bucket, only the later dial is in it.
    expect(rollingFigures(windows, 'c1', rollingWindowMs + 10_000)).toMatchObject({ finished: 1 });
  });
});
