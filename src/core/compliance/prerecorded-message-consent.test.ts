import { describe, expect, it } from 'vitest';
import { messageWithheldFor } from './prerecorded-message-consent.js';

describe('consent to a prerecorded message on a machine', () => {
  it('is needed under every regime: US and strict (TCPA), UK (PECR regulation 19)', () => {
    for (const regime of ['us', 'strict', 'uk'] as const) {
      expect(messageWithheldFor(regime, { prerecordedConsent: false }), regime).toBe('no_prerecorded_consent');
      expect(messageWithheldFor(regime, { prerecordedConsent: true }), regime).toBeNull();
    }
  });
});
