// Every bound the engine works to, named, in one place.

/** Start the safe-harbor message this long before the connect limit runs out, to absorb tick
 * granularity and the playback's start-up time. */
export const safeHarborMarginMs = 500;
/** A call being put through keeps the connect limit but for this: a bridge is confirmed in tens of
 * milliseconds, so one begun in time is rarely cut, and the margin still covers a tick and the
 * safe-harbor message's start-up when the bridge never comes. */
export const connectingMarginMs = 250;
/** A lease that came back short means the list is dry; ask again after this long. */
export const noLeadsRetryMs = 5_000;
/** A recording paused by the agent (card details, under PCI DSS) starts again by itself after this
 * long: a payment takes a minute or two, and a pause forgotten must not leave the rest of the call
 * unrecorded. */
export const recordingPauseLimitMs = 3 * 60_000;
/** What a campaign may set it to instead: long enough to read out a card, short enough that a
 * pause forgotten is found out within the call. */
export const minRecordingPauseLimitMs = 30_000;
export const maxRecordingPauseLimitMs = 15 * 60_000;
/** A customer on hold comes back to their agent by itself after this long: a hold forgotten (the
 * agent looking something up, a colleague slow to answer) must not leave the customer listening to
 * music until they give up. */
export const holdLimitMs = 3 * 60_000;
/** What a campaign may set it to instead. */
export const minHoldLimitMs = 30_000;
export const maxHoldLimitMs = 15 * 60_000;
/** The longest allowance a pause reason may have: a working day. */
export const maxPauseLimitMinutes = 8 * 60;
/** A message left on an answering machine starts once the machine has been quiet this long after
 * its greeting and beep: started over the greeting, its first words would not be recorded. Pauses
 * between a greeting's sentences are shorter. 0: the message plays at once. */
export const machineMessageSilenceMs = 1_500;
export const minMachineMessageSilenceMs = 0;
export const maxMachineMessageSilenceMs = 10_000;
/** It starts after this long whatever the machine does (a greeting that never ends, music). */
export const machineMessageMaxWaitMs = 30_000;
export const minMachineMessageMaxWaitMs = 5_000;
export const maxMachineMessageMaxWaitMs = 120_000;
/** A reserved agent whose bridge has not been confirmed by then is given back. A customer of the
 * dialler's own does not wait that long: their connect deadline takes the call back first. */
export const reservationTimeoutMs = 5_000;
/** A person calling back whose bridge to an agent failed is not given to that agent again for this
 * long while they wait on hold: any other agent ready takes them first, and a bridge that failed
 * for a moment (a phone re-registering) does not keep the one agent free from them all their wait. */
export const failedAgentRetryMs = 10_000;
/** An agent held for a personal callback the shell has not dialled by then is released. */
export const callbackHoldTimeoutMs = 10_000;
/** A call still dialling this long after its ring timeout is withdrawn (lost PBX event). */
export const dialWatchdogGraceMs = 10_000;
/** Decisions kept per campaign for the decision log. */
export const decisionsKept = 200;
/** Calls launched in one step, whatever the pacer says: bounds a burst against the PBX. */
export const launchesPerStepMax = 50;
/** The highest calls-per-second limit a campaign may set (carriers sell 1 to a few hundred). */
export const maxDialsPerSecondCap = 1_000;
/** The window a calls-per-second limit is counted over. */
export const dialRateWindowMs = 1_000;
