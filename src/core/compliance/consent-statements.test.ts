import { describe, expect, it } from 'vitest';
import { standingConsent } from './consent-statements.js';

const no = { consent: false, givenOn: null };
const yes = (givenOn: string | null = null) => ({ consent: true, givenOn });

describe('standingConsent', () => {
  it('keeps a withdrawal, before or after a grant', () => {
    expect(standingConsent(no, yes('2024-05-01'))).toEqual(no);
    expect(standingConsent(yes('2024-01-01'), no)).toEqual(no);
  });

  it('takes the later grant, and an earlier date for a later grant without one', () => {
    expect(standingConsent(yes('2024-01-01'), yes('2024-05-01'))).toEqual(yes('2024-05-01'));
    expect(standingConsent(yes('2024-01-01'), yes())).toEqual(yes('2024-01-01'));
    expect(standingConsent(yes(), yes('2024-05-01'))).toEqual(yes('2024-05-01'));
  });
});
