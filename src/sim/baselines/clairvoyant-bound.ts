// The clairvoyant bound, analytic: a dialler that knew every call's outcome in advance would
// connect an agent to a live person the moment the agent finished wrapping up, with no
// abandonment. Agents then alternate talk and wrap only, so talk minutes per staffed hour is
// 60 x talk / (talk + wrap) with the traffic model's mean talk and wrap times. No pacer can beat
// it; abandonment allowance cannot raise it.

import type { TrafficModel } from '../traffic/traffic-model.js';

export function clairvoyantTalkMinPerHour(traffic: TrafficModel): number {
  const talk = traffic.talk.meanMs;
  const wrap = traffic.wrapUp.meanMs;
  return (60 * talk) / (talk + wrap);
}
