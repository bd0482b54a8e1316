import { describe, expect, it } from 'vitest';
import { stagesReached } from './lead-stage-ladder.js';

describe('stagesReached', () => {
  it('counts a jump past a stage as reaching it', () => {
    expect(stagesReached('raw_lead', 'appointment')).toEqual(['valid_contact', 'appointment']);
    expect(stagesReached('raw_lead', 'opportunity')).toEqual(['valid_contact', 'appointment', 'opportunity']);
    expect(stagesReached('valid_contact', 'opportunity')).toEqual(['appointment', 'opportunity']);
  });

  it('counts one step as that stage only', () => {
    expect(stagesReached('raw_lead', 'valid_contact')).toEqual(['valid_contact']);
    expect(stagesReached('appointment', 'opportunity')).toEqual(['opportunity']);
  });

  it('reaches nothing staying, going down, or off the ladder', () => {
    expect(stagesReached('appointment', 'appointment')).toEqual([]);
    expect(stagesReached('opportunity', 'valid_contact')).toEqual([]);
    expect(stagesReached('valid_contact', 'rejected')).toEqual([]);
    expect(stagesReached('raw_lead', null)).toEqual([]);
  });

  it('reads a lead with no stage recorded, or rejected, as a raw lead', () => {
    expect(stagesReached(null, 'appointment')).toEqual(['valid_contact', 'appointment']);
    expect(stagesReached('rejected', 'valid_contact')).toEqual(['valid_contact']);
  });
});
