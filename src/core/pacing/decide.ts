// One pacing step: what the mode wants, then every cap in order, naming the one that bound.

import { unreachable } from '../assert.js';
import { staleRegistry } from '../compliance/national-registries.js';
import { launchesPerStepMax } from '../limits.js';
import type { BindingLimit, BlockingLimit, PacingDecision } from './pacing-decision.js';
import type { PacingSnapshot } from './pacing-snapshot.js';
import { ceilingShare, windowMinAnswers } from './abandon-controller.js';
import { callsInFlight, powerTarget, predictiveTarget, progressiveTarget, type ModeTarget } from './mode-targets.js';

function modeTarget(snapshot: PacingSnapshot): ModeTarget {
  const { mode } = snapshot.settings;
  switch (mode) {
    case 'preview': return { wanted: 0, binding: 'preview_mode' };
    case 'progressive': return progressiveTarget(snapshot);
    case 'power': return powerGuarded(snapshot);
    case 'predictive': return predictiveTarget(snapshot);
    default: return unreachable(mode);
  }
}

/**
 * Power mode dials a fixed ratio, but never spends more than the abandonment budget: one call per
 * ready agent once the window's abandons reach the ceiling predictive stops at (a margin for the
 * calls in flight). Until the window holds a few dozen live answers, they are weighed as if it held
 * that many, so early abandons among a handful of answers stop the overdialling rather than pass
 * for a small sample.
 */
function powerGuarded(snapshot: PacingSnapshot): ModeTarget {
  // As the regime counts them: UK and strict add the estimated AMD false positives to both terms.
  const { countedLiveAnswers, countedAbandoned } = snapshot.abandon;
  // A budget of none is spent from the start: with no abandon allowed, no call rides on a busy agent.
  const overBudget = countedAbandoned >= snapshot.abandonTarget * ceilingShare * Math.max(countedLiveAnswers, windowMinAnswers);
  if (overBudget) return { ...progressiveTarget(snapshot), binding: 'abandon_budget' };
  return powerTarget(snapshot);
}

interface Cap {
  room: number;
  binding: BindingLimit;
}

function caps(snapshot: PacingSnapshot): Cap[] {
  const lines = callsInFlight(snapshot) + snapshot.callsConnected + snapshot.callsOther;
  const list: Cap[] = [
    { room: snapshot.settings.maxLinesPerAgent * snapshot.agentsStaffed - lines, binding: 'lines_per_agent' },
  ];
  if (snapshot.settings.trunkCap > 0) list.push({ room: snapshot.settings.trunkCap - lines, binding: 'trunk_cap' });
  const perSecond = snapshot.settings.maxDialsPerSecond ?? 0;
  // The leads asked for and not yet dialled will start within the second too.
  if (perSecond > 0) list.push({ room: perSecond - snapshot.dialsLastSecond - snapshot.leadsPending, binding: 'dial_rate' });
  if (snapshot.nodeDialRoom !== null) list.push({ room: snapshot.nodeDialRoom, binding: 'node_dial_rate' });
  if (snapshot.pbxFreeChannels !== null) {
    // Local channels take two PBX channels per call.
    list.push({ room: Math.floor(snapshot.pbxFreeChannels / 2), binding: 'pbx_capacity' });
  }
  // A burst is spread over steps (a shift's start, power mode's ratio over many agents).
  list.push({ room: launchesPerStepMax, binding: 'step_cap' });
  return list;
}

function blockedBy(snapshot: PacingSnapshot): BlockingLimit | null {
  if (!snapshot.running) return 'campaign_not_running';
  if (!snapshot.telephonyUp) return 'telephony_down';
  // Telemarketing rules ask for a number the person can call back.
  if (snapshot.settings.callerId === null) return 'no_caller_id';
  // A registry the campaign is scrubbed against, loaded too long ago (or never): no number on it
  // since then may be dialled.
  if (staleRegistry(snapshot.settings.nationalRegistries, snapshot.nowMs)) return 'national_registry';
  if (!snapshot.leadsAvailable) return 'no_leads';
  return null;
}

export function decide(snapshot: PacingSnapshot): PacingDecision {
  return decideWith(snapshot, modeTarget(snapshot));
}

/**
 * Applies every cap and block to what a pacer wants. Shared by the product's modes and by any
 * plugged pacer, so that no pacer can escape the line, trunk and PBX limits.
 */
export function decideWith(snapshot: PacingSnapshot, target: ModeTarget, pacer?: string): PacingDecision {
  let launch = Math.max(0, target.wanted);
  let binding = target.binding;
  for (const cap of caps(snapshot)) {
    if (cap.room < launch) {
      launch = Math.max(0, cap.room);
      binding = cap.binding;
    }
  }
  const blocked = blockedBy(snapshot);
  if (blocked) {
    launch = 0;
    binding = blocked;
  }
  const inProgress = callsInFlight(snapshot) + snapshot.callsConnected + launch;
  return {
    atMs: snapshot.nowMs,
    launch,
    dialLevel: snapshot.agentsStaffed > 0 ? inProgress / snapshot.agentsStaffed : 0,
    binding,
    inputs: {
      mode: snapshot.settings.mode,
      agentsStaffed: snapshot.agentsStaffed,
      agentsReady: snapshot.agentsReady,
      agentsBusy: snapshot.busyAgents.length,
      callsDialing: snapshot.callsDialing,
      callsWaiting: snapshot.callsWaiting,
      callsConnected: snapshot.callsConnected,
      leadsPending: snapshot.leadsPending,
      liveAnswerRate: snapshot.stats.liveAnswerRate.mean,
      samples: snapshot.stats.dials,
      abandonRate: snapshot.abandon.rate,
      abandonTarget: snapshot.abandonTarget,
      wanted: target.wanted,
      ...(pacer === undefined ? {} : { pacer }),
      ...(target.forecast === undefined ? {} : { forecast: target.forecast }),
    },
  };
}
