// What the results and the metrics count as a dial, a connected call and an answer by a person:
// defined once here, so that the headline, the breakdowns (grade, list, local hour, caller ID)
// and the Prometheus counters add up to the same figures.
//
// A dial is an attempt whose call went out, as the dial caps count it (attempt-dialled.ts): not
// one held back by the last check (`blocked`), nor one closed before its dial was sent
// (`cancelled` or `failed` with no originate: a preview skipped, a lease not dialled, a manual dial
// or callback called off, a dial hung up while it waited for an originate slot, or one telephony
// was down for). A `failed` one whose originate went out counts: the PBX or the carrier refused
// it. An attempt still open counts once its originate is sent (a preview on screen is no dial yet).

import type { AttemptSummary } from '../../core/commands.js';
import { attemptWasDialled, dialTimeSql, wasDialledSql } from './attempt-dialled.js';

/** SQL: attempt `a` falls in the period [`from`, `to`) (parameters) by when it was dialled, as the
 * day caps count it (dialTimeSql): a preview leased before midnight and dialled after counts on the
 * day it was dialled. An attempt never dialled (a preview skipped, a lease not dialled, a dial
 * blocked) counts by when it was leased: for a preview, when the agent was shown the lead.
 * Found on attempts_campaign_dial_time_idx with the campaign (migration 103). */
export const dialledInPeriodSql = (a: string, from: string, to: string): string =>
  `${dialTimeSql(a)} >= ${from} AND ${dialTimeSql(a)} < ${to}`;

/** SQL: the attempt aliased `a` is a dial. */
export const dialledSql = (a: string): string =>
  `(${wasDialledSql(a)} AND (${a}.outcome IS NOT NULL OR ${a}.originated_at IS NOT NULL))`;

/** SQL: the grade a call counts under: the one its lead had when it was made (a regrade after the
 * call leaves it where it was), or for a call written before attempts kept it, the lead's grade now. */
export const gradeDialledSql = (attempt: string, lead: string): string => `coalesce(${attempt}.lead_grade, ${lead}.grade)`;

/** SQL: the call was put through to an agent (an answering machine the agent left the message on
 * included): the calls agents talk on, as the results by agent count them. */
export const connectedSql = (a: string): string => `${a}.connected_at IS NOT NULL`;

/** SQL: when the agent's talk on attempt `a` ended: when they left the message on an answering
 * machine (it plays on without them), or left the customer with a third party, else the call's end.
 * The results, the calls export and the CRM's posts count talk up to it alike. */
export const agentTalkEndSql = (a: string): string => `coalesce(${a}.message_left_at, ${a}.third_party_handed_off_at, ${a}.ended_at)`;

/** SQL: a person answered: a live answer the dialler took, or a call an agent dialled themselves
 * (preview, manual, personal callback) put through to them, which has no live answer of its own;
 * either way not found to have reached no person (a machine, a wrong number). */
export const personAnsweredSql = (a: string): string =>
  `((${a}.live_at IS NOT NULL OR ${a}.connected_at IS NOT NULL) AND NOT ${a}.no_person)`;

/** Whether the engine's finished attempt was a dial: as the attempts table will say once its close
 * is written (the originate time of a dial never sent is cleared). */
export function endedAsDial(summary: AttemptSummary): boolean {
  if (summary.inbound === true) return false;
  return attemptWasDialled(summary.outcome, summary.dialSent ? new Date(summary.originatedAtMs) : null);
}

/** The dial rang or was answered. */
export const rang = (summary: AttemptSummary): boolean => summary.ringingAtMs !== null || summary.answeredAtMs !== null;
