// The traffic model: what happens to one dialled number, drawn from seeded distributions.
// Pure: time and randomness are inputs, so the simulator and the simulated PBX replay bit for bit.
// Every draw is made on every call, whatever the outcome, so changing one knob (say the outcome
// mix) moves only the numbers it governs and leaves the other draws of a run in place.

import { exponential, lognormal, lognormalByMedian, pickWeighted, type RandomSource } from '../../core/random.js';

/** What the network and the called party do with one dial. */
export type CallOutcome = 'live' | 'machine' | 'noAnswer' | 'busy' | 'congestion' | 'invalid';

/** Asterisk AMD() verdicts (HANGUP is not modelled: the caller's hang-up is a separate event). */
export type AmdVerdict = 'HUMAN' | 'MACHINE' | 'NOTSURE';

/** A lognormal given by its median and the sigma of the underlying normal. */
export interface MedianSpread {
  medianMs: number;
  sigma: number;
}

/** A lognormal given by its mean and coefficient of variation. */
export interface MeanSpread {
  meanMs: number;
  cv: number;
}

export interface AmdModel {
  /** Share of persons that AMD calls MACHINE (they are cut off or played a message: abandons). */
  falsePositiveRate: number;
  /** Share of machines that AMD calls HUMAN (they reach an agent). */
  missRate: number;
  /** Share of either that runs to the analysis limit and ends NOTSURE. */
  notSureRate: number;
  /** Answer to HUMAN verdict: a short greeting plus the after-greeting silence. */
  humanDecision: MedianSpread;
  /** Answer to MACHINE verdict: word count or long greeting trips. */
  machineDecision: MedianSpread;
  /** Answer to NOTSURE: the total analysis time (3.5 s in the AMD continue context of
   * dialplan/extensions.conf, as in the recordings'). */
  totalAnalysisMs: number;
}

export interface TrafficModel {
  /** Relative weights of the outcomes (they need not sum to 1). */
  outcomeMix: Record<CallOutcome, number>;
  /** Dial to busy / congestion / invalid signal. */
  rejectDelay: MedianSpread;
  /** Dial to a person answering; beyond the ring timeout the call is a no-answer. */
  liveRing: MedianSpread;
  /** Dial to a machine or network voicemail answering (the 18-25 s cluster). */
  machineRing: MedianSpread;
  /** Talk time once a person is connected to an agent. */
  talk: MeanSpread;
  /** Agent wrap-up after the call. */
  wrapUp: MeanSpread;
  /** A person answered and hears nothing: mean of the exponential wait before they hang up. */
  patienceMeanMs: number;
  /** A machine's greeting; after it the machine records until the caller leaves or maxMessageMs. */
  machineGreeting: MedianSpread;
  machineMaxMessageMs: number;
  amd: AmdModel;
  /** Chance a person who hears the safe-harbor message presses 1 to opt out. */
  optOutProbability: number;
  /** Delay from the message starting to the key press. */
  optOutDelay: MedianSpread;
}

export const defaultTrafficModel: TrafficModel = {
  outcomeMix: { live: 0.25, machine: 0.25, noAnswer: 0.3, busy: 0.05, congestion: 0.02, invalid: 0.05 },
  rejectDelay: { medianMs: 2_000, sigma: 0.4 },
  liveRing: { medianMs: 9_500, sigma: 0.4 },
  machineRing: { medianMs: 21_000, sigma: 0.1 },
  talk: { meanMs: 180_000, cv: 1 },
  wrapUp: { meanMs: 20_000, cv: 0.5 },
  patienceMeanMs: 3_500,
  machineGreeting: { medianMs: 9_000, sigma: 0.3 },
  machineMaxMessageMs: 60_000,
  amd: {
    falsePositiveRate: 0.03,
    missRate: 0.1,
    notSureRate: 0.03,
    humanDecision: { medianMs: 1_700, sigma: 0.25 },
    machineDecision: { medianMs: 2_100, sigma: 0.3 },
    totalAnalysisMs: 3_500,
  },
  optOutProbability: 0.05,
  optOutDelay: { medianMs: 3_000, sigma: 0.4 },
};

/** A partial model; nested knobs may be given one at a time. */
export interface TrafficModelOverrides extends Partial<Omit<TrafficModel, 'amd' | 'outcomeMix'>> {
  outcomeMix?: Partial<Record<CallOutcome, number>>;
  amd?: Partial<AmdModel>;
}

/** The defaults with `overrides` applied. */
export function trafficModel(overrides: TrafficModelOverrides = {}): TrafficModel {
  return {
    ...defaultTrafficModel,
    ...overrides,
    outcomeMix: { ...defaultTrafficModel.outcomeMix, ...overrides.outcomeMix },
    amd: { ...defaultTrafficModel.amd, ...overrides.amd },
  };
}

/** Scales the live-answer weight, e.g. 0.5 for the "answer rate halves" shock. */
export function withLiveAnswerFactor(model: TrafficModel, factor: number): TrafficModel {
  return { ...model, outcomeMix: { ...model.outcomeMix, live: model.outcomeMix.live * factor } };
}

