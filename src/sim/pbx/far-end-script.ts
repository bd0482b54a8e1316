// What the far end of a dialled channel will do: when it answers or rejects, how the person or
// machine behaves after answer, and what AMD would say. Built from the traffic model's fate, from
// the last digit of the number (the test dialplan), or for an agent's phone.

import type { AmdVerdict, CallFate } from '../traffic/traffic-model.js';

export type DialOutcome = 'answer' | 'busy' | 'congestion' | 'noAnswer' | 'invalid';

export interface AmdResult {
  status: AmdVerdict;
  cause: string;
  /** Time from the start of AMD to its verdict. */
  ms: number;
}

/** A dialplan application the far end runs: [name, data], shown in ChannelDialplan events. */
export type DialplanStep = readonly [string, string];

export interface FarEndScript {
  outcome: DialOutcome;
  /** Dial to answer, or to the busy / congestion / invalid signal. Unused for noAnswer. */
  signalMs: number;
  /** Whether it indicates ringing before the outcome. */
  rings: boolean;
  party: 'person' | 'machine' | 'phone';
  /** Hangs up this long after answer whatever happens (the end of a Wait, a machine's message). */
  hangupAfterAnswerMs: number | null;
  /** A machine's greeting and beep, from answer: it talks that long (TALK_DETECT hears it). */
  greetingMs: number | null;
  /** A person left alone (no bridge partner, no message playing) hangs up after this. */
  patienceMs: number | null;
  /** A person hangs up this long after first being bridged with someone. */
  talkMs: number | null;
  /** Presses 1 this long after answer, whatever is playing. */
  dtmfAfterAnswerMs: number | null;
  /** Presses 1 this long after a message starts playing. */
  optOutAfterPlaybackMs: number | null;
  /** AMD in the continue context (with its tuned parameters) and in the originate context. */
  amdContinue: AmdResult;
  amdOriginate: AmdResult;
  /** Dialplan steps before ringing, the step that rings, and the step after answer. */
  preRing: DialplanStep[];
  ringStep: DialplanStep | null;
  afterAnswer: DialplanStep | null;
}

const silentAmdContinue: AmdResult = { status: 'NOTSURE', cause: 'TOOLONG-3500', ms: 3500 };
const silentAmdOriginate: AmdResult = { status: 'NOTSURE', cause: 'TOOLONG-5000', ms: 5000 };

const base: FarEndScript = {
  outcome: 'answer',
  signalMs: 2000,
  rings: true,
  party: 'person',
  hangupAfterAnswerMs: null,
  greetingMs: null,
  patienceMs: null,
  talkMs: null,
  dtmfAfterAnswerMs: null,
  optOutAfterPlaybackMs: null,
  amdContinue: silentAmdContinue,
  amdOriginate: silentAmdOriginate,
  preRing: [],
  ringStep: null,
  afterAnswer: null,
};

/** The test dialplan: the last digit of the number picks the outcome. */
export function scriptFromDigit(number: string): FarEndScript {
  const digit = number.slice(-1);
  const go: DialplanStep = ['Goto', `sim-outcome,d${digit},1`];
  const ring: DialplanStep = ['Ringing', ''];
  switch (digit) {
    case '0': case '1': case '2':
      return { ...base, hangupAfterAnswerMs: 600_000, preRing: [go, ['Goto', 'human,1'], ring], ringStep: ['Wait', '2'], afterAnswer: ['Wait', '600'] };
    case '3':
      return { ...base, hangupAfterAnswerMs: 610_700, preRing: [go, ring], ringStep: ['Wait', '2'], afterAnswer: ['Playback', 'outpace/hello'],
        amdContinue: { status: 'HUMAN', cause: 'HUMAN-818-800', ms: 1740 }, amdOriginate: { status: 'HUMAN', cause: 'HUMAN-800-800', ms: 1700 } };
    case '4':
      return { ...base, hangupAfterAnswerMs: 32_000, dtmfAfterAnswerMs: 2200, preRing: [go, ring], ringStep: ['Wait', '2'], afterAnswer: ['Wait', '2'] };
    case '5':
      return { ...base, outcome: 'busy', signalMs: 0, rings: false, preRing: [go, ['Busy', '5']] };
    case '6':
      return { ...base, outcome: 'congestion', signalMs: 0, rings: false, preRing: [go, ['Congestion', '5']] };
    case '7':
      return { ...base, outcome: 'noAnswer', preRing: [go, ring], ringStep: ['Wait', '120'] };
    case '8':
      return { ...base, signalMs: 1000, hangupAfterAnswerMs: 1000, preRing: [go, ring], ringStep: ['Wait', '1'], afterAnswer: ['Wait', '1'] };
    case '9':
      return { ...base, party: 'machine', signalMs: 1000, hangupAfterAnswerMs: 29_000, greetingMs: 6_000, preRing: [go, ring], ringStep: ['Wait', '1'],
        afterAnswer: ['Playback', 'outpace/vm'],
        amdContinue: { status: 'MACHINE', cause: 'MAXWORDS-5-4', ms: 2080 }, amdOriginate: { status: 'MACHINE', cause: 'MAXWORDS-3-2', ms: 1900 } };
    default:
      return { ...base, outcome: 'invalid', signalMs: 0, rings: false, preRing: [['Hangup', '1']] };
  }
}

