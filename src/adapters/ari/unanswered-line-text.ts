// What an agent is told of a line that ended before it was answered (a third party they called),
// as a sentence: the kind of end the hang-up cause and dial status say (classifyUnanswered, the
// Q.850 reading dials are judged by), and the network's own words only where no kind fits. An
// ISDN cause number means nothing to an agent.

import { classifyUnanswered, type CallOutcome } from '../../core/call-outcome.js';

const byOutcome: Partial<Record<CallOutcome, string>> = {
  busy: 'busy',
  congestion: 'the network is busy or has no line free',
  invalid_number: 'the number does not exist',
  no_answer: 'no answer',
  rejected: 'the call was refused',
};

/** Causes that name no kind of failed dial (classifyUnanswered says `failed`) but still say something. */
const byCause: Readonly<Record<number, string>> = {
  16: 'the call was ended before it was answered', // normal clearing
  31: 'the call was ended before it was answered', // normal, unspecified
  58: 'the phone and the network could not agree on how to carry the call', // bearer capability not available
};

const fallback = 'the network ended the call';

export function unansweredLineText(cause: number, dialStatus: string): string {
  return byOutcome[classifyUnanswered(cause, dialStatus, false)] ?? byCause[cause] ?? fallback;
}
