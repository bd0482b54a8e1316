import { describe, expect, it } from 'vitest';
import { unansweredLineText } from './unanswered-line-text.js';

describe('unansweredLineText', () => {
  it('says the common hang-up causes in words', () => {
    expect([1, 16, 17, 18, 19, 21, 34].map((cause) => unansweredLineText(cause, ''))).toEqual([
      'the number does not exist', 'the call was ended before it was answered', 'busy', 'no answer', 'no answer',
      'the call was refused', 'the network is busy or has no line free',
    ]);
  });

  it('reads the dial status when the cause says nothing, and falls back to a sentence, never a number', () => {
    expect(unansweredLineText(0, 'BUSY')).toBe('busy');
    expect(unansweredLineText(0, 'NOANSWER')).toBe('no answer');
    expect(unansweredLineText(102, '')).toBe('the network ended the call');
    expect(unansweredLineText(0, '')).toBe('the network ended the call');
  });
});
