// The planner on a worker thread of its own. A plan simulates hours of a campaign, seconds to
// minutes of CPU for a large team or a deadline search, and the thread that runs the engine must
// keep bridging answered calls meanwhile.

import { startWorker } from '../worker-boot.js';
import type { PlanAnswer, PlanInput } from './plan-campaign.js';

export type PlanReply = { answer: PlanAnswer } | { problem: string };

/** The question was wrong (what the planner refuses), not the machinery. */
export class PlanRefused extends Error {
  override name = 'PlanRefused';
}

/** The plan took longer than it was given and was stopped. */
export class PlanTimedOut extends Error {
  override name = 'PlanTimedOut';
}

export async function planOffThread(input: PlanInput, timeoutMs: number): Promise<PlanAnswer> {
  const worker = startWorker('plan-worker', import.meta.url);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<PlanAnswer>((resolve, reject) => {
      worker.once('message', (reply: PlanReply) => ('answer' in reply ? resolve(reply.answer) : reject(new PlanRefused(reply.problem))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the planner stopped before answering (exit code ${code})`)));
      timer = setTimeout(() => reject(new PlanTimedOut(`the plan took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`)), timeoutMs);
      worker.postMessage(input);
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
