// Worker thread: answers the one plan it is sent (see plan-off-thread.ts).

import { parentPort } from 'node:worker_threads';
import { planCampaign, type PlanInput } from './plan-campaign.js';
import type { PlanReply } from './plan-off-thread.js';

parentPort?.once('message', (input: PlanInput) => {
  let reply: PlanReply;
  try {
    reply = { answer: planCampaign(input) };
  } catch (error) {
    reply = { problem: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