/** The traffic model's fate of one number, as a script. */
export function scriptFromFate(fate: CallFate): FarEndScript {
  const amd: AmdResult = { status: fate.amdVerdict, cause: fate.amdCause, ms: fate.amdMs };
  const common = { ...base, signalMs: fate.ringMs, amdContinue: amd, amdOriginate: amd };
  switch (fate.outcome) {
    case 'live':
      return { ...common, patienceMs: fate.patienceMs, talkMs: fate.talkMs,
        optOutAfterPlaybackMs: fate.pressesOptOut ? fate.optOutAfterMs : null,
        preRing: [['Ringing', '']], ringStep: ['Wait', String(Math.ceil(fate.ringMs / 1000))], afterAnswer: ['Wait', '600'] };
    case 'machine':
      return { ...common, party: 'machine', hangupAfterAnswerMs: fate.patienceMs, greetingMs: fate.greetingMs,
        preRing: [['Ringing', '']], ringStep: ['Wait', String(Math.ceil(fate.ringMs / 1000))], afterAnswer: ['Playback', 'greeting'] };
    case 'noAnswer':
      return { ...common, outcome: 'noAnswer', preRing: [['Ringing', '']], ringStep: ['Wait', '120'] };
    case 'busy':
      return { ...common, outcome: 'busy', rings: false, preRing: [['Busy', '5']] };
    case 'congestion':
      return { ...common, outcome: 'congestion', rings: false, preRing: [['Congestion', '5']] };
    case 'invalid':
      return { ...common, outcome: 'invalid', rings: false, preRing: [['Hangup', '1']] };
  }
}

/** A desk the agents call (a verification desk, a supplier): a person who answers after two
 * seconds' ringing and stays on the line until hung up. */
export function deskScript(): FarEndScript {
  return { ...base, signalMs: 2000, hangupAfterAnswerMs: 3_600_000, preRing: [['Ringing', '']], ringStep: ['Wait', '2'], afterAnswer: ['Wait', '3600'] };
}

/** An agent's phone nobody picks up: it rings until the originate's ring time runs out, as a
 * customer's unanswered phone does (Asterisk then hangs up with cause 19, no final Dial). */
export function unansweredPhoneScript(): FarEndScript {
  return { ...base, party: 'phone', outcome: 'noAnswer', preRing: [['Ringing', '']], ringStep: ['Wait', '120'] };
}

/** An agent's phone already on a call (or set to do not disturb): busy at once, as recording 02
 * shows a busy line (Dial BUSY, the Local channel's own end cause 0, its far half's 17). */
export function busyPhoneScript(): FarEndScript {
  return { ...base, party: 'phone', outcome: 'busy', signalMs: 0, rings: false, preRing: [['Busy', '5']] };
}

/** An agent's phone the PBX cannot reach (unplugged, not registered, off the network): congestion
 * at once, as recording 03 shows it (Dial CONGESTION, cause 0, the far half's 34). */
export function unreachablePhoneScript(): FarEndScript {
  return { ...base, party: 'phone', outcome: 'congestion', signalMs: 0, rings: false, preRing: [['Congestion', '5']] };
}

/** An agent's phone: picked up at once and left off-hook for a 12-hour shift, as the dialplan's
 * simulated phones are. The PBX's time scale shortens it too: at 0.1 it lasts 72 minutes. */
export function agentPhoneScript(): FarEndScript {
  return { ...base, party: 'phone', signalMs: 0, rings: false, hangupAfterAnswerMs: 43_200_000,
    preRing: [['Answer', '']], afterAnswer: ['Wait', '43200'] };
}