/** Everything that will happen to one dialled number, in ms from the dial. */
export interface CallFate {
  /** The outcome the caller sees: a person or machine ringing past the timeout is `noAnswer`. */
  outcome: CallOutcome;
  /** What the number would have done with an unlimited ring time. */
  nature: CallOutcome;
  /** Dial to answer (live, machine), to the reject signal (busy, congestion, invalid) or the timeout. */
  ringMs: number;
  /** Dial to answer, or null when nobody answers. */
  answerAtMs: number | null;
  /** For a person: talk time once connected to an agent. */
  talkMs: number;
  /** For a person: how long they wait in silence before hanging up. For a machine: its message limit. */
  patienceMs: number;
  /** Agent wrap-up after this call if it is connected. */
  wrapUpMs: number;
  /** For a machine: the greeting length (silence after it is the beep moment). */
  greetingMs: number;
  /** What AMD would say, its Asterisk-style cause and its time after answer. */
  amdVerdict: AmdVerdict;
  amdCause: string;
  amdMs: number;
  /** Whether the person presses 1 during a safe-harbor message, and when after it starts. */
  pressesOptOut: boolean;
  optOutAfterMs: number;
}

/** Draws the fate of one dialled number. `ringTimeoutMs` is the dialler's ring limit. */
export function drawCallFate(model: TrafficModel, random: RandomSource, ringTimeoutMs: number): CallFate {
  const nature = pickWeighted(random, model.outcomeMix);
  const reject = lognormalByMedian(random, model.rejectDelay.medianMs, model.rejectDelay.sigma);
  const liveRing = lognormalByMedian(random, model.liveRing.medianMs, model.liveRing.sigma);
  const machineRing = lognormalByMedian(random, model.machineRing.medianMs, model.machineRing.sigma);
  const talkMs = lognormal(random, model.talk.meanMs, model.talk.cv);
  const wrapUpMs = lognormal(random, model.wrapUp.meanMs, model.wrapUp.cv);
  const patience = exponential(random, model.patienceMeanMs);
  const greetingMs = lognormalByMedian(random, model.machineGreeting.medianMs, model.machineGreeting.sigma);
  const amd = drawAmd(model.amd, random, nature === 'machine');
  const pressesOptOut = random() < model.optOutProbability;
  const optOutAfterMs = lognormalByMedian(random, model.optOutDelay.medianMs, model.optOutDelay.sigma);

  const answersAfter = nature === 'live' ? liveRing : nature === 'machine' ? machineRing : null;
  const timedOut = nature === 'noAnswer' || (answersAfter !== null && answersAfter >= ringTimeoutMs);
  const outcome: CallOutcome = timedOut ? 'noAnswer' : nature;
  const ringMs = timedOut ? ringTimeoutMs : (answersAfter ?? Math.min(reject, ringTimeoutMs));
  const isMachine = outcome === 'machine';
  return {
    outcome,
    nature,
    ringMs: Math.round(ringMs),
    answerAtMs: outcome === 'live' || outcome === 'machine' ? Math.round(ringMs) : null,
    talkMs: Math.round(talkMs),
    patienceMs: Math.round(isMachine ? greetingMs + model.machineMaxMessageMs : patience),
    wrapUpMs: Math.round(wrapUpMs),
    greetingMs: Math.round(greetingMs),
    ...amd,
    pressesOptOut: outcome === 'live' && pressesOptOut,
    optOutAfterMs: Math.round(optOutAfterMs),
  };
}

/** The agent wrap-up time alone, for agents whose calls the simulator draws elsewhere. */
export function drawWrapUpMs(model: TrafficModel, random: RandomSource): number {
  return Math.round(lognormal(random, model.wrapUp.meanMs, model.wrapUp.cv));
}

interface AmdDraw {
  amdVerdict: AmdVerdict;
  amdCause: string;
  amdMs: number;
}

/** AMD's verdict for a person or a machine; the cause strings follow Asterisk's AMDCAUSE. */
function drawAmd(amd: AmdModel, random: RandomSource, isMachine: boolean): AmdDraw {
  const u = random();
  const human = lognormalByMedian(random, amd.humanDecision.medianMs, amd.humanDecision.sigma);
  const machine = lognormalByMedian(random, amd.machineDecision.medianMs, amd.machineDecision.sigma);
  const words = 4 + Math.floor(random() * 2);
  const silence = 800 + Math.floor(random() * 40);
  const wrongRate = isMachine ? amd.missRate : amd.falsePositiveRate;
  const clamp = (ms: number): number => Math.round(Math.min(ms, amd.totalAnalysisMs));
  if (u < amd.notSureRate) {
    return { amdVerdict: 'NOTSURE', amdCause: `TOOLONG-${amd.totalAnalysisMs}`, amdMs: amd.totalAnalysisMs };
  }
  const saysMachine = u < amd.notSureRate + wrongRate ? !isMachine : isMachine;
  if (saysMachine) {
    return { amdVerdict: 'MACHINE', amdCause: `MAXWORDS-${words}-4`, amdMs: clamp(machine) };
  }
  return { amdVerdict: 'HUMAN', amdCause: `HUMAN-${silence}-800`, amdMs: clamp(human) };
}
