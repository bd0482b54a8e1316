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
});
