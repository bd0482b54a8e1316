// Whether the campaign's message may be left on the answering machine of a lead: a prerecorded
// message, which the rules of every regime allow only with the person's prior consent.
//
// US (and strict, which keeps the US rules and adds to them): the TCPA allows a call delivering
// an artificial or prerecorded voice message for telemarketing only with the called party's prior
// express written consent, a signed agreement naming the number (47 CFR 64.1200(a)(2) for
// wireless numbers, (a)(3) for residential lines; (f)(9) defines it). The lead's list says whether
// the person gave it (its `prerecorded_consent` column).
// UK: PECR regulation 19 forbids transmitting recorded marketing matter through an automated
// calling system (one that starts calls by itself and plays sounds that are not live speech, as a
// dialler leaving a message does) unless the subscriber has told the caller they consent; Ofcom's
// abandoned-call message is the one recorded message its policy allows without it, and it must
// hold no marketing. The consent asked differs in form (notified, not necessarily written), not in
// being needed: the same fact of the lead carries it, so a UK campaign asks for it too.

import type { AbandonRegime } from './abandon-regime.js';

/** Why no message was left on the machine a call reached. */
export type MessageWithheld = 'no_prerecorded_consent';

/** Per regime: whether a prerecorded message needs the lead's prior consent, and the rule. */
export const prerecordedMessageRules: Readonly<Record<AbandonRegime, { consentNeeded: boolean; rule: string }>> = {
  us: { consentNeeded: true, rule: 'prior express written consent (47 CFR 64.1200(a)(2), (a)(3))' },
  strict: { consentNeeded: true, rule: 'prior express written consent (47 CFR 64.1200(a)(2), (a)(3))' },
  uk: { consentNeeded: true, rule: 'prior consent to recorded marketing calls (PECR regulation 19)' },
};

/** Null when the campaign's message may be left on the lead's machine; else why it may not. */
export function messageWithheldFor(regime: AbandonRegime, lead: { prerecordedConsent: boolean }): MessageWithheld | null {
  return prerecordedMessageRules[regime].consentNeeded && !lead.prerecordedConsent ? 'no_prerecorded_consent' : null;
}
