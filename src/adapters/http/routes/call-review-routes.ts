// Coaching: supervisors review calls agents took (a score from 1 to 5 and a comment: what to keep,
// what to change), usually after listening to the recording; each agent reads the reviews of
// their own calls on the desktop.

import { z } from 'zod';
import { getAttempt } from '../../pg/attempt-repository.js';
import { addCallReview, reviewsOfAgent, reviewsOfAttempt } from '../../pg/call-review-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { textSeenBy } from '../number-visibility.js';
import { agentsAndSupervisors, supervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface CallReviewRouteDeps {
  pool: Pool;
}

const attemptParams = z.object({ attemptId: z.uuid() });
const reviewBody = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(4_000).default(''),
});

export function callReviewRoutes(deps: CallReviewRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/attempts/:attemptId/reviews', summary: 'review a call an agent took: a score from 1 to 5 and a comment',
      tags: ['coaching'], roles: supervisors, params: attemptParams, body: reviewBody,
      handler: async ({ params, body, principal, reply }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${params.attemptId} does not exist`);
        if (!attempt.agentId || !attempt.connectedAt) throw new ApiError('conflict', `attempt ${params.attemptId} was never put through to an agent`);
        const review = await addCallReview(deps.pool, {
          attemptId: attempt.id, campaignId: attempt.campaignId, agentId: attempt.agentId, reviewer: principal.name, score: body.score, comment: body.comment,
        });
        reply.status(201);
        return review;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/attempts/:attemptId/reviews', summary: "a call's reviews, oldest first", tags: ['coaching'], roles: supervisors,
      params: attemptParams,
      handler: async ({ params, principal }) => (await reviewsOfAttempt(deps.pool, params.attemptId)).map((review) => ({ ...review, comment: textSeenBy(principal, review.comment) })),
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/reviews', summary: "the latest reviews of an agent's calls, newest first", tags: ['coaching'],
      roles: agentsAndSupervisors, params: z.object({ agentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }), actsFor: (p) => p.agentId,
      handler: async ({ params, principal }) => (await reviewsOfAgent(deps.pool, params.agentId)).map((review) => ({ ...review, comment: textSeenBy(principal, review.comment) })),
    }),
  ];
}
