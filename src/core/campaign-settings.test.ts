import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings, settingsProblems } from './campaign-settings.js';

describe('campaign settings', () => {
  it('are allowed as they come', () => {
    expect(settingsProblems(defaultCampaignSettings)).toEqual([]);
  });

  it('refuse safe-harbor and machine messages with a tone in them, which would never finish', () => {
    const problems = settingsProblems({ ...defaultCampaignSettings, safeHarborMedia: 'sound:outpace/sh,tone:ring', machineMessageMedia: 'tone:beep' });
    expect(problems).toEqual([
      'safeHarborMedia must not play a tone: a tone plays until stopped, so the call would never be hung up',
      'machineMessageMedia must not play a tone: a tone plays until stopped, so the call would never be hung up',
    ]);
    expect(settingsProblems({ ...defaultCampaignSettings, safeHarborMedia: 'sound:beep,sound:outpace/sh' })).toEqual([]);
  });

  it('refuse a return-call message with a tone in it, which would hold the line for ever', () => {
    expect(settingsProblems({ ...defaultCampaignSettings, returnCallMedia: 'sound:acme/return,tone:ring' })).toEqual([
      'returnCallMedia must not play a tone: a tone plays until stopped, so the call would never be hung up',
    ]);
    expect(settingsProblems({ ...defaultCampaignSettings, returnCallMedia: 'sound:acme/return' })).toEqual([]);
  });

  it("refuse an AMD silence after the greeting that leaves no room in the 2 seconds, which start at the greeting's end", () => {
    const amd = { ...defaultCampaignSettings, amdEnabled: true };
    expect(settingsProblems({ ...amd, amdAfterGreetingMs: 1_500 })).toEqual([]);
    expect(settingsProblems({ ...amd, amdAfterGreetingMs: 1_900 })).toEqual([
      "amdAfterGreetingMs must be at most connectLimitMs - 500 (1500): the 2 seconds start at the greeting's end",
    ]);
    expect(settingsProblems({ ...amd, amdEnabled: false, amdAfterGreetingMs: 1_900 })).toEqual([]);
  });
});
